/* libFuzzer target for the loader's ELF64 parser (pkg/loader/src/elf.c):
 * any input must be parsed without a sanitizer report, and an accepted
 * image must satisfy everything the loader relies on. */
#include <stddef.h>
#include <stdint.h>
#include "../../pkg/loader/include/l4/loader/elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The promises of LDR_ELF_OK, checked independently of the parser. */
static void check_accepted(const struct ldr_elf_info *info, size_t size)
{
	int entry_ok = 0;
	if (info->n_segs == 0 || info->n_segs > LDR_ELF_MAX_SEGS || info->bad_phdr != -1)
		__builtin_trap();
	for (unsigned i = 0; i < info->n_segs; i++) {
		const struct ldr_elf_seg *s = &info->segs[i];
		if (s->memsz == 0 || s->filesz > s->memsz || s->offset > size ||
		    s->filesz > size - s->offset)
			__builtin_trap();
		if (s->vaddr < LDR_ELF_USER_MIN || s->vaddr > LDR_ELF_USER_MAX ||
		    s->memsz > LDR_ELF_USER_MAX - s->vaddr)
			__builtin_trap();
		uint64_t a0 = ldr_elf_seg_start(s), a1 = a0 + ldr_elf_seg_size(s);
		if (a1 > LDR_ELF_USER_MAX || a1 <= a0)
			__builtin_trap();
		for (unsigned j = 0; j < i; j++) {
			uint64_t b0 = ldr_elf_seg_start(&info->segs[j]);
			uint64_t b1 = b0 + ldr_elf_seg_size(&info->segs[j]);
			if (a0 < b1 && b0 < a1)
				__builtin_trap();
		}
		if ((s->flags & LDR_ELF_PF_X) && info->entry >= s->vaddr &&
		    info->entry < s->vaddr + s->memsz)
			entry_ok = 1;
	}
	if (!entry_ok)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ldr_elf_info info;
	int r = ldr_elf_parse(data, size, &info);
	if (r < 0 || r >= LDR_ELF_NERR || !ldr_elf_strerror(r)[0])
		__builtin_trap();
	if (r == LDR_ELF_OK)
		check_accepted(&info, size);
	else if (info.bad_phdr < -1 || info.bad_phdr >= LDR_ELF_MAX_PHDRS)
		__builtin_trap();
	return 0;
}
