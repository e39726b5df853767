/* ELF64 test images for the loader's ELF parser: one valid program and a
 * table of variants, each with the result ldr_elf_parse() must give. Used
 * by the host test (tests/host/elf_parse.c) and written out as the fuzz
 * corpus seeds (tests/fuzz/elf_seedgen.c). */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "../../pkg/loader/include/l4/loader/elf.h"

#define SEED_MAX   0x2000   /* largest image a case builds */
#define SEED_SIZE  0x1800   /* the valid base image */
#define PH(i)      (64 + (i) * 56)
#define TEXT_VA    0x400000ULL
#define DATA_VA    0x401000ULL

static inline void seed_wr(unsigned char *b, size_t off, unsigned n, uint64_t v)
{
	for (unsigned i = 0; i < n; i++, v >>= 8)
		b[off + i] = (unsigned char)v;
}

/* A program header: type, flags, offset, vaddr, filesz, memsz, align. */
static inline void seed_ph(unsigned char *b, unsigned i, uint32_t type, uint32_t flags,
			   uint64_t off, uint64_t va, uint64_t filesz, uint64_t memsz,
			   uint64_t align)
{
	size_t p = PH(i);
	seed_wr(b, p, 4, type);
	seed_wr(b, p + 4, 4, flags);
	seed_wr(b, p + 8, 8, off);
	seed_wr(b, p + 16, 8, va);
	seed_wr(b, p + 24, 8, va);      /* p_paddr */
	seed_wr(b, p + 32, 8, filesz);
	seed_wr(b, p + 40, 8, memsz);
	seed_wr(b, p + 48, 8, align);
}

/* The valid base: text R-X (file offset 0, headers included) at TEXT_VA,
 * data RW- with bss at DATA_VA, a PT_GNU_STACK; entry in the text. */
static inline size_t seed_base(unsigned char *b)
{
	memset(b, 0, SEED_MAX);
	memcpy(b, "\x7f" "ELF\x02\x01\x01", 7);
	seed_wr(b, 16, 2, 2);             /* ET_EXEC */
	seed_wr(b, 18, 2, 62);            /* EM_X86_64 */
	seed_wr(b, 20, 4, 1);             /* e_version */
	seed_wr(b, 24, 8, TEXT_VA + 0x100);
	seed_wr(b, 32, 8, 64);            /* e_phoff */
	seed_wr(b, 52, 2, 64);            /* e_ehsize */
	seed_wr(b, 54, 2, 56);            /* e_phentsize */
	seed_wr(b, 56, 2, 3);             /* e_phnum */
	seed_ph(b, 0, 1, 5, 0, TEXT_VA, 0x1000, 0x1000, 0x1000);
	seed_ph(b, 1, 1, 6, 0x1000, DATA_VA, 0x800, 0x3000, 0x1000);
	seed_ph(b, 2, 0x6474e551, 6, 0, 0, 0, 0, 16);
	memset(b + 0x100, 0x90, 16);      /* "code" */
	memset(b + 0x1000, 0xab, 0x800);  /* "data" */
	return SEED_SIZE;
}

struct elf_case {
	const char *name;
	int expect;                        /* enum ldr_elf_err */
	void (*mutate)(unsigned char *b, size_t *size);
};

#define SEED_CASE(n, e, body) \
	static inline void seed_mut_##n(unsigned char *b, size_t *size) \
	{ (void)b; (void)size; body; }
#include "elf_seed_cases.h"
#undef SEED_CASE

#define SEED_CASE(n, e, body) { #n, e, seed_mut_##n },
static const struct elf_case elf_cases[] = {
#include "elf_seed_cases.h"
};
#undef SEED_CASE
#define N_ELF_CASES (sizeof(elf_cases) / sizeof(elf_cases[0]))

/* Builds case i into b (SEED_MAX bytes); returns its size. */
static inline size_t seed_build(unsigned i, unsigned char *b)
{
	size_t size = seed_base(b);
	elf_cases[i].mutate(b, &size);
	return size;
}
