/* UTCB allocation: a bitmap over the task's UTCB area from the env's
 * first_free_utcb on (the loader's main thread uses the first one). */
#include <walnut/utcb_alloc.h>
#include <stdatomic.h>
#include <l4/re/env.h>

enum { MAX_UTCBS = 1024 };

static _Atomic unsigned long used[MAX_UTCBS / 64];

static l4_addr_t area_start(void) { return l4re_env()->first_free_utcb; }

static unsigned area_count(void)
{
	l4_fpage_t a = l4re_env()->utcb_area;
	l4_addr_t end = l4_fpage_memaddr(a) + (1UL << l4_fpage_size(a));
	l4_addr_t start = area_start();
	if (!start || start >= end)
		return 0;
	unsigned long n = (end - start) / L4_UTCB_OFFSET;
	return n > MAX_UTCBS ? MAX_UTCBS : (unsigned)n;
}

l4_utcb_t *wn_utcb_alloc(void)
{
	unsigned n = area_count();
	for (unsigned i = 0; i < n; i++) {
		unsigned long bit = 1UL << (i % 64);
		unsigned long old = atomic_fetch_or(&used[i / 64], bit);
		if (!(old & bit))
			return (l4_utcb_t *)(area_start() + (l4_addr_t)i * L4_UTCB_OFFSET);
	}
	return NULL;
}

void wn_utcb_free(l4_utcb_t *u)
{
	l4_addr_t off = (l4_addr_t)u - area_start();
	unsigned i = (unsigned)(off / L4_UTCB_OFFSET);
	if ((l4_addr_t)u < area_start() || i >= area_count() || off % L4_UTCB_OFFSET)
		return;
	atomic_fetch_and(&used[i / 64], ~(1UL << (i % 64)));
}
