/* Boot information handed from bootstrap to the kernel (x86_64 and later arches).
 *
 * Contract: bootstrap enters the kernel's ELF entry point in 64-bit mode with
 * paging on, interrupts off, and %rdi holding the *physical* address of one
 * struct walnut_bootinfo. At that moment these mappings exist:
 *   - identity map of physical [0, 4 GiB) with 2 MiB pages (RW, supervisor);
 *   - [WALNUT_KERNEL_VBASE, +1 GiB) -> [kernel_phys_base, +1 GiB).
 * The structure, every string it points to and every module stay intact until
 * the kernel has consumed them; their memory is listed in mem[] with a
 * non-free type so nothing allocates over it by accident.
 *
 * All addresses are physical and 64 bits wide so that the 32-bit bootstrap and
 * the 64-bit kernel agree on the layout without packing tricks. Fixed-size
 * arrays keep the format trivial to produce and to validate.
 */
#pragma once

#include <stdint.h>

#define WALNUT_BOOTINFO_MAGIC   0x4942554e4c4157ull /* "WALNUBI" little endian */
#define WALNUT_BOOTINFO_VERSION 1u

/* Virtual address the kernel image is linked at (its first byte). */
#define WALNUT_KERNEL_VBASE     0xffffffff80000000ull

#define WALNUT_BI_MAX_MEM       64
#define WALNUT_BI_MAX_MODS      64
#define WALNUT_BI_MAX_SEGS      8
#define WALNUT_BI_STR_MAX       256

/* Types of physical memory ranges. Everything not listed does not exist. */
enum walnut_bi_mem_type {
	WALNUT_MEM_FREE       = 1, /* usable RAM, nobody owns it yet */
	WALNUT_MEM_RESERVED   = 2, /* firmware / device memory, never RAM to hand out */
	WALNUT_MEM_ACPI       = 3, /* ACPI tables, reclaimable after parsing */
	WALNUT_MEM_NVS        = 4, /* ACPI NVS, keep untouched */
	WALNUT_MEM_KERNEL     = 5, /* kernel image incl. bss */
	WALNUT_MEM_MODULE     = 6, /* boot module payloads (the image's rom) */
	WALNUT_MEM_BOOT_TASK  = 7, /* loaded segments of sigma0 and the root task */
	WALNUT_MEM_BOOTSTRAP  = 8, /* bootstrap itself, page tables, this structure */
};

struct walnut_bi_mem {
	uint64_t base;
	uint64_t size;
	uint32_t type; /* enum walnut_bi_mem_type */
	uint32_t pad;
};

enum walnut_bi_mod_role {
	WALNUT_MOD_KERNEL   = 1,
	WALNUT_MOD_SIGMA0   = 2,
	WALNUT_MOD_ROOTTASK = 3,
	WALNUT_MOD_MODULE   = 4, /* ordinary boot module, becomes rom/<name> */
};

struct walnut_bi_module {
	uint64_t start;   /* physical address of the payload */
	uint64_t size;    /* payload size in bytes */
	uint64_t name;    /* physical address of the NUL-terminated name ("hello") */
	uint64_t cmdline; /* physical address of the NUL-terminated command line */
	uint32_t role;    /* enum walnut_bi_mod_role */
	uint32_t pad;
};

/* One loaded ELF segment of a boot task: the bytes for [vaddr, vaddr+size)
 * live at [paddr, paddr+size) (already zero-filled past the file size). */
struct walnut_bi_seg {
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t size;  /* page aligned */
	uint32_t flags; /* WALNUT_SEG_R | _W | _X */
	uint32_t pad;
};

#define WALNUT_SEG_R 4u
#define WALNUT_SEG_W 2u
#define WALNUT_SEG_X 1u

struct walnut_bi_task {
	uint64_t entry;     /* initial instruction pointer, 0 if absent */
	uint32_t seg_count;
	uint32_t module;    /* index into mods[] of the ELF it came from */
	struct walnut_bi_seg segs[WALNUT_BI_MAX_SEGS];
};

struct walnut_bootinfo {
	uint64_t magic;           /* WALNUT_BOOTINFO_MAGIC */
	uint32_t version;         /* WALNUT_BOOTINFO_VERSION */
	uint32_t size;            /* sizeof(struct walnut_bootinfo) */
	uint64_t kernel_phys_base; /* physical address of WALNUT_KERNEL_VBASE */
	uint64_t kernel_phys_end;  /* end of the loaded image incl. bss */
	uint64_t rsdp;            /* physical address of the ACPI RSDP, 0 if unknown */
	char     loader[64];      /* who booted us: "bootstrap/multiboot1" ... */
	char     cmdline[WALNUT_BI_STR_MAX]; /* kernel command line (modules.list args) */
	uint32_t mem_count;
	uint32_t mod_count;
	struct walnut_bi_mem    mem[WALNUT_BI_MAX_MEM];   /* sorted by base, no overlaps */
	struct walnut_bi_module mods[WALNUT_BI_MAX_MODS]; /* in modules.list order */
	struct walnut_bi_task   sigma0;
	struct walnut_bi_task   roottask;
};
