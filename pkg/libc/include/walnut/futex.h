/* Address-keyed wait and wake (like Linux futexes): the one blocking
 * primitive under pthread's and newlib's locks. A waiter sleeps on its
 * thread's wake-up Irq; wakers trigger it. */
#pragma once

#include <stdint.h>

/* Sleeps while *addr == expected, until woken by wn_futex_wake(addr) or
 * until the monotonic clock (wn_clock_ns()) reaches deadline_ns
 * (0 = no deadline). Returns 0 when woken (possibly spuriously: callers
 * re-check their condition), -EAGAIN when *addr != expected on entry,
 * -ETIMEDOUT at the deadline, -ENOMEM when no wake-up Irq could be made. */
int wn_futex_wait(volatile int *addr, int expected, uint64_t deadline_ns);

/* Wakes up to n threads waiting on addr; returns how many it woke. */
int wn_futex_wake(volatile int *addr, int n);
