/* Synchronous IPC: rendezvous of a sender and a receiver, message copy
 * between their UTCBs, call/reply through the implicit reply capability,
 * sender queues, timeouts, cancellation and aborts.
 *
 * Whoever ends a blocked thread's operation (a partner, a timeout, a cancel,
 * an abort) stores the final tag and label in the thread (complete()) before
 * waking it; the blocked thread then only returns them.
 */
#include <kern/cpu.h>
#include <kern/gate.h>
#include <kern/ipc.h>
#include <kern/ipc_items.h>
#include <kern/panic.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/timeout.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>

u64 ipc_error_tag(struct thread *t, unsigned ipc_error)
{
	thread_tcr(t)->error = ipc_error;
	return (u64)l4_msgtag(0, 0, 0, L4_MSGTAG_ERROR).raw;
}

/* Ends t's blocked IPC operation with tag/label and makes it runnable. */
static void complete(struct thread *t, u64 tag, u64 label)
{
	t->ipc_tag = tag;
	t->ipc_label = label;
	t->ipc_done = true;
	t->ipc_wait = 0;
	t->rcv_from = NULL;
	t->caller_of = NULL;
	timeout_disarm(t);
	if (t->state == THREAD_BLOCKED)
		sched_wake(t);
}

void ipc_complete_receive(struct thread *r, u64 tag, u64 label) { complete(r, tag, label); }

static bool accepts(const struct thread *r, const struct kobj *from)
{
	if (!(r->ipc_wait & IPC_RECV_WAIT))
		return false;
	return (r->ipc_wait & IPC_RECV_OPEN) || r->rcv_from == from;
}

bool ipc_receiver_ready(struct thread *r, struct kobj *from) { return accepts(r, from); }

void ipc_queue_sender(struct thread *r, struct ipc_sender *s)
{
	s->receiver = r;
	list_push_back(&r->senders, &s->link);
}

void ipc_dequeue_sender(struct ipc_sender *s)
{
	if (s->receiver) {
		list_remove(&s->link);
		s->receiver = NULL;
	}
}

static void arm(struct thread *t, l4_timeout_s to)
{
	if (!l4_timeout_is_never(to))
		timeout_arm(t, kernel_time_us() + l4_timeout_rel_us(to));
}

/* Blocks t until complete() or a timeout; returns its final tag. */
static u64 block(struct thread *t, l4_timeout_s to, u64 *rlabel)
{
	t->ipc_done = false;
	arm(t, to);
	sched_block();
	*rlabel = t->ipc_label;
	return t->ipc_tag;
}

/* Copies s's message into r and performs its typed items. Returns 0, or the
 * sender-side IPC error; *rtag is what r receives (an error tag on failure). */
static unsigned transfer(struct thread *s, struct thread *r, u64 tag_raw, u64 *rtag)
{
	l4_msgtag_t tag = { (l4_mword_t)tag_raw };
	unsigned words = l4_msgtag_words(tag), items = l4_msgtag_items(tag);
	if (words + 2 * items > L4_UTCB_GENERIC_DATA_SIZE) {
		*rtag = ipc_error_tag(r, L4_IPC_REMSGCUT);
		return L4_IPC_SEMSGCUT;
	}
	memcpy(thread_mrs(r)->mr, thread_mrs(s)->mr, (words + 2 * items) * sizeof(u64));
	if (items) {
		unsigned err = ipc_transfer_items(s, r, words, items);
		if (err) {
			*rtag = ipc_error_tag(r, err | 1); /* the receive-side code */
			return err & ~1u;
		}
	}
	*rtag = (u64)l4_msgtag(l4_msgtag_label(tag), words, items,
			       l4_msgtag_flags(tag) & ~L4_MSGTAG_ERROR).raw;
	return 0;
}

/* The receive phase for t: take a queued sender or block. */
static u64 receive(struct thread *t, unsigned flags, struct kobj *from, l4_timeout_s to,
		   u64 *rlabel)
{
	bool open = flags & L4_SYSF_OPEN_WAIT;
	list_for_each(it, &t->senders) {
		struct ipc_sender *s = list_entry(it, struct ipc_sender, link);
		if (s->is_irq) {
			if (!open && irq_sender_obj(s) != from)
				continue;
			ipc_dequeue_sender(s);
			return irq_take_message(s, rlabel);
		}
		struct thread *st = container_of(s, struct thread, sender);
		if (!open && &st->obj != from)
			continue;
		ipc_dequeue_sender(s);
		u64 rtag;
		unsigned err = transfer(st, t, st->snd_tag, &rtag);
		*rlabel = st->snd_label;
		if (err) {
			complete(st, ipc_error_tag(st, err), 0);
			return rtag;
		}
		if ((st->snd_flags & L4_SYSF_RECV) && !(st->snd_flags & L4_SYSF_OPEN_WAIT)) {
			/* A call: the sender now waits for our reply. */
			st->ipc_wait = IPC_RECV_WAIT;
			st->rcv_from = &t->obj;
			st->caller_of = t;
			t->reply_to = st;
			timeout_disarm(st);
			arm(st, (l4_timeout_s){ st->snd_rcv_timeout });
		} else {
			complete(st, (u64)l4_msgtag(0, 0, 0, 0).raw, 0);
		}
		return rtag;
	}
	if (l4_timeout_is_zero(to)) {
		/* A zero-timeout receive from nobody is l4_thread_yield(). */
		if (!open && !from)
			sched_yield();
		return ipc_error_tag(t, L4_IPC_RETIMEOUT);
	}
	t->ipc_wait = IPC_RECV_WAIT | (open ? IPC_RECV_OPEN : 0);
	t->rcv_from = open ? NULL : from;
	return block(t, to, rlabel);
}

/* The send phase from t to dst. Returns 0 when the operation goes on to
 * its receive phase, else the final tag (with *rlabel set). */
static u64 send(struct thread *t, struct thread *dst, u64 label, unsigned flags, u64 tag,
		l4_timeout_s snd_to, l4_timeout_s rcv_to, u64 *rlabel, bool *done)
{
	bool call = (flags & L4_SYSF_RECV) && !(flags & L4_SYSF_OPEN_WAIT);
	*done = true;
	if (accepts(dst, &t->obj)) {
		u64 rtag;
		unsigned err = transfer(t, dst, tag, &rtag);
		complete(dst, rtag, label);
		if (err)
			return ipc_error_tag(t, err);
		if (call) {
			dst->reply_to = t;
			t->caller_of = dst;
		}
		*done = false;
		return 0;
	}
	if (l4_timeout_is_zero(snd_to))
		return ipc_error_tag(t, L4_IPC_SETIMEOUT);
	/* The receiver is busy: queue up; it takes the message when it receives.
	 * For a call the receive timeout applies once the message is taken. */
	t->snd_label = label;
	t->snd_tag = tag;
	t->snd_flags = flags;
	t->snd_rcv_timeout = rcv_to.t;
	t->ipc_wait = IPC_SEND_WAIT;
	ipc_queue_sender(dst, &t->sender);
	return block(t, snd_to, rlabel);
}

u64 ipc_do(struct thread *t, struct thread *dst, u64 label, unsigned flags, u64 tag,
	   u64 timeouts, struct kobj *rcv_from, u64 *rlabel)
{
	l4_timeout_s snd_to = { (u16)(timeouts >> 16) }, rcv_to = { (u16)timeouts };
	if (l4_timeout_is_absolute(snd_to) || l4_timeout_is_absolute(rcv_to))
		return syscall_error_tag(-L4_EINVAL); /* absolute timeouts: not supported */
	*rlabel = 0;
	if (flags & L4_SYSF_SEND) {
		bool skip_send = false;
		if (flags & L4_SYSF_REPLY) {
			/* The reply capability is used once; the caller must still
			 * be waiting for us (a reply never blocks). Nobody to reply
			 * to (the last message came from an Irq): reply-and-wait
			 * just waits. */
			dst = t->reply_to;
			t->reply_to = NULL;
			if (!dst && (flags & L4_SYSF_RECV))
				skip_send = true;
			else if (!dst || !accepts(dst, &t->obj))
				return ipc_error_tag(t, dst ? L4_IPC_SETIMEOUT : L4_IPC_ENOT_EXISTENT);
			snd_to = L4_IPC_TIMEOUT_0;
		}
		if (!dst && !skip_send)
			return ipc_error_tag(t, L4_IPC_ENOT_EXISTENT);
		bool done = false;
		u64 r = skip_send ? 0 : send(t, dst, label, flags, tag, snd_to, rcv_to, rlabel, &done);
		if (done)
			return r;
		if (!(flags & L4_SYSF_RECV))
			return (u64)l4_msgtag(0, 0, 0, 0).raw;
		if (!(flags & L4_SYSF_OPEN_WAIT) && dst)
			rcv_from = &dst->obj; /* a call waits for dst's reply */
	}
	if (!(flags & L4_SYSF_RECV))
		return (u64)l4_msgtag(0, 0, 0, 0).raw;
	return receive(t, flags, rcv_from, rcv_to, rlabel);
}

void ipc_timeout(struct thread *t)
{
	unsigned err = (t->ipc_wait & IPC_SEND_WAIT) ? L4_IPC_SETIMEOUT : L4_IPC_RETIMEOUT;
	gate_forget_waiter(t);
	ipc_dequeue_sender(&t->sender);
	if (t->caller_of && t->caller_of->reply_to == t)
		t->caller_of->reply_to = NULL;
	complete(t, ipc_error_tag(t, err), 0);
}

void ipc_cancel(struct thread *t)
{
	if (!t->ipc_wait)
		return;
	unsigned err = (t->ipc_wait & IPC_SEND_WAIT) ? L4_IPC_SECANCELED : L4_IPC_RECANCELED;
	gate_forget_waiter(t);
	ipc_dequeue_sender(&t->sender);
	if (t->caller_of && t->caller_of->reply_to == t)
		t->caller_of->reply_to = NULL;
	complete(t, ipc_error_tag(t, err), 0);
}

void ipc_abort_partners(struct thread *t)
{
	/* Senders queued at t: their partner is gone. */
	while (!list_empty(&t->senders)) {
		struct ipc_sender *s = list_entry(t->senders.next, struct ipc_sender, link);
		ipc_dequeue_sender(s);
		if (!s->is_irq) {
			struct thread *st = container_of(s, struct thread, sender);
			complete(st, ipc_error_tag(st, L4_IPC_SEABORTED), 0);
		}
	}
	/* The caller waiting for our reply, and anyone waiting for us. */
	list_for_each(it, &thread_list) {
		struct thread *o = list_entry(it, struct thread, all_link);
		if (o != t && (o->ipc_wait & IPC_RECV_WAIT) && o->rcv_from == &t->obj)
			complete(o, ipc_error_tag(o, L4_IPC_REABORTED), 0);
		if (o->reply_to == t)
			o->reply_to = NULL;
	}
	t->reply_to = NULL;
	gate_forget_waiter(t);
	ipc_dequeue_sender(&t->sender);
	t->ipc_wait = 0;
}
