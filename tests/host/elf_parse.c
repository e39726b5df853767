/* Host tests of the loader's ELF64 parser, pkg/loader/src/elf.c: the valid
 * images, every rejection path (the cases of tests/fuzz/elf_seed_cases.h,
 * which are also the fuzz corpus seeds), every prefix of every case (ASan
 * sees any read past the end) and the programs of the build. */
// sources: pkg/loader/src/elf.c
#include "tap.h"
#include "../fuzz/elf_seeds.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

/* Parses size bytes of b from an exact-size heap copy, so that ASan
 * reports any read beyond the image. */
static int parse_exact(const unsigned char *b, size_t size, struct ldr_elf_info *info)
{
	unsigned char *copy = malloc(size ? size : 1);
	memcpy(copy, b, size);
	int r = ldr_elf_parse(copy, size, info);
	free(copy);
	return r;
}

TEST(elf_valid_base_segments)
{
	static unsigned char b[SEED_MAX];
	struct ldr_elf_info info;
	size_t size = seed_base(b);
	ASSERT_EQ(parse_exact(b, size, &info), LDR_ELF_OK);
	CHECK_EQ(info.entry, TEXT_VA + 0x100);
	CHECK_EQ(info.bad_phdr, -1);
	ASSERT_EQ(info.n_segs, 2);
	CHECK_EQ(info.segs[0].vaddr, TEXT_VA);
	CHECK_EQ(info.segs[0].flags, LDR_ELF_PF_R | LDR_ELF_PF_X);
	CHECK_EQ(info.segs[0].filesz, 0x1000);
	CHECK_EQ(info.segs[1].vaddr, DATA_VA);
	CHECK_EQ(info.segs[1].offset, 0x1000);
	CHECK_EQ(info.segs[1].filesz, 0x800);
	CHECK_EQ(info.segs[1].memsz, 0x3000);
	CHECK_EQ(info.segs[1].flags, LDR_ELF_PF_R | LDR_ELF_PF_W);
	CHECK_EQ(ldr_elf_seg_start(&info.segs[1]), DATA_VA);
	CHECK_EQ(ldr_elf_seg_size(&info.segs[1]), 0x3000);
}

TEST(elf_cases_expected_results)
{
	static unsigned char b[SEED_MAX];
	for (unsigned i = 0; i < N_ELF_CASES; i++) {
		struct ldr_elf_info info;
		size_t size = seed_build(i, b);
		int r = parse_exact(b, size, &info);
		if (r != elf_cases[i].expect)
			tap_diag("case %s: got %d (%s), want %d (%s)", elf_cases[i].name, r,
				 ldr_elf_strerror(r), elf_cases[i].expect,
				 ldr_elf_strerror(elf_cases[i].expect));
		CHECK_EQ(r, elf_cases[i].expect);
		if (r == LDR_ELF_OK)
			CHECK_EQ(info.bad_phdr, -1);
	}
}

TEST(elf_every_rejection_has_a_case)
{
	for (int e = LDR_ELF_ETOOSHORT; e < LDR_ELF_NERR; e++) {
		int found = 0;
		for (unsigned i = 0; i < N_ELF_CASES; i++)
			found |= elf_cases[i].expect == e;
		if (!found)
			tap_diag("no case for error %d (%s)", e, ldr_elf_strerror(e));
		CHECK(found);
	}
}

TEST(elf_bad_phdr_names_the_header)
{
	static unsigned char b[SEED_MAX];
	struct ldr_elf_info info;
	size_t size = seed_base(b);
	seed_ph(b, 2, 3, 4, 0x200, 0, 28, 28, 1); /* PT_INTERP as header 2 */
	CHECK_EQ(parse_exact(b, size, &info), LDR_ELF_EINTERP);
	CHECK_EQ(info.bad_phdr, 2);
	seed_base(b);
	b[4] = 1;
	CHECK_EQ(parse_exact(b, size, &info), LDR_ELF_ECLASS);
	CHECK_EQ(info.bad_phdr, -1);
	CHECK_EQ(info.n_segs, 0);
}

/* The bytes a valid image needs: its headers and its segments' data. */
static size_t needed_bytes(const unsigned char *b, const struct ldr_elf_info *info)
{
	size_t need = 64;
	size_t phend = (size_t)(b[32] | b[33] << 8) + (size_t)(b[56] | b[57] << 8) * 56;
	if (phend > need)
		need = phend;
	for (unsigned s = 0; s < info->n_segs; s++)
		if (info->segs[s].offset + info->segs[s].filesz > need)
			need = info->segs[s].offset + info->segs[s].filesz;
	return need;
}

/* Every prefix of every case: never a read past the end (ASan), and a
 * valid image is refused exactly when it is cut before what it needs. */
TEST(elf_every_prefix)
{
	static unsigned char b[SEED_MAX];
	for (unsigned i = 0; i < N_ELF_CASES; i++) {
		struct ldr_elf_info info;
		size_t size = seed_build(i, b);
		int full = parse_exact(b, size, &info);
		size_t need = full == LDR_ELF_OK ? needed_bytes(b, &info) : 0;
		for (size_t n = 0; n < size; n += (n < 512 ? 1 : 61)) {
			int r = parse_exact(b, n, &info);
			if (full != LDR_ELF_OK)
				continue;
			if ((r == LDR_ELF_OK) != (n >= need))
				tap_diag("case %s cut at %zu (needs %zu): %s", elf_cases[i].name,
					 n, need, ldr_elf_strerror(r));
			CHECK_EQ(r == LDR_ELF_OK, n >= need);
		}
	}
}

TEST(elf_strerror_distinct)
{
	for (int e = 0; e < LDR_ELF_NERR; e++) {
		const char *m = ldr_elf_strerror(e);
		ASSERT(m != NULL);
		CHECK(strlen(m) > 4);
		for (int f = 0; f < e; f++)
			CHECK_STRNE(ldr_elf_strerror(f), m);
	}
	CHECK_STREQ(ldr_elf_strerror(-1), "unknown ELF error");
	CHECK_STREQ(ldr_elf_strerror(LDR_ELF_NERR), "unknown ELF error");
}

/* Every program the build made must be loadable ($WALNUT_BUILD/bin),
 * except the truncated copy rt-loader refuses on purpose. */
TEST(elf_build_programs_load)
{
	const char *build = getenv("WALNUT_BUILD");
	if (!build)
		SKIP("WALNUT_BUILD not set");
	char dir[512], path[1024];
	snprintf(dir, sizeof(dir), "%s/bin", build);
	DIR *d = opendir(dir);
	if (!d)
		SKIP("no %s", dir);
	unsigned n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		long len = ftell(f);
		rewind(f);
		unsigned char *img = malloc(len > 0 ? (size_t)len : 1);
		size_t got = fread(img, 1, (size_t)len, f);
		fclose(f);
		struct ldr_elf_info info;
		int r = ldr_elf_parse(img, got, &info);
		/* rt-loader's fixture: rt-child cut after 3000 bytes */
		int want = strcmp(e->d_name, "rt-child-truncated") ? LDR_ELF_OK : LDR_ELF_EFILERANGE;
		if (r != want)
			tap_diag("%s: %s (program header %d)", e->d_name, ldr_elf_strerror(r),
				 info.bad_phdr);
		CHECK_EQ(r, want);
		free(img);
		n++;
	}
	closedir(d);
	tap_note("%u programs checked", n);
}
