/* Physical memory allocator: binary buddy system (see kern/pmem.h). */
#include <kern/panic.h>
#include <kern/pmem.h>
#include <kern/string.h>

/* A free block's first bytes: links to its neighbours in the order's list,
 * as physical addresses (valid whatever the current direct-map offset). */
struct free_block {
	u64 next, prev; /* NIL terminates */
};

/* End of a list: no page can start there (0 is a valid physical page). */
#define NIL (~0ull)

#define META_FREE_HEAD 0x80u /* frame heads a free block; low bits = order */
#define META_USED      0x00u

static struct {
	u64 first_pfn, nr_frames;  /* the frames meta[] covers */
	u8 *meta;                  /* one byte per frame (reached through pmem_virt) */
	paddr_t meta_phys;
	u64 heads[PMEM_MAX_ORDER + 1]; /* physical address of the first free block */
	u64 free_pages, total_pages;
} pm;

static struct free_block *blk(u64 pa) { return pmem_virt(paddr(pa)); }
static u8 *meta_of(u64 pa) { return &((u8 *)pmem_virt(pm.meta_phys))[(pa >> PAGE_SHIFT) - pm.first_pfn]; }

static void list_add(unsigned order, u64 pa)
{
	struct free_block *b = blk(pa);
	b->prev = NIL;
	b->next = pm.heads[order];
	if (b->next != NIL)
		blk(b->next)->prev = pa;
	pm.heads[order] = pa;
	*meta_of(pa) = (u8)(META_FREE_HEAD | order);
}

static void list_del(unsigned order, u64 pa)
{
	struct free_block *b = blk(pa);
	if (b->prev != NIL)
		blk(b->prev)->next = b->next;
	else
		pm.heads[order] = b->next;
	if (b->next != NIL)
		blk(b->next)->prev = b->prev;
	*meta_of(pa) = META_USED;
}

static bool covered(u64 pa)
{
	u64 f = pa >> PAGE_SHIFT;
	return f >= pm.first_pfn && f < pm.first_pfn + pm.nr_frames;
}

/* Frees [pa, pa + 2^order pages) merging with free buddies. */
static void free_block(u64 pa, unsigned order)
{
	while (order < PMEM_MAX_ORDER) {
		u64 buddy = pa ^ (PAGE_SIZE << order);
		if (!covered(buddy) || *meta_of(buddy) != (META_FREE_HEAD | order))
			break;
		list_del(order, buddy);
		pa = pa < buddy ? pa : buddy;
		order++;
	}
	list_add(order, pa);
}

/* Adds a range page by page in the largest aligned blocks that fit. */
static void add_range(u64 base, u64 end)
{
	while (base < end) {
		unsigned order = PMEM_MAX_ORDER;
		while (order > 0 && (!is_aligned(base, PAGE_SIZE << order) ||
				     base + (PAGE_SIZE << order) > end))
			order--;
		free_block(base, order);
		pm.free_pages += 1ull << order;
		pm.total_pages += 1ull << order;
		base += PAGE_SIZE << order;
	}
}

bool pmem_init(const struct pmem_range *r, unsigned count)
{
	memset(&pm, 0, sizeof(pm));
	for (unsigned o = 0; o <= PMEM_MAX_ORDER; o++)
		pm.heads[o] = NIL;
	if (count == 0)
		return false;
	u64 lo = r[0].base.v, hi = r[count - 1].base.v + r[count - 1].size;
	pm.first_pfn = lo >> PAGE_SHIFT;
	pm.nr_frames = (align_down(hi, PAGE_SIZE) >> PAGE_SHIFT) - pm.first_pfn;
	u64 meta_bytes = align_up(pm.nr_frames, PAGE_SIZE);
	/* The metadata lives at the start of the first range big enough. */
	unsigned host = count;
	for (unsigned i = 0; i < count; i++) {
		if (r[i].size > meta_bytes) {
			host = i;
			break;
		}
	}
	if (host == count)
		return false;
	pm.meta_phys = r[host].base;
	memset(pmem_virt(pm.meta_phys), META_USED, pm.nr_frames);
	for (unsigned i = 0; i < count; i++) {
		u64 b = align_up(r[i].base.v, PAGE_SIZE);
		u64 e = align_down(r[i].base.v + r[i].size, PAGE_SIZE);
		if (i == host)
			b += meta_bytes;
		if (b < e)
			add_range(b, e);
	}
	return true;
}

bool pmem_alloc(unsigned order, paddr_t *out)
{
	if (order > PMEM_MAX_ORDER)
		return false;
	unsigned o = order;
	while (o <= PMEM_MAX_ORDER && pm.heads[o] == NIL)
		o++;
	if (o > PMEM_MAX_ORDER)
		return false;
	u64 pa = pm.heads[o];
	list_del(o, pa);
	/* Split: the upper halves go back to the smaller orders' lists. */
	while (o > order) {
		o--;
		list_add(o, pa + (PAGE_SIZE << o));
	}
	pm.free_pages -= 1ull << order;
	*out = paddr(pa);
	return true;
}

/* True when [pa, +2^order pages) lies inside a free block: at pa's own
 * head or at the head of any larger aligned block containing it. */
static bool inside_free_block(u64 pa, unsigned order)
{
	for (unsigned o = order; o <= PMEM_MAX_ORDER; o++) {
		u64 head = align_down(pa, PAGE_SIZE << o);
		if (!covered(head))
			break;
		u8 m = *meta_of(head);
		if ((m & META_FREE_HEAD) && (m & ~META_FREE_HEAD) >= o)
			return true;
	}
	return false;
}

void pmem_free(paddr_t p, unsigned order)
{
	BUG_ON(order > PMEM_MAX_ORDER);
	BUG_ON(!is_aligned(p.v, PAGE_SIZE << order) || !covered(p.v));
	BUG_ON(inside_free_block(p.v, order)); /* a double free */
	free_block(p.v, order);
	pm.free_pages += 1ull << order;
}

u64 pmem_free_pages(void) { return pm.free_pages; }
u64 pmem_total_pages(void) { return pm.total_pages; }
