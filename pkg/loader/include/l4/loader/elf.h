/* ELF64 image checks for the program loader: a pure parser (no system
 * calls, no allocation) that accepts only what the loader can start. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the loader accepts: a static x86_64 executable (ET_EXEC) whose
 * PT_LOAD segments lie page-disjoint in [LDR_ELF_USER_MIN,
 * LDR_ELF_USER_MAX): above page 0 and below the UTCB area and the KIP,
 * which the loader and the kernel place at the top of the user half. */
#define LDR_ELF_USER_MIN   0x1000UL
#define LDR_ELF_USER_MAX   0x7fffffe00000UL  /* = the children's UTCB area */
#define LDR_ELF_USER_HALF  0x800000000000UL  /* end of the lower canonical half */
#define LDR_ELF_MAX_SEGS   16                /* PT_LOAD segments */
#define LDR_ELF_MAX_PHDRS  128               /* program headers in all */

/* Segment permissions (p_flags), as in the ELF specification. */
enum ldr_elf_pf {
	LDR_ELF_PF_X = 1,
	LDR_ELF_PF_W = 2,
	LDR_ELF_PF_R = 4,
};

/* Why an image was refused. Every check has its own code;
 * ldr_elf_strerror() gives the message. */
enum ldr_elf_err {
	LDR_ELF_OK = 0,
	LDR_ELF_ETOOSHORT,     /* shorter than an ELF64 header */
	LDR_ELF_EMAGIC,        /* no \x7fELF magic: not an ELF file */
	LDR_ELF_ECLASS,        /* not ELFCLASS64 */
	LDR_ELF_EDATA,         /* not little-endian */
	LDR_ELF_EVERSION,      /* e_ident version or e_version not 1 */
	LDR_ELF_EMACHINE,      /* not EM_X86_64 */
	LDR_ELF_EDYN,          /* ET_DYN: position independent / shared object */
	LDR_ELF_ETYPE,         /* neither ET_EXEC nor ET_DYN (relocatable, core...) */
	LDR_ELF_EEHSIZE,       /* e_ehsize is not the ELF64 header size */
	LDR_ELF_EPHENTSIZE,    /* e_phentsize is not the ELF64 program header size */
	LDR_ELF_ENOPHDR,       /* no program headers */
	LDR_ELF_ETOOMANYPH,    /* more than LDR_ELF_MAX_PHDRS program headers */
	LDR_ELF_EPHBOUNDS,     /* program header table beyond the end of the file */
	LDR_ELF_EINTERP,       /* PT_INTERP: needs a dynamic linker */
	LDR_ELF_EDYNAMIC,      /* PT_DYNAMIC: needs dynamic linking */
	LDR_ELF_ETOOMANYSEGS,  /* more than LDR_ELF_MAX_SEGS PT_LOAD segments */
	LDR_ELF_ENOLOAD,       /* no PT_LOAD segment with memory */
	LDR_ELF_EFILESZ,       /* p_filesz > p_memsz */
	LDR_ELF_EFILERANGE,    /* segment bytes beyond the end of the file */
	LDR_ELF_EALIGN,        /* p_align not a power of two, or vaddr/offset not congruent */
	LDR_ELF_EWRAP,         /* vaddr + memsz wraps around */
	LDR_ELF_ENULLPAGE,     /* segment in page 0 */
	LDR_ELF_EKERNEL,       /* segment beyond the user half */
	LDR_ELF_ERESERVED,     /* segment in the UTCB area / KIP at the top of the user half */
	LDR_ELF_EOVERLAP,      /* two segments share a page */
	LDR_ELF_EENTRY,        /* entry point not inside an executable segment */
	LDR_ELF_NERR
};

/* One PT_LOAD segment, as checked. */
struct ldr_elf_seg {
	uint64_t vaddr;   /* p_vaddr */
	uint64_t memsz;   /* p_memsz (> 0) */
	uint64_t offset;  /* p_offset */
	uint64_t filesz;  /* p_filesz (<= memsz, offset + filesz <= image size) */
	unsigned flags;   /* LDR_ELF_PF_* */
};

/* The result of a successful parse: entry point and loadable segments in
 * program-header order. On failure, bad_phdr names the program header
 * that was refused (-1: the file header). */
struct ldr_elf_info {
	uint64_t entry;
	unsigned n_segs;
	struct ldr_elf_seg segs[LDR_ELF_MAX_SEGS];
	int bad_phdr;
};

/* Checks the image (size bytes at img, any alignment) and fills info.
 * \retval LDR_ELF_OK  the image can be loaded as described by info
 * \retval LDR_ELF_E*  refused; info->bad_phdr says where */
enum ldr_elf_err ldr_elf_parse(const void *img, size_t size, struct ldr_elf_info *info);

/* A one-line English message for an error code (never NULL). */
const char *ldr_elf_strerror(int err);

/* The bytes a page-granular loader maps for seg: first page, page count. */
static inline uint64_t ldr_elf_seg_start(const struct ldr_elf_seg *s)
{
	return s->vaddr & ~0xfffULL;
}
static inline uint64_t ldr_elf_seg_size(const struct ldr_elf_seg *s)
{
	return ((s->vaddr + s->memsz + 0xfffULL) & ~0xfffULL) - ldr_elf_seg_start(s);
}

#ifdef __cplusplus
}
#endif
