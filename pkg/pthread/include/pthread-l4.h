/* L4-specific pthread functions, as L4Re's <pthread-l4.h> has them. */
#pragma once

#include <pthread.h>
#include <l4/sys/compiler.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>

/* Flags for pthread_attr_t's create_flags. */
enum {
	/* pthread_create() makes the thread (kernel object, UTCB, stack, TLS)
	 * but does not run it: pthread_l4_start() does. */
	PTHREAD_L4_ATTR_NO_START = 0x0001,
};

__BEGIN_DECLS

/* The capability of t's kernel Thread object; L4_INVALID_CAP when t is not
 * a thread. Valid as long as t is (until it is joined, or has exited when
 * detached). */
l4_cap_idx_t pthread_l4_cap(pthread_t t);
/* The same under L4Re's older name. */
l4_cap_idx_t pthread_getl4cap(pthread_t t);

/* t's UTCB; NULL when t is not a thread. */
l4_utcb_t *pthread_l4_utcb(pthread_t t);

/* Calls fn for every thread the library knows (those it created, the main
 * thread and others that called pthread_self()), in no particular order,
 * with the thread list locked: fn must not create, join or detach. */
void pthread_l4_for_each_thread(void (*fn)(pthread_t));

/* Starts thread, made with PTHREAD_L4_ATTR_NO_START, in func(arg).
 * 0; ESRCH not a thread; EINVAL not made that way or started already;
 * EPERM/EAGAIN when the kernel refuses. */
int pthread_l4_start(pthread_t thread, void *(*func)(void *), void *arg);

__END_DECLS
