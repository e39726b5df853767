/* Thread stacks: a dataspace of their own, attached in an area of the
 * region map whose lowest pages (the guard) stay unattached, so that an
 * overflow faults instead of overwriting the neighbour. Freed stacks are
 * kept for reuse (a few, by size), so creating and joining threads in a
 * loop makes no calls to moe. */
#include "pt_internal.h"
#include <errno.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/consts.h>

enum { CACHE_MAX = 8 };

static struct pt_lock cache_lock;
static struct pt_stack cache[CACHE_MAX];
static unsigned cached;

static bool cache_take(struct pt_stack *s, size_t size, size_t guard)
{
	bool found = false;
	pt_lock(&cache_lock);
	for (unsigned i = 0; i < cached && !found; i++) {
		if (cache[i].size == size && cache[i].guard == guard) {
			*s = cache[i];
			cache[i] = cache[--cached];
			found = true;
		}
	}
	pt_unlock(&cache_lock);
	return found;
}

static bool cache_put(const struct pt_stack *s)
{
	bool kept = false;
	pt_lock(&cache_lock);
	if (cached < CACHE_MAX) {
		cache[cached++] = *s;
		kept = true;
	}
	pt_unlock(&cache_lock);
	return kept;
}

static void release(struct pt_stack *s)
{
	if (s->base)
		l4re_rm_detach(s->base);
	if (s->guard && s->mem)
		l4re_rm_free_area((l4_addr_t)s->mem);
	if (l4_is_valid_cap(s->ds)) {
		l4re_ma_free(s->ds);
		l4re_util_cap_free_um(s->ds);
	}
	s->ds = L4_INVALID_CAP;
}

/* The area (guard + stack) and the attached dataspace. */
static int make(struct pt_stack *s)
{
	l4_addr_t at = 0;
	if (s->guard && l4re_rm_reserve_area(&at, s->mem_size, L4RE_RM_F_SEARCH_ADDR,
					     L4_PAGESHIFT) < 0)
		return EAGAIN;
	s->mem = (void *)at;
	s->ds = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(s->ds) || l4re_ma_alloc((long)s->size, s->ds, 0) < 0) {
		l4re_util_cap_free(s->ds);
		s->ds = L4_INVALID_CAP;
		release(s);
		return EAGAIN;
	}
	void *base = (void *)(at + s->guard);
	l4re_rm_flags_t how = L4RE_RM_F_RW | (s->guard ? L4RE_RM_F_IN_AREA : L4RE_RM_F_SEARCH_ADDR);
	if (l4re_rm_attach(&base, s->size, how, s->ds, 0, L4_PAGESHIFT) < 0) {
		release(s);
		return EAGAIN;
	}
	s->base = base;
	if (!s->guard)
		s->mem = base;
	return 0;
}

int pt_stack_alloc(struct pt_stack *s, size_t size, size_t guard)
{
	size = l4_round_page(size);
	guard = l4_round_page(guard);
	if (!size || size > (1UL << 40) || guard > (1UL << 40))
		return EAGAIN;
	if (cache_take(s, size, guard))
		return 0;
	*s = (struct pt_stack){ .size = size, .guard = guard, .mem_size = size + guard,
				.ds = L4_INVALID_CAP };
	return make(s);
}

void pt_stack_free(struct pt_stack *s)
{
	if (l4_is_invalid_cap(s->ds))
		return; /* the caller's own memory */
	if (!cache_put(s))
		release(s);
	s->ds = L4_INVALID_CAP;
}
