/* ELF64 image checks: file header, program headers, PT_LOAD segments. */
/* Relative include: the host unit test and the fuzz target build this file
 * without the package include path. */
#include "../include/l4/loader/elf.h"

/* ELF constants (System V gABI, x86_64 psABI). */
enum {
	EHDR_SIZE = 64, PHDR_SIZE = 56,
	ELFCLASS64 = 2, ELFDATA2LSB = 1, EV_CURRENT = 1,
	ET_EXEC = 2, ET_DYN = 3, EM_X86_64 = 62,
	PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3,
	PAGE = 0x1000,
};

/* Little-endian field reads at any alignment (the image is a byte blob). */
static uint64_t rd(const unsigned char *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = n; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

static enum ldr_elf_err check_ehdr(const unsigned char *b, size_t size)
{
	if (size < EHDR_SIZE)
		return LDR_ELF_ETOOSHORT;
	if (b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F')
		return LDR_ELF_EMAGIC;
	if (b[4] != ELFCLASS64)
		return LDR_ELF_ECLASS;
	if (b[5] != ELFDATA2LSB)
		return LDR_ELF_EDATA;
	if (b[6] != EV_CURRENT || rd(b + 20, 4) != EV_CURRENT)
		return LDR_ELF_EVERSION;
	if (rd(b + 18, 2) != EM_X86_64)
		return LDR_ELF_EMACHINE;
	uint64_t type = rd(b + 16, 2);
	if (type == ET_DYN)
		return LDR_ELF_EDYN;
	if (type != ET_EXEC)
		return LDR_ELF_ETYPE;
	if (rd(b + 52, 2) != EHDR_SIZE)
		return LDR_ELF_EEHSIZE;
	return LDR_ELF_OK;
}

/* The program header table: entry size, count, bounds (no overflow:
 * phnum <= LDR_ELF_MAX_PHDRS keeps phnum * PHDR_SIZE small). */
static enum ldr_elf_err check_phtab(const unsigned char *b, size_t size)
{
	uint64_t phoff = rd(b + 32, 8), phnum = rd(b + 56, 2);
	if (rd(b + 54, 2) != PHDR_SIZE)
		return LDR_ELF_EPHENTSIZE;
	if (phnum == 0)
		return LDR_ELF_ENOPHDR;
	if (phnum > LDR_ELF_MAX_PHDRS)
		return LDR_ELF_ETOOMANYPH;
	if (phoff > size || phnum * PHDR_SIZE > size - phoff)
		return LDR_ELF_EPHBOUNDS;
	return LDR_ELF_OK;
}

/* One PT_LOAD segment on its own: sizes, file range, alignment, place. */
static enum ldr_elf_err check_seg(const struct ldr_elf_seg *s, uint64_t align, size_t size)
{
	if (s->filesz > s->memsz)
		return LDR_ELF_EFILESZ;
	if (s->offset > size || s->filesz > size - s->offset)
		return LDR_ELF_EFILERANGE;
	if (align > 1 && ((align & (align - 1)) || (s->vaddr - s->offset) % align))
		return LDR_ELF_EALIGN;
	if (s->vaddr + s->memsz < s->vaddr || s->vaddr + s->memsz > UINT64_MAX - PAGE)
		return LDR_ELF_EWRAP;
	uint64_t end = s->vaddr + s->memsz; /* exclusive */
	if (s->vaddr < LDR_ELF_USER_MIN)
		return LDR_ELF_ENULLPAGE;
	if (end > LDR_ELF_USER_HALF)
		return LDR_ELF_EKERNEL;
	if (end > LDR_ELF_USER_MAX)
		return LDR_ELF_ERESERVED;
	return LDR_ELF_OK;
}

/* Segments are loaded page by page, so no two may touch the same page. */
static int pages_overlap(const struct ldr_elf_seg *a, const struct ldr_elf_seg *b)
{
	uint64_t a0 = ldr_elf_seg_start(a), a1 = a0 + ldr_elf_seg_size(a);
	uint64_t b0 = ldr_elf_seg_start(b), b1 = b0 + ldr_elf_seg_size(b);
	return a0 < b1 && b0 < a1;
}

static enum ldr_elf_err add_seg(struct ldr_elf_info *info, const unsigned char *ph,
				size_t size)
{
	struct ldr_elf_seg s = {
		.flags = (unsigned)rd(ph + 4, 4) & 7, .offset = rd(ph + 8, 8),
		.vaddr = rd(ph + 16, 8), .filesz = rd(ph + 32, 8), .memsz = rd(ph + 40, 8),
	};
	if (s.memsz == 0) /* loads nothing; only its file size must be sane */
		return s.filesz ? LDR_ELF_EFILESZ : LDR_ELF_OK;
	enum ldr_elf_err e = check_seg(&s, rd(ph + 48, 8), size);
	if (e != LDR_ELF_OK)
		return e;
	if (info->n_segs == LDR_ELF_MAX_SEGS)
		return LDR_ELF_ETOOMANYSEGS;
	for (unsigned i = 0; i < info->n_segs; i++)
		if (pages_overlap(&info->segs[i], &s))
			return LDR_ELF_EOVERLAP;
	info->segs[info->n_segs++] = s;
	return LDR_ELF_OK;
}

static enum ldr_elf_err check_entry(struct ldr_elf_info *info)
{
	for (unsigned i = 0; i < info->n_segs; i++) {
		const struct ldr_elf_seg *s = &info->segs[i];
		if ((s->flags & LDR_ELF_PF_X) && info->entry >= s->vaddr &&
		    info->entry - s->vaddr < s->memsz)
			return LDR_ELF_OK;
	}
	return LDR_ELF_EENTRY;
}

enum ldr_elf_err ldr_elf_parse(const void *img, size_t size, struct ldr_elf_info *info)
{
	const unsigned char *b = img;
	info->n_segs = 0;
	info->entry = 0;
	info->bad_phdr = -1;
	enum ldr_elf_err e = check_ehdr(b, size);
	if (e == LDR_ELF_OK)
		e = check_phtab(b, size);
	if (e != LDR_ELF_OK)
		return e;

	uint64_t phoff = rd(b + 32, 8), phnum = rd(b + 56, 2);
	for (unsigned i = 0; i < phnum; i++) {
		const unsigned char *ph = b + phoff + (uint64_t)i * PHDR_SIZE;
		uint64_t type = rd(ph, 4);
		info->bad_phdr = (int)i;
		if (type == PT_INTERP)
			return LDR_ELF_EINTERP;
		if (type == PT_DYNAMIC)
			return LDR_ELF_EDYNAMIC;
		if (type == PT_LOAD && (e = add_seg(info, ph, size)) != LDR_ELF_OK)
			return e;
	}
	info->bad_phdr = -1;
	if (info->n_segs == 0)
		return LDR_ELF_ENOLOAD;
	info->entry = rd(b + 24, 8);
	return check_entry(info);
}

static const char *const messages[LDR_ELF_NERR] = {
	[LDR_ELF_OK]           = "valid",
	[LDR_ELF_ETOOSHORT]    = "file too short for an ELF header",
	[LDR_ELF_EMAGIC]       = "not an ELF file (bad magic)",
	[LDR_ELF_ECLASS]       = "not a 64-bit ELF file",
	[LDR_ELF_EDATA]        = "not a little-endian ELF file",
	[LDR_ELF_EVERSION]     = "unknown ELF version",
	[LDR_ELF_EMACHINE]     = "not an x86_64 program",
	[LDR_ELF_EDYN]         = "position-independent or shared object (ET_DYN) not supported",
	[LDR_ELF_ETYPE]        = "not an executable (e_type is not ET_EXEC)",
	[LDR_ELF_EEHSIZE]      = "bad ELF header size",
	[LDR_ELF_EPHENTSIZE]   = "bad program header entry size",
	[LDR_ELF_ENOPHDR]      = "no program headers",
	[LDR_ELF_ETOOMANYPH]   = "too many program headers",
	[LDR_ELF_EPHBOUNDS]    = "program header table beyond the end of the file",
	[LDR_ELF_EINTERP]      = "needs a program interpreter (PT_INTERP): dynamic linking not supported",
	[LDR_ELF_EDYNAMIC]     = "has a PT_DYNAMIC segment: dynamic linking not supported",
	[LDR_ELF_ETOOMANYSEGS] = "too many PT_LOAD segments",
	[LDR_ELF_ENOLOAD]      = "no loadable segment",
	[LDR_ELF_EFILESZ]      = "segment file size larger than its memory size",
	[LDR_ELF_EFILERANGE]   = "segment data beyond the end of the file",
	[LDR_ELF_EALIGN]       = "segment alignment invalid or address not congruent to offset",
	[LDR_ELF_EWRAP]        = "segment wraps around the address space",
	[LDR_ELF_ENULLPAGE]    = "segment in page 0",
	[LDR_ELF_EKERNEL]      = "segment outside the user half of the address space",
	[LDR_ELF_ERESERVED]    = "segment in the UTCB/KIP area at the top of user space",
	[LDR_ELF_EOVERLAP]     = "segments overlap or share a page",
	[LDR_ELF_EENTRY]       = "entry point not in an executable segment",
};

const char *ldr_elf_strerror(int err)
{
	if (err < 0 || err >= LDR_ELF_NERR)
		return "unknown ELF error";
	return messages[err];
}
