/* Thread resources: many threads in sequence reuse capability slots,
 * UTCBs and memory; running out of them fails cleanly (EAGAIN) and
 * recovers; a created thread's stack has a guard area below it. */
#include "rt.h"
#include <utap.h>
#include <errno.h>
#include <malloc.h>
#include <semaphore.h>
#include <walnut/utcb_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/consts.h>
#include <l4/sys/task.h>

static void *nothing(void *arg)
{
	return arg;
}

struct footprint {
	unsigned free_slots;   /* capability slots the allocator can give */
	unsigned objects;      /* occupied slots below 0x1000 (kernel's view) */
	unsigned free_utcbs;
	size_t heap;           /* bytes malloc handed out */
};

static unsigned count_free_slots(void)
{
	static l4_cap_idx_t got[0x4000];
	unsigned n = 0;
	while (n < 0x4000 && l4_is_valid_cap(got[n] = l4re_util_cap_alloc()))
		n++;
	for (unsigned i = 0; i < n; i++)
		l4re_util_cap_free(got[i]);
	return n;
}

static unsigned count_objects(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < 0x1000; i++)
		n += l4_error(l4_task_cap_valid(L4RE_THIS_TASK_CAP, i << L4_CAP_SHIFT)) == 1;
	return n;
}

static unsigned count_free_utcbs(void)
{
	l4_utcb_t *got[1024];
	unsigned n = 0;
	while (n < 1024 && (got[n] = wn_utcb_alloc()))
		n++;
	for (unsigned i = 0; i < n; i++)
		wn_utcb_free(got[i]);
	return n;
}

static struct footprint footprint(void)
{
	return (struct footprint){ count_free_slots(), count_objects(), count_free_utcbs(),
				   mallinfo().uordblks };
}

static void same_footprint(struct footprint a, struct footprint b, bool heap)
{
	UCHECK_EQ(a.free_slots, b.free_slots);
	UCHECK_EQ(a.objects, b.objects);
	UCHECK_EQ(a.free_utcbs, b.free_utcbs);
	if (heap)
		UCHECK_LE(b.heap, a.heap + 4096);
}

UTEST(many_threads_in_sequence_leak_nothing)
{
	pthread_t t;
	for (int i = 0; i < 10; i++) { /* warm up: stack cache, stdio, pools */
		UASSERT_EQ(pthread_create(&t, NULL, nothing, NULL), 0);
		UASSERT_EQ(pthread_join(t, NULL), 0);
	}
	struct footprint before = footprint();
	uint64_t t0 = now_ns();
	int ok = 0;
	for (int i = 0; i < 200; i++) {
		void *v = NULL;
		if (pthread_create(&t, NULL, nothing, (void *)(uintptr_t)i) ||
		    pthread_join(t, &v) || (uintptr_t)v != (uintptr_t)i)
			break;
		ok++;
	}
	uint64_t dt = now_ns() - t0;
	struct footprint after = footprint();
	UCHECK_EQ(ok, 200);
	same_footprint(before, after, true);
	utap_note("200 create+join: %llu us each", (unsigned long long)(dt / 200 / 1000));
}

static sem_t hold;

static void *held(void *arg)
{
	sem_wait(&hold);
	return arg;
}

UTEST(running_out_of_threads_fails_cleanly)
{
	enum { MAX = 1100 };
	static pthread_t t[MAX];
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, PTHREAD_STACK_MIN);
	UASSERT_EQ(sem_init(&hold, 0, 0), 0);
	struct footprint before = footprint();
	unsigned n = 0;
	int err = 0;
	while (n < MAX && !(err = pthread_create(&t[n], &a, held, NULL)))
		n++;
	UCHECK_EQ(err, EAGAIN);
	utap_note("%u threads at once, then EAGAIN", n);
	UCHECK_GT(n, 16);
	for (unsigned i = 0; i < n; i++)
		sem_post(&hold);
	UCHECK_EQ(join_all(t, n), n);
	/* Everything came back: as many again. */
	unsigned m = 0;
	while (m < n && !pthread_create(&t[m], &a, held, NULL))
		m++;
	UCHECK_EQ(m, n);
	for (unsigned i = 0; i < m; i++)
		sem_post(&hold);
	UCHECK_EQ(join_all(t, m), m);
	/* The stack cache may hold other stacks now: no object count. */
	struct footprint after = footprint();
	UCHECK_EQ(after.free_utcbs, before.free_utcbs);
	pthread_attr_destroy(&a);
}

UTEST(huge_stack_fails_with_eagain)
{
	pthread_attr_t a;
	pthread_t t;
	pthread_attr_init(&a);
	UCHECK_EQ(pthread_attr_setstacksize(&a, (size_t)1 << 41), 0);
	UCHECK_EQ(pthread_create(&t, &a, nothing, NULL), EAGAIN);
	pthread_attr_destroy(&a);
}

static void *stack_facts(void *arg)
{
	pthread_attr_t *a = arg;
	return (void *)(uintptr_t)pthread_getattr_np(pthread_self(), a);
}

UTEST(stack_with_guard_area)
{
	pthread_attr_t a;
	pthread_t t;
	void *v;
	UASSERT_EQ(pthread_create(&t, NULL, stack_facts, &a), 0);
	UASSERT_EQ(pthread_join(t, &v), 0);
	UASSERT_EQ((uintptr_t)v, 0);
	void *base;
	size_t size, guard;
	UCHECK_EQ(pthread_attr_getstack(&a, &base, &size), 0);
	UCHECK_EQ(pthread_attr_getguardsize(&a, &guard), 0);
	UCHECK_EQ(size, 128 * 1024);
	UCHECK_EQ(guard, 4096);
	pthread_attr_destroy(&a);
	/* A new thread (probably on the same cached stack) looks below it. */
	l4_addr_t below = (l4_addr_t)base - 1;
	unsigned long rsize = 1;
	l4re_rm_offset_t off;
	l4re_rm_flags_t flags;
	l4re_ds_t ds;
	UASSERT_EQ(pthread_create(&t, NULL, nothing, NULL), 0);
	int r = l4re_rm_find(&below, &rsize, &off, &flags, &ds);
	UCHECK_EQ(pthread_join(t, NULL), 0);
	/* Either the area (no dataspace there) or nothing at all. */
	if (r == 0) {
		UCHECK(flags & L4RE_RM_F_IN_AREA);
		UCHECK(!l4_is_valid_cap(ds));
	} else {
		UCHECK_EQ(r, -L4_ENOENT);
	}
}
