/* Long-mode page tables: identity map of [0, 4 GiB) and the kernel's 1 GiB window, all 2 MiB pages. */
#include "bootstrap.h"

/* Intel SDM vol. 3 section 4.5: 4-level paging, 512 entries per 4 KiB table. */
#define PTE_P      0x001ull /* present */
#define PTE_RW     0x002ull /* writable */
#define PTE_PS     0x080ull /* in a PDE: maps a 2 MiB page */
#define ENTRIES    512

/* WALNUT_KERNEL_VBASE = 0xffffffff80000000 decomposes into PML4 slot 511 and
 * PDPT slot 510; its low 30 bits are zero, so one page directory covers it. */
#define KERNEL_PML4_SLOT ((WALNUT_KERNEL_VBASE >> 39) & 511)
#define KERNEL_PDPT_SLOT ((WALNUT_KERNEL_VBASE >> 30) & 511)
_Static_assert((WALNUT_KERNEL_VBASE & (BS_1GIB - 1)) == 0, "kernel window is 1 GiB aligned");

typedef uint64_t bs_table[ENTRIES] __attribute__((aligned(4096)));

/* In the bootstrap image's bss, so mem[] reports them as BOOTSTRAP. */
static bs_table pml4, pdpt_low, pd_low[4], pdpt_kernel, pd_kernel;

static uint64_t table_entry(const bs_table *t)
{
	return bs_addr(t) | PTE_P | PTE_RW;
}

uint32_t bs_paging_build(uint64_t kernel_phys_base)
{
	/* Identity map: 4 page directories of 512 * 2 MiB each. */
	pml4[0] = table_entry(&pdpt_low);
	for (uint32_t g = 0; g < 4; g++) {
		pdpt_low[g] = table_entry(&pd_low[g]);
		for (uint32_t i = 0; i < ENTRIES; i++) {
			uint64_t phys = ((uint64_t)g << 30) + ((uint64_t)i << 21);
			pd_low[g][i] = phys | PTE_P | PTE_RW | PTE_PS;
		}
	}

	/* Kernel window: VBASE + x -> kernel_phys_base + x for x < 1 GiB. */
	pml4[KERNEL_PML4_SLOT] = table_entry(&pdpt_kernel);
	pdpt_kernel[KERNEL_PDPT_SLOT] = table_entry(&pd_kernel);
	for (uint32_t i = 0; i < ENTRIES; i++)
		pd_kernel[i] = (kernel_phys_base + ((uint64_t)i << 21)) | PTE_P | PTE_RW | PTE_PS;

	return bs_addr(&pml4);
}
