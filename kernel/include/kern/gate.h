/* IPC gates: a capability to send to a server thread with a label the
 * server chose. Unbound gates make senders wait until a thread is bound. */
#pragma once

#include <kern/list.h>
#include <kern/obj.h>

struct thread;
struct quota;

struct ipc_gate {
	struct kobj obj;
	struct quota *quota;
	struct thread *thread;  /* bound receiver (holds a reference), or NULL */
	u64 label;              /* delivered with each message, low 2 bits: rights */
	struct list waiters;    /* senders blocked while unbound (thread.sender.link) */
	bool dead;              /* deleted: every send fails */
};

extern const struct kobj_ops gate_ops;
/* A gate bound to t (may be NULL) with label; NULL when out of quota. */
struct ipc_gate *gate_create(struct quota *q, struct thread *t, u64 label);
/* Takes a blocked thread off a gate's wait list (timeout, cancel, death). */
void gate_forget_waiter(struct thread *t);
