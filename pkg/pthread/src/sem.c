/* Unnamed semaphores: the count is the futex word. A waiter announces
 * itself (waiters) before it sleeps on a count of 0; sem_post() increments
 * the count and wakes one if anybody announced. Both steps are full
 * barriers, so either the poster sees the waiter or the waiter sees the
 * new count. */
#include "pt_internal.h"
#include <errno.h>
#include <limits.h>
#include <semaphore.h>

static int fail(int err)
{
	errno = err;
	return -1;
}

int sem_init(sem_t *s, int pshared, unsigned value)
{
	if (!s || value > SEM_VALUE_MAX)
		return fail(EINVAL);
	if (pshared)
		return fail(ENOSYS); /* POSIX's answer without shared semaphores */
	*s = (sem_t){ .__value = (int)value };
	return 0;
}

int sem_destroy(sem_t *s)
{
	if (!s)
		return fail(EINVAL);
	if (__atomic_load_n(&s->__waiters, __ATOMIC_ACQUIRE))
		return fail(EBUSY);
	return 0;
}

static bool try_take(sem_t *s)
{
	int v = __atomic_load_n(&s->__value, __ATOMIC_RELAXED);
	while (v > 0) {
		if (__atomic_compare_exchange_n(&s->__value, &v, v - 1, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}

/* 0, or an error number (ETIMEDOUT). */
static int take(sem_t *s, uint64_t deadline_ns)
{
	int err = 0;
	__atomic_add_fetch(&s->__waiters, 1, __ATOMIC_SEQ_CST);
	while (!try_take(s)) {
		if (pt_wait(&s->__value, 0, deadline_ns) == ETIMEDOUT && !try_take(s)) {
			err = ETIMEDOUT;
			break;
		}
	}
	__atomic_sub_fetch(&s->__waiters, 1, __ATOMIC_SEQ_CST);
	return err;
}

int sem_wait(sem_t *s)
{
	if (!s)
		return fail(EINVAL);
	return try_take(s) ? 0 : take(s, 0) ? -1 : 0;
}

int sem_trywait(sem_t *s)
{
	if (!s)
		return fail(EINVAL);
	return try_take(s) ? 0 : fail(EAGAIN);
}

int sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *abstime)
{
	if (!s)
		return fail(EINVAL);
	if (try_take(s))
		return 0;
	uint64_t deadline;
	int err = pt_deadline(clock, abstime, &deadline);
	if (!err)
		err = take(s, deadline);
	return err ? fail(err) : 0;
}

int sem_timedwait(sem_t *s, const struct timespec *abstime)
{
	return sem_clockwait(s, CLOCK_REALTIME, abstime);
}

int sem_post(sem_t *s)
{
	if (!s)
		return fail(EINVAL);
	int v = __atomic_load_n(&s->__value, __ATOMIC_RELAXED);
	do {
		if (v == SEM_VALUE_MAX)
			return fail(EOVERFLOW);
	} while (!__atomic_compare_exchange_n(&s->__value, &v, v + 1, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	if (__atomic_load_n(&s->__waiters, __ATOMIC_SEQ_CST))
		wn_futex_wake(&s->__value, 1);
	return 0;
}

int sem_getvalue(sem_t *s, int *value)
{
	if (!s || !value)
		return fail(EINVAL);
	*value = __atomic_load_n(&s->__value, __ATOMIC_RELAXED);
	return 0;
}

sem_t *sem_open(const char *name, int oflag, ...)
{
	(void)name, (void)oflag;
	errno = ENOSYS;
	return SEM_FAILED;
}

int sem_close(sem_t *s)
{
	(void)s;
	return fail(ENOSYS);
}

int sem_unlink(const char *name)
{
	(void)name;
	return fail(ENOSYS);
}
