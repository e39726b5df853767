/* The list of thread descriptors (so that a pthread_t can be checked before
 * use) and the count of live threads (the program ends with its last). */
#include "pt_internal.h"

struct pt_lock pt_registry_lock;
static struct __pthread *all;
static int live = 1; /* the main thread */

void pt_registry_add(struct __pthread *t)
{
	t->next = all;
	t->pprev = &all;
	if (all)
		all->pprev = &t->next;
	all = t;
}

void pt_registry_remove(struct __pthread *t)
{
	if (!t->pprev)
		return;
	if (t->next)
		t->next->pprev = t->pprev;
	*t->pprev = t->next;
	t->pprev = NULL;
}

bool pt_registry_has(struct __pthread *t)
{
	for (struct __pthread *p = all; p; p = p->next)
		if (p == t)
			return true;
	return false;
}

void pt_registry_each(void (*fn)(struct __pthread *t, void *ctx), void *ctx)
{
	for (struct __pthread *p = all; p; p = p->next)
		fn(p, ctx);
}

void pt_live_inc(void)
{
	__atomic_add_fetch(&live, 1, __ATOMIC_SEQ_CST);
}

int pt_live_dec(void)
{
	return __atomic_sub_fetch(&live, 1, __ATOMIC_SEQ_CST);
}
