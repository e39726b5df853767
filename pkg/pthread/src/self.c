/* pthread_self() and pthread_equal(); descriptors for the main thread and
 * for threads the library did not start, made when they first ask. */
#include "pt_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <l4/re/env.h>

static struct __pthread main_thread;

static void adopted_init(struct __pthread *t, struct wn_tcb *tcb, enum pt_kind kind)
{
	t->kind = kind;
	t->cap = tcb->thread;
	t->utcb = l4_utcb();
	t->tcb = tcb;
	t->stack.ds = L4_INVALID_CAP;
	t->started = true;
	/* Nobody knows another thread's id to join it; the main thread can
	 * be joined once it called pthread_exit(). */
	t->detached = kind == PT_ADOPTED;
	t->policy = SCHED_OTHER;
	t->priority = 0;
}

static struct __pthread *adopt(struct wn_tcb *tcb)
{
	bool is_main = tcb->thread == l4re_env()->main_thread;
	struct __pthread *t = is_main ? &main_thread : calloc(1, sizeof(*t));
	if (!t) {
		fputs("pthread: no memory for a thread descriptor\n", stderr);
		abort();
	}
	adopted_init(t, tcb, is_main ? PT_MAIN : PT_ADOPTED);
	pt_lock(&pt_registry_lock);
	pt_registry_add(t);
	pt_unlock(&pt_registry_lock);
	tcb->pthread = t;
	return t;
}

struct __pthread *pt_self(void)
{
	struct wn_tcb *tcb = wn_tcb_self();
	struct __pthread *t = tcb->pthread;
	if (__builtin_expect(t != NULL, 1))
		return t;
	return adopt(tcb);
}

pthread_t pthread_self(void)
{
	return pt_self();
}

int pthread_equal(pthread_t t1, pthread_t t2)
{
	return t1 == t2;
}
