/* Semaphores, barriers, once and spin locks. */
#include "rt.h"
#include <utap.h>
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>

static sem_t items, done;
static volatile int handed;

static void *sem_consumer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 500; i++) {
		sem_wait(&items);
		__atomic_add_fetch(&handed, 1, __ATOMIC_SEQ_CST);
	}
	sem_post(&done);
	return NULL;
}

UTEST(semaphore_hands_over_every_post)
{
	enum { N = 4 };
	pthread_t t[N];
	int v;
	handed = 0;
	UASSERT_EQ(sem_init(&items, 0, 0), 0);
	UASSERT_EQ(sem_init(&done, 0, 0), 0);
	UASSERT_EQ(spawn(t, N, sem_consumer), N);
	for (int i = 0; i < N * 500; i++) {
		UCHECK_EQ(sem_post(&items), 0);
		if (i % 97 == 0)
			sched_yield();
	}
	for (int i = 0; i < N; i++)
		UCHECK_EQ(sem_wait(&done), 0);
	UCHECK_EQ(join_all(t, N), N);
	UCHECK_EQ(handed, N * 500);
	UCHECK_EQ(sem_getvalue(&items, &v), 0);
	UCHECK_EQ(v, 0);
	UCHECK_EQ(sem_trywait(&items), -1);
	UCHECK_EQ(errno, EAGAIN);
	UCHECK_EQ(sem_destroy(&items), 0);
	UCHECK_EQ(sem_destroy(&done), 0);
}

UTEST(semaphore_timedwait_and_errors)
{
	sem_t s;
	UASSERT_EQ(sem_init(&s, 0, 1), 0);
	struct timespec ts = abs_in_ms(CLOCK_REALTIME, 40);
	UCHECK_EQ(sem_timedwait(&s, &ts), 0); /* available: at once */
	uint64_t t0 = realtime_ns();
	ts = abs_in_ms(CLOCK_REALTIME, 40);
	errno = 0;
	UCHECK_EQ(sem_timedwait(&s, &ts), -1);
	UCHECK_EQ(errno, ETIMEDOUT);
	uint64_t waited = realtime_ns() - t0;
	UCHECK_GE(waited, 40000000);
	UCHECK_LT(waited, 1000000000);
	t0 = now_ns();
	ts = abs_in_ms(CLOCK_MONOTONIC, 20);
	UCHECK_EQ(sem_clockwait(&s, CLOCK_MONOTONIC, &ts), -1);
	UCHECK_EQ(errno, ETIMEDOUT);
	UCHECK_GE(now_ns() - t0, 20000000);
	struct timespec bad = { 0, -5 };
	UCHECK_EQ(sem_timedwait(&s, &bad), -1);
	UCHECK_EQ(errno, EINVAL);
	UCHECK_EQ(sem_destroy(&s), 0);

	UCHECK_EQ(sem_init(&s, 1, 0), -1);
	UCHECK_EQ(errno, ENOSYS); /* process-shared */
	UCHECK_EQ(sem_init(&s, 0, (unsigned)SEM_VALUE_MAX + 1), -1);
	UCHECK_EQ(errno, EINVAL);
	UASSERT_EQ(sem_init(&s, 0, SEM_VALUE_MAX), 0);
	UCHECK_EQ(sem_post(&s), -1);
	UCHECK_EQ(errno, EOVERFLOW);
	errno = 0;
	UCHECK(sem_open("/x", O_CREAT, 0600, 1) == SEM_FAILED);
	UCHECK_EQ(errno, ENOSYS);
	UCHECK_EQ(sem_unlink("/x"), -1);
	UCHECK_EQ(errno, ENOSYS);
}

enum { B_THREADS = 5, B_ROUNDS = 20 };
static pthread_barrier_t bar;
static int serial_per_round[B_ROUNDS];
static int arrived[B_ROUNDS];

static void *barrier_worker(void *arg)
{
	(void)arg;
	for (int r = 0; r < B_ROUNDS; r++) {
		__atomic_add_fetch(&arrived[r], 1, __ATOMIC_SEQ_CST);
		int s = pthread_barrier_wait(&bar);
		/* Nobody leaves round r before all arrived. */
		if (__atomic_load_n(&arrived[r], __ATOMIC_SEQ_CST) != B_THREADS)
			return (void *)1;
		if (s == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serial_per_round[r], 1, __ATOMIC_SEQ_CST);
		else if (s != 0)
			return (void *)2;
	}
	return NULL;
}

UTEST(barrier_one_serial_thread_per_round)
{
	pthread_t t[B_THREADS];
	UCHECK_EQ(pthread_barrier_init(&bar, NULL, 0), EINVAL);
	UASSERT_EQ(pthread_barrier_init(&bar, NULL, B_THREADS), 0);
	UASSERT_EQ(spawn(t, B_THREADS, barrier_worker), B_THREADS);
	for (int i = 0; i < B_THREADS; i++) {
		void *v = (void *)9;
		UCHECK_EQ(pthread_join(t[i], &v), 0);
		UCHECK_EQ((uintptr_t)v, 0);
	}
	for (int r = 0; r < B_ROUNDS; r++)
		UCHECK_EQ(serial_per_round[r], 1);
	UCHECK_EQ(pthread_barrier_destroy(&bar), 0);
	pthread_barrier_t one;
	UASSERT_EQ(pthread_barrier_init(&one, NULL, 1), 0);
	UCHECK_EQ(pthread_barrier_wait(&one), PTHREAD_BARRIER_SERIAL_THREAD);
	UCHECK_EQ(pthread_barrier_destroy(&one), 0);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_calls, once_seen_done;
static int once_done;

static void init_once(void)
{
	once_calls++;
	sleep_ms(20); /* the others arrive meanwhile and must wait */
	once_done = 1;
}

static void *call_once(void *arg)
{
	(void)arg;
	pthread_once(&once, init_once);
	if (once_done)
		__atomic_add_fetch(&once_seen_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

UTEST(once_runs_once_for_many_threads)
{
	enum { N = 8 };
	pthread_t t[N];
	UASSERT_EQ(spawn(t, N, call_once), N);
	UCHECK_EQ(join_all(t, N), N);
	UCHECK_EQ(once_calls, 1);
	UCHECK_EQ(once_seen_done, N);
	UCHECK_EQ(pthread_once(&once, init_once), 0);
	UCHECK_EQ(once_calls, 1);
}

static pthread_spinlock_t spin;
static volatile long spin_count;

static void *spin_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5000; i++) {
		pthread_spin_lock(&spin);
		long v = spin_count;
		if (i % 500 == 0)
			sched_yield(); /* others spin on a holder that is not running */
		spin_count = v + 1;
		pthread_spin_unlock(&spin);
	}
	return NULL;
}

UTEST(spinlock_counter_and_errors)
{
	enum { N = 4 };
	pthread_t t[N];
	UCHECK_EQ(pthread_spin_init(&spin, PTHREAD_PROCESS_SHARED), ENOTSUP);
	UASSERT_EQ(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE), 0);
	UASSERT_EQ(spawn(t, N, spin_worker), N);
	UCHECK_EQ(join_all(t, N), N);
	UCHECK_EQ(spin_count, N * 5000);
	UCHECK_EQ(pthread_spin_trylock(&spin), 0);
	UCHECK_EQ(pthread_spin_trylock(&spin), EBUSY);
	UCHECK_EQ(pthread_spin_lock(&spin), EDEADLK);
	UCHECK_EQ(pthread_spin_destroy(&spin), EBUSY);
	UCHECK_EQ(pthread_spin_unlock(&spin), 0);
	UCHECK_EQ(pthread_spin_destroy(&spin), 0);
}
