/* pthread_once(): the first caller runs the routine; the others sleep on
 * the state word until it is done. */
#include "pt_internal.h"
#include <errno.h>
#include <limits.h>

enum { ONCE_NEW = 0, ONCE_RUNNING = 1, ONCE_DONE = 2 };

int pthread_once(pthread_once_t *once, void (*fn)(void))
{
	if (!once || !fn)
		return EINVAL;
	int s = __atomic_load_n(&once->__state, __ATOMIC_ACQUIRE);
	if (s == ONCE_DONE)
		return 0;
	if (s == ONCE_NEW &&
	    __atomic_compare_exchange_n(&once->__state, &s, ONCE_RUNNING, false, __ATOMIC_ACQUIRE,
					__ATOMIC_ACQUIRE)) {
		fn();
		__atomic_store_n(&once->__state, ONCE_DONE, __ATOMIC_RELEASE);
		wn_futex_wake(&once->__state, INT_MAX);
		return 0;
	}
	while (__atomic_load_n(&once->__state, __ATOMIC_ACQUIRE) != ONCE_DONE)
		pt_wait(&once->__state, ONCE_RUNNING, 0);
	return 0;
}
