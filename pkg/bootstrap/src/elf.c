/* Validate ELF64 x86-64 executables from the image and load the kernel and the boot tasks. */
#include "bootstrap.h"

/* ELF-64 Object File Format 1.5 and the System V x86-64 psABI. */
#define EI_CLASS      4
#define ELFCLASS64    2
#define EI_DATA       5
#define ELFDATA2LSB   1
#define EI_VERSION    6
#define EV_CURRENT    1
#define ET_EXEC       2
#define EM_X86_64     62
#define PT_LOAD       1
#define PF_X          1
#define PF_W          2
#define PF_R          4

/* Lowest non-canonical address: user programs must live below it. */
#define USER_LIMIT    0x0000800000000000ull

struct elf64_ehdr {
	uint8_t  e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header layout");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header layout");

/* One module viewed as an ELF file whose header has been checked. */
struct elf_file {
	const uint8_t *data;
	uint32_t size;
	const char *name;
	struct elf64_ehdr eh;
};

static void elf_open(struct elf_file *f, const struct bs_image_module *mod, const char *what)
{
	f->data = bs_phys(mod->start);
	f->size = mod->size;
	f->name = bs_mod_name(mod);
	if (f->size < sizeof f->eh)
		bs_fail("%s is not an ELF file (%s)", what, f->name);
	memcpy(&f->eh, f->data, sizeof f->eh);

	const uint8_t *id = f->eh.e_ident;
	if (memcmp(id, "\177ELF", 4) != 0)
		bs_fail("%s is not an ELF file (%s)", what, f->name);
	if (id[EI_CLASS] != ELFCLASS64 || id[EI_DATA] != ELFDATA2LSB ||
	    id[EI_VERSION] != EV_CURRENT || f->eh.e_machine != EM_X86_64)
		bs_fail("%s is not ELF64 little-endian x86-64 (%s)", what, f->name);
	if (f->eh.e_type != ET_EXEC)
		bs_fail("%s is not a static executable (ET_EXEC) (%s)", what, f->name);
	if (f->eh.e_phentsize < sizeof(struct elf64_phdr) ||
	    f->eh.e_phoff > f->size ||
	    (uint64_t)f->eh.e_phnum * f->eh.e_phentsize > f->size - f->eh.e_phoff)
		bs_fail("%s has a bad program header table (%s)", what, f->name);
}

/* Program header i; copied out because e_phoff need not be aligned. A PT_LOAD
 * must have its file bytes inside the module and no more of them than memory. */
static void elf_phdr(const struct elf_file *f, uint32_t i, struct elf64_phdr *ph)
{
	memcpy(ph, f->data + f->eh.e_phoff + (uint64_t)i * f->eh.e_phentsize, sizeof *ph);
	if (ph->p_type != PT_LOAD)
		return;
	if (ph->p_filesz > ph->p_memsz || ph->p_offset > f->size ||
	    ph->p_filesz > f->size - ph->p_offset)
		bs_fail("segment %u lies outside the file (%s)", i, f->name);
}

static int overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a < b_end && b < a_end;
}

/* Offset of the kernel's last byte + 1 from WALNUT_KERNEL_VBASE, after
 * checking that every segment lies in the 1 GiB window and none overlap. */
static uint64_t kernel_span(const struct elf_file *f)
{
	uint64_t span = 0;
	int entry_ok = 0;

	for (uint32_t i = 0; i < f->eh.e_phnum; i++) {
		struct elf64_phdr ph;

		elf_phdr(f, i, &ph);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (ph.p_vaddr < WALNUT_KERNEL_VBASE || ph.p_memsz > BS_1GIB ||
		    ph.p_vaddr - WALNUT_KERNEL_VBASE > BS_1GIB - ph.p_memsz)
			bs_fail("kernel segment %u outside [0x%llx, +1 GiB) (%s)", i,
			        WALNUT_KERNEL_VBASE, f->name);
		for (uint32_t j = 0; j < i; j++) {
			struct elf64_phdr other;

			elf_phdr(f, j, &other);
			if (other.p_type == PT_LOAD &&
			    overlaps(ph.p_vaddr, ph.p_vaddr + ph.p_memsz,
			             other.p_vaddr, other.p_vaddr + other.p_memsz))
				bs_fail("kernel segments %u and %u overlap (%s)", j, i, f->name);
		}
		span = bs_max(span, ph.p_vaddr - WALNUT_KERNEL_VBASE + ph.p_memsz);
		if (f->eh.e_entry >= ph.p_vaddr && f->eh.e_entry - ph.p_vaddr < ph.p_memsz)
			entry_ok = 1;
	}
	if (span == 0)
		bs_fail("kernel has no loadable segment (%s)", f->name);
	if (!entry_ok)
		bs_fail("kernel entry point 0x%llx outside its segments (%s)",
		        f->eh.e_entry, f->name);
	return span;
}

/* Copies the kernel to a fresh 2 MiB-aligned physical base; returns the entry. */
uint64_t bs_load_kernel(const struct bs_image_module *mod, struct walnut_bootinfo *bi)
{
	struct elf_file f;

	elf_open(&f, mod, "kernel");
	uint64_t span = bs_align_up(kernel_span(&f), BS_PAGE_SIZE);
	uint64_t base = bs_phys_alloc(span, BS_LARGE_PAGE, f.name);

	/* Zeroing the whole span covers bss and any gaps between segments. */
	memset(bs_phys((uint32_t)base), 0, (size_t)span);
	for (uint32_t i = 0; i < f.eh.e_phnum; i++) {
		struct elf64_phdr ph;

		elf_phdr(&f, i, &ph);
		if (ph.p_type != PT_LOAD || ph.p_filesz == 0)
			continue;
		uint32_t dst = (uint32_t)(base + (ph.p_vaddr - WALNUT_KERNEL_VBASE));
		memcpy(bs_phys(dst), f.data + ph.p_offset, (size_t)ph.p_filesz);
	}
	bi->kernel_phys_base = base;
	bi->kernel_phys_end = base + span;
	return f.eh.e_entry;
}

static uint32_t seg_flags(uint32_t p_flags)
{
	return (p_flags & PF_R ? WALNUT_SEG_R : 0) | (p_flags & PF_W ? WALNUT_SEG_W : 0) |
	       (p_flags & PF_X ? WALNUT_SEG_X : 0);
}

/* Record one PT_LOAD of a boot task as a page-granular walnut_bi_seg after
 * checking it against the ones recorded before. */
static struct walnut_bi_seg *task_seg(const struct elf_file *f, struct walnut_bi_task *t,
                                      uint32_t i, const struct elf64_phdr *ph)
{
	if (ph->p_vaddr >= USER_LIMIT || ph->p_memsz > USER_LIMIT - ph->p_vaddr)
		bs_fail("segment %u outside the user address range (%s)", i, f->name);
	if (t->seg_count == WALNUT_BI_MAX_SEGS)
		bs_fail("more than %u loadable segments (%s)", WALNUT_BI_MAX_SEGS, f->name);

	uint64_t va = bs_align_down(ph->p_vaddr, BS_PAGE_SIZE);
	uint64_t va_end = bs_align_up(ph->p_vaddr + ph->p_memsz, BS_PAGE_SIZE);

	/* Segments are loaded into separate pages, so two that share a page
	 * cannot both be honoured. */
	for (uint32_t j = 0; j < t->seg_count; j++) {
		const struct walnut_bi_seg *s = &t->segs[j];
		if (overlaps(va, va_end, s->vaddr, s->vaddr + s->size))
			bs_fail("overlapping segments at 0x%llx (%s)", va, f->name);
	}
	struct walnut_bi_seg *s = &t->segs[t->seg_count++];
	s->vaddr = va;
	s->size = va_end - va;
	s->flags = seg_flags(ph->p_flags);
	return s;
}

void bs_load_task(const struct bs_image_module *mod, uint32_t index, struct walnut_bi_task *t)
{
	struct elf_file f;

	elf_open(&f, mod, "boot task");
	memset(t, 0, sizeof *t);
	for (uint32_t i = 0; i < f.eh.e_phnum; i++) {
		struct elf64_phdr ph;

		elf_phdr(&f, i, &ph);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		struct walnut_bi_seg *s = task_seg(&f, t, i, &ph);

		/* Allocation stays below 4 GiB, so the size fits 32 bits now. */
		s->paddr = bs_phys_alloc(s->size, BS_PAGE_SIZE, f.name);
		memset(bs_phys((uint32_t)s->paddr), 0, (size_t)s->size);
		memcpy(bs_phys((uint32_t)(s->paddr + (ph.p_vaddr - s->vaddr))),
		       f.data + ph.p_offset, (size_t)ph.p_filesz);
	}
	if (t->seg_count == 0)
		bs_fail("no loadable segment (%s)", f.name);

	int entry_ok = 0;
	for (uint32_t j = 0; j < t->seg_count; j++) {
		const struct walnut_bi_seg *s = &t->segs[j];
		if (f.eh.e_entry >= s->vaddr && f.eh.e_entry - s->vaddr < s->size &&
		    (s->flags & WALNUT_SEG_X))
			entry_ok = 1;
	}
	if (!entry_ok)
		bs_fail("entry point 0x%llx not in an executable segment (%s)", f.eh.e_entry,
		        f.name);
	t->entry = f.eh.e_entry;
	t->module = index;
}
