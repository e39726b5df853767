/* The system-call entry: one entry point that invokes an object through a
 * capability, and helpers to build reply tags and access the caller's UTCB. */
#pragma once

#include <kern/types.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>

struct thread;
struct trap_frame;

/* Called from the arch entry with the caller's saved registers. */
void syscall_dispatch(struct trap_frame *f);

/* A reply tag carrying a (negative) L4 error code as its label. */
static inline u64 syscall_error_tag(long err)
{
	return (u64)l4_msgtag(err, 0, 0, 0).raw;
}

/* Performs one invocation for t as the system call would (also used by
 * the kernel on a thread's behalf). *label gets the received label. */
u64 syscall_invoke(struct thread *t, u64 sel, u64 tag, u64 timeouts, u64 *label);

/* A successful reply tag with words result words in the caller's MRs. */
static inline u64 syscall_ok_tag(long result, unsigned words)
{
	return (u64)l4_msgtag(result, words, 0, 0).raw;
}

static inline l4_msg_regs_t *thread_mrs(struct thread *t);
static inline l4_thread_regs_t *thread_tcr(struct thread *t);

#include <kern/thread.h>

static inline l4_msg_regs_t *thread_mrs(struct thread *t)
{
	return (l4_msg_regs_t *)((char *)t->utcb + L4_UTCB_MSG_REGS_OFFSET);
}
static inline l4_thread_regs_t *thread_tcr(struct thread *t)
{
	return (l4_thread_regs_t *)((char *)t->utcb + L4_UTCB_THREAD_REGS_OFFSET);
}
