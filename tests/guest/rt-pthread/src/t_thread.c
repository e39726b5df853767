/* Threads: return values, identity, join and detach rules, cleanup
 * handlers, scheduling parameters, the L4 functions. */
#include "rt.h"
#include <utap.h>
#include <errno.h>
#include <pthread-l4.h>
#include <semaphore.h>
#include <l4/re/env.h>
#include <l4/sys/task.h>
#include <l4/re/consts.h>

enum { JOINERS = 48 }; /* the UTCB area allows about 60 at once */

static void *times_three(void *arg)
{
	return (void *)((uintptr_t)arg * 3);
}

UTEST(join_returns_each_threads_value)
{
	pthread_t t[JOINERS];
	unsigned n = spawn(t, JOINERS, times_three);
	UCHECK_EQ(n, JOINERS);
	/* Joined in reverse: most have exited long before. */
	for (unsigned i = n; i-- > 0;) {
		void *v = NULL;
		UCHECK_EQ(pthread_join(t[i], &v), 0);
		UCHECK_EQ((uintptr_t)v, i * 3);
	}
}

static void *exit_with(void *arg)
{
	pthread_exit((void *)((uintptr_t)arg + 1000));
	return NULL; /* not reached */
}

UTEST(pthread_exit_value_reaches_joiner)
{
	pthread_t t;
	void *v;
	UASSERT_EQ(pthread_create(&t, NULL, exit_with, (void *)7), 0);
	UCHECK_EQ(pthread_join(t, &v), 0);
	UCHECK_EQ((uintptr_t)v, 1007);
}

static pthread_t seen_self;

static void *report_self(void *arg)
{
	(void)arg;
	seen_self = pthread_self();
	return NULL;
}

UTEST(self_and_equal)
{
	pthread_t t;
	UASSERT_EQ(pthread_create(&t, NULL, report_self, NULL), 0);
	UCHECK_EQ(pthread_join(t, NULL), 0);
	UCHECK(pthread_equal(seen_self, t));
	UCHECK(!pthread_equal(pthread_self(), t));
	UCHECK(pthread_equal(pthread_self(), pthread_self()));
}

static sem_t gate;

static void *wait_gate(void *arg)
{
	(void)arg;
	sem_wait(&gate);
	return NULL;
}

UTEST(join_and_detach_errors)
{
	pthread_t t;
	UCHECK_EQ(pthread_join(pthread_self(), NULL), EDEADLK);
	UASSERT_EQ(sem_init(&gate, 0, 0), 0);
	UASSERT_EQ(pthread_create(&t, NULL, wait_gate, NULL), 0);
	UCHECK_EQ(pthread_detach(t), 0);
	UCHECK_EQ(pthread_detach(t), EINVAL);   /* detached already */
	UCHECK_EQ(pthread_join(t, NULL), EINVAL); /* detached: not joinable */
	sem_post(&gate);
	/* A joined thread is gone: its id no longer names a thread. */
	UASSERT_EQ(pthread_create(&t, NULL, times_three, NULL), 0);
	UCHECK_EQ(pthread_join(t, NULL), 0);
	UCHECK_EQ(pthread_join(t, NULL), ESRCH);
	UCHECK_EQ(pthread_detach(t), ESRCH);
	UCHECK_EQ(pthread_create(NULL, NULL, times_three, NULL), EINVAL);
	UCHECK_EQ(pthread_create(&t, NULL, NULL, NULL), EINVAL);
}

static int detached_done;
static sem_t detached_sem;

static void *detached_worker(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&detached_done, 1, __ATOMIC_SEQ_CST);
	sem_post(&detached_sem);
	return NULL;
}

UTEST(detached_threads_run_and_vanish)
{
	pthread_attr_t a;
	pthread_attr_init(&a);
	UCHECK_EQ(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED), 0);
	UASSERT_EQ(sem_init(&detached_sem, 0, 0), 0);
	for (int i = 0; i < 20; i++) {
		pthread_t t;
		UASSERT_EQ(pthread_create(&t, &a, detached_worker, NULL), 0);
	}
	/* A joinable thread detached after it ended is freed at once. */
	pthread_t j;
	UASSERT_EQ(pthread_create(&j, NULL, detached_worker, NULL), 0);
	for (int i = 0; i < 21; i++)
		UCHECK_EQ(sem_wait(&detached_sem), 0);
	sleep_ms(5);
	UCHECK_EQ(pthread_detach(j), 0);
	UCHECK_EQ(detached_done, 21);
	pthread_attr_destroy(&a);
}

static int cleanup_log[4], cleanup_n;

static void note_cleanup(void *arg)
{
	cleanup_log[cleanup_n++] = (int)(uintptr_t)arg;
}

static void *with_cleanup(void *arg)
{
	(void)arg;
	pthread_cleanup_push(note_cleanup, (void *)1);
	pthread_cleanup_push(note_cleanup, (void *)2);
	pthread_cleanup_pop(0);        /* 2 removed without running */
	pthread_cleanup_push(note_cleanup, (void *)3);
	pthread_exit(NULL);            /* runs 3, then 1 */
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return NULL;
}

UTEST(cleanup_handlers_run_at_exit)
{
	pthread_t t;
	cleanup_n = 0;
	UASSERT_EQ(pthread_create(&t, NULL, with_cleanup, NULL), 0);
	UCHECK_EQ(pthread_join(t, NULL), 0);
	UASSERT_EQ(cleanup_n, 2);
	UCHECK_EQ(cleanup_log[0], 3);
	UCHECK_EQ(cleanup_log[1], 1);
}

struct sched_seen {
	int policy, prio;
};

static void *report_sched(void *arg)
{
	struct sched_seen *s = arg;
	struct sched_param p;
	pthread_getschedparam(pthread_self(), &s->policy, &p);
	s->prio = p.sched_priority;
	return NULL;
}

UTEST(priority_attribute_visible_in_thread)
{
	pthread_attr_t a;
	struct sched_param p = { .sched_priority = 5 };
	struct sched_seen seen = { -1, -1 };
	pthread_t t;
	pthread_attr_init(&a);
	UCHECK_EQ(pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED), 0);
	UCHECK_EQ(pthread_attr_setschedpolicy(&a, SCHED_L4), 0);
	UCHECK_EQ(pthread_attr_setschedparam(&a, &p), 0);
	UASSERT_EQ(pthread_create(&t, &a, report_sched, &seen), 0);
	UCHECK_EQ(pthread_join(t, NULL), 0);
	UCHECK_EQ(seen.policy, SCHED_L4);
	UCHECK_EQ(seen.prio, 5);
	/* Inherited: the creator's (main: SCHED_OTHER, 0). */
	UASSERT_EQ(pthread_create(&t, NULL, report_sched, &seen), 0);
	UCHECK_EQ(pthread_join(t, NULL), 0);
	UCHECK_EQ(seen.policy, SCHED_OTHER);
	UCHECK_EQ(seen.prio, 0);
	/* A priority outside the policy's range. */
	p.sched_priority = 3;
	UCHECK_EQ(pthread_attr_setschedpolicy(&a, SCHED_OTHER), 0);
	UCHECK_EQ(pthread_attr_setschedparam(&a, &p), 0);
	UCHECK_EQ(pthread_create(&t, &a, report_sched, &seen), EINVAL);
	pthread_attr_destroy(&a);
}

UTEST(setschedparam_and_ranges)
{
	int policy;
	struct sched_param p;
	UCHECK_EQ(sched_get_priority_min(SCHED_RR), 1);
	UCHECK_EQ(sched_get_priority_max(SCHED_RR), 99);
	UCHECK_EQ(sched_get_priority_min(SCHED_OTHER), 0);
	UCHECK_EQ(sched_get_priority_max(SCHED_L4), 255);
	UCHECK_EQ(sched_get_priority_max(42), -1);
	UCHECK_EQ(errno, EINVAL);
	p.sched_priority = 10;
	UCHECK_EQ(pthread_setschedparam(pthread_self(), SCHED_RR, &p), 0);
	UCHECK_EQ(pthread_getschedparam(pthread_self(), &policy, &p), 0);
	UCHECK_EQ(policy, SCHED_RR);
	UCHECK_EQ(p.sched_priority, 10);
	UCHECK_EQ(pthread_setschedprio(pthread_self(), 11), 0);
	p.sched_priority = 100;
	UCHECK_EQ(pthread_setschedparam(pthread_self(), SCHED_RR, &p), EINVAL);
	UCHECK_EQ(pthread_getschedparam(pthread_self(), &policy, &p), 0);
	UCHECK_EQ(p.sched_priority, 11);
	/* Back to where the main thread started. */
	p.sched_priority = 0;
	UCHECK_EQ(pthread_setschedparam(pthread_self(), SCHED_OTHER, &p), 0);
	UCHECK_EQ(sched_yield(), 0);
	UCHECK_EQ(sched_getscheduler(0), SCHED_OTHER);
	UCHECK_EQ(sched_getscheduler(12345), -1);
	UCHECK_EQ(errno, ESRCH);
}

static void *return_arg(void *arg)
{
	return arg;
}

UTEST(l4_cap_and_deferred_start)
{
	l4_cap_idx_t me = pthread_l4_cap(pthread_self());
	UCHECK(l4_is_valid_cap(me));
	UCHECK_EQ(me, l4re_env()->main_thread);
	UCHECK(pthread_l4_utcb(pthread_self()) == l4_utcb());
	pthread_attr_t a;
	pthread_t t;
	void *v = NULL;
	pthread_attr_init(&a);
	a.create_flags |= PTHREAD_L4_ATTR_NO_START;
	UASSERT_EQ(pthread_create(&t, &a, return_arg, (void *)1), 0);
	l4_cap_idx_t c = pthread_l4_cap(t);
	UCHECK(l4_is_valid_cap(c));
	UCHECK_EQ(l4_error(l4_task_cap_valid(L4RE_THIS_TASK_CAP, c)), 1);
	UCHECK_EQ(pthread_l4_start(t, return_arg, (void *)2), 0);
	UCHECK_EQ(pthread_l4_start(t, return_arg, (void *)3), EINVAL);
	UCHECK_EQ(pthread_join(t, &v), 0);
	UCHECK_EQ((uintptr_t)v, 2);
	/* Joined: the kernel object is gone. */
	UCHECK_EQ(l4_error(l4_task_cap_valid(L4RE_THIS_TASK_CAP, c)), 0);
	UCHECK(!l4_is_valid_cap(pthread_l4_cap(t)));
	pthread_attr_destroy(&a);
}

static void *named(void *arg)
{
	char buf[16];
	(void)arg;
	if (pthread_setname_np(pthread_self(), "worker-7"))
		return (void *)1;
	if (pthread_getname_np(pthread_self(), buf, sizeof(buf)))
		return (void *)2;
	return buf[0] == 'w' && buf[7] == '7' && !buf[8] ? NULL : (void *)3;
}

UTEST(thread_names)
{
	pthread_t t;
	void *v = (void *)9;
	char small[4];
	UASSERT_EQ(pthread_create(&t, NULL, named, NULL), 0);
	UCHECK_EQ(pthread_join(t, &v), 0);
	UCHECK_EQ((uintptr_t)v, 0);
	UCHECK_EQ(pthread_setname_np(pthread_self(), "a name that is too long"), ERANGE);
	UCHECK_EQ(pthread_setname_np(pthread_self(), "main"), 0);
	UCHECK_EQ(pthread_getname_np(pthread_self(), small, 4), ERANGE);
}

static volatile int order_log[4], order_n;

static void *log_and_return(void *arg)
{
	order_log[order_n++] = (int)(uintptr_t)arg;
	return arg;
}

static int start_at(pthread_t *t, int l4prio, int detached, void *arg)
{
	pthread_attr_t a;
	struct sched_param p = { .sched_priority = l4prio };
	pthread_attr_init(&a);
	pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&a, SCHED_L4);
	pthread_attr_setschedparam(&a, &p);
	pthread_attr_setdetachstate(&a, detached ? PTHREAD_CREATE_DETACHED : PTHREAD_CREATE_JOINABLE);
	int r = pthread_create(t, &a, log_and_return, arg);
	pthread_attr_destroy(&a);
	return r;
}

/* The main thread runs at L4 priority 2 (SCHED_OTHER). A thread above it
 * runs (and ends) before pthread_create() returns; one below it only
 * when main blocks, and its joiner must hand it the CPU to let it finish. */
UTEST(priorities_above_and_below_the_creator)
{
	pthread_t hi, lo, hid;
	void *v = NULL;
	order_n = 0;
	UASSERT_EQ(start_at(&lo, 1, 0, (void *)1), 0);
	UASSERT_EQ(start_at(&hi, 3, 0, (void *)3), 0);
	UCHECK_EQ(order_n, 1);       /* hi ran at once, lo not yet */
	UCHECK_EQ(order_log[0], 3);
	UASSERT_EQ(start_at(&hid, 4, 1, (void *)4), 0); /* detached, ends at once */
	UCHECK_EQ(order_n, 2);
	UCHECK_EQ(pthread_join(hi, &v), 0);
	UCHECK_EQ((uintptr_t)v, 3);
	UCHECK_EQ(pthread_join(lo, &v), 0); /* main blocks: lo runs */
	UCHECK_EQ((uintptr_t)v, 1);
	UCHECK_EQ(order_n, 3);
	UCHECK_EQ(order_log[2], 1);
}
