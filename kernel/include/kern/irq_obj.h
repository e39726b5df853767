/* Irq objects (software and hardware interrupts delivered as IPC) and the
 * Icu that binds hardware lines to them. */
#pragma once

#include <kern/ipc.h>
#include <kern/thread.h>
#include <kern/obj.h>

struct thread;
struct quota;

struct irq {
	struct kobj obj;
	struct quota *quota;
	struct ipc_sender sender;  /* queued at the attached thread while pending */
	struct thread *thread;     /* attached receiver, NULL when detached */
	u64 label;                 /* delivered with each interrupt */
	int line;                  /* hardware line bound through the Icu, -1 if none */
	bool pending;              /* raised, not yet received */
	u32 hits;                  /* hits not yet delivered (each is one message) */
	bool masked;               /* hardware line masked until unmask */
	u64 count;                 /* interrupts delivered (debugger) */
};

extern const struct kobj_ops irq_ops;
struct irq *irq_create(struct quota *q);
/* A thread dies: every Irq attached to it is detached. */
void irq_detach_thread(struct thread *t);
/* Raises the Irq: delivered at once if its thread waits, else pending. */
void irq_raise(struct irq *irq);
