/* Read-write locks: readers hold it together, a writer alone; try, timed
 * and error cases. */
#include "rt.h"
#include <utap.h>
#include <errno.h>

enum { READERS = 4 };
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t all_reading;

/* Every reader waits inside its read lock until all hold theirs: only
 * possible when readers really share the lock. */
static void *reader_together(void *arg)
{
	if (pthread_rwlock_rdlock(&rw))
		return (void *)1;
	pthread_barrier_wait(&all_reading);
	pthread_rwlock_unlock(&rw);
	return arg;
}

UTEST(rwlock_readers_share)
{
	pthread_t t[READERS];
	UASSERT_EQ(pthread_barrier_init(&all_reading, NULL, READERS), 0);
	UASSERT_EQ(spawn(t, READERS, reader_together), READERS);
	for (int i = 0; i < READERS; i++) {
		void *v = (void *)1;
		UCHECK_EQ(pthread_join(t[i], &v), 0);
		UCHECK_EQ((uintptr_t)v, (uintptr_t)i);
	}
	pthread_barrier_destroy(&all_reading);
}

static volatile long pair_a, pair_b;
static volatile int torn;

static void *writer(void *arg)
{
	for (long k = 1; k <= 300; k++) {
		pthread_rwlock_wrlock(&rw);
		pair_a = k;
		if (k % 30 == 0)
			sched_yield(); /* readers must not see the half-written pair */
		pair_b = k;
		pthread_rwlock_unlock(&rw);
	}
	return arg;
}

static void *checker(void *arg)
{
	for (int i = 0; i < 600; i++) {
		pthread_rwlock_rdlock(&rw);
		if (pair_a != pair_b)
			torn = 1;
		pthread_rwlock_unlock(&rw);
		if (i % 50 == 0)
			sched_yield();
	}
	return arg;
}

UTEST(rwlock_writer_excludes_everyone)
{
	pthread_t w[2], r[3];
	torn = 0;
	UASSERT_EQ(spawn(w, 2, writer), 2);
	UASSERT_EQ(spawn(r, 3, checker), 3);
	UCHECK_EQ(join_all(w, 2), 2);
	UCHECK_EQ(join_all(r, 3), 3);
	UCHECK_EQ(torn, 0);
	UCHECK_EQ(pair_a, pair_b);
}

struct attempt {
	int try_rd, try_wr, timed_wr;
	uint64_t waited_ns;
};

static void *attempts(void *arg)
{
	struct attempt *x = arg;
	x->try_rd = pthread_rwlock_tryrdlock(&rw);
	if (!x->try_rd)
		pthread_rwlock_unlock(&rw);
	x->try_wr = pthread_rwlock_trywrlock(&rw);
	struct timespec ts = abs_in_ms(CLOCK_REALTIME, 30);
	uint64_t t0 = realtime_ns();
	x->timed_wr = pthread_rwlock_timedwrlock(&rw, &ts);
	x->waited_ns = realtime_ns() - t0;
	return NULL;
}

static struct attempt attempt_while(int (*lock)(pthread_rwlock_t *))
{
	struct attempt x = { -1, -1, -1, 0 };
	pthread_t t;
	lock(&rw);
	if (!pthread_create(&t, NULL, attempts, &x))
		pthread_join(t, NULL);
	pthread_rwlock_unlock(&rw);
	return x;
}

UTEST(rwlock_try_timed_and_errors)
{
	struct attempt x = attempt_while(pthread_rwlock_rdlock);
	UCHECK_EQ(x.try_rd, 0);          /* readers share */
	UCHECK_EQ(x.try_wr, EBUSY);
	UCHECK_EQ(x.timed_wr, ETIMEDOUT);
	UCHECK_GE(x.waited_ns, 30000000);
	x = attempt_while(pthread_rwlock_wrlock);
	UCHECK_EQ(x.try_rd, EBUSY);
	UCHECK_EQ(x.try_wr, EBUSY);
	UCHECK_EQ(x.timed_wr, ETIMEDOUT);

	UCHECK_EQ(pthread_rwlock_unlock(&rw), EPERM); /* not held */
	UCHECK_EQ(pthread_rwlock_wrlock(&rw), 0);
	UCHECK_EQ(pthread_rwlock_wrlock(&rw), EDEADLK);
	UCHECK_EQ(pthread_rwlock_rdlock(&rw), EDEADLK);
	UCHECK_EQ(pthread_rwlock_destroy(&rw), EBUSY);
	UCHECK_EQ(pthread_rwlock_unlock(&rw), 0);
	UCHECK_EQ(pthread_rwlock_rdlock(&rw), 0);
	UCHECK_EQ(pthread_rwlock_rdlock(&rw), 0); /* a reader may nest */
	UCHECK_EQ(pthread_rwlock_unlock(&rw), 0);
	UCHECK_EQ(pthread_rwlock_unlock(&rw), 0);
	struct timespec ts = abs_in_ms(CLOCK_MONOTONIC, 10);
	UCHECK_EQ(pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &ts), 0);
	UCHECK_EQ(pthread_rwlock_unlock(&rw), 0);
	UCHECK_EQ(pthread_rwlock_destroy(&rw), 0);
}
