/* Kernel object memory: one-page slabs per power-of-two size class.
 *
 * A slab page starts with its header; objects follow at multiples of the
 * class size, so each object is aligned to its size (512-byte FPU areas
 * land 16-byte aligned as FXSAVE requires). Free objects are chained
 * through their first word.
 */
#include <kern/kmem.h>
#include <kern/list.h>
#include <kern/panic.h>
#include <kern/pmem.h>
#include <kern/string.h>

#define MIN_SHIFT 4   /* 16 bytes */
#define MAX_SHIFT 11  /* 2048 bytes */
#define NCLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define SLAB_MAGIC 0x5357414c4e4b4d45ull

struct slab {
	u64 magic;
	paddr_t page;
	struct list link;     /* in its class's partial list while it has room */
	void *free;           /* first free object */
	u32 in_use, capacity;
	u32 shift;
	u64 used[4];          /* one bit per object: catches double frees in O(1) */
};

static struct list partial[NCLASSES];
static bool ready;

static unsigned class_shift(size_t size)
{
	unsigned s = MIN_SHIFT;
	while ((1ul << s) < size)
		s++;
	return s;
}

static struct slab *slab_new(unsigned shift)
{
	paddr_t p;
	if (!pmem_alloc(0, &p))
		return NULL;
	struct slab *s = pmem_virt(p);
	size_t obj = 1ul << shift;
	size_t first = align_up(sizeof(*s), obj);
	*s = (struct slab){ .magic = SLAB_MAGIC, .page = p, .shift = shift,
			    .capacity = (u32)((PAGE_SIZE - first) / obj) };
	char *base = (char *)s;
	for (size_t off = PAGE_SIZE - obj; off >= first; off -= obj) {
		*(void **)(base + off) = s->free;
		s->free = base + off;
	}
	list_push_front(&partial[shift - MIN_SHIFT], &s->link);
	return s;
}

void *kmem_alloc(size_t size)
{
	if (!ready) {
		for (unsigned i = 0; i < NCLASSES; i++)
			list_init(&partial[i]);
		ready = true;
	}
	if (size > KMEM_MAX_SMALL) {
		if (size > (PAGE_SIZE << PMEM_MAX_ORDER))
			return NULL;
		unsigned order = 0;
		while ((PAGE_SIZE << order) < size)
			order++;
		paddr_t p;
		if (!pmem_alloc(order, &p))
			return NULL;
		memset(pmem_virt(p), 0, PAGE_SIZE << order);
		return pmem_virt(p);
	}
	unsigned shift = class_shift(size);
	struct list *l = &partial[shift - MIN_SHIFT];
	struct slab *s = list_empty(l) ? slab_new(shift) : list_entry(l->next, struct slab, link);
	if (!s)
		return NULL;
	void *obj = s->free;
	s->free = *(void **)obj;
	unsigned idx = (unsigned)(((u64)obj - (u64)s) >> shift);
	s->used[idx / 64] |= 1ull << (idx % 64);
	if (++s->in_use == s->capacity)
		list_remove(&s->link);
	memset(obj, 0, 1ul << shift);
	return obj;
}

void kmem_free(void *p, size_t size)
{
	if (!p)
		return;
	if (size > KMEM_MAX_SMALL) {
		BUG_ON(size > (PAGE_SIZE << PMEM_MAX_ORDER) || !is_aligned((u64)p, PAGE_SIZE));
		unsigned order = 0;
		while ((PAGE_SIZE << order) < size)
			order++;
		pmem_free(pmem_phys(p), order);
		return;
	}
	struct slab *s = (struct slab *)align_down((u64)p, PAGE_SIZE);
	BUG_ON(s->magic != SLAB_MAGIC || s->shift != class_shift(size));
	BUG_ON(((u64)p - (u64)s) % (1ul << s->shift) || (u64)p - (u64)s < sizeof(*s));
	unsigned idx = (unsigned)(((u64)p - (u64)s) >> s->shift);
	BUG_ON(!(s->used[idx / 64] & (1ull << (idx % 64)))); /* a double free */
	s->used[idx / 64] &= ~(1ull << (idx % 64));
	if (s->in_use == s->capacity)
		list_push_front(&partial[s->shift - MIN_SHIFT], &s->link);
	*(void **)p = s->free;
	s->free = p;
	if (--s->in_use == 0) {
		list_remove(&s->link);
		s->magic = 0;
		pmem_free(s->page, 0);
	}
}
