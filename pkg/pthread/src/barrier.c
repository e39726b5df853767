/* Barriers: the thread that completes a round bumps the round word and
 * wakes the others; it is the one that gets PTHREAD_BARRIER_SERIAL_THREAD.
 * pthread_barrier_destroy() waits until the last thread of the final round
 * has left, so the serial thread may destroy the barrier at once. */
#include "pt_internal.h"
#include "pt_attr.h"
#include <errno.h>
#include <limits.h>

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr,
			 unsigned count)
{
	if (!b || !count || count > INT_MAX || (attr && attr->__magic != PT_ATTR_MAGIC))
		return EINVAL;
	*b = (pthread_barrier_t){ .__count = count };
	return 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
	if (!b || !b->__count)
		return EINVAL;
	__atomic_add_fetch(&b->__inside, 1, __ATOMIC_SEQ_CST);
	pt_word_lock(&b->__lock);
	int round = b->__seq;
	bool last = ++b->__waiting == b->__count;
	if (last) {
		b->__waiting = 0;
		__atomic_add_fetch(&b->__seq, 1, __ATOMIC_SEQ_CST);
	}
	pt_word_unlock(&b->__lock);
	if (last)
		wn_futex_wake(&b->__seq, INT_MAX);
	while (__atomic_load_n(&b->__seq, __ATOMIC_ACQUIRE) == round)
		pt_wait(&b->__seq, round, 0);
	if (__atomic_sub_fetch(&b->__inside, 1, __ATOMIC_SEQ_CST) == 0)
		wn_futex_wake((int *)&b->__inside, INT_MAX);
	return last ? PTHREAD_BARRIER_SERIAL_THREAD : 0;
}

/* EBUSY while a round is half full; otherwise waits for the threads of
 * the last round to leave. */
int pthread_barrier_destroy(pthread_barrier_t *b)
{
	if (!b || !b->__count)
		return EINVAL;
	pt_word_lock(&b->__lock);
	bool busy = b->__waiting != 0;
	pt_word_unlock(&b->__lock);
	if (busy)
		return EBUSY;
	unsigned inside;
	while ((inside = __atomic_load_n(&b->__inside, __ATOMIC_ACQUIRE)) != 0)
		pt_wait((int *)&b->__inside, (int)inside, 0);
	b->__count = 0;
	return 0;
}

int pthread_barrierattr_init(pthread_barrierattr_t *a)
{
	if (!a)
		return EINVAL;
	*a = (pthread_barrierattr_t){ .__magic = PT_ATTR_MAGIC };
	return 0;
}

PT_DEFINE_PSHARED_ATTR(barrier)

