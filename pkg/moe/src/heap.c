/* moe's object heap: power-of-two size classes (32 B .. 2 KiB) carved from
 * single pages, larger objects as whole pages. Every allocation is charged
 * to the client's quota with the size it really takes. */
#include "moe.h"

#include <l4/sys/err.h>
#include <minrt_string.h>

enum { MIN_SHIFT = 5, MAX_SHIFT = 11, N_CLASSES = MAX_SHIFT - MIN_SHIFT + 1 };

struct chunk {
	struct chunk *next;
};

static struct chunk *classes[N_CLASSES];

/* The size class index of size, or N_CLASSES for whole pages. */
static unsigned class_of(size_t size)
{
	unsigned c = 0;
	while (c < N_CLASSES && (1UL << (MIN_SHIFT + c)) < size)
		c++;
	return c;
}

/* What an allocation of size bytes really takes. */
static unsigned long real_size(size_t size)
{
	unsigned c = class_of(size);
	return c < N_CLASSES ? 1UL << (MIN_SHIFT + c) : l4_round_page(size);
}

static bool refill(unsigned c)
{
	char *page = moe_pages_alloc(L4_PAGESHIFT);
	if (!page)
		return false;
	unsigned long sz = 1UL << (MIN_SHIFT + c);
	for (unsigned long off = 0; off + sz <= L4_PAGESIZE; off += sz) {
		struct chunk *ch = (struct chunk *)(page + off);
		ch->next = classes[c];
		classes[c] = ch;
	}
	return true;
}

void *moe_obj_alloc(struct moe_quota *q, size_t size)
{
	if (size == 0 || size > (1UL << 40))
		return NULL;
	unsigned long real = real_size(size);
	if (moe_quota_charge(q, real) < 0)
		return NULL;
	unsigned c = class_of(size);
	void *p;
	if (c == N_CLASSES) {
		p = moe_pages_alloc_range(real >> L4_PAGESHIFT, L4_PAGESHIFT);
	} else {
		p = (classes[c] || refill(c)) ? classes[c] : NULL;
		if (p)
			classes[c] = classes[c]->next;
	}
	if (!p) {
		moe_quota_release(q, real);
		return NULL;
	}
	memset(p, 0, real);
	return p;
}

void moe_obj_free(struct moe_quota *q, void *p, size_t size)
{
	if (!p)
		return;
	unsigned long real = real_size(size);
	unsigned c = class_of(size);
	if (c == N_CLASSES) {
		moe_pages_free_range(p, real >> L4_PAGESHIFT);
	} else {
		struct chunk *ch = p;
		ch->next = classes[c];
		classes[c] = ch;
	}
	moe_quota_release(q, real);
}
