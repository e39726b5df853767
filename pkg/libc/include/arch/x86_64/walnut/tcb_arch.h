/* x86_64: the thread pointer is the FS base; %fs:0 holds the TCB's own
 * address (the TLS ABI's variant II). */
#pragma once

#include <l4/sys/segment.h>
#include <l4/sys/utcb.h>

struct wn_tcb;

static inline struct wn_tcb *wn_tcb_self(void)
{
	struct wn_tcb *t;
	__asm__("mov %%fs:0, %0" : "=r"(t));
	return t;
}

/* Points thread's thread pointer at t. 0 or -L4_E*. */
static inline long wn_arch_set_tp(l4_cap_idx_t thread, struct wn_tcb *t)
{
	return fiasco_amd64_set_fs(thread, (l4_umword_t)t, l4_utcb());
}
