/* Physical memory allocator: a binary buddy system over the kernel's RAM pool.
 *
 * Blocks are 2^order pages, naturally aligned. Free blocks are linked through
 * their own first bytes (reached through pmem_virt()), and one metadata byte
 * per frame records whether a frame heads a free block and its order, so that
 * freeing finds and merges buddies in O(MAX_ORDER). Not thread-safe by
 * itself: callers hold the kernel lock (interrupts off on one CPU today).
 */
#pragma once

#include <kern/types.h>

#define PMEM_MAX_ORDER 10 /* largest block: 4 MiB */

struct pmem_range {
	paddr_t base;
	u64 size;
};

/* Hands the allocator its memory: page-aligned, non-overlapping ranges sorted
 * by base. The metadata array is carved from the ranges themselves. Returns
 * false when there is not even room for the metadata. */
bool pmem_init(const struct pmem_range *ranges, unsigned count);

/* Allocates 2^order contiguous pages; false when none is free. */
bool pmem_alloc(unsigned order, paddr_t *out);
/* Returns a block obtained from pmem_alloc with the same order. */
void pmem_free(paddr_t p, unsigned order);

u64 pmem_free_pages(void);
u64 pmem_total_pages(void);

/* Where the kernel reaches physical memory (the physmap); provided by the
 * kernel, or by a host test that simulates physical memory in a buffer. */
void *pmem_virt(paddr_t p);
/* The inverse of pmem_virt for addresses it returned. */
paddr_t pmem_phys(const void *v);
