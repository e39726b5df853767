/* Mutexes: exact counts under contention, an uncontended path without
 * system calls, recursive and error-checking semantics, trylock and
 * timedlock. */
#include "rt.h"
#include <utap.h>
#include <errno.h>
#include <walnut/tcb.h>
#include <l4/sys/thread.h>

enum { THREADS = 8, ROUNDS = 20000 };

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;

static void *count_up(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&counter_lock);
		long v = counter;
		/* Now and then give the CPU away inside: others must wait. */
		if (i % 1000 == 0)
			sched_yield();
		counter = v + 1;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

UTEST(mutex_counter_exact_with_8_threads)
{
	pthread_t t[THREADS];
	counter = 0;
	UASSERT_EQ(spawn(t, THREADS, count_up), THREADS);
	UCHECK_EQ(join_all(t, THREADS), THREADS);
	UCHECK_EQ(counter, (long)THREADS * ROUNDS);
}

/* In a fresh thread: uncontended locking never waits (its wake-up Irq is
 * never made) and costs far less than one system call. The best of
 * several batches, so that a busy host does not decide. */
static void *uncontended(void *arg)
{
	uint64_t *ns = arg;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	enum { BATCHES = 20, N = 1000 };
	ns[0] = ns[1] = UINT64_MAX;
	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = now_ns();
		for (int i = 0; i < N; i++) {
			pthread_mutex_lock(&m);
			pthread_mutex_unlock(&m);
		}
		uint64_t t1 = now_ns();
		for (int i = 0; i < N / 10; i++)
			l4_thread_yield(); /* a system call that returns at once */
		uint64_t t2 = now_ns();
		if ((t1 - t0) / N < ns[0])
			ns[0] = (t1 - t0) / N;
		if ((t2 - t1) / (N / 10) < ns[1])
			ns[1] = (t2 - t1) / (N / 10);
	}
	ns[2] = l4_is_valid_cap(wn_tcb_self()->wake_irq);
	return NULL;
}

UTEST(mutex_uncontended_makes_no_system_call)
{
	uint64_t ns[3] = { 0, 0, 1 };
	pthread_t t;
	UASSERT_EQ(pthread_create(&t, NULL, uncontended, ns), 0);
	UCHECK_EQ(pthread_join(t, NULL), 0);
	UCHECK_EQ(ns[2], 0);
	UCHECK_LT(ns[0] * 2, ns[1]);
	utap_note("lock+unlock %llu ns, a system call %llu ns", (unsigned long long)ns[0],
		  (unsigned long long)ns[1]);
}

struct two {
	pthread_mutex_t *m;
	int result;
};

static void *try_from_other(void *arg)
{
	struct two *x = arg;
	x->result = pthread_mutex_trylock(x->m);
	if (x->result == 0)
		pthread_mutex_unlock(x->m);
	return NULL;
}

static void *unlock_from_other(void *arg)
{
	struct two *x = arg;
	x->result = pthread_mutex_unlock(x->m);
	return NULL;
}

static int in_thread(void *(*fn)(void *), pthread_mutex_t *m)
{
	struct two x = { m, -1 };
	pthread_t t;
	if (pthread_create(&t, NULL, fn, &x) || pthread_join(t, NULL))
		return -2;
	return x.result;
}

UTEST(mutex_recursive)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	int type;
	UCHECK_EQ(pthread_mutexattr_init(&a), 0);
	UCHECK_EQ(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), 0);
	UCHECK_EQ(pthread_mutexattr_gettype(&a, &type), 0);
	UCHECK_EQ(type, PTHREAD_MUTEX_RECURSIVE);
	UASSERT_EQ(pthread_mutex_init(&m, &a), 0);
	UCHECK_EQ(pthread_mutex_lock(&m), 0);
	UCHECK_EQ(pthread_mutex_lock(&m), 0);
	UCHECK_EQ(pthread_mutex_trylock(&m), 0);
	UCHECK_EQ(in_thread(try_from_other, &m), EBUSY);
	UCHECK_EQ(in_thread(unlock_from_other, &m), EPERM);
	UCHECK_EQ(pthread_mutex_destroy(&m), EBUSY);
	UCHECK_EQ(pthread_mutex_unlock(&m), 0);
	UCHECK_EQ(pthread_mutex_unlock(&m), 0);
	UCHECK_EQ(in_thread(try_from_other, &m), EBUSY); /* still held once */
	UCHECK_EQ(pthread_mutex_unlock(&m), 0);
	UCHECK_EQ(pthread_mutex_unlock(&m), EPERM);      /* not held */
	UCHECK_EQ(in_thread(try_from_other, &m), 0);
	UCHECK_EQ(pthread_mutex_destroy(&m), 0);
	pthread_mutexattr_destroy(&a);
	pthread_mutex_t s = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
	UCHECK_EQ(pthread_mutex_lock(&s), 0);
	UCHECK_EQ(pthread_mutex_lock(&s), 0);
	UCHECK_EQ(pthread_mutex_unlock(&s), 0);
	UCHECK_EQ(pthread_mutex_unlock(&s), 0);
}

UTEST(mutex_errorcheck)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	pthread_mutexattr_init(&a);
	UCHECK_EQ(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK), 0);
	UASSERT_EQ(pthread_mutex_init(&m, &a), 0);
	UCHECK_EQ(pthread_mutex_unlock(&m), EPERM);
	UCHECK_EQ(pthread_mutex_lock(&m), 0);
	UCHECK_EQ(pthread_mutex_lock(&m), EDEADLK);
	UCHECK_EQ(pthread_mutex_trylock(&m), EBUSY);
	UCHECK_EQ(in_thread(unlock_from_other, &m), EPERM);
	UCHECK_EQ(pthread_mutex_unlock(&m), 0);
	UCHECK_EQ(pthread_mutex_unlock(&m), EPERM);
	UCHECK_EQ(pthread_mutex_destroy(&m), 0);
	UCHECK_EQ(pthread_mutex_lock(&m), EINVAL); /* destroyed */
	pthread_mutexattr_destroy(&a);
}

UTEST(mutex_trylock_busy)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	UCHECK_EQ(pthread_mutex_trylock(&m), 0);
	UCHECK_EQ(pthread_mutex_trylock(&m), EBUSY);
	UCHECK_EQ(in_thread(try_from_other, &m), EBUSY);
	UCHECK_EQ(pthread_mutex_unlock(&m), 0);
	UCHECK_EQ(in_thread(try_from_other, &m), 0);
}

struct timed {
	pthread_mutex_t *m;
	int result;
	uint64_t waited_ns;
};

static void *timedlock_other(void *arg)
{
	struct timed *x = arg;
	struct timespec ts = abs_in_ms(CLOCK_REALTIME, 50);
	uint64_t t0 = realtime_ns();
	x->result = pthread_mutex_timedlock(x->m, &ts);
	x->waited_ns = realtime_ns() - t0;
	return NULL;
}

UTEST(mutex_timedlock_times_out)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	struct timed x = { &m, -1, 0 };
	pthread_t t;
	struct timespec bad = { 0, -1 }, past = { 0, 0 };
	UCHECK_EQ(pthread_mutex_timedlock(&m, &bad), 0); /* free: not looked at */
	UCHECK_EQ(pthread_mutex_timedlock(&m, &bad), EINVAL);
	UCHECK_EQ(pthread_mutex_timedlock(&m, &past), ETIMEDOUT);
	UASSERT_EQ(pthread_create(&t, NULL, timedlock_other, &x), 0);
	UCHECK_EQ(pthread_join(t, NULL), 0);
	UCHECK_EQ(x.result, ETIMEDOUT);
	UCHECK_GE(x.waited_ns, 50000000);
	UCHECK_LT(x.waited_ns, 1000000000);
	UCHECK_EQ(pthread_mutex_unlock(&m), 0);
	/* Free again: a timed lock succeeds at once. */
	struct timespec ts = abs_in_ms(CLOCK_MONOTONIC, 10);
	UCHECK_EQ(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &ts), 0);
	UCHECK_EQ(pthread_mutex_unlock(&m), 0);
}

UTEST(mutexattr_values)
{
	pthread_mutexattr_t a;
	int v;
	UCHECK_EQ(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_NORMAL), EINVAL); /* not init */
	UCHECK_EQ(pthread_mutexattr_init(&a), 0);
	UCHECK_EQ(pthread_mutexattr_settype(&a, 17), EINVAL);
	UCHECK_EQ(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED), ENOTSUP);
	UCHECK_EQ(pthread_mutexattr_setpshared(&a, 5), EINVAL);
	UCHECK_EQ(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_PRIVATE), 0);
	UCHECK_EQ(pthread_mutexattr_getpshared(&a, &v), 0);
	UCHECK_EQ(v, PTHREAD_PROCESS_PRIVATE);
	UCHECK_EQ(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT), ENOTSUP);
	UCHECK_EQ(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_NONE), 0);
	UCHECK_EQ(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST), ENOTSUP);
	UCHECK_EQ(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_STALLED), 0);
	UCHECK_EQ(pthread_mutexattr_gettype(&a, &v), 0);
	UCHECK_EQ(v, PTHREAD_MUTEX_DEFAULT);
	UCHECK_EQ(pthread_mutexattr_destroy(&a), 0);
	UCHECK_EQ(pthread_mutexattr_destroy(&a), EINVAL);
}
