/* x86_64 page tables: the kernel's own tables and per-task user spaces. */
#include <abi/bootinfo.h>
#include <arch/asm.h>
#include <arch/paging.h>
#include <kern/arch.h>
#include <kern/panic.h>
#include <kern/pmem.h>
#include <kern/quota.h>
#include <kern/printk.h>
#include <kern/string.h>
#include <kern/vm.h>
#include <l4/sys/err.h>

/* 0 while bootstrap's identity map is in use, PHYSMAP_BASE afterwards. */
static u64 phys_offset;
static paddr_t kernel_pml4;
static u64 kernel_phys_base;

void *phys_to_virt(paddr_t p) { return (void *)(p.v + phys_offset); }
void *pmem_virt(paddr_t p) { return phys_to_virt(p); }
paddr_t pmem_phys(const void *v) { return paddr((u64)v - phys_offset); }

paddr_t kernel_virt_to_phys(const void *p)
{
	return paddr((u64)p - WALNUT_KERNEL_VBASE + kernel_phys_base);
}

static u64 *table(paddr_t p) { return phys_to_virt(p); }

static bool alloc_table_q(struct quota *q, paddr_t *out)
{
	if (!pmem_alloc_q(q, 0, out))
		return false;
	memset(table(*out), 0, PAGE_SIZE);
	return true;
}

static bool alloc_table(paddr_t *out)
{
	if (!pmem_alloc(0, out))
		return false;
	memset(table(*out), 0, PAGE_SIZE);
	return true;
}

/* The entry for va at the given level (3 = PML4 ... 0 = PT), creating the
 * intermediate tables with flags on the way. NULL when out of memory. */
static u64 *walk(paddr_t root, u64 va, int level, u64 flags, struct quota *q)
{
	paddr_t t = root;
	for (int l = 3; l > level; l--) {
		u64 *e = &table(t)[(va >> (12 + 9 * l)) & 511];
		if (!(*e & PTE_P)) {
			paddr_t n;
			if (!(q ? alloc_table_q(q, &n) : alloc_table(&n)))
				return NULL;
			*e = n.v | flags;
		}
		BUG_ON(*e & PTE_PS); /* a large page where a table was expected */
		t = paddr(*e & PTE_ADDR);
	}
	return &table(t)[(va >> (12 + 9 * level)) & 511];
}

/* Maps [va, va+size) -> pa in the kernel half, 2 MiB pages where alignment
 * allows. Boot-time only: running out of memory here is fatal. */
static void kmap_range(u64 va, u64 pa, u64 size, u64 flags)
{
	u64 end = va + size;
	while (va < end) {
		bool big = is_aligned(va, 1ull << 21) && is_aligned(pa, 1ull << 21) &&
			   end - va >= (1ull << 21);
		u64 *e = walk(kernel_pml4, va, big ? 1 : 0, PTE_P | PTE_W, NULL);
		if (!e)
			panic("paging: out of memory mapping the kernel");
		*e = pa | flags | (big ? PTE_PS : 0);
		u64 step = big ? (1ull << 21) : PAGE_SIZE;
		va += step;
		pa += step;
	}
}

static bool is_ram(u32 type)
{
	return type != WALNUT_MEM_RESERVED && type != WALNUT_MEM_NVS;
}

void arch_paging_init(const struct walnut_bootinfo *bi)
{
	kernel_phys_base = bi->kernel_phys_base;
	if (!alloc_table(&kernel_pml4))
		panic("paging: no memory for the kernel page table");
	/* The whole kernel half's PML4 entries exist from now on (see paging.h). */
	for (unsigned i = PML4_KERNEL_FIRST; i < 512; i++) {
		paddr_t p;
		if (!alloc_table(&p))
			panic("paging: no memory for kernel PDPTs");
		table(kernel_pml4)[i] = p.v | PTE_P | PTE_W;
	}
	for (unsigned i = 0; i < bi->mem_count; i++) {
		const struct walnut_bi_mem *m = &bi->mem[i];
		if (!is_ram(m->type) || m->base + m->size > PHYSMAP_MAX)
			continue;
		u64 b = align_down(m->base, PAGE_SIZE), e = align_up(m->base + m->size, PAGE_SIZE);
		kmap_range(PHYSMAP_BASE + b, b, e - b, PTE_P | PTE_W | PTE_G | PTE_NX);
	}
	u64 ksize = align_up(bi->kernel_phys_end - bi->kernel_phys_base, 1ull << 21);
	kmap_range(WALNUT_KERNEL_VBASE, bi->kernel_phys_base, ksize, PTE_P | PTE_W | PTE_G);
	write_cr3(kernel_pml4.v);
	phys_offset = PHYSMAP_BASE;
}

int vm_space_init(struct vm_space *s, struct quota *q)
{
	if (!alloc_table_q(q, &s->root))
		return -L4_ENOMEM;
	memcpy(&table(s->root)[PML4_KERNEL_FIRST], &table(kernel_pml4)[PML4_KERNEL_FIRST],
	       (512 - PML4_KERNEL_FIRST) * sizeof(u64));
	return 0;
}

static u64 rights_to_pte(unsigned rights)
{
	u64 f = PTE_P | PTE_U;
	if (rights & VM_W)
		f |= PTE_W;
	if (!(rights & VM_X))
		f |= PTE_NX;
	if (rights & VM_UNCACHED)
		f |= PTE_PCD | PTE_PWT;
	return f;
}

int vm_map_page(struct vm_space *s, vaddr_t va, paddr_t pa, unsigned rights, struct quota *q)
{
	if (va.v >= VM_USER_END || !is_aligned(va.v, PAGE_SIZE) || !is_aligned(pa.v, PAGE_SIZE))
		return -L4_EINVAL;
	u64 *e = walk(s->root, va.v, 0, PTE_P | PTE_W | PTE_U, q);
	if (!e)
		return -L4_ENOMEM;
	bool was = *e & PTE_P;
	*e = pa.v | rights_to_pte(rights);
	if (was)
		invlpg(va.v); /* only matters when s is active; cheap otherwise */
	return 0;
}

/* The PT entry for va without creating anything; NULL if a level is absent. */
static u64 *lookup_pte(struct vm_space *s, u64 va)
{
	paddr_t t = s->root;
	for (int l = 3; l > 0; l--) {
		u64 e = table(t)[(va >> (12 + 9 * l)) & 511];
		if (!(e & PTE_P) || (e & PTE_PS))
			return NULL;
		t = paddr(e & PTE_ADDR);
	}
	return &table(t)[(va >> 12) & 511];
}

bool vm_unmap_page(struct vm_space *s, vaddr_t va)
{
	if (va.v >= VM_USER_END)
		return false;
	u64 *e = lookup_pte(s, va.v);
	if (!e || !(*e & PTE_P))
		return false;
	*e = 0;
	invlpg(va.v);
	return true;
}

bool vm_lookup(struct vm_space *s, vaddr_t va, paddr_t *pa, unsigned *rights)
{
	if (va.v >= VM_USER_END)
		return false;
	u64 *e = lookup_pte(s, va.v);
	if (!e || !(*e & PTE_P))
		return false;
	*pa = paddr(*e & PTE_ADDR);
	*rights = VM_R | ((*e & PTE_W) ? VM_W : 0) | ((*e & PTE_NX) ? 0 : VM_X);
	return true;
}

static void free_level(paddr_t t, int level, struct quota *q)
{
	if (level > 0) {
		for (unsigned i = 0; i < 512; i++) {
			u64 e = table(t)[i];
			if ((e & PTE_P) && !(e & PTE_PS))
				free_level(paddr(e & PTE_ADDR), level - 1, q);
		}
	}
	pmem_free_q(q, t, 0);
}

void vm_space_destroy(struct vm_space *s, struct quota *q)
{
	for (unsigned i = 0; i < PML4_KERNEL_FIRST; i++) {
		u64 e = table(s->root)[i];
		if (e & PTE_P)
			free_level(paddr(e & PTE_ADDR), 2, q);
	}
	/* Never free the tables the CPU is using: switch to the kernel's first. */
	if (read_cr3() == s->root.v)
		write_cr3(kernel_pml4.v);
	pmem_free_q(q, s->root, 0);
	s->root = paddr(0);
}

void vm_space_activate(struct vm_space *s)
{
	if (read_cr3() != s->root.v)
		write_cr3(s->root.v);
}
