/* Mutexes: the lock word is 0 free, 1 held, 2 held and waited for. An
 * uncontended lock is one compare-and-swap and an unlock one exchange: no
 * system call. A contended lock sleeps on the futex; the unlock that finds
 * 2 wakes one waiter, who takes the lock with 2 again (it cannot know
 * whether others still wait). Owners are UTCB addresses. */
#include "pt_internal.h"
#include <errno.h>
#include <limits.h>

enum { TYPE_DESTROYED = -1 };

static void *owner(const pthread_mutex_t *m)
{
	return __atomic_load_n(&m->__owner, __ATOMIC_RELAXED);
}

static void set_owner(pthread_mutex_t *m, void *who)
{
	__atomic_store_n(&m->__owner, who, __ATOMIC_RELAXED);
}

static bool try_word(pthread_mutex_t *m)
{
	int free = 0;
	return __atomic_compare_exchange_n(&m->__lock, &free, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/* 0, or ETIMEDOUT at the deadline (0 = none). */
static int lock_slow(pthread_mutex_t *m, uint64_t deadline_ns)
{
	while (__atomic_exchange_n(&m->__lock, 2, __ATOMIC_ACQUIRE) != 0) {
		if (pt_wait(&m->__lock, 2, deadline_ns) == ETIMEDOUT)
			return ETIMEDOUT;
	}
	return 0;
}

/* The checks before taking the lock word: 0 to go on, -1 when a recursive
 * relock is done already, else an error number. */
static int pre_lock(pthread_mutex_t *m, void *me)
{
	switch (m->__type) {
	case PTHREAD_MUTEX_NORMAL:
	case PTHREAD_MUTEX_DEFAULT:
		return 0;
	case PTHREAD_MUTEX_RECURSIVE:
		if (owner(m) != me)
			return 0;
		if (m->__count == UINT_MAX)
			return EAGAIN;
		m->__count++;
		return -1;
	case PTHREAD_MUTEX_ERRORCHECK:
		return owner(m) == me ? EDEADLK : 0;
	default:
		return EINVAL;
	}
}

static int locked(pthread_mutex_t *m, void *me)
{
	set_owner(m, me);
	m->__count = 1;
	return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	if (!m)
		return EINVAL;
	void *me = pt_owner_id();
	int r = pre_lock(m, me);
	if (r)
		return r < 0 ? 0 : r;
	if (!try_word(m))
		lock_slow(m, 0);
	return locked(m, me);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	if (!m)
		return EINVAL;
	void *me = pt_owner_id();
	int r = pre_lock(m, me);
	if (r) /* held by the caller: busy for trylock, not a deadlock */
		return r < 0 ? 0 : r == EDEADLK ? EBUSY : r;
	if (!try_word(m))
		return EBUSY;
	return locked(m, me);
}

int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock, const struct timespec *abstime)
{
	if (!m)
		return EINVAL;
	void *me = pt_owner_id();
	int r = pre_lock(m, me);
	if (r)
		return r < 0 ? 0 : r;
	if (try_word(m))
		return locked(m, me);
	/* POSIX: the time is checked only when the lock is not free. */
	uint64_t deadline;
	r = pt_deadline(clock, abstime, &deadline);
	if (!r)
		r = lock_slow(m, deadline);
	return r ? r : locked(m, me);
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	return pthread_mutex_clocklock(m, CLOCK_REALTIME, abstime);
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (!m)
		return EINVAL;
	switch (m->__type) {
	case PTHREAD_MUTEX_RECURSIVE:
		if (owner(m) != pt_owner_id())
			return EPERM;
		if (--m->__count)
			return 0;
		break;
	case PTHREAD_MUTEX_ERRORCHECK:
		if (owner(m) != pt_owner_id())
			return EPERM;
		break;
	case PTHREAD_MUTEX_NORMAL:
	case PTHREAD_MUTEX_DEFAULT:
		break;
	default:
		return EINVAL;
	}
	set_owner(m, NULL);
	if (__atomic_exchange_n(&m->__lock, 0, __ATOMIC_RELEASE) == 2)
		wn_futex_wake(&m->__lock, 1);
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
	int type = PTHREAD_MUTEX_DEFAULT;
	if (!m)
		return EINVAL;
	if (attr) {
		int err = pthread_mutexattr_gettype(attr, &type);
		if (err)
			return err;
	}
	*m = (pthread_mutex_t){ .__type = type };
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	if (!m || m->__type < 0 || m->__type > PTHREAD_MUTEX_DEFAULT)
		return EINVAL;
	if (__atomic_load_n(&m->__lock, __ATOMIC_RELAXED))
		return EBUSY;
	m->__type = TYPE_DESTROYED; /* further use: EINVAL until init */
	return 0;
}

/* No robust mutexes: none can be inconsistent. */
int pthread_mutex_consistent(pthread_mutex_t *m)
{
	(void)m;
	return EINVAL;
}

/* Priority ceilings need PTHREAD_PRIO_PROTECT; every mutex here has
 * PTHREAD_PRIO_NONE, for which POSIX says EINVAL. */
int pthread_mutex_getprioceiling(const pthread_mutex_t *m, int *ceiling)
{
	(void)m, (void)ceiling;
	return EINVAL;
}

int pthread_mutex_setprioceiling(pthread_mutex_t *m, int ceiling, int *old)
{
	(void)m, (void)ceiling, (void)old;
	return EINVAL;
}
