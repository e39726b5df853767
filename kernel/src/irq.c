/* Irq objects and the kernel ICU: interrupts, software-triggered or from a
 * hardware line, delivered to the bound thread as IPC without payload. */
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/invoke.h>
#include <kern/ipc.h>
#include <kern/irq.h>
#include <kern/irq_obj.h>
#include <kern/objects.h>
#include <kern/printk.h>
#include <kern/quota.h>
#include <kern/sched.h>
#include <kern/thread.h>
#include <l4/sys/err.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/platform_control.h>
#include <l4/sys/rcv_endpoint.h>

/* Hardware lines the ICU hands out, and the Irq bound to each. */
static struct irq *line_irq[ARCH_IRQ_LINES];

struct irq *irq_create(struct quota *q)
{
	struct irq *i = kmem_alloc_q(q, sizeof(*i));
	if (!i)
		return NULL;
	kobj_init(&i->obj, &irq_ops, "");
	i->quota = q;
	i->line = -1;
	i->label = ~0ull;
	i->sender.is_irq = true;
	list_init(&i->sender.link);
	return i;
}

struct kobj *irq_sender_obj(struct ipc_sender *s)
{
	return &container_of(s, struct irq, sender)->obj;
}

u64 irq_take_message(struct ipc_sender *s, u64 *label)
{
	struct irq *i = container_of(s, struct irq, sender);
	*label = i->label;
	/* More hits came while this one waited: the next message is queued. */
	if (i->hits > 1 && i->thread) {
		i->hits--;
		i->sender.receiver = i->thread;
		list_push_front(&i->thread->senders, &i->sender.link);
	} else {
		i->hits = 0;
		i->pending = false;
	}
	return (u64)l4_msgtag(L4_PROTO_IRQ, 0, 0, 0).raw;
}

void irq_raise(struct irq *i)
{
	struct thread *t = i->thread;
	i->count++;
	if (!t || t->state == THREAD_DEAD) {
		i->pending = true; /* kept until bound */
		i->hits++;
		return;
	}
	if (!i->pending && ipc_receiver_ready(t, &i->obj)) {
		ipc_complete_receive(t, (u64)l4_msgtag(L4_PROTO_IRQ, 0, 0, 0).raw, i->label);
		return;
	}
	i->hits++;
	if (!i->pending) {
		i->pending = true;
		/* Interrupts go ahead of IPC senders. */
		i->sender.receiver = t;
		list_push_front(&t->senders, &i->sender.link);
	}
}

static void irq_unbind_thread(struct irq *i)
{
	ipc_dequeue_sender(&i->sender);
	if (i->thread)
		kobj_put(&i->thread->obj);
	i->thread = NULL;
	i->label = ~0ull;
}

void irq_detach_thread(struct thread *t)
{
	/* Irqs queued at t are exactly the pending ones bound to it. */
	while (!list_empty(&t->senders)) {
		struct ipc_sender *s = list_entry(t->senders.next, struct ipc_sender, link);
		if (!s->is_irq)
			break;
		irq_unbind_thread(container_of(s, struct irq, sender));
	}
}

void irq_hw_raise(unsigned line)
{
	struct irq *i = line < ARCH_IRQ_LINES ? line_irq[line] : NULL;
	if (!i) {
		pr_warn("irq %u: no Irq bound, masking the line\n", line);
		arch_irq_mask(line);
		return;
	}
	/* Level-triggered lines stay masked until the receiver unmasks. */
	arch_irq_mask(line);
	i->masked = true;
	irq_raise(i);
}

static void irq_unmask(struct irq *i)
{
	if (i->line >= 0 && i->masked && !i->pending) {
		i->masked = false;
		arch_irq_unmask((unsigned)i->line);
	}
}

/* [0x10, label] + the thread: S on the Irq and on the thread. */
static u64 irq_bind(struct invocation *inv, struct irq *i)
{
	if (inv_words(inv) < 2)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	if (!inv_items(inv))
		return syscall_error_tag(-L4_EMSGMISSARG);
	struct cap_slot *ts = inv_cap_item(inv, inv_words(inv));
	if (!ts || ts->obj->ops->type != KOBJ_THREAD)
		return syscall_error_tag(-L4_EINVAL);
	if (!(inv->rights & CAP_RIGHT_S) || !(ts->rights & CAP_RIGHT_S))
		return syscall_error_tag(-L4_EPERM);
	struct thread *t = container_of(ts->obj, struct thread, obj);
	u32 hits = i->hits;
	irq_unbind_thread(i);
	kobj_get(&t->obj);
	i->thread = t;
	i->label = inv_mr(inv, 1);
	i->pending = false;
	i->hits = 0;
	while (hits--)
		irq_raise(i); /* hits that came while unbound */
	return syscall_ok_tag(0, 0);
}

static u64 irq_invoke(struct invocation *inv)
{
	struct irq *i = container_of(inv->obj, struct irq, obj);
	unsigned flags = (unsigned)inv->cap_flags;
	long label = inv_label(inv);
	if (!(flags & L4_SYSF_SEND)) /* receive only: wait for this Irq */
		return ipc_do(inv->caller, NULL, 0, flags, inv->tag, inv->timeout, &i->obj, inv->label);
	switch (label) {
	case L4_PROTO_IRQ: {
		u64 op = inv_words(inv) ? inv_mr(inv, 0) & 0xffff : L4_IRQ_OP_TRIGGER;
		if (op == L4_IRQ_OP_TRIGGER)
			irq_raise(i);
		else if (op == L4_IRQ_OP_EOI || op == 0)
			irq_unmask(i);
		else
			return syscall_error_tag(-L4_ENOSYS);
		/* No reply: a call goes on to wait for this Irq, send-and-wait
		 * to an open wait. */
		if (!(flags & L4_SYSF_RECV))
			return syscall_ok_tag(0, 0);
		return ipc_do(inv->caller, NULL, 0, flags & ~L4_SYSF_SEND, 0, inv->timeout,
			      &i->obj, inv->label);
	}
	case L4_PROTO_KOBJECT:
		if (inv_words(inv) && inv_mr(inv, 0) == L4_RCV_EP_BIND_OP)
			return irq_bind(inv, i);
		return syscall_error_tag(-L4_ENOSYS);
	case L4_PROTO_IRQ_SENDER:
		if (!inv_words(inv))
			return syscall_error_tag(-L4_EMSGTOOSHORT);
		if (inv_mr(inv, 0) == L4_IRQ_SENDER_OP_DETACH) {
			if (!(inv->rights & CAP_RIGHT_S))
				return syscall_error_tag(-L4_EPERM);
			irq_unbind_thread(i);
			i->pending = false;
			i->hits = 0;
			return syscall_ok_tag(0, 0);
		}
		if (inv_mr(inv, 0) == 0) /* the former attach: same as bind */
			return irq_bind(inv, i);
		return syscall_error_tag(-L4_ENOSYS);
	default:
		return syscall_error_tag(-L4_EBADPROTO);
	}
}

static void irq_destroy(struct kobj *o)
{
	struct irq *i = container_of(o, struct irq, obj);
	irq_unbind_thread(i);
	if (i->line >= 0) {
		arch_irq_mask((unsigned)i->line);
		line_irq[i->line] = NULL;
	}
	kmem_free_q(i->quota, i, sizeof(*i));
}

static void irq_kill(struct kobj *o)
{
	struct irq *i = container_of(o, struct irq, obj);
	irq_unbind_thread(i);
	i->pending = false;
	i->hits = 0;
}

static const struct kobj_meta irq_meta[] = {
	{ L4_PROTO_IRQ_SENDER, "irq" }, { L4_PROTO_IRQ, "irq_eoi" },
	{ L4_PROTO_KOBJECT, "rcv_endpoint" }, { 0, NULL },
};
const struct kobj_ops irq_ops = { KOBJ_IRQ, irq_invoke, irq_destroy, irq_kill, irq_meta };

/* -- the kernel ICU ------------------------------------------------------ */

struct kobj icu_obj;

static struct irq *icu_irq_arg(struct invocation *inv, u64 *err)
{
	if (!inv_items(inv)) {
		*err = syscall_error_tag(-L4_EMSGMISSARG);
		return NULL;
	}
	struct cap_slot *s = inv_cap_item(inv, inv_words(inv));
	if (!s || s->obj->ops->type != KOBJ_IRQ) {
		*err = syscall_error_tag(-L4_EINVAL);
		return NULL;
	}
	if (!(s->rights & CAP_RIGHT_W)) {
		*err = syscall_error_tag(-L4_EPERM);
		return NULL;
	}
	return container_of(s->obj, struct irq, obj);
}

static u64 icu_bind(struct invocation *inv, bool bind)
{
	u64 err;
	if (inv_words(inv) < 2)
		return syscall_error_tag(-L4_EINVAL);
	u64 line = inv_mr(inv, 1);
	struct irq *i = icu_irq_arg(inv, &err);
	if (!i)
		return err;
	if (line >= ARCH_IRQ_LINES || !arch_irq_line_usable((unsigned)line))
		return syscall_error_tag(-L4_EINVAL);
	if (!bind) {
		if (line_irq[line] == i) {
			arch_irq_mask((unsigned)line);
			line_irq[line] = NULL;
			i->line = -1;
		}
		return syscall_ok_tag(0, 0);
	}
	if (line_irq[line] && line_irq[line] != i)
		return syscall_error_tag(-L4_EBUSY);
	if (i->line >= 0 && (u64)i->line != line) {
		arch_irq_mask((unsigned)i->line);
		line_irq[i->line] = NULL;
	}
	line_irq[line] = i;
	i->line = (int)line;
	i->masked = true; /* masked until the first unmask */
	arch_irq_mask((unsigned)line);
	return syscall_ok_tag(0, 0);
}

static u64 icu_line_op(struct invocation *inv, bool unmask)
{
	if (inv_words(inv) < 2 || inv_mr(inv, 1) >= ARCH_IRQ_LINES)
		return syscall_ok_tag(0, 0); /* ignored, as specified */
	struct irq *i = line_irq[inv_mr(inv, 1)];
	if (i && unmask)
		irq_unmask(i);
	else if (!unmask)
		arch_irq_mask((unsigned)inv_mr(inv, 1));
	return syscall_ok_tag(0, 0);
}

static u64 icu_op(struct invocation *inv)
{
	if (!inv_words(inv))
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	switch (inv_mr(inv, 0)) {
	case L4_ICU_OP_BIND: return icu_bind(inv, true);
	case L4_ICU_OP_UNBIND: return icu_bind(inv, false);
	case L4_ICU_OP_INFO:
		inv_set_mr(inv, 0, 0); /* no MSIs */
		inv_set_mr(inv, 1, ARCH_IRQ_LINES);
		inv_set_mr(inv, 2, 0);
		return syscall_ok_tag(0, 3);
	case L4_ICU_OP_MSI_INFO: return syscall_error_tag(-L4_EINVAL);
	case L4_ICU_OP_UNMASK: return icu_line_op(inv, true);
	case L4_ICU_OP_MASK: return icu_line_op(inv, false);
	case L4_ICU_OP_SET_MODE:
		if (inv_words(inv) < 3 || inv_mr(inv, 1) >= ARCH_IRQ_LINES)
			return syscall_error_tag(-L4_EINVAL);
		return arch_irq_set_mode((unsigned)inv_mr(inv, 1), inv_mr(inv, 2) & L4_IRQ_F_MASK)
			       ? syscall_ok_tag(0, 0) : syscall_error_tag(-L4_EINVAL);
	default: return syscall_error_tag(-L4_ENOSYS);
	}
}

static u64 icu_invoke(struct invocation *inv)
{
	if (!(inv->cap_flags & L4_SYSF_SEND))
		return ipc_error_tag(inv->caller, L4_IPC_ENOT_EXISTENT);
	switch (inv_label(inv)) {
	case L4_PROTO_IRQ: return icu_op(inv);
	case L4_PROTO_PLATFORM_CTL: return platform_op(inv);
	default: return syscall_error_tag(-L4_EBADPROTO);
	}
}

static const struct kobj_meta icu_meta[] = {
	{ L4_PROTO_IRQ, "icu" }, { L4_PROTO_PLATFORM_CTL, "platform_control" }, { 0, NULL },
};
static const struct kobj_ops icu_ops = { KOBJ_ICU, icu_invoke, NULL, NULL, icu_meta };

void icu_init(void)
{
	kobj_init(&icu_obj, &icu_ops, "icu");
	icu_obj.refs = 1; /* a kernel object, never destroyed */
}
