/* moe's physical page pool: a buddy allocator over the memory moe took
 * from sigma0, seen through moe's window at MOE_PHYS_WINDOW + phys. Free
 * blocks carry their list links in their first bytes; a bitmap (one bit
 * per page frame: "a free block starts here") makes buddy lookups safe. */
#include "moe.h"

#include <l4/sys/err.h>
#include <minrt_string.h>

struct free_block {
	struct free_block *next, *prev;
	unsigned order;
};

static struct free_block *free_list[MOE_MAX_ORDER + 1];
static unsigned long *head_bits;   /* bit per frame below max_pfn */
static unsigned long max_pfn;
static unsigned long free_pages, total_pages;

static unsigned long pfn_of(const void *va)
{
	return moe_virt_to_phys(va) >> L4_PAGESHIFT;
}

static void *va_of(unsigned long pfn)
{
	return (void *)(MOE_PHYS_WINDOW + (pfn << L4_PAGESHIFT));
}

static bool is_head(unsigned long pfn)
{
	return pfn < max_pfn && (head_bits[pfn / 64] >> (pfn % 64)) & 1;
}

static void set_head(unsigned long pfn, bool on)
{
	if (on)
		head_bits[pfn / 64] |= 1UL << (pfn % 64);
	else
		head_bits[pfn / 64] &= ~(1UL << (pfn % 64));
}

static void list_add(unsigned long pfn, unsigned order)
{
	struct free_block *b = va_of(pfn);
	b->order = order;
	b->prev = NULL;
	b->next = free_list[order];
	if (b->next)
		b->next->prev = b;
	free_list[order] = b;
	set_head(pfn, true);
}

static void list_del(struct free_block *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		free_list[b->order] = b->next;
	if (b->next)
		b->next->prev = b->prev;
	set_head(pfn_of(b), false);
}

l4_addr_t moe_virt_to_phys(const void *va)
{
	return (l4_addr_t)va - MOE_PHYS_WINDOW;
}

void moe_pages_init(unsigned long *bitmap, unsigned long frames)
{
	head_bits = bitmap;
	max_pfn = frames;
	memset(head_bits, 0, (frames + 63) / 64 * sizeof(unsigned long));
}

/* Returns a block to the pool, merging it with free buddies. */
static void free_block(unsigned long pfn, unsigned order)
{
	while (order < MOE_MAX_ORDER) {
		unsigned long buddy = pfn ^ (1UL << order);
		if (!is_head(buddy))
			break;
		struct free_block *b = va_of(buddy);
		if (b->order != order)
			break;
		list_del(b);
		pfn &= ~(1UL << order);
		order++;
	}
	list_add(pfn, order);
}

void moe_pages_add(l4_addr_t phys, unsigned order)
{
	unsigned long pfn = phys >> L4_PAGESHIFT;
	unsigned po = order - L4_PAGESHIFT;
	if (pfn + (1UL << po) > max_pfn)
		return; /* outside the bitmap: cannot be tracked */
	total_pages += 1UL << po;
	free_pages += 1UL << po;
	while (po > MOE_MAX_ORDER) { /* larger than a buddy block: split */
		po--;
		free_block(pfn + (1UL << po), po);
	}
	free_block(pfn, po);
}

void *moe_pages_alloc(unsigned order)
{
	if (order < L4_PAGESHIFT || order - L4_PAGESHIFT > MOE_MAX_ORDER)
		return NULL;
	unsigned want = order - L4_PAGESHIFT, o = want;
	while (o <= MOE_MAX_ORDER && !free_list[o])
		o++;
	if (o > MOE_MAX_ORDER) {
		if (!moe_mem_grow(order))
			return NULL;
		for (o = want; o <= MOE_MAX_ORDER && !free_list[o]; o++)
			;
		if (o > MOE_MAX_ORDER)
			return NULL;
	}
	struct free_block *b = free_list[o];
	list_del(b);
	unsigned long pfn = pfn_of(b);
	while (o > want) { /* give back the upper halves */
		o--;
		list_add(pfn + (1UL << o), o);
	}
	free_pages -= 1UL << want;
	return va_of(pfn);
}

void moe_pages_free(void *va, unsigned order)
{
	unsigned po = order - L4_PAGESHIFT;
	free_pages += 1UL << po;
	free_block(pfn_of(va), po);
}

void *moe_pages_alloc_range(unsigned long pages, unsigned align_order)
{
	unsigned o = L4_PAGESHIFT;
	while ((1UL << (o - L4_PAGESHIFT)) < pages)
		o++;
	if (o < align_order)
		o = align_order;
	char *va = moe_pages_alloc(o);
	if (!va)
		return NULL;
	/* Give back the tail beyond pages, in aligned blocks. */
	unsigned long have = 1UL << (o - L4_PAGESHIFT), at = pages;
	while (at < have) {
		unsigned bo = 0;
		while (!(at & (1UL << bo)) && at + (2UL << bo) <= have)
			bo++;
		moe_pages_free(va + (at << L4_PAGESHIFT), bo + L4_PAGESHIFT);
		at += 1UL << bo;
	}
	return va;
}

void moe_pages_free_range(void *va, unsigned long pages)
{
	unsigned long at = 0;
	unsigned long pfn = pfn_of(va);
	while (at < pages) {
		unsigned bo = 0;
		while (bo < MOE_MAX_ORDER && !((pfn + at) & (1UL << bo)) && at + (2UL << bo) <= pages)
			bo++;
		moe_pages_free((char *)va + (at << L4_PAGESHIFT), bo + L4_PAGESHIFT);
		at += 1UL << bo;
	}
}

void moe_pages_stats(unsigned long *free, unsigned long *total)
{
	*free = free_pages << L4_PAGESHIFT;
	*total = total_pages << L4_PAGESHIFT;
}
