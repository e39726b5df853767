/* The capability-slot allocator: allocation, reuse, exhaustion, unmapping
 * frees, and two threads allocating at the same time. */
#include "rt_env.h"

#include <ktap.h>
#include <ktest_util.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

#define MANY 200

static l4_cap_idx_t got[L4RE_UTIL_CAP_ALLOC_END];

KTEST(caps_alloc_distinct_in_range)
{
	l4re_env_t *e = l4re_env();
	unsigned n;
	for (n = 0; n < MANY; n++) {
		got[n] = l4re_util_cap_alloc();
		KASSERT(l4_is_valid_cap(got[n]));
		KCHECK_GE(got[n], e->first_free_cap);
		KCHECK((long)got[n] <= l4re_util_cap_last());
		KCHECK_EQ(got[n] & (L4_CAP_SIZE - 1), 0);
	}
	unsigned dup = 0;
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = i + 1; j < n; j++)
			dup += got[i] == got[j];
	KCHECK_EQ(dup, 0);
	for (unsigned i = 0; i < n; i++)
		l4re_util_cap_free(got[i]);
}

KTEST(caps_free_then_reuse)
{
	l4_cap_idx_t a = l4re_util_cap_alloc();
	KASSERT(l4_is_valid_cap(a));
	l4re_util_cap_free(a);
	/* the freed slot comes back before the allocator runs out */
	bool seen = false;
	unsigned n = 0;
	for (; n < L4RE_UTIL_CAP_ALLOC_END && !seen; n++) {
		got[n] = l4re_util_cap_alloc();
		if (l4_is_invalid_cap(got[n]))
			break;
		seen = got[n] == a;
	}
	KCHECK(seen);
	for (unsigned i = 0; i < n; i++)
		l4re_util_cap_free(got[i]);
}

KTEST(caps_exhaustion)
{
	unsigned n = 0;
	while (n < L4RE_UTIL_CAP_ALLOC_END) {
		l4_cap_idx_t c = l4re_util_cap_alloc();
		if (l4_is_invalid_cap(c))
			break;
		got[n++] = c;
	}
	KCHECK_LT(n, L4RE_UTIL_CAP_ALLOC_END);
	ktap_note("allocator had %u free slots", n);
	KCHECK_GE(n, 1000);
	/* full: stays full, and one free makes exactly one slot */
	KCHECK(l4_is_invalid_cap(l4re_util_cap_alloc()));
	l4re_util_cap_free(got[n / 2]);
	l4_cap_idx_t again = l4re_util_cap_alloc();
	KCHECK_EQ(again, got[n / 2]);
	KCHECK(l4_is_invalid_cap(l4re_util_cap_alloc()));
	for (unsigned i = 0; i < n; i++)
		l4re_util_cap_free(got[i]);
	/* freeing what the allocator does not own changes nothing */
	l4re_util_cap_free(L4_BASE_LOG_CAP);
	l4re_util_cap_free(L4_INVALID_CAP);
	l4re_util_cap_free((L4RE_UTIL_CAP_ALLOC_END + 5) << L4_CAP_SHIFT);
	l4_cap_idx_t c = l4re_util_cap_alloc();
	KCHECK(l4_is_valid_cap(c));
	KCHECK(c != L4_BASE_LOG_CAP);
	l4re_util_cap_free(c);
}

KTEST(caps_free_um_unmaps)
{
	l4_cap_idx_t c = l4re_util_cap_alloc();
	KASSERT(l4_is_valid_cap(c));
	KASSERT_EQ(l4_error(l4_factory_create_irq(l4re_env()->factory, c)), 0);
	KCHECK_EQ(l4_msgtag_label(l4_task_cap_valid(L4RE_THIS_TASK_CAP, c)), 1);
	l4re_util_cap_free_um(c);
	KCHECK_EQ(l4_msgtag_label(l4_task_cap_valid(L4RE_THIS_TASK_CAP, c)), 0);
}

/* --- two threads at once ------------------------------------------------- */

#define PER_THREAD 600

struct worker {
	l4_cap_idx_t caps[PER_THREAD];
	volatile int done;
};
static struct worker workers[2];

static void worker_fn(void *arg)
{
	struct worker *w = arg;
	for (unsigned i = 0; i < PER_THREAD; i++) {
		w->caps[i] = l4re_util_cap_alloc();
		if ((i & 63) == 0)
			l4_thread_yield(); /* let the other one in between */
	}
	w->done = 1;
}

KTEST(caps_concurrent_threads)
{
	l4_cap_idx_t th[2];
	for (unsigned i = 0; i < 2; i++) {
		workers[i].done = 0;
		th[i] = rt_thread_new(worker_fn, &workers[i]);
		KASSERT(l4_is_valid_cap(th[i]));
	}
	l4_sched_param_t sp = l4_sched_param(L4RE_MAIN_THREAD_PRIO, 0);
	for (unsigned i = 0; i < 2; i++)
		KASSERT_EQ(l4_error(l4_scheduler_run_thread(l4re_env()->scheduler, th[i], &sp)), 0);
	for (unsigned t = 0; t < 200 && !(workers[0].done && workers[1].done); t++)
		kt_sleep_us(10000);
	KASSERT(workers[0].done && workers[1].done);
	unsigned invalid = 0, dup = 0;
	for (unsigned i = 0; i < PER_THREAD; i++) {
		invalid += l4_is_invalid_cap(workers[0].caps[i]) + l4_is_invalid_cap(workers[1].caps[i]);
		for (unsigned j = 0; j < PER_THREAD; j++)
			dup += workers[0].caps[i] == workers[1].caps[j];
	}
	KCHECK_EQ(invalid, 0);
	KCHECK_EQ(dup, 0);
	for (unsigned i = 0; i < 2; i++) {
		rt_thread_del(th[i]);
		for (unsigned j = 0; j < PER_THREAD; j++)
			l4re_util_cap_free(workers[i].caps[j]);
	}
}
