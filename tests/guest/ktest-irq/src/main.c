/* ktest-irq: Irq objects and ICUs: software Irqs bound to threads (bind,
 * the old attach name, trigger, pending hits, receive/wait, detach,
 * rights), the kernel ICU (info, kernel-owned lines, busy lines) and the
 * Vcon's one-line ICU with real console input: the test prints a prompt and
 * the scenario types characters (tests/scenarios/ktest-irq.test). */
#include <ktap.h>
#include <ktest_more.h>
#include <ktest_util.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/kprint.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>
#include <minrt_string.h>

int main(int argc, char **argv);

#define MS 1000ULL
#define HELPER_PRIO 20
/* A PIC line no kernel driver uses and no device raises on q35. */
#define FREE_LINE 5

static l4_timeout_t rcv_timeout_us(l4_uint64_t us)
{
	return l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(us));
}

static l4_cap_idx_t new_irq(void)
{
	l4_cap_idx_t irq = kt_cap_alloc();
	long err = l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq));
	if (err < 0) {
		ktap_note("creating an Irq failed: %ld", err);
		return L4_INVALID_CAP;
	}
	return irq;
}

static void kill(l4_cap_idx_t c)
{
	if (!l4_is_invalid_cap(c))
		kt_delete(c);
}

/* An open wait of the main thread: the IPC error code (0 if a message
 * came), the tag and the received label. */
struct rcv {
	long err;
	long tag_label;
	unsigned words, items;
	l4_umword_t label;
};

static struct rcv wait_main(l4_timeout_t to)
{
	struct rcv r = { .label = 0xdead };
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &r.label, to);
	r.err = (long)l4_ipc_error(tag, l4_utcb());
	r.tag_label = l4_msgtag_label(tag);
	r.words = l4_msgtag_words(tag);
	r.items = l4_msgtag_items(tag);
	return r;
}

/* l4_irq_receive() keeping the received label. */
static struct rcv irq_receive(l4_cap_idx_t irq, l4_timeout_t to)
{
	struct rcv r = { .label = 0xdead };
	l4_utcb_mr()->mr[0] = L4_IRQ_OP_EOI;
	l4_msgtag_t tag = l4_ipc(irq, l4_utcb(), L4_SYSF_CALL, 0, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0),
				 &r.label, to);
	r.err = (long)l4_ipc_error(tag, l4_utcb());
	r.tag_label = l4_msgtag_label(tag);
	r.words = l4_msgtag_words(tag);
	r.items = l4_msgtag_items(tag);
	return r;
}

#define KCHECK_IRQ_MSG(r, lbl)                          \
	do {                                            \
		KCHECK_EQ((r).err, 0);                  \
		KCHECK_EQ((r).tag_label, L4_PROTO_IRQ); \
		KCHECK_EQ((r).words, 0);                \
		KCHECK_EQ((r).items, 0);                \
		KCHECK_EQ((r).label, (lbl));            \
	} while (0)

#define KCHECK_NOTHING(r) KCHECK_EQ((r).err, L4_IPC_RETIMEOUT)

/* A thread that waits (open) for one message and records it. */
struct waiter {
	volatile int done;
	volatile long err, tag_label;
	volatile unsigned words;
	volatile l4_umword_t label;
};

static void waiter_fn(void *p)
{
	struct waiter *w = p;
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	w->err = (long)l4_ipc_error(tag, l4_utcb());
	w->tag_label = l4_msgtag_label(tag);
	w->words = l4_msgtag_words(tag);
	w->label = label;
	w->done = 1;
}

/* ---- software Irqs ------------------------------------------------------- */

KTEST(sw_irq_trigger_wakes_bound_waiting_thread)
{
	static struct waiter w;
	w = (struct waiter){ 0 };
	l4_cap_idx_t th = kt_thread_start(waiter_fn, &w, HELPER_PRIO);
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(th) && !l4_is_invalid_cap(irq));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, th, 0x5550)), 0);
	KCHECK_EQ(w.done, 0);
	l4_msgtag_t tag = l4_irq_trigger(irq);
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK(kt_wait_flag_sleep(&w.done, 1000 * MS));
	KCHECK_EQ(w.err, 0);
	KCHECK_EQ(w.tag_label, L4_PROTO_IRQ);
	KCHECK_EQ(w.words, 0);
	KCHECK_EQ(w.label, 0x5550);
	kill(irq);
	kill(th);
}

/* The older name: l4_irq_attach(); with L4_INVALID_CAP it detaches. */
KTEST(sw_irq_attach_old_name_binds)
{
	static struct waiter w;
	w = (struct waiter){ 0 };
	l4_cap_idx_t th = kt_thread_start(waiter_fn, &w, HELPER_PRIO);
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(th) && !l4_is_invalid_cap(irq));
	KCHECK_EQ(l4_error(l4_irq_attach(irq, 0x6660, th)), 0);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	KCHECK(kt_wait_flag_sleep(&w.done, 1000 * MS));
	KCHECK_EQ(w.tag_label, L4_PROTO_IRQ);
	KCHECK_EQ(w.label, 0x6660);
	/* attach with the invalid capability detaches */
	KCHECK_EQ(l4_error(l4_irq_attach(irq, 0, L4_INVALID_CAP)), 0);
	KCHECK_EQ(l4_error(l4_irq_attach(irq, 0x6670, L4_BASE_THREAD_CAP)), 0);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	struct rcv r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_IRQ_MSG(r, 0x6670);
	kill(irq);
	kill(th);
}

/* A hit while the bound thread does not wait is delivered at its next
 * receive. */
KTEST(sw_irq_pending_hit_delivered_at_next_wait)
{
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(irq));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0x7770)), 0);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	struct rcv r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_IRQ_MSG(r, 0x7770);
	r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_NOTHING(r);
	/* Later, with a timeout: the hit comes from another thread's trigger. */
	kill(irq);
}

/* protocols.md, IRQ: "Hits while a message is pending are counted and
 * delivered one after another." */
KTEST(sw_irq_two_pending_hits_two_messages)
{
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(irq));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0x7780)), 0);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	struct rcv r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_IRQ_MSG(r, 0x7780);
	r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_IRQ_MSG(r, 0x7780);
	r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_NOTHING(r);
	kill(irq);
}

/* An unbound Irq keeps its hit until it is bound. */
KTEST(sw_irq_unbound_hit_kept_until_bound)
{
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(irq));
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	struct rcv r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_NOTHING(r);
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0x7790)), 0);
	r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_IRQ_MSG(r, 0x7790);
	kill(irq);
}

/* A hit from another thread while we wait with a timeout. */
struct trigger {
	l4_cap_idx_t irq;
	l4_uint64_t delay_us;
	volatile int done;
	volatile long err;
};

static void trigger_fn(void *p)
{
	struct trigger *t = p;
	kt_sleep_us(t->delay_us);
	t->err = (long)l4_ipc_error(l4_irq_trigger(t->irq), l4_utcb());
	t->done = 1;
}

/* l4_irq_receive() waits for this Irq only: a queued thread sender and a
 * pending other Irq stay queued. */
KTEST(irq_receive_waits_for_that_irq_only)
{
	l4_cap_idx_t a = new_irq(), b = new_irq();
	KASSERT(!l4_is_invalid_cap(a) && !l4_is_invalid_cap(b));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(a, L4_BASE_THREAD_CAP, 0xa0)), 0);
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(b, L4_BASE_THREAD_CAP, 0xb0)), 0);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(a)), 0);
	static struct trigger t;
	t = (struct trigger){ .irq = b, .delay_us = 10 * MS };
	l4_uint64_t t0 = kt_now_us();
	l4_cap_idx_t th = kt_thread_start(trigger_fn, &t, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(th));
	struct rcv r = irq_receive(b, rcv_timeout_us(1000 * MS));
	KCHECK_IRQ_MSG(r, 0xb0);
	KCHECK_GE(kt_now_us() - t0, 10 * MS); /* it did not take a's message */
	r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_IRQ_MSG(r, 0xa0);
	/* Nothing pending: a relative timeout expires. */
	t0 = kt_now_us();
	r = irq_receive(a, rcv_timeout_us(10 * MS));
	KCHECK_NOTHING(r);
	KCHECK_GE(kt_now_us() - t0, 10 * MS);
	/* The library function itself. */
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(a)), 0);
	l4_msgtag_t tag = l4_irq_receive(a, L4_IPC_RECV_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK_EQ(l4_msgtag_label(tag), L4_PROTO_IRQ);
	kill(th);
	kill(a);
	kill(b);
}

/* l4_irq_wait() unmasks and then waits for anyone. */
struct sender {
	volatile int done;
	volatile long err;
};

static void send_main_fn(void *p)
{
	struct sender *s = p;
	l4_utcb_mr()->mr[0] = 42;
	l4_msgtag_t tag = l4_ipc_send(L4_BASE_THREAD_CAP, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
	s->err = (long)l4_ipc_error(tag, l4_utcb());
	s->done = 1;
}

KTEST(irq_wait_is_an_open_wait)
{
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(irq));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0xc0)), 0);
	static struct sender s;
	s = (struct sender){ 0 };
	l4_cap_idx_t th = kt_thread_start(send_main_fn, &s, HELPER_PRIO); /* queued at us */
	KASSERT(!l4_is_invalid_cap(th));
	l4_umword_t label = 0xdead;
	l4_msgtag_t tag = l4_irq_wait(irq, &label, L4_IPC_RECV_TIMEOUT_0);
	l4_umword_t mr0 = l4_utcb_mr()->mr[0];
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK_EQ(l4_msgtag_label(tag), 0);
	KCHECK_EQ(l4_msgtag_words(tag), 1);
	KCHECK_EQ(mr0, 42);
	KCHECK_EQ(label, 0);
	KCHECK_EQ(s.done, 1);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	label = 0xdead;
	tag = l4_irq_wait(irq, &label, L4_IPC_RECV_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK_EQ(l4_msgtag_label(tag), L4_PROTO_IRQ);
	KCHECK_EQ(label, 0xc0);
	kill(th);
	kill(irq);
}

/* protocols.md, IRQ message: "l4_ipc_reply_and_wait() after receiving one
 * sends to nobody and the send phase is skipped". */
KTEST(irq_reply_and_wait_after_irq_skips_send_and_waits)
{
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(irq));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0xd0)), 0);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	struct rcv r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_IRQ_MSG(r, 0xd0);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	l4_umword_t label = 0xdead;
	l4_msgtag_t tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 0, 0), &label,
						rcv_timeout_us(100 * MS));
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK_EQ(l4_msgtag_label(tag), L4_PROTO_IRQ);
	KCHECK_EQ(label, 0xd0);
	/* Drain, whatever happened above. */
	wait_main(L4_IPC_RECV_TIMEOUT_0);
	kill(irq);
}

/* Detach: no more messages; a pending one is dropped; hits while detached
 * are kept for the next bind. */
KTEST(irq_detach_stops_delivery)
{
	static struct waiter w;
	w = (struct waiter){ 0 };
	l4_cap_idx_t th = kt_thread_start(waiter_fn, &w, HELPER_PRIO);
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(th) && !l4_is_invalid_cap(irq));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, th, 0xe0)), 0);
	KCHECK_EQ(l4_error(l4_irq_detach(irq)), 0);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	kt_sleep_us(3 * MS);
	KCHECK_EQ(w.done, 0); /* nothing delivered */
	/* The hit made while detached goes to the next binding. */
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0xe1)), 0);
	struct rcv r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_IRQ_MSG(r, 0xe1);
	/* A pending message is dropped by detach. */
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	KCHECK_EQ(l4_error(l4_irq_detach(irq)), 0);
	r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_NOTHING(r);
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0xe2)), 0);
	r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_NOTHING(r);
	/* Detaching an unbound Irq is fine too. */
	KCHECK_EQ(l4_error(l4_irq_detach(irq)), 0);
	KCHECK_EQ(l4_error(l4_irq_detach(irq)), 0);
	kill(irq);
	kill(th);
}

/* Deleting an Irq drops its pending message. */
KTEST(irq_delete_drops_pending_message)
{
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(irq));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0xf0)), 0);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	KCHECK_EQ(kt_delete(irq), 0);
	struct rcv r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_NOTHING(r);
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), L4_IPC_ENOT_EXISTENT);
}

/* Bind and detach need S on the Irq, bind S on the thread; trigger needs
 * no rights. */
KTEST(irq_rights_bind_detach_need_s)
{
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(irq));
	l4_cap_idx_t irq_rw = kt_cap_copy(irq, L4_CAP_FPAGE_RW, 0);
	l4_cap_idx_t irq_r = kt_cap_copy(irq, L4_CAP_FPAGE_R, 0);
	l4_cap_idx_t me_rw = kt_cap_copy(L4_BASE_THREAD_CAP, L4_CAP_FPAGE_RW, 0);
	KASSERT(!l4_is_invalid_cap(irq_rw) && !l4_is_invalid_cap(irq_r) && !l4_is_invalid_cap(me_rw));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq_rw, L4_BASE_THREAD_CAP, 1)), -L4_EPERM);
	KCHECK_EQ(l4_error(l4_irq_attach(irq_rw, 1, L4_BASE_THREAD_CAP)), -L4_EPERM);
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, me_rw, 1)), -L4_EPERM);
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0x110)), 0);
	KCHECK_EQ(l4_error(l4_irq_detach(irq_rw)), -L4_EPERM);
	/* Still bound: a trigger through the R-only capability arrives. */
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq_r)), 0);
	struct rcv r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_IRQ_MSG(r, 0x110);
	kill(irq);
	l4_task_release_cap(L4_BASE_TASK_CAP, me_rw);
}

static long bind_raw(l4_cap_idx_t irq, unsigned words, unsigned items, l4_cap_idx_t th)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = L4_RCV_EP_BIND_OP;
	m->mr[1] = 0x120;
	m->mr[words] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[words + 1] = l4_obj_fpage(th, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_error(l4_ipc_call(irq, l4_utcb(), l4_msgtag(L4_PROTO_KOBJECT, words, items, 0),
				    L4_IPC_NEVER));
}

static long irq_op_raw(l4_cap_idx_t irq, long proto, unsigned words, l4_umword_t op)
{
	l4_utcb_mr()->mr[0] = op;
	return l4_error(l4_ipc_call(irq, l4_utcb(), l4_msgtag(proto, words, 0, 0), L4_IPC_NEVER));
}

KTEST(irq_bad_arguments_and_protocols)
{
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(irq));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_LOG_CAP, 1)), -L4_EINVAL);
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, kt_cap_alloc(), 1)), -L4_EINVAL);
	KCHECK_EQ(bind_raw(irq, 2, 0, L4_BASE_THREAD_CAP), -L4_EMSGMISSARG);
	KCHECK_EQ(bind_raw(irq, 1, 1, L4_BASE_THREAD_CAP), -L4_EMSGTOOSHORT);
	KCHECK_EQ(irq_op_raw(irq, L4_PROTO_LOG, 1, 0), -L4_EBADPROTO);
	KCHECK_EQ(irq_op_raw(irq, L4_PROTO_TASK, 1, 0), -L4_EBADPROTO);
	KCHECK_EQ(l4_error(l4_irq_mux_chain(irq, irq)), -L4_EBADPROTO);
	KCHECK_EQ(irq_op_raw(irq, L4_PROTO_IRQ_SENDER, 0, 0), -L4_EMSGTOOSHORT);
	KCHECK_EQ(irq_op_raw(irq, L4_PROTO_IRQ_SENDER, 1, 7), -L4_ENOSYS);
	KCHECK_EQ(irq_op_raw(irq, L4_PROTO_IRQ, 1, 9), -L4_ENOSYS);
	KCHECK_EQ(irq_op_raw(irq, L4_PROTO_KOBJECT, 1, 0x11), -L4_ENOSYS);
	/* Nothing got bound by any of that. */
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(irq)), 0);
	struct rcv r = wait_main(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_NOTHING(r);
	/* An empty slot. */
	l4_cap_idx_t empty = kt_cap_alloc();
	KCHECK_EQ(KT_IPC_ERR(l4_irq_trigger(empty)), L4_IPC_ENOT_EXISTENT);
	KCHECK_EQ(l4_error(l4_irq_detach(empty)), -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));
	KCHECK_EQ(KT_IPC_ERR(l4_irq_receive(empty, L4_IPC_RECV_TIMEOUT_0)), L4_IPC_ENOT_EXISTENT);
	kill(irq);
}

/* ---- the kernel ICU --------------------------------------------------------- */

KTEST(icu_kernel_info)
{
	l4_icu_info_t info = { 99, 99, 99 };
	l4_msgtag_t tag = l4_icu_info(L4_BASE_ICU_CAP, &info);
	KCHECK_EQ(l4_error(tag), 0);
	KCHECK_EQ(l4_msgtag_words(tag), 3);
	KCHECK_EQ(info.features, 0);   /* no MSIs */
	KCHECK_GE(info.nr_irqs, 16);   /* the 8259 lines at least */
	KCHECK_EQ(info.nr_msis, 0);
}

KTEST(icu_kernel_bind_errors)
{
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(irq));
	l4_icu_info_t info = { 0, 0, 0 };
	KCHECK_EQ(l4_error(l4_icu_info(L4_BASE_ICU_CAP, &info)), 0);
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_ICU_CAP, 0, irq)), -L4_EINVAL); /* the timer */
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_ICU_CAP, info.nr_irqs, irq)), -L4_EINVAL);
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_ICU_CAP, 1000, irq)), -L4_EINVAL);
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_ICU_CAP, FREE_LINE | L4_ICU_FLAG_MSI, irq)), -L4_EINVAL);
	/* Not an Irq; an empty slot; no W on the Irq. */
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_ICU_CAP, FREE_LINE, L4_BASE_THREAD_CAP)), -L4_EINVAL);
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_ICU_CAP, FREE_LINE, kt_cap_alloc())), -L4_EINVAL);
	l4_cap_idx_t irq_rs = kt_cap_copy(irq, L4_CAP_FPAGE_RS, 0);
	KASSERT(!l4_is_invalid_cap(irq_rs));
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_ICU_CAP, FREE_LINE, irq_rs)), -L4_EPERM);
	/* No item; too few words (Fiasco's -L4_EINVAL). */
	l4_utcb_mr()->mr[0] = L4_ICU_OP_BIND;
	l4_utcb_mr()->mr[1] = FREE_LINE;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_ICU_CAP, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 2, 0, 0),
				       L4_IPC_NEVER)), -L4_EMSGMISSARG);
	l4_utcb_mr()->mr[0] = L4_ICU_OP_BIND;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_ICU_CAP, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 1, 0, 0),
				       L4_IPC_NEVER)), -L4_EINVAL);
	/* Other labels and opcodes. */
	l4_utcb_mr()->mr[0] = L4_ICU_OP_INFO;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_ICU_CAP, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 1, 0, 0),
				       L4_IPC_NEVER)), -L4_EBADPROTO);
	l4_utcb_mr()->mr[0] = 77;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_ICU_CAP, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 1, 0, 0),
				       L4_IPC_NEVER)), -L4_ENOSYS);
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_ICU_CAP, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 0, 0, 0),
				       L4_IPC_NEVER)), -L4_EMSGTOOSHORT);
	/* MSI info on a line that is no MSI. */
	l4_icu_msi_info_t msi;
	KCHECK_EQ(l4_error(l4_icu_msi_info(L4_BASE_ICU_CAP, FREE_LINE, 0, &msi)), -L4_EINVAL);
	kill(irq);
}

/* A line bound to one Irq is busy for another until unbound. */
KTEST(icu_kernel_second_irq_on_bound_line_ebusy)
{
	l4_cap_idx_t a = new_irq(), b = new_irq();
	KASSERT(!l4_is_invalid_cap(a) && !l4_is_invalid_cap(b));
	long r = l4_error(l4_icu_bind(L4_BASE_ICU_CAP, FREE_LINE, a));
	KCHECK(r == 0 || r == 1);
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_ICU_CAP, FREE_LINE, b)), -L4_EBUSY);
	r = l4_error(l4_icu_bind(L4_BASE_ICU_CAP, FREE_LINE, a)); /* the same Irq again */
	KCHECK(r == 0 || r == 1);
	KCHECK_EQ(l4_error(l4_icu_set_mode(L4_BASE_ICU_CAP, FREE_LINE, L4_IRQ_F_POS_EDGE)), 0);
	KCHECK_EQ(l4_error(l4_icu_unbind(L4_BASE_ICU_CAP, FREE_LINE, b)), 0); /* not bound: 0 */
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_ICU_CAP, FREE_LINE, b)), -L4_EBUSY);
	KCHECK_EQ(l4_error(l4_icu_unbind(L4_BASE_ICU_CAP, FREE_LINE, a)), 0);
	r = l4_error(l4_icu_bind(L4_BASE_ICU_CAP, FREE_LINE, b));
	KCHECK(r == 0 || r == 1);
	/* Deleting the Irq frees the line. */
	KCHECK_EQ(kt_delete(b), 0);
	r = l4_error(l4_icu_bind(L4_BASE_ICU_CAP, FREE_LINE, a));
	KCHECK(r == 0 || r == 1);
	KCHECK_EQ(l4_error(l4_icu_unbind(L4_BASE_ICU_CAP, FREE_LINE, a)), 0);
	kill(a);
}

/* ---- the Vcon's ICU and console input ---------------------------------------- */

KTEST(vcon_icu_info_and_errors)
{
	l4_icu_info_t info = { 99, 99, 99 };
	KCHECK_EQ(l4_error(l4_icu_info(L4_BASE_LOG_CAP, &info)), 0);
	KCHECK_EQ(info.features, 0);
	KCHECK_EQ(info.nr_irqs, 1);
	KCHECK_EQ(info.nr_msis, 0);
	l4_cap_idx_t irq = new_irq();
	KASSERT(!l4_is_invalid_cap(irq));
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_LOG_CAP, 1, irq)), -L4_EINVAL);
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_LOG_CAP, 0, L4_BASE_THREAD_CAP)), -L4_EINVAL);
	l4_cap_idx_t irq_rs = kt_cap_copy(irq, L4_CAP_FPAGE_RS, 0);
	KASSERT(!l4_is_invalid_cap(irq_rs));
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_LOG_CAP, 0, irq_rs)), -L4_EPERM);
	KCHECK_EQ(l4_error(l4_icu_set_mode(L4_BASE_LOG_CAP, 0, L4_IRQ_F_POS_EDGE)), 0);
	kill(irq);
}

static char typed[64];

/* Line 0 of the Vcon fires when console input arrives; l4_vcon_read()
 * returns it (CR translated to NL by the default ICRNL). The scenario types
 * "hello" and CR when it sees the prompt. */
KTEST(vcon_input_irq_then_read)
{
	l4_cap_idx_t irq = new_irq(), other = new_irq();
	KASSERT(!l4_is_invalid_cap(irq) && !l4_is_invalid_cap(other));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0x330)), 0);
	long r = l4_error(l4_icu_bind(L4_BASE_LOG_CAP, 0, irq));
	KASSERT(r == 0 || r == 1);
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_LOG_CAP, 0, other)), -L4_EBUSY);
	char junk[64];
	while (l4_vcon_read(L4_BASE_LOG_CAP, junk, sizeof(junk)) > 0)
		; /* start with an empty queue */
	wait_main(L4_IPC_RECV_TIMEOUT_0);
	l4_kprintf("ktest-irq: type now\n");
	struct rcv m = irq_receive(irq, rcv_timeout_us(20000 * MS));
	KCHECK_IRQ_MSG(m, 0x330);
	unsigned got = 0;
	l4_uint64_t end = kt_now_us() + 2000 * MS;
	while (got < 6 && kt_now_us() < end) {
		int n = l4_vcon_read(L4_BASE_LOG_CAP, typed + got, sizeof(typed) - 1 - got);
		KASSERT_GE(n, 0);
		got += (unsigned)n;
		if (got < 6)
			kt_sleep_us(2 * MS);
	}
	typed[got] = 0;
	KCHECK_EQ(got, 6);
	KCHECK_EQ(memcmp(typed, "hello\n", 6), 0);
	KCHECK_EQ(l4_vcon_read(L4_BASE_LOG_CAP, junk, sizeof(junk)), 0);
	KCHECK_EQ(l4_error(l4_icu_unbind(L4_BASE_LOG_CAP, 0, irq)), 0);
	r = l4_error(l4_icu_bind(L4_BASE_LOG_CAP, 0, other));
	KCHECK(r == 0 || r == 1);
	KCHECK_EQ(l4_error(l4_icu_unbind(L4_BASE_LOG_CAP, 0, other)), 0);
	kill(irq);
	kill(other);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
