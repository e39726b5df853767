/* The IPC fast path: a register-only call or reply-and-wait between two
 * threads where the partner already waits. It does exactly what the general
 * path (ipc.c) would do, minus the generality: a list of checks, each
 * sending the unusual case to the general path, then a point of no return
 * after which the message is copied and the CPU goes straight to the
 * partner without consulting the run queue. */
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/gate.h>
#include <kern/ipc.h>
#include <kern/obj_space.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/timeout.h>
#include <l4/sys/consts.h>
#include <l4/sys/ipc.h>

/* Whether a thread other than t is ready on c at a priority above prio:
 * the bits above prio in the run queue bitmap, t's own bit removed when t
 * (about to block) is alone at its priority. Unrolled: four words. */
static bool others_ready_above(const struct cpu *c, const struct thread *t, unsigned prio)
{
	u64 above[SCHED_PRIOS / 64];
	for (unsigned w = 0; w < SCHED_PRIOS / 64; w++) {
		u64 mask = w > prio / 64 ? ~0ull
			 : w < prio / 64 ? 0
			 : (prio % 64 == 63 ? 0 : ~0ull << (prio % 64 + 1));
		above[w] = c->rq.bitmap[w] & mask;
	}
	if (t->rq_link.next == t->rq_link.prev)
		above[t->prio / 64] &= ~(1ull << (t->prio % 64));
	return (above[0] | above[1] | above[2] | above[3]) != 0;
}

/* Resolves the destination of a call: a thread capability (not a Thread
 * operation) or a bound IPC gate. NULL sends us to the general path. */
static struct thread *call_target(struct thread *t, u64 sel, long label, u64 *rlabel)
{
	struct cap_slot *s = obj_space_lookup(&t->task->caps, cap_idx(sel >> L4_CAP_SHIFT));
	if (unlikely(!s || !s->obj))
		return NULL;
	struct kobj *o = s->obj;
	if (o->ops == &gate_ops) {
		if (unlikely(label == L4_PROTO_KOBJECT && (s->rights & CAP_ATTR_IPCGATE_SVR)))
			return NULL; /* a gate operation */
		struct ipc_gate *g = container_of(o, struct ipc_gate, obj);
		*rlabel = g->label | (s->rights & (CAP_RIGHT_W | CAP_RIGHT_S));
		return g->thread;
	}
	if (o->ops == &thread_ops && label != L4_PROTO_THREAD) {
		*rlabel = 0;
		return container_of(o, struct thread, obj);
	}
	return NULL;
}

bool ipc_fast(struct thread *t, u64 sel, u64 tag_raw, u64 timeouts, u64 *out_tag, u64 *out_label)
{
	unsigned flags = sel & 0xf;
	l4_msgtag_t tag = { (l4_mword_t)tag_raw };
	struct thread *dst;
	u64 dlabel = 0;
	bool call = flags == L4_SYSF_CALL;

	/* Only a call through a capability or a reply-and-wait. */
	if (call) {
		if (unlikely(sel & L4_INVALID_CAP_BIT))
			return false;
		dst = call_target(t, sel, l4_msgtag_label(tag), &dlabel);
	} else if (flags == L4_SYSF_REPLY_AND_WAIT) {
		dst = t->reply_to;
		/* A queued sender must be taken: the general path does that. */
		if (unlikely(!list_empty(&t->senders)))
			return false;
	} else {
		return false;
	}
	if (unlikely(!dst))
		return false;
	/* Register-only messages: no typed items, nothing to map. */
	if (unlikely(l4_msgtag_items(tag)))
		return false;
	/* The receive phase must not need a timeout (both directions never). */
	if (unlikely((u16)timeouts != 0))
		return false;
	/* The partner waits for exactly us (reply) or for anyone (call). */
	if (unlikely(!(dst->ipc_wait & IPC_RECV_WAIT)))
		return false;
	if (call ? !(dst->ipc_wait & IPC_RECV_OPEN) : dst->rcv_from != &t->obj)
		return false;
	/* Same CPU, and handing over does not skip a higher priority. */
	struct cpu *c = this_cpu();
	if (unlikely(dst->cpu.v != c->id.v || dst->state != THREAD_BLOCKED))
		return false;
	if (unlikely(others_ready_above(c, t, dst->prio)))
		return false;

	/* Point of no return. */
	unsigned words = l4_msgtag_words(tag);
	u64 *to = thread_mrs(dst)->mr;
	const u64 *from = thread_mrs(t)->mr;
	for (unsigned i = 0; i < words; i++)
		to[i] = from[i];
	dst->ipc_tag = (u64)l4_msgtag(l4_msgtag_label(tag), words, 0,
				      l4_msgtag_flags(tag) & ~L4_MSGTAG_ERROR).raw;
	dst->ipc_label = dlabel;
	dst->ipc_done = true;
	dst->ipc_wait = 0;
	dst->rcv_from = NULL;
	dst->caller_of = NULL;
	if (unlikely(!list_empty(&dst->timeout_link)))
		timeout_disarm(dst);
	if (call) {
		dst->reply_to = t;
		t->caller_of = dst;
		t->rcv_from = &dst->obj;
		t->ipc_wait = IPC_RECV_WAIT;
	} else {
		t->reply_to = NULL;
		t->rcv_from = NULL;
		t->ipc_wait = IPC_RECV_WAIT | IPC_RECV_OPEN;
	}
	t->ipc_done = false;
	t->state = THREAD_BLOCKED;
	runqueue_dequeue(&c->rq, t);
	dst->state = THREAD_READY;
	runqueue_enqueue(&c->rq, dst);
	if (dst->slice_left == 0)
		dst->slice_left = 10;
	c->current = dst;
	arch_switch_to(t, dst);
	if (unlikely(this_cpu()->zombie))
		thread_reap_zombie(this_cpu());
	/* Back: whoever ended our receive left the result. */
	*out_tag = t->ipc_tag;
	*out_label = t->ipc_label;
	return true;
}
