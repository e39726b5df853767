/* Condition variables: a sequence word bumped by every signal and
 * broadcast. A waiter reads it while holding the mutex, releases the
 * mutex and sleeps on the futex as long as the word is unchanged, so a
 * signal between unlock and sleep is never missed. Waiters retake the
 * mutex in its contended state (2): others may be asleep on it. */
#include "pt_internal.h"
#include "pt_attr.h"
#include <errno.h>
#include <limits.h>

static bool owns(pthread_mutex_t *m)
{
	return __atomic_load_n(&m->__owner, __ATOMIC_RELAXED) == pt_owner_id();
}

/* Releases m completely; returns its recursion depth. */
static unsigned release(pthread_mutex_t *m)
{
	unsigned depth = m->__count;
	__atomic_store_n(&m->__owner, NULL, __ATOMIC_RELAXED);
	if (__atomic_exchange_n(&m->__lock, 0, __ATOMIC_RELEASE) == 2)
		wn_futex_wake(&m->__lock, 1);
	return depth;
}

static void reacquire(pthread_mutex_t *m, unsigned depth)
{
	while (__atomic_exchange_n(&m->__lock, 2, __ATOMIC_ACQUIRE) != 0)
		pt_wait(&m->__lock, 2, 0);
	__atomic_store_n(&m->__owner, pt_owner_id(), __ATOMIC_RELAXED);
	m->__count = depth;
}

static int wait_until(pthread_cond_t *c, pthread_mutex_t *m, uint64_t deadline_ns)
{
	if (m->__type < PTHREAD_MUTEX_NORMAL || m->__type > PTHREAD_MUTEX_DEFAULT)
		return EINVAL;
	if ((m->__type == PTHREAD_MUTEX_ERRORCHECK || m->__type == PTHREAD_MUTEX_RECURSIVE) &&
	    !owns(m))
		return EPERM;
	int seq = __atomic_load_n(&c->__seq, __ATOMIC_RELAXED);
	unsigned depth = release(m);
	int r = pt_wait(&c->__seq, seq, deadline_ns);
	reacquire(m, depth);
	return r;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (!c || !m)
		return EINVAL;
	return wait_until(c, m, 0);
}

int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock,
			   const struct timespec *abstime)
{
	if (!c || !m)
		return EINVAL;
	uint64_t deadline;
	int err = pt_deadline(clock, abstime, &deadline);
	return err ? err : wait_until(c, m, deadline);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
	if (!c)
		return EINVAL;
	return pthread_cond_clockwait(c, m, c->__monotonic ? CLOCK_MONOTONIC : CLOCK_REALTIME,
				      abstime);
}

int pthread_cond_signal(pthread_cond_t *c)
{
	if (!c)
		return EINVAL;
	__atomic_add_fetch(&c->__seq, 1, __ATOMIC_SEQ_CST);
	wn_futex_wake(&c->__seq, 1);
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	if (!c)
		return EINVAL;
	__atomic_add_fetch(&c->__seq, 1, __ATOMIC_SEQ_CST);
	wn_futex_wake(&c->__seq, INT_MAX);
	return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
	if (!c || (attr && attr->__magic != PT_ATTR_MAGIC))
		return EINVAL;
	*c = (pthread_cond_t){ .__monotonic = attr ? attr->__monotonic : 0 };
	return 0;
}

/* Waiters woken by a broadcast no longer touch the variable: it may be
 * destroyed (and freed) right after. */
int pthread_cond_destroy(pthread_cond_t *c)
{
	return c ? 0 : EINVAL;
}

/* --- attributes ------------------------------------------------------------ */

int pthread_condattr_init(pthread_condattr_t *a)
{
	if (!a)
		return EINVAL;
	*a = (pthread_condattr_t){ .__magic = PT_ATTR_MAGIC };
	return 0;
}

PT_DEFINE_PSHARED_ATTR(cond)

int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clock)
{
	if (!PT_VALID(a) || !clock)
		return EINVAL;
	*clock = a->__monotonic ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	if (!PT_VALID(a) || (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC))
		return EINVAL;
	a->__monotonic = clock == CLOCK_MONOTONIC;
	return 0;
}

