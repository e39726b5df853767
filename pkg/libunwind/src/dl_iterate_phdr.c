/* dl_iterate_phdr for a static Walnut program: how libunwind finds the
 * program's .eh_frame_hdr (PT_GNU_EH_FRAME) and thereby its unwind tables.
 *
 * ld defines __ehdr_start when the ELF header lies in a loaded segment, as
 * it does for Walnut's static executables (the first PT_LOAD starts at file
 * offset 0); the program headers follow it at e_phoff. The program must be
 * linked with --eh-frame-hdr (LIBC_LDFLAGS in mk/sysroot.mk), or libunwind
 * finds no unwind information.
 *
 * Weak, so that the C library's system layer may provide its own (for
 * instance once there are shared objects). */
#include <link.h>

extern const ElfW(Ehdr) __ehdr_start __attribute__((weak, visibility("hidden")));

int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size, void *data),
		    void *data) __attribute__((weak));

int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size, void *data),
		    void *data)
{
	const ElfW(Ehdr) *eh = &__ehdr_start;
	if (!eh)
		return 0;
	struct dl_phdr_info info = {
		.dlpi_addr = 0,
		.dlpi_name = "",
		.dlpi_phdr = (const ElfW(Phdr) *)((const char *)eh + eh->e_phoff),
		.dlpi_phnum = eh->e_phnum,
	};
	return callback(&info, sizeof(info), data);
}
