/* Synchronous IPC between threads: send, receive, call, reply-and-wait,
 * with timeouts, cancellation, typed items (map/grant) and aborts. */
#pragma once

#include <kern/types.h>

struct thread;
struct kobj;
struct ipc_sender;

/* One IPC operation of thread t (the current thread).
 *   dst      receiver of the send phase (NULL: none, or use reply_to with REPLY)
 *   label    the label dst receives (the gate's label, 0 for thread caps)
 *   flags    L4_SYSF_* of the capability selector
 *   rcv_from closed receive partner (NULL: open wait when L4_SYSF_OPEN_WAIT)
 * Returns the tag for t and stores its received label in *rlabel. */
u64 ipc_do(struct thread *t, struct thread *dst, u64 label, unsigned flags, u64 tag,
	   u64 timeouts, struct kobj *rcv_from, u64 *rlabel);

/* The fast path for register-only call / reply-and-wait when the partner
 * waits; false (nothing done) sends the caller to the general path. */
bool ipc_fast(struct thread *t, u64 sel, u64 tag, u64 timeouts, u64 *out_tag, u64 *out_label);

/* An IPC error for t: sets the UTCB error word, returns the error tag. */
u64 ipc_error_tag(struct thread *t, unsigned ipc_error);

/* t's IPC timeout expired: ends its operation with the timeout error. */
void ipc_timeout(struct thread *t);
/* Ends t's IPC with a cancel error (Thread ex_regs). */
void ipc_cancel(struct thread *t);
/* t dies: every partner blocked on t is aborted, t leaves every queue. */
void ipc_abort_partners(struct thread *t);
/* A sender (Irq) queued at r is woken by r's next receive. */
void ipc_queue_sender(struct thread *r, struct ipc_sender *s);
void ipc_dequeue_sender(struct ipc_sender *s);
/* Wakes r if it waits for a message that s can give (Irq delivery). */
bool ipc_receiver_ready(struct thread *r, struct kobj *from);
/* Completes r's receive with tag/label (kernel-generated messages). */
void ipc_complete_receive(struct thread *r, u64 tag, u64 label);

/* Provided by the Irq code: an Irq queued as sender hands over its message. */
u64 irq_take_message(struct ipc_sender *s, u64 *label);
/* The kobj of an Irq sender (to match closed receives). */
struct kobj *irq_sender_obj(struct ipc_sender *s);
