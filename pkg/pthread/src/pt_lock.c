/* The library's internal lock and its blocking helper (pt_internal.h). */
#include "pt_internal.h"
#include <errno.h>
#include <l4/sys/thread.h>

void pt_lock_slow(int *word)
{
	/* 2: whoever unlocks next must wake somebody. */
	while (__atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE) != 0)
		pt_wait(word, 2, 0);
}

int pt_wait(int *word, int expected, uint64_t deadline_ns)
{
	int r = wn_futex_wait(word, expected, deadline_ns);
	if (r == -ETIMEDOUT)
		return ETIMEDOUT;
	if (r == -ENOMEM) {
		/* No wake-up Irq (out of capabilities or kernel memory): poll. */
		l4_thread_yield();
		if (deadline_ns && pt_expired(deadline_ns))
			return ETIMEDOUT;
	}
	return 0;
}
