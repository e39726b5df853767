/* IPC gates: forwarding sends to the bound thread with the gate's label;
 * bind and get_infos (L4_PROTO_KOBJECT) for the server side. */
#include <kern/cpu.h>
#include <kern/gate.h>
#include <kern/invoke.h>
#include <kern/ipc.h>
#include <kern/quota.h>
#include <kern/sched.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/timeout.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc_gate.h>

struct ipc_gate *gate_create(struct quota *q, struct thread *t, u64 label)
{
	struct ipc_gate *g = kmem_alloc_q(q, sizeof(*g));
	if (!g)
		return NULL;
	kobj_init(&g->obj, &gate_ops, "");
	g->quota = q;
	g->label = label;
	g->thread = t;
	if (t)
		kobj_get(&t->obj);
	list_init(&g->waiters);
	return g;
}

void gate_forget_waiter(struct thread *t)
{
	if (t->snd_gate) {
		list_remove(&t->sender.link);
		t->snd_gate = NULL;
	}
}

/* Lets every waiting sender try again (bound now, or the gate is gone). */
static void wake_waiters(struct ipc_gate *g, bool retry)
{
	while (!list_empty(&g->waiters)) {
		struct thread *w = list_entry(g->waiters.next, struct thread, sender.link);
		gate_forget_waiter(w);
		ipc_complete_receive(w, retry ? GATE_RETRY_TAG : ipc_error_tag(w, L4_IPC_ENOT_EXISTENT), 0);
	}
}

/* Decode: words [op, label], one object item naming a thread of the
 * caller's task; needs the S right on the gate and on the thread. */
static u64 gate_bind(struct invocation *inv, struct ipc_gate *g)
{
	if (inv_words(inv) < 2)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	if (inv_items(inv) < 1)
		return syscall_error_tag(-L4_EMSGMISSARG);
	struct cap_slot *ts = inv_cap_item(inv, inv_words(inv));
	if (!ts || ts->obj->ops->type != KOBJ_THREAD)
		return syscall_error_tag(-L4_EINVAL);
	if (!(inv->rights & CAP_RIGHT_S) || !(ts->rights & CAP_RIGHT_S))
		return syscall_error_tag(-L4_EPERM);
	struct thread *t = container_of(ts->obj, struct thread, obj);
	u64 label = inv_mr(inv, 1);
	/* No return from here on: swap the bound thread. */
	struct thread *old = g->thread;
	kobj_get(&t->obj);
	g->thread = t;
	g->label = label;
	if (old)
		kobj_put(&old->obj);
	wake_waiters(g, true);
	return syscall_ok_tag(0, 0);
}

static u64 gate_get_infos(struct invocation *inv, struct ipc_gate *g)
{
	if (!(inv->rights & CAP_RIGHT_S))
		return syscall_error_tag(-L4_EPERM);
	inv_set_mr(inv, 0, g->label);
	return syscall_ok_tag(0, 1);
}

/* An unbound gate: wait for a bind per the send timeout. */
static u64 gate_wait_bound(struct invocation *inv, struct ipc_gate *g)
{
	struct thread *t = inv->caller;
	l4_timeout_s snd_to = { (u16)(inv->timeout >> 16) };
	if (l4_timeout_is_zero(snd_to))
		return ipc_error_tag(t, L4_IPC_SETIMEOUT);
	t->snd_gate = &g->obj;
	t->ipc_wait = IPC_SEND_WAIT;
	list_push_back(&g->waiters, &t->sender.link);
	t->ipc_done = false;
	if (!l4_timeout_is_never(snd_to))
		timeout_arm(t, kernel_time_us() + l4_timeout_rel_us(snd_to));
	sched_block();
	return t->ipc_tag;
}

static u64 gate_invoke(struct invocation *inv)
{
	struct ipc_gate *g = container_of(inv->obj, struct ipc_gate, obj);
	unsigned flags = (unsigned)inv->cap_flags;
	/* Gate operations only through a server capability; a client's
	 * capability forwards everything, kernel-object labels included. */
	if ((flags & L4_SYSF_SEND) && inv_label(inv) == L4_PROTO_KOBJECT &&
	    (inv->rights & CAP_ATTR_IPCGATE_SVR)) {
		if (inv_words(inv) < 1)
			return syscall_error_tag(-L4_EMSGTOOSHORT);
		switch (inv_mr(inv, 0)) {
		case L4_IPC_GATE_BIND_OP: return gate_bind(inv, g);
		case L4_IPC_GATE_GET_INFO_OP: return gate_get_infos(inv, g);
		default: return syscall_error_tag(-L4_ENOSYS);
		}
	}
	for (;;) {
		struct thread *t = g->thread;
		if (g->dead)
			return ipc_error_tag(inv->caller, L4_IPC_ENOT_EXISTENT);
		if (t && (!t->task || t->state == THREAD_DEAD))
			return ipc_error_tag(inv->caller, L4_IPC_ENOT_EXISTENT);
		if (t) {
			u64 label = g->label | (inv->rights & (CAP_RIGHT_W | CAP_RIGHT_S));
			return ipc_do(inv->caller, (flags & L4_SYSF_SEND) ? t : NULL, label, flags,
				      inv->tag, inv->timeout, &t->obj, inv->label);
		}
		if (!(flags & L4_SYSF_SEND))
			return ipc_error_tag(inv->caller, L4_IPC_ENOT_EXISTENT);
		u64 r = gate_wait_bound(inv, g);
		if (r != GATE_RETRY_TAG)
			return r;
	}
}

/* Deleted: blocked senders learn it, the bound thread is let go. */
static void gate_kill(struct kobj *o)
{
	struct ipc_gate *g = container_of(o, struct ipc_gate, obj);
	wake_waiters(g, false);
	if (g->thread) {
		kobj_put(&g->thread->obj);
		g->thread = NULL;
	}
	g->dead = true;
}

static void gate_destroy(struct kobj *o)
{
	struct ipc_gate *g = container_of(o, struct ipc_gate, obj);
	gate_kill(o);
	kmem_free_q(g->quota, g, sizeof(*g));
}

static const struct kobj_meta gate_meta[] = { { L4_PROTO_KOBJECT, "ipc_gate" }, { 0, NULL } };
const struct kobj_ops gate_ops = { KOBJ_IPC_GATE, gate_invoke, gate_destroy, gate_kill, gate_meta };
