/* Spin locks: the word holds the holder's thread capability, so that a
 * spinning thread can hand the CPU to a preempted holder (whatever their
 * priorities) instead of burning its time slice, and so that relocking by
 * the holder is reported (EDEADLK) instead of spinning for ever. */
#include "pt_internal.h"
#include <errno.h>
#include <l4/sys/ipc.h>
#include <l4/sys/thread.h>

enum { HOLDER_UNKNOWN = 1, PAUSES = 64, SWITCHES = 64 };

static unsigned long me(void)
{
	l4_cap_idx_t c = wn_tcb_self()->thread;
	return l4_is_valid_cap(c) ? c : HOLDER_UNKNOWN;
}

int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
	/* The word holds a capability index of this task: meaningless in
	 * another one. */
	if (!s || (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED))
		return EINVAL;
	if (pshared == PTHREAD_PROCESS_SHARED)
		return ENOTSUP;
	s->__lock = 0;
	return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *s)
{
	if (!s)
		return EINVAL;
	return __atomic_load_n(&s->__lock, __ATOMIC_RELAXED) ? EBUSY : 0;
}

int pthread_spin_trylock(pthread_spinlock_t *s)
{
	if (!s)
		return EINVAL;
	unsigned long free = 0;
	return __atomic_compare_exchange_n(&s->__lock, &free, me(), false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED) ? 0 : EBUSY;
}

int pthread_spin_lock(pthread_spinlock_t *s)
{
	if (!s)
		return EINVAL;
	unsigned long self = me();
	if (self != HOLDER_UNKNOWN && __atomic_load_n(&s->__lock, __ATOMIC_RELAXED) == self)
		return EDEADLK;
	for (unsigned i = 0;; i++) {
		unsigned long holder = 0;
		if (__atomic_compare_exchange_n(&s->__lock, &holder, self, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return 0;
		if (i < PAUSES)
			__builtin_ia32_pause();
		else if (i > PAUSES + SWITCHES)
			l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(1000)));
		else if (holder != HOLDER_UNKNOWN)
			l4_thread_switch(holder);
		else
			l4_thread_yield();
	}
}

int pthread_spin_unlock(pthread_spinlock_t *s)
{
	if (!s)
		return EINVAL;
	if (!__atomic_load_n(&s->__lock, __ATOMIC_RELAXED))
		return EPERM;
	__atomic_store_n(&s->__lock, 0, __ATOMIC_RELEASE);
	return 0;
}
