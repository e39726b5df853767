/* Read-write locks, reader-preferring (as glibc's default): a reader waits
 * only while a writer holds the lock, so a thread may take the read lock
 * again while it holds it; writers may starve under a steady stream of
 * readers. The counts live under a small internal lock; readers and
 * writers sleep on separate sequence words. */
#include "pt_internal.h"
#include "pt_attr.h"
#include <errno.h>
#include <limits.h>

static int wait_turn(pthread_rwlock_t *rw, int *seq_word, unsigned *waiting,
		     uint64_t deadline_ns)
{
	int seq = *seq_word;
	(*waiting)++;
	pt_word_unlock(&rw->__lock);
	int r = pt_wait(seq_word, seq, deadline_ns);
	pt_word_lock(&rw->__lock);
	(*waiting)--;
	return r;
}

static int rd_acquire(pthread_rwlock_t *rw, bool try, uint64_t deadline_ns)
{
	int err = 0;
	pt_word_lock(&rw->__lock);
	if (rw->__writer && rw->__owner == pt_owner_id())
		err = EDEADLK;
	while (!err && rw->__writer) {
		if (try)
			err = EBUSY;
		else if (wait_turn(rw, &rw->__rd_seq, &rw->__rd_waiting, deadline_ns) &&
			 rw->__writer)
			err = ETIMEDOUT;
	}
	if (!err && rw->__readers == UINT_MAX)
		err = EAGAIN;
	if (!err)
		rw->__readers++;
	pt_word_unlock(&rw->__lock);
	return err;
}

static int wr_acquire(pthread_rwlock_t *rw, bool try, uint64_t deadline_ns)
{
	int err = 0;
	pt_word_lock(&rw->__lock);
	if (rw->__writer && rw->__owner == pt_owner_id())
		err = EDEADLK;
	while (!err && (rw->__writer || rw->__readers)) {
		if (try)
			err = EBUSY;
		else if (wait_turn(rw, &rw->__wr_seq, &rw->__wr_waiting, deadline_ns) &&
			 (rw->__writer || rw->__readers))
			err = ETIMEDOUT;
	}
	if (!err) {
		rw->__writer = 1;
		rw->__owner = pt_owner_id();
	}
	pt_word_unlock(&rw->__lock);
	return err;
}

int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	if (!rw)
		return EINVAL;
	bool wake_readers = false, wake_writer = false;
	pt_word_lock(&rw->__lock);
	if (rw->__writer) {
		if (rw->__owner != pt_owner_id()) {
			pt_word_unlock(&rw->__lock);
			return EPERM;
		}
		rw->__writer = 0;
		rw->__owner = NULL;
		wake_readers = rw->__rd_waiting != 0;
		wake_writer = rw->__wr_waiting != 0;
	} else if (rw->__readers) {
		rw->__readers--;
		wake_writer = !rw->__readers && rw->__wr_waiting;
	} else {
		pt_word_unlock(&rw->__lock);
		return EPERM; /* not locked */
	}
	if (wake_readers)
		__atomic_add_fetch(&rw->__rd_seq, 1, __ATOMIC_RELAXED);
	if (wake_writer)
		__atomic_add_fetch(&rw->__wr_seq, 1, __ATOMIC_RELAXED);
	pt_word_unlock(&rw->__lock);
	if (wake_readers)
		wn_futex_wake(&rw->__rd_seq, INT_MAX);
	if (wake_writer)
		wn_futex_wake(&rw->__wr_seq, 1);
	return 0;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	return rw ? rd_acquire(rw, false, 0) : EINVAL;
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	return rw ? rd_acquire(rw, true, 0) : EINVAL;
}

int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	return rw ? wr_acquire(rw, false, 0) : EINVAL;
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	return rw ? wr_acquire(rw, true, 0) : EINVAL;
}

/* POSIX: the time is checked only when the lock is not free at once. */
int pthread_rwlock_clockrdlock(pthread_rwlock_t *rw, clockid_t clock,
			       const struct timespec *abstime)
{
	if (!rw)
		return EINVAL;
	int r = rd_acquire(rw, true, 0);
	if (r != EBUSY)
		return r;
	uint64_t deadline;
	r = pt_deadline(clock, abstime, &deadline);
	return r ? r : rd_acquire(rw, false, deadline);
}

int pthread_rwlock_clockwrlock(pthread_rwlock_t *rw, clockid_t clock,
			       const struct timespec *abstime)
{
	if (!rw)
		return EINVAL;
	int r = wr_acquire(rw, true, 0);
	if (r != EBUSY)
		return r;
	uint64_t deadline;
	r = pt_deadline(clock, abstime, &deadline);
	return r ? r : wr_acquire(rw, false, deadline);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	return pthread_rwlock_clockrdlock(rw, CLOCK_REALTIME, abstime);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	return pthread_rwlock_clockwrlock(rw, CLOCK_REALTIME, abstime);
}

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr)
{
	if (!rw || (attr && attr->__magic != PT_ATTR_MAGIC))
		return EINVAL;
	*rw = (pthread_rwlock_t){ 0 };
	return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	if (!rw)
		return EINVAL;
	pt_word_lock(&rw->__lock);
	bool busy = rw->__writer || rw->__readers || rw->__rd_waiting || rw->__wr_waiting;
	pt_word_unlock(&rw->__lock);
	return busy ? EBUSY : 0;
}

int pthread_rwlockattr_init(pthread_rwlockattr_t *a)
{
	if (!a)
		return EINVAL;
	*a = (pthread_rwlockattr_t){ .__magic = PT_ATTR_MAGIC };
	return 0;
}

PT_DEFINE_PSHARED_ATTR(rwlock)

