/* Condition variables: a bounded-buffer producer/consumer with a checksum,
 * broadcast, timed waits on both clocks, attributes. */
#include "rt.h"
#include <utap.h>
#include <errno.h>

enum { SLOTS = 8, PRODUCERS = 3, CONSUMERS = 3, ITEMS = 4000 };

static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	unsigned buf[SLOTS];
	unsigned head, count, producers_left;
	uint64_t sum;
	unsigned taken;
} q = { .lock = PTHREAD_MUTEX_INITIALIZER, .not_full = PTHREAD_COND_INITIALIZER,
	.not_empty = PTHREAD_COND_INITIALIZER };

static void *producer(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg;
	for (unsigned i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&q.lock);
		while (q.count == SLOTS)
			pthread_cond_wait(&q.not_full, &q.lock);
		q.buf[(q.head + q.count++) % SLOTS] = id * ITEMS + i;
		pthread_cond_signal(&q.not_empty);
		pthread_mutex_unlock(&q.lock);
	}
	pthread_mutex_lock(&q.lock);
	if (--q.producers_left == 0)
		pthread_cond_broadcast(&q.not_empty); /* consumers: no more */
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

static void *consumer(void *arg)
{
	uintptr_t mine = 0;
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&q.lock);
		while (q.count == 0 && q.producers_left)
			pthread_cond_wait(&q.not_empty, &q.lock);
		if (q.count == 0) {
			pthread_mutex_unlock(&q.lock);
			return (void *)mine;
		}
		unsigned v = q.buf[q.head];
		q.head = (q.head + 1) % SLOTS;
		q.count--;
		q.sum += v;
		q.taken++;
		mine++;
		pthread_cond_signal(&q.not_full);
		pthread_mutex_unlock(&q.lock);
		if (mine % 4 == 0)
			sched_yield(); /* let the other consumers take some */
	}
}

UTEST(cond_producer_consumer_checksum)
{
	pthread_t p[PRODUCERS], c[CONSUMERS];
	q.producers_left = PRODUCERS;
	UASSERT_EQ(spawn(c, CONSUMERS, consumer), CONSUMERS);
	UASSERT_EQ(spawn(p, PRODUCERS, producer), PRODUCERS);
	UCHECK_EQ(join_all(p, PRODUCERS), PRODUCERS);
	uintptr_t per[CONSUMERS], total = 0;
	for (unsigned i = 0; i < CONSUMERS; i++) {
		void *v = NULL;
		UCHECK_EQ(pthread_join(c[i], &v), 0);
		per[i] = (uintptr_t)v;
		total += per[i];
	}
	/* Sum over producers id of sum(id * ITEMS + i, i = 1..ITEMS). */
	uint64_t n = (uint64_t)PRODUCERS * ITEMS;
	uint64_t expect = n * (n + 1) / 2;
	UCHECK_EQ(q.taken, n);
	UCHECK_EQ(total, n);
	UCHECK_EQ(q.sum, expect);
	utap_note("consumed %lu %lu %lu", (unsigned long)per[0], (unsigned long)per[1],
		  (unsigned long)per[2]);
}

static pthread_mutex_t b_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t b_cond = PTHREAD_COND_INITIALIZER;
static int b_go, b_waiting;

static void *wait_go(void *arg)
{
	pthread_mutex_lock(&b_lock);
	b_waiting++;
	while (!b_go)
		pthread_cond_wait(&b_cond, &b_lock);
	pthread_mutex_unlock(&b_lock);
	return arg;
}

UTEST(cond_broadcast_wakes_all)
{
	enum { N = 6 };
	pthread_t t[N];
	UASSERT_EQ(spawn(t, N, wait_go), N);
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&b_lock);
		int w = b_waiting;
		pthread_mutex_unlock(&b_lock);
		if (w == N)
			break;
		sleep_ms(1);
	}
	pthread_mutex_lock(&b_lock);
	UCHECK_EQ(b_waiting, N);
	b_go = 1;
	UCHECK_EQ(pthread_cond_broadcast(&b_cond), 0);
	pthread_mutex_unlock(&b_lock);
	UCHECK_EQ(join_all(t, N), N);
	UCHECK_EQ(pthread_cond_destroy(&b_cond), 0);
}

static int timed_wait_ms(pthread_cond_t *c, clockid_t clock, unsigned ms, uint64_t *waited)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&m);
	struct timespec ts = abs_in_ms(clock, ms);
	uint64_t t0 = clock == CLOCK_MONOTONIC ? now_ns() : realtime_ns();
	int r;
	do /* no one signals: only a (rare, allowed) spurious wake-up repeats */
		r = pthread_cond_timedwait(c, &m, &ts);
	while (r == 0);
	*waited = (clock == CLOCK_MONOTONIC ? now_ns() : realtime_ns()) - t0;
	int owner_ok = pthread_mutex_trylock(&m) == EBUSY; /* retaken on timeout */
	pthread_mutex_unlock(&m);
	return owner_ok ? r : -1;
}

UTEST(cond_timedwait_times_out_on_both_clocks)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	uint64_t waited;
	UCHECK_EQ(timed_wait_ms(&c, CLOCK_REALTIME, 40, &waited), ETIMEDOUT);
	UCHECK_GE(waited, 40000000);
	UCHECK_LT(waited, 1000000000);

	pthread_condattr_t a;
	pthread_cond_t mc;
	clockid_t clk;
	UCHECK_EQ(pthread_condattr_init(&a), 0);
	UCHECK_EQ(pthread_condattr_getclock(&a, &clk), 0);
	UCHECK_EQ(clk, CLOCK_REALTIME);
	UCHECK_EQ(pthread_condattr_setclock(&a, (clockid_t)99), EINVAL);
	UCHECK_EQ(pthread_condattr_setclock(&a, CLOCK_MONOTONIC), 0);
	UCHECK_EQ(pthread_condattr_getclock(&a, &clk), 0);
	UCHECK_EQ(clk, CLOCK_MONOTONIC);
	UCHECK_EQ(pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED), ENOTSUP);
	UASSERT_EQ(pthread_cond_init(&mc, &a), 0);
	UCHECK_EQ(timed_wait_ms(&mc, CLOCK_MONOTONIC, 30, &waited), ETIMEDOUT);
	UCHECK_GE(waited, 30000000);
	UCHECK_LT(waited, 1000000000);
	UCHECK_EQ(pthread_cond_destroy(&mc), 0);
	UCHECK_EQ(pthread_condattr_destroy(&a), 0);

	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	struct timespec bad = { 0, 1000000000 };
	pthread_mutex_lock(&m);
	UCHECK_EQ(pthread_cond_timedwait(&c, &m, &bad), EINVAL);
	pthread_mutex_unlock(&m);
}

UTEST(cond_wait_needs_the_mutex_errorcheck)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &a);
	UCHECK_EQ(pthread_cond_wait(&c, &m), EPERM);
	pthread_mutexattr_destroy(&a);
}
