/* The module table the image build links into every bootstrap image.
 *
 * mk/modules.py generates one assembly file per scenario entry from
 * conf/modules.list; it .incbin's each module (4 KiB aligned) and emits this
 * table. Bootstrap is a 32-bit program, so the pointers are 32 bits wide.
 * Order: the kernel first, then sigma0, then the root task, then the plain
 * modules in modules.list order.
 */
#pragma once

#include <stdint.h>

struct bs_image_module {
	uint32_t start;   /* address of the payload inside the loaded image */
	uint32_t size;    /* payload size in bytes */
	uint32_t name;    /* address of the NUL-terminated module name */
	uint32_t cmdline; /* address of the NUL-terminated command line */
	uint32_t role;    /* enum walnut_bi_mod_role (kernel/include/abi/bootinfo.h) */
};

extern const struct bs_image_module bs_modules[];
extern const uint32_t bs_module_count;
