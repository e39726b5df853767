/* The ELF parser's test cases: SEED_CASE(name, expected result, mutation
 * of the valid base image from elf_seeds.h). Included twice there. */
/* clang-format off */
SEED_CASE(valid, LDR_ELF_OK, )
SEED_CASE(valid_text_only, LDR_ELF_OK, seed_wr(b, 56, 2, 1))
SEED_CASE(valid_unaligned_phdrs, LDR_ELF_OK,
	memmove(b + 65, b + 64, 3 * 56); seed_wr(b, 32, 8, 65))
SEED_CASE(valid_phdrs_at_file_end, LDR_ELF_OK,
	memcpy(b + *size, b + 64, 3 * 56); seed_wr(b, 32, 8, *size); *size += 3 * 56)
SEED_CASE(valid_align_none, LDR_ELF_OK,
	seed_ph(b, 1, 1, 6, 0x1010, DATA_VA + 0x20, 0x10, 0x100, 0))
SEED_CASE(valid_empty_segment_ignored, LDR_ELF_OK,
	seed_ph(b, 2, 1, 6, 0, 0, 0, 0, 0x1000))
SEED_CASE(valid_16_segments, LDR_ELF_OK,
	seed_wr(b, 56, 2, 16);
	for (unsigned i = 1; i < 16; i++)
		seed_ph(b, i, 1, 4, 0x1000, DATA_VA + (i - 1) * 0x1000, 0x10, 0x10, 0x1000))
SEED_CASE(valid_top_of_user_space, LDR_ELF_OK,
	seed_ph(b, 1, 1, 6, 0x1000, LDR_ELF_USER_MAX - 0x3000, 0x800, 0x3000, 0x1000))
SEED_CASE(valid_entry_last_byte, LDR_ELF_OK, seed_wr(b, 24, 8, TEXT_VA + 0xfff))
SEED_CASE(empty_file, LDR_ELF_ETOOSHORT, *size = 0)
SEED_CASE(short_header, LDR_ELF_ETOOSHORT, *size = 63)
SEED_CASE(text_file, LDR_ELF_EMAGIC,
	memcpy(b, "This is a text file, not a program: the loader must refuse it.\n"
	       "Second line.\n", 76); *size = 76)
SEED_CASE(long_text_file, LDR_ELF_EMAGIC, memset(b, 'x', *size))
SEED_CASE(class32, LDR_ELF_ECLASS, b[4] = 1)
SEED_CASE(big_endian, LDR_ELF_EDATA, b[5] = 2)
SEED_CASE(ident_version, LDR_ELF_EVERSION, b[6] = 0)
SEED_CASE(e_version, LDR_ELF_EVERSION, seed_wr(b, 20, 4, 2))
SEED_CASE(machine_i386, LDR_ELF_EMACHINE, seed_wr(b, 18, 2, 3))
SEED_CASE(machine_aarch64, LDR_ELF_EMACHINE, seed_wr(b, 18, 2, 183))
SEED_CASE(type_dyn, LDR_ELF_EDYN, seed_wr(b, 16, 2, 3))
SEED_CASE(type_rel, LDR_ELF_ETYPE, seed_wr(b, 16, 2, 1))
SEED_CASE(type_core, LDR_ELF_ETYPE, seed_wr(b, 16, 2, 4))
SEED_CASE(ehsize, LDR_ELF_EEHSIZE, seed_wr(b, 52, 2, 52))
SEED_CASE(phentsize, LDR_ELF_EPHENTSIZE, seed_wr(b, 54, 2, 32))
SEED_CASE(no_phdrs, LDR_ELF_ENOPHDR, seed_wr(b, 56, 2, 0))
SEED_CASE(phnum_129, LDR_ELF_ETOOMANYPH, seed_wr(b, 56, 2, 129))
SEED_CASE(phnum_xnum, LDR_ELF_ETOOMANYPH, seed_wr(b, 56, 2, 0xffff))
SEED_CASE(phoff_beyond_file, LDR_ELF_EPHBOUNDS, seed_wr(b, 32, 8, 0x10000))
SEED_CASE(phtab_crosses_end, LDR_ELF_EPHBOUNDS, seed_wr(b, 32, 8, *size - 100))
SEED_CASE(phoff_wraps, LDR_ELF_EPHBOUNDS, seed_wr(b, 32, 8, UINT64_MAX - 8))
SEED_CASE(truncated, LDR_ELF_EPHBOUNDS, *size = 100)
SEED_CASE(interp, LDR_ELF_EINTERP, seed_ph(b, 2, 3, 4, 0x200, 0, 28, 28, 1))
SEED_CASE(dynamic, LDR_ELF_EDYNAMIC, seed_ph(b, 2, 2, 6, 0x1000, DATA_VA, 0x100, 0x100, 8))
SEED_CASE(too_many_segments, LDR_ELF_ETOOMANYSEGS,
	seed_wr(b, 56, 2, 17);
	for (unsigned i = 1; i < 17; i++)
		seed_ph(b, i, 1, 4, 0x1000, DATA_VA + (i - 1) * 0x1000, 0x10, 0x10, 0x1000))
SEED_CASE(no_load, LDR_ELF_ENOLOAD, seed_wr(b, PH(0), 4, 4); seed_wr(b, PH(1), 4, 4))
SEED_CASE(only_empty_loads, LDR_ELF_ENOLOAD,
	seed_ph(b, 0, 1, 5, 0, TEXT_VA, 0, 0, 0); seed_ph(b, 1, 1, 6, 0, DATA_VA, 0, 0, 0))
SEED_CASE(filesz_gt_memsz, LDR_ELF_EFILESZ, seed_wr(b, PH(1) + 40, 8, 0x7ff))
SEED_CASE(empty_with_filesz, LDR_ELF_EFILESZ, seed_ph(b, 2, 1, 6, 0, DATA_VA, 8, 0, 0))
SEED_CASE(segment_beyond_file, LDR_ELF_EFILERANGE, seed_wr(b, PH(1) + 32, 8, 0x801))
SEED_CASE(segment_offset_beyond, LDR_ELF_EFILERANGE,
	seed_ph(b, 1, 1, 6, 0x2000, DATA_VA, 0x10, 0x3000, 0x1000))
SEED_CASE(segment_offset_wraps, LDR_ELF_EFILERANGE,
	seed_ph(b, 1, 1, 6, UINT64_MAX - 0xfff, DATA_VA, 0x1000, 0x3000, 0x1000))
SEED_CASE(align_not_pow2, LDR_ELF_EALIGN, seed_wr(b, PH(1) + 48, 8, 0x1800))
SEED_CASE(align_incongruent, LDR_ELF_EALIGN,
	seed_ph(b, 1, 1, 6, 0x1000, DATA_VA + 0x10, 0x800, 0x3000, 0x1000))
SEED_CASE(wraps, LDR_ELF_EWRAP,
	seed_ph(b, 1, 1, 6, 0x1000, 0xfffffffffffff000ULL, 0x800, 0x2000, 0x1000))
SEED_CASE(wraps_in_last_page, LDR_ELF_EWRAP,
	seed_ph(b, 1, 1, 6, 0x1000, UINT64_MAX - 0xfff, 0x800, 0x800, 0x1000))
SEED_CASE(null_page, LDR_ELF_ENULLPAGE,
	seed_ph(b, 0, 1, 5, 0, 0, 0x1000, 0x1000, 0x1000); seed_wr(b, 24, 8, 0x100))
SEED_CASE(kernel_half, LDR_ELF_EKERNEL,
	seed_ph(b, 1, 1, 6, 0x1000, 0xffff800000001000ULL, 0x800, 0x3000, 0x1000))
SEED_CASE(non_canonical, LDR_ELF_EKERNEL,
	seed_ph(b, 1, 1, 6, 0x1000, LDR_ELF_USER_HALF, 0x800, 0x3000, 0x1000))
SEED_CASE(crosses_user_half, LDR_ELF_EKERNEL,
	seed_ph(b, 1, 1, 6, 0x1000, LDR_ELF_USER_HALF - 0x1000, 0x800, 0x3000, 0x1000))
SEED_CASE(utcb_area, LDR_ELF_ERESERVED,
	seed_ph(b, 1, 1, 6, 0x1000, LDR_ELF_USER_MAX, 0x800, 0x3000, 0x1000))
SEED_CASE(into_utcb_area, LDR_ELF_ERESERVED,
	seed_ph(b, 1, 1, 6, 0x1000, LDR_ELF_USER_MAX - 0x2000, 0x800, 0x3000, 0x1000))
SEED_CASE(kip, LDR_ELF_ERESERVED,
	seed_ph(b, 1, 1, 6, 0x1000, 0x7fffffff0000ULL, 0x800, 0x1000, 0x1000))
SEED_CASE(overlap, LDR_ELF_EOVERLAP,
	seed_ph(b, 1, 1, 6, 0x1000, TEXT_VA, 0x800, 0x3000, 0x1000))
SEED_CASE(share_page, LDR_ELF_EOVERLAP,
	seed_ph(b, 1, 1, 6, 0x1000, TEXT_VA + 0x800, 0x800, 0x3000, 0x800))
SEED_CASE(overlap_later, LDR_ELF_EOVERLAP,
	seed_ph(b, 0, 1, 5, 0, TEXT_VA + 0x3000, 0x1000, 0x1000, 0x1000);
	seed_wr(b, 24, 8, TEXT_VA + 0x3100))
SEED_CASE(entry_in_data, LDR_ELF_EENTRY, seed_wr(b, 24, 8, DATA_VA + 0x10))
SEED_CASE(entry_zero, LDR_ELF_EENTRY, seed_wr(b, 24, 8, 0))
SEED_CASE(entry_past_text, LDR_ELF_EENTRY, seed_wr(b, 24, 8, TEXT_VA + 0x1000))
SEED_CASE(entry_not_executable, LDR_ELF_EENTRY, seed_wr(b, PH(0) + 4, 4, 4))
