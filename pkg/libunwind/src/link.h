/* link.h - the dl_iterate_phdr interface, as far as libunwind uses it.
 *
 * Private to the libunwind build (mk/libunwind.sh puts this directory on
 * its include path); the sysroot does not install it. The ELF types come
 * from newlib's <elf.h>. */
#pragma once

#include <elf.h>
#include <stddef.h>

#if __SIZEOF_POINTER__ == 8
#define ElfW(type) Elf64_##type
#else
#define ElfW(type) Elf32_##type
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* One loaded object: a Walnut program is one static ELF executable. */
struct dl_phdr_info {
	ElfW(Addr) dlpi_addr;        /* load bias: 0 for a non-PIE executable */
	const char *dlpi_name;       /* "" for the executable */
	const ElfW(Phdr) *dlpi_phdr; /* its program headers, in memory */
	ElfW(Half) dlpi_phnum;
};

/* Calls callback(info, sizeof(*info), data) for every loaded object until
 * one call returns non-zero.
 * \retval the last callback's return value; 0 if there was no object. */
int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size, void *data),
		    void *data);

#ifdef __cplusplus
}
#endif
