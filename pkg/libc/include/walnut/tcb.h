/* The thread control block: per-thread state of the C library, found
 * through the thread pointer (FS base on x86_64). */
#pragma once

#include <reent.h>
#include <stddef.h>
#include <l4/sys/types.h>

/* x86_64 TLS variant II: the static TLS block lies right below the TCB and
 * the compiler reads %fs:0 for the TCB's own address and %fs:0x28 for the
 * stack protector's guard, so those two offsets are fixed. */
struct wn_tcb {
	struct wn_tcb *self;      /* %fs:0 */
	void *dtv;                /* unused: static TLS only */
	void *reserved[3];
	unsigned long stack_guard; /* %fs:0x28 */
	void *block;              /* the allocation holding TLS block and TCB */
	l4_cap_idx_t thread;      /* this thread's kernel object */
	l4_cap_idx_t wake_irq;    /* futex wake-ups; invalid until first wait */
	void *pthread;            /* pkg/pthread's descriptor, NULL until used */
	/* futex waiter state (pkg/libc/src/futex.c) */
	struct wn_tcb *fx_next, **fx_pprev;
	volatile int *fx_addr;
	struct _reent *reentp;    /* what __getreent() returns: &reent, or
				     newlib's global one for the main thread */
	struct _reent reent;      /* newlib: errno, stdio/strtok/rand state */
};

/* wn_tcb_self(): the calling thread's TCB; wn_arch_set_tp(). */
#include <walnut/tcb_arch.h>

/* A TCB for a new thread with a fresh copy of the program's TLS image
 * (.tdata copied, .tbss zeroed) and a fresh struct _reent; NULL when out of
 * memory. thread stays invalid until wn_tcb_attach(). */
struct wn_tcb *wn_tcb_create(void);

/* Makes t the TCB of thread (sets its FS base). 0 or -L4_E*. */
long wn_tcb_attach(struct wn_tcb *t, l4_cap_idx_t thread);

/* Releases t's newlib state, wake-up Irq and memory. Not for the running
 * thread's own TCB. */
void wn_tcb_destroy(struct wn_tcb *t);

/* The wake-up Irq of t, created and bound to t's thread on first use;
 * L4_INVALID_CAP when that fails. */
l4_cap_idx_t wn_tcb_wake_irq(struct wn_tcb *t);
