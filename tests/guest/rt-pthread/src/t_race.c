/* Wake-ups racing with timeouts: short timed waits against a stream of
 * posts and signals. Nothing may be lost or counted twice, and no wake-up
 * may be left over for a later wait (the futex guarantees that every
 * trigger of a waiter's Irq is taken by the wait it was meant for). */
#include "rt.h"
#include <utap.h>
#include <errno.h>
#include <semaphore.h>
#include <walnut/futex.h>

enum { ITEMS = 3000, WAITERS = 3 };

static sem_t sem;
static int got[WAITERS];

/* Whether a plain futex wait of 5 ms still times out: a trigger left
 * pending on this thread's Irq would end it early with 0. */
static int no_stale_wakeup(void)
{
	int word = 0;
	uint64_t t0 = now_ns();
	int r = wn_futex_wait(&word, 0, t0 + 5000000);
	return r == -ETIMEDOUT && now_ns() - t0 >= 5000000;
}

static void *timed_taker(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg;
	for (;;) {
		struct timespec ts = abs_in_ms(CLOCK_MONOTONIC, 1);
		if (sem_clockwait(&sem, CLOCK_MONOTONIC, &ts) == 0) {
			if (++got[id] < 0)
				break;
			continue;
		}
		if (errno != ETIMEDOUT)
			return (void *)1;
		int total = 0;
		for (int i = 0; i < WAITERS; i++)
			total += __atomic_load_n(&got[i], __ATOMIC_RELAXED);
		if (total >= ITEMS)
			break;
	}
	return no_stale_wakeup() ? NULL : (void *)2;
}

UTEST(timeouts_racing_with_posts_lose_nothing)
{
	pthread_t t[WAITERS];
	UASSERT_EQ(sem_init(&sem, 0, 0), 0);
	UASSERT_EQ(spawn(t, WAITERS, timed_taker), WAITERS);
	uint64_t t0 = now_ns();
	for (int i = 0; i < ITEMS; i++) {
		sem_post(&sem);
		if (i % 3 == 0)
			sched_yield();
		if (i % 500 == 0)
			sleep_ms(1); /* let them time out around here */
	}
	for (int i = 0; i < WAITERS; i++) {
		void *v = (void *)9;
		UCHECK_EQ(pthread_join(t[i], &v), 0);
		UCHECK_EQ((uintptr_t)v, 0);
	}
	int total = 0, left;
	for (int i = 0; i < WAITERS; i++)
		total += got[i];
	UCHECK_EQ(sem_getvalue(&sem, &left), 0);
	UCHECK_EQ(total + left, ITEMS);
	UCHECK_EQ(left, 0);
	UCHECK(no_stale_wakeup());
	utap_note("taken %d %d %d in %llu ms", got[0], got[1], got[2],
		  (unsigned long long)((now_ns() - t0) / 1000000));
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ticks, seen_done;

static void *timed_cond_waiter(void *arg)
{
	int last = 0, wakeups = 0;
	pthread_mutex_lock(&m);
	while (ticks < ITEMS) {
		struct timespec ts = abs_in_ms(CLOCK_REALTIME, 1);
		int r = pthread_cond_timedwait(&c, &m, &ts);
		if (r && r != ETIMEDOUT)
			break;
		if (ticks != last)
			wakeups++;
		last = ticks;
	}
	seen_done++;
	pthread_mutex_unlock(&m);
	return (void *)(uintptr_t)(no_stale_wakeup() && wakeups > 0);
}

UTEST(cond_timeouts_racing_with_signals)
{
	pthread_t t[WAITERS];
	UASSERT_EQ(spawn(t, WAITERS, timed_cond_waiter), WAITERS);
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&m);
		ticks++;
		pthread_mutex_unlock(&m);
		if (i % 2)
			pthread_cond_signal(&c);
		else
			pthread_cond_broadcast(&c);
		if (i % 5 == 0)
			sched_yield();
	}
	for (int i = 0; i < WAITERS; i++) {
		void *v = NULL;
		UCHECK_EQ(pthread_join(t[i], &v), 0);
		UCHECK_EQ((uintptr_t)v, 1);
	}
	UCHECK_EQ(seen_done, WAITERS);
}
