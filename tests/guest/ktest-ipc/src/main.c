/* ktest-ipc: synchronous IPC between threads of one task and of two tasks:
 * message words and labels, open and closed receive, timeouts, cancel,
 * aborts when a partner dies, IPC gates (binding, rights in the label,
 * deletion), message size limits and the reply capability.
 *
 * The main thread runs at priority 16 (the root task's default); helper
 * threads usually run at 20, so a helper started with kt_thread_start() has
 * already run up to its first blocking operation when the call returns.
 * Every test deletes the helper threads it started, so no sender is left
 * queued at the main thread for the next test. */
#include <ktap.h>
#include <ktest_more.h>
#include <ktest_util.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/kprint.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

int main(int argc, char **argv);

#define HELPER_PRIO 20
#define MS 1000ULL
/* How late a timeout may end: a few timer ticks (1 ms each). */
#define SLACK_US (5 * MS)

static l4_timeout_t rcv_timeout_us(l4_uint64_t us)
{
	return l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(us));
}

static l4_timeout_t snd_timeout_us(l4_uint64_t us)
{
	return l4_timeout(l4_timeout_from_us(us), L4_IPC_TIMEOUT_NEVER);
}

/* ---- an echo server: records each message, answers every word inverted
 * and the tag label plus one ------------------------------------------- */

struct echo_rec {
	volatile int count;
	volatile long tag_label;
	volatile unsigned words, items;
	volatile l4_umword_t label;
	volatile l4_umword_t mr[L4_UTCB_GENERIC_DATA_SIZE];
};

static void echo_server(void *arg)
{
	struct echo_rec *r = arg;
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_msgtag_has_error(tag)) {
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		unsigned words = l4_msgtag_words(tag);
		r->tag_label = l4_msgtag_label(tag);
		r->words = words;
		r->items = l4_msgtag_items(tag);
		r->label = label;
		for (unsigned i = 0; i < words; i++) {
			r->mr[i] = l4_utcb_mr()->mr[i];
			l4_utcb_mr()->mr[i] = ~l4_utcb_mr()->mr[i];
		}
		r->count++;
		/* A plain send has no reply capability: the send phase fails
		 * and the loop waits again. */
		tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(l4_msgtag_label(tag) + 1, words, 0, 0),
					    &label, L4_IPC_NEVER);
	}
}

static struct echo_rec local_rec, child_rec;
static l4_cap_idx_t local_echo_cap = L4_INVALID_CAP;
static l4_cap_idx_t child_task_cap = L4_INVALID_CAP;
static l4_cap_idx_t child_echo_cap = L4_INVALID_CAP;
static unsigned child_utcb_next = 1; /* slot 0: the child echo server */

/* The echo server in this task (started once, shared by several tests). */
static l4_cap_idx_t local_echo(void)
{
	if (l4_is_invalid_cap(local_echo_cap))
		local_echo_cap = kt_thread_start(echo_server, &local_rec, HELPER_PRIO);
	local_rec = (struct echo_rec){ 0 };
	return local_echo_cap;
}

/* A child task (created once) and the echo server in it. */
static l4_cap_idx_t child_task(void)
{
	if (l4_is_invalid_cap(child_task_cap))
		child_task_cap = kt_task_create();
	return child_task_cap;
}

static l4_cap_idx_t child_echo(void)
{
	if (l4_is_invalid_cap(child_echo_cap) && !l4_is_invalid_cap(child_task()))
		child_echo_cap = kt_task_thread_start(child_task(), 0, echo_server, &child_rec,
						      HELPER_PRIO, L4_INVALID_CAP, L4_INVALID_CAP);
	child_rec = (struct echo_rec){ 0 };
	return child_echo_cap;
}

/* ---- a helper thread that performs one IPC operation and records it ---- */

enum act_kind { ACT_SEND, ACT_CALL, ACT_WAIT, ACT_RECV };

struct act {
	enum act_kind kind;
	l4_cap_idx_t cap;         /* partner (send, call, closed receive) */
	l4_timeout_t to;
	l4_umword_t mr0;          /* the one word sent */
	l4_uint64_t delay_us;     /* sleep this long first */
	/* results */
	volatile int done;
	volatile l4_uint64_t t_start, t_end;
	volatile long err;        /* IPC error code (0: none) */
	volatile long tag_label;
	volatile unsigned words;
	volatile l4_umword_t label, rmr0;
};

static void act_fn(void *p)
{
	struct act *a = p;
	if (a->delay_us)
		kt_sleep_us(a->delay_us);
	a->t_start = kt_now_us();
	l4_utcb_mr()->mr[0] = a->mr0;
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_msgtag(0, 0, 0, 0);
	switch (a->kind) {
	case ACT_SEND: tag = l4_ipc_send(a->cap, l4_utcb(), l4_msgtag(0, 1, 0, 0), a->to); break;
	case ACT_CALL: tag = l4_ipc_call(a->cap, l4_utcb(), l4_msgtag(0, 1, 0, 0), a->to); break;
	case ACT_WAIT: tag = l4_ipc_wait(l4_utcb(), &label, a->to); break;
	case ACT_RECV: tag = l4_ipc_receive(a->cap, l4_utcb(), a->to); break;
	}
	a->t_end = kt_now_us();
	a->err = (long)l4_ipc_error(tag, l4_utcb());
	a->tag_label = l4_msgtag_label(tag);
	a->words = l4_msgtag_words(tag);
	a->label = label;
	a->rmr0 = l4_utcb_mr()->mr[0];
	a->done = 1;
}

static struct act mk_act(enum act_kind kind, l4_cap_idx_t cap, l4_timeout_t to, l4_umword_t mr0)
{
	return (struct act){ .kind = kind, .cap = cap, .to = to, .mr0 = mr0 };
}

/* A thread that sleeps forever (never receives). */
static void nop_fn(void *p) { (void)p; }

static void kill(l4_cap_idx_t th)
{
	if (!l4_is_invalid_cap(th))
		kt_delete(th);
}

/* ---- calls: words, labels, one task and two tasks --------------------- */

static void check_call_words(l4_cap_idx_t srv, struct echo_rec *rec, unsigned words,
			     l4_umword_t expect_label)
{
	for (unsigned i = 0; i < words; i++)
		l4_utcb_mr()->mr[i] = 0x0101010101010101ULL * (i + 1) ^ 0xa5a5000000000000ULL;
	l4_msgtag_t tag = l4_ipc_call(srv, l4_utcb(), l4_msgtag(0x1234, words, 0, 0), L4_IPC_NEVER);
	/* (a failed check prints through the UTCB: copy the answer first) */
	l4_umword_t reply[L4_UTCB_GENERIC_DATA_SIZE];
	for (unsigned i = 0; i < words; i++)
		reply[i] = l4_utcb_mr()->mr[i];
	KASSERT_EQ(KT_IPC_ERR(tag), 0);
	KCHECK_EQ(l4_msgtag_label(tag), 0x1235);
	KCHECK_EQ(l4_msgtag_words(tag), words);
	KCHECK_EQ(l4_msgtag_items(tag), 0);
	KCHECK_EQ(rec->count, 1);
	KCHECK_EQ(rec->tag_label, 0x1234);
	KCHECK_EQ(rec->words, words);
	KCHECK_EQ(rec->items, 0);
	KCHECK_EQ(rec->label, expect_label);
	for (unsigned i = 0; i < words; i++) {
		l4_umword_t sent = 0x0101010101010101ULL * (i + 1) ^ 0xa5a5000000000000ULL;
		KCHECK_EQ(rec->mr[i], sent);
		KCHECK_EQ(reply[i], ~sent);
	}
}

KTEST(call_same_task_0_words)
{
	l4_cap_idx_t srv = local_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	check_call_words(srv, &local_rec, 0, 0);
}

KTEST(call_same_task_8_words)
{
	l4_cap_idx_t srv = local_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	check_call_words(srv, &local_rec, 8, 0);
}

/* The largest message: 63 words, every one arrives and comes back. */
KTEST(call_same_task_63_words)
{
	l4_cap_idx_t srv = local_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	check_call_words(srv, &local_rec, L4_UTCB_GENERIC_DATA_SIZE, 0);
}

KTEST(call_child_task_0_words)
{
	l4_cap_idx_t srv = child_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	check_call_words(srv, &child_rec, 0, 0);
}

KTEST(call_child_task_8_words)
{
	l4_cap_idx_t srv = child_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	check_call_words(srv, &child_rec, 8, 0);
}

/* Through a gate the receiver sees the gate's label with the W and S
 * rights of the sender's capability or-ed in; through a thread capability
 * the label is 0 (checked by the tests above). */
KTEST(call_gate_label_is_gate_label_or_rights)
{
	l4_cap_idx_t srv = local_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, srv, 0x1230)), 0);
	static const struct { unsigned rights; l4_umword_t label; } cases[] = {
		{ L4_CAP_FPAGE_R, 0x1230 },
		{ L4_CAP_FPAGE_RW, 0x1231 },
		{ L4_CAP_FPAGE_RS, 0x1232 },
		{ L4_CAP_FPAGE_RWS, 0x1233 },
	};
	/* The creator's capability: RWSD. */
	local_rec = (struct echo_rec){ 0 };
	check_call_words(gate, &local_rec, 2, 0x1233);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		l4_cap_idx_t c = kt_cap_copy(gate, cases[i].rights, 0);
		KASSERT(!l4_is_invalid_cap(c));
		local_rec = (struct echo_rec){ 0 };
		ktap_note("gate capability with rights %#x", cases[i].rights);
		check_call_words(c, &local_rec, 1, cases[i].label);
	}
	kt_delete(gate);
}

/* A server in another task behind a gate, 8 words. */
KTEST(call_gate_child_task_8_words)
{
	l4_cap_idx_t srv = child_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, srv, 0x5670)), 0);
	check_call_words(gate, &child_rec, 8, 0x5673);
	kt_delete(gate);
}

/* A client in the child task calls a server of this task through a gate
 * capability mapped into the child with RW: label | W. */
KTEST(call_from_child_task_through_gate)
{
	l4_cap_idx_t srv = local_echo();
	l4_cap_idx_t task = child_task();
	KASSERT(!l4_is_invalid_cap(srv) && !l4_is_invalid_cap(task));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, srv, 0x2460)), 0);
	l4_cap_idx_t in_child = 0x40UL << L4_CAP_SHIFT;
	KASSERT_EQ(l4_error(l4_task_map(task, L4_BASE_TASK_CAP,
					l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RW), in_child)), 0);
	static struct act c;
	c = mk_act(ACT_CALL, in_child, L4_IPC_NEVER, 0x77);
	l4_cap_idx_t th = kt_task_thread_start(task, child_utcb_next++, act_fn, &c, HELPER_PRIO,
					       L4_INVALID_CAP, L4_INVALID_CAP);
	KASSERT(!l4_is_invalid_cap(th));
	KCHECK(kt_wait_flag_sleep(&c.done, 1000 * MS));
	KCHECK_EQ(c.err, 0);
	KCHECK_EQ(c.tag_label, 1);
	KCHECK_EQ(c.rmr0, ~(l4_umword_t)0x77);
	KCHECK_EQ(local_rec.count, 1);
	KCHECK_EQ(local_rec.label, 0x2461);
	KCHECK_EQ(local_rec.mr[0], 0x77);
	kill(th);
	kt_delete(gate);
}

/* ---- send and receive ------------------------------------------------- */

/* A thread of this task in a closed receive from the main thread gets a
 * plain send: words and tag label arrive, label 0. */
KTEST(send_to_thread_in_closed_receive_same_task)
{
	static struct act r;
	r = mk_act(ACT_RECV, L4_BASE_THREAD_CAP, L4_IPC_NEVER, 0);
	l4_cap_idx_t th = kt_thread_start(act_fn, &r, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(th));
	KCHECK_EQ(r.done, 0);
	l4_utcb_mr()->mr[0] = 0xfeedf00d;
	l4_msgtag_t tag = l4_ipc_send(th, l4_utcb(), l4_msgtag(0x77, 1, 0, 0), L4_IPC_NEVER);
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK(kt_wait_flag_sleep(&r.done, 1000 * MS));
	KCHECK_EQ(r.err, 0);
	KCHECK_EQ(r.tag_label, 0x77);
	KCHECK_EQ(r.words, 1);
	KCHECK_EQ(r.rmr0, 0xfeedf00d);
	kill(th);
}

/* A thread of the child task sends to a thread of this task that waits
 * for exactly that sender (closed receive across tasks). */
KTEST(send_between_two_tasks_closed_receive)
{
	l4_cap_idx_t task = child_task();
	KASSERT(!l4_is_invalid_cap(task));
	static struct act r, s;
	/* The sender first (it sleeps 5 ms), so that the receiver can name it. */
	s = mk_act(ACT_SEND, 0x41UL << L4_CAP_SHIFT, L4_IPC_NEVER, 0xc0ffee);
	s.delay_us = 5 * MS;
	l4_cap_idx_t sth = kt_task_thread_start(task, child_utcb_next++, act_fn, &s, HELPER_PRIO,
						L4_INVALID_CAP, L4_INVALID_CAP);
	KASSERT(!l4_is_invalid_cap(sth));
	r = mk_act(ACT_RECV, sth, L4_IPC_NEVER, 0);
	l4_cap_idx_t rth = kt_thread_start(act_fn, &r, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(rth));
	KASSERT_EQ(l4_error(l4_task_map(task, L4_BASE_TASK_CAP,
					l4_obj_fpage(rth, 0, L4_CAP_FPAGE_RWS),
					0x41UL << L4_CAP_SHIFT)), 0);
	KCHECK(kt_wait_flag_sleep(&r.done, 1000 * MS));
	KCHECK(kt_wait_flag_sleep(&s.done, 1000 * MS));
	KCHECK_EQ(s.err, 0);
	KCHECK_EQ(r.err, 0);
	KCHECK_EQ(r.words, 1);
	KCHECK_EQ(r.rmr0, 0xc0ffee);
	kill(sth);
	kill(rth);
}

/* A send to a thread that is not receiving blocks until it receives. */
KTEST(send_blocks_until_receiver_receives)
{
	static struct act r;
	r = mk_act(ACT_WAIT, 0, L4_IPC_NEVER, 0);
	r.delay_us = 30 * MS;
	l4_uint64_t t0 = kt_now_us();
	l4_cap_idx_t th = kt_thread_start(act_fn, &r, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(th));
	l4_utcb_mr()->mr[0] = 4242;
	l4_msgtag_t tag = l4_ipc_send(th, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
	l4_uint64_t t1 = kt_now_us();
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK_EQ(r.done, 1);
	KCHECK_EQ(r.rmr0, 4242);
	KCHECK_GE(t1, r.t_start);
	KCHECK_GE(t1 - t0, 30 * MS);
	kill(th);
}

/* Several senders blocked at the main thread: an open wait serves each
 * one, in the order they started sending. */
KTEST(open_wait_serves_all_senders_in_fifo_order)
{
	static struct act s[4];
	l4_cap_idx_t th[4];
	for (unsigned i = 0; i < 4; i++) {
		s[i] = mk_act(ACT_SEND, L4_BASE_THREAD_CAP, L4_IPC_NEVER, 100 + i);
		th[i] = kt_thread_start(act_fn, &s[i], HELPER_PRIO);
		KASSERT(!l4_is_invalid_cap(th[i]));
	}
	for (unsigned i = 0; i < 4; i++) {
		l4_umword_t label = 99;
		l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, rcv_timeout_us(1000 * MS));
		l4_umword_t mr0 = l4_utcb_mr()->mr[0];
		KCHECK_EQ(KT_IPC_ERR(tag), 0);
		KCHECK_EQ(l4_msgtag_words(tag), 1);
		KCHECK_EQ(label, 0);
		KCHECK_EQ(mr0, 100 + i);
	}
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), 0, L4_IPC_RECV_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_RETIMEOUT);
	for (unsigned i = 0; i < 4; i++) {
		KCHECK_EQ(s[i].done, 1);
		KCHECK_EQ(s[i].err, 0);
		kill(th[i]);
	}
}

/* A closed receive takes only the named sender's message, even if another
 * sender queued first; the other stays queued. */
KTEST(closed_receive_takes_only_that_sender)
{
	static struct act a, b;
	a = mk_act(ACT_SEND, L4_BASE_THREAD_CAP, L4_IPC_NEVER, 0xaaa);
	b = mk_act(ACT_SEND, L4_BASE_THREAD_CAP, L4_IPC_NEVER, 0xbbb);
	l4_cap_idx_t ta = kt_thread_start(act_fn, &a, HELPER_PRIO);
	l4_cap_idx_t tb = kt_thread_start(act_fn, &b, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(ta) && !l4_is_invalid_cap(tb));
	l4_msgtag_t tag = l4_ipc_receive(tb, l4_utcb(), rcv_timeout_us(1000 * MS));
	l4_umword_t mr0 = l4_utcb_mr()->mr[0];
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK_EQ(mr0, 0xbbb);
	tag = l4_ipc_receive(tb, l4_utcb(), L4_IPC_RECV_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_RETIMEOUT);
	KCHECK_EQ(a.done, 0);
	tag = l4_ipc_receive(ta, l4_utcb(), rcv_timeout_us(1000 * MS));
	mr0 = l4_utcb_mr()->mr[0];
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK_EQ(mr0, 0xaaa);
	KCHECK_EQ(a.done, 1);
	KCHECK_EQ(b.done, 1);
	kill(ta);
	kill(tb);
}

/* Two clients calling one server (reply_and_wait loop) concurrently: every
 * call gets its own answer. */
struct client {
	l4_cap_idx_t srv;
	l4_umword_t base;
	volatile int done, bad;
};

static void client_fn(void *p)
{
	struct client *c = p;
	for (unsigned i = 0; i < 20; i++) {
		l4_utcb_mr()->mr[0] = c->base + i;
		l4_utcb_mr()->mr[1] = i;
		l4_msgtag_t tag = l4_ipc_call(c->srv, l4_utcb(), l4_msgtag(0, 2, 0, 0), L4_IPC_NEVER);
		if (l4_ipc_error(tag, l4_utcb()) || l4_utcb_mr()->mr[0] != ~(c->base + i) ||
		    l4_utcb_mr()->mr[1] != ~(l4_umword_t)i)
			c->bad++;
		if (i % 4 == 0)
			l4_ipc_sleep(rcv_timeout_us(1000));
	}
	c->done = 1;
}

KTEST(reply_and_wait_serves_two_clients)
{
	l4_cap_idx_t srv = local_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	static struct client c1, c2;
	c1 = (struct client){ .srv = srv, .base = 0x10000 };
	c2 = (struct client){ .srv = srv, .base = 0x20000 };
	l4_cap_idx_t t1 = kt_thread_start(client_fn, &c1, HELPER_PRIO - 1);
	l4_cap_idx_t t2 = kt_thread_start(client_fn, &c2, HELPER_PRIO - 1);
	KASSERT(!l4_is_invalid_cap(t1) && !l4_is_invalid_cap(t2));
	KCHECK(kt_wait_flag_sleep(&c1.done, 2000 * MS));
	KCHECK(kt_wait_flag_sleep(&c2.done, 2000 * MS));
	KCHECK_EQ(c1.bad, 0);
	KCHECK_EQ(c2.bad, 0);
	KCHECK_EQ(local_rec.count, 40);
	kill(t1);
	kill(t2);
}

/* ---- timeouts ----------------------------------------------------------- */

KTEST(send_timeout_zero_is_immediate_setimeout)
{
	l4_cap_idx_t th = kt_thread_start(nop_fn, 0, HELPER_PRIO); /* sleeps, never receives */
	KASSERT(!l4_is_invalid_cap(th));
	l4_uint64_t t0 = kt_now_us();
	l4_msgtag_t tag = l4_ipc_send(th, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_SETIMEOUT);
	KCHECK_EQ(l4_error(tag), -(L4_EIPC_LO + L4_IPC_SETIMEOUT));
	tag = l4_ipc_call(th, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_BOTH_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_SETIMEOUT);
	KCHECK_LE(kt_now_us() - t0, SLACK_US);
	kill(th);
}

KTEST(receive_timeout_zero_is_immediate_retimeout)
{
	l4_cap_idx_t th = kt_thread_start(nop_fn, 0, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(th));
	l4_uint64_t t0 = kt_now_us();
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), 0, L4_IPC_RECV_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_RETIMEOUT);
	KCHECK_EQ(l4_error(tag), -(L4_EIPC_LO + L4_IPC_RETIMEOUT));
	tag = l4_ipc_receive(th, l4_utcb(), L4_IPC_RECV_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_RETIMEOUT);
	tag = l4_ipc_sleep(L4_IPC_RECV_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_RETIMEOUT);
	KCHECK_LE(kt_now_us() - t0, SLACK_US);
	kill(th);
}

KTEST(receive_timeout_relative_lasts_at_least_its_time)
{
	l4_uint64_t t0 = kt_now_us();
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), 0, rcv_timeout_us(20 * MS));
	l4_uint64_t t1 = kt_now_us();
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_RETIMEOUT);
	KCHECK_GE(t1 - t0, 20 * MS);
	KCHECK_LE(t1 - t0, 20 * MS + SLACK_US);
	t0 = kt_now_us();
	tag = l4_ipc_sleep(rcv_timeout_us(7 * MS));
	t1 = kt_now_us();
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_RETIMEOUT);
	KCHECK_GE(t1 - t0, 7 * MS);
	KCHECK_LE(t1 - t0, 7 * MS + SLACK_US);
}

/* A relative send timeout expires when nobody receives, and the message is
 * not delivered afterwards. */
KTEST(send_timeout_relative_lasts_and_withdraws_message)
{
	static struct act r;
	r = mk_act(ACT_WAIT, 0, L4_IPC_RECV_TIMEOUT_0, 0);
	r.delay_us = 40 * MS; /* receives only after the send timed out */
	l4_cap_idx_t th = kt_thread_start(act_fn, &r, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(th));
	l4_uint64_t t0 = kt_now_us();
	l4_msgtag_t tag = l4_ipc_send(th, l4_utcb(), l4_msgtag(0, 0, 0, 0), snd_timeout_us(15 * MS));
	l4_uint64_t t1 = kt_now_us();
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_SETIMEOUT);
	KCHECK_GE(t1 - t0, 15 * MS);
	KCHECK_LE(t1 - t0, 15 * MS + SLACK_US);
	KCHECK(kt_wait_flag_sleep(&r.done, 1000 * MS));
	KCHECK_EQ(r.err, L4_IPC_RETIMEOUT);
	kill(th);
}

/* A call's receive timeout: the server took the message but never replies. */
KTEST(call_receive_timeout_when_server_does_not_reply)
{
	static struct act s;
	s = mk_act(ACT_WAIT, 0, L4_IPC_NEVER, 0); /* receives, then sleeps */
	l4_cap_idx_t th = kt_thread_start(act_fn, &s, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(th));
	l4_uint64_t t0 = kt_now_us();
	l4_utcb_mr()->mr[0] = 9;
	l4_msgtag_t tag = l4_ipc_call(th, l4_utcb(), l4_msgtag(0, 1, 0, 0), rcv_timeout_us(20 * MS));
	l4_uint64_t t1 = kt_now_us();
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_RETIMEOUT);
	KCHECK_EQ(s.done, 1);
	KCHECK_EQ(s.rmr0, 9);
	KCHECK_GE(t1 - t0, 20 * MS);
	KCHECK_LE(t1 - t0, 20 * MS + SLACK_US);
	kill(th);
}

/* A receive with timeout never completes when a message comes later. */
KTEST(receive_never_completes_when_message_arrives_later)
{
	static struct act s;
	s = mk_act(ACT_SEND, L4_BASE_THREAD_CAP, L4_IPC_NEVER, 0x5151);
	s.delay_us = 15 * MS;
	l4_uint64_t t0 = kt_now_us();
	l4_cap_idx_t th = kt_thread_start(act_fn, &s, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(th));
	l4_msgtag_t tag = l4_ipc_receive(th, l4_utcb(), L4_IPC_NEVER);
	l4_uint64_t t1 = kt_now_us();
	l4_umword_t mr0 = l4_utcb_mr()->mr[0];
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK_EQ(mr0, 0x5151);
	KCHECK_GE(t1 - t0, 15 * MS);
	KCHECK(kt_wait_flag_sleep(&s.done, 1000 * MS));
	KCHECK_EQ(s.err, 0);
	kill(th);
}

/* Bit 15 of a timeout (absolute) is rejected with -L4_EINVAL. */
KTEST(absolute_timeout_rejected_einval)
{
	l4_timeout_t abs_rcv = { .raw = 0x8000 | 0x0401 };
	l4_timeout_t abs_snd = { .raw = (0x8000u | 0x0401u) << 16 };
	KCHECK_EQ(l4_error(l4_ipc_wait(l4_utcb(), 0, abs_rcv)), -L4_EINVAL);
	KCHECK_EQ(l4_error(l4_ipc_send(L4_BASE_THREAD_CAP, l4_utcb(), l4_msgtag(0, 0, 0, 0), abs_snd)),
		  -L4_EINVAL);
}

/* ---- cancel (l4_thread_ex_regs with L4_THREAD_EX_REGS_CANCEL) ----------- */

static void check_cancel(struct act *a, long expect_err)
{
	l4_cap_idx_t th = kt_thread_start(act_fn, a, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(th));
	kt_sleep_us(2 * MS);
	KCHECK_EQ(a->done, 0);
	KCHECK_EQ(l4_error(l4_thread_ex_regs(th, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL)), 0);
	KCHECK(kt_wait_flag_sleep(&a->done, 1000 * MS));
	KCHECK_EQ(a->err, expect_err);
	kill(th);
}

KTEST(cancel_open_wait_recanceled)
{
	static struct act a;
	a = mk_act(ACT_WAIT, 0, L4_IPC_NEVER, 0);
	check_cancel(&a, L4_IPC_RECANCELED);
}

KTEST(cancel_closed_receive_recanceled)
{
	static struct act a;
	a = mk_act(ACT_RECV, L4_BASE_THREAD_CAP, L4_IPC_NEVER, 0);
	check_cancel(&a, L4_IPC_RECANCELED);
}

KTEST(cancel_sleep_recanceled)
{
	static struct act a;
	a = mk_act(ACT_RECV, L4_INVALID_CAP, L4_IPC_NEVER, 0);
	check_cancel(&a, L4_IPC_RECANCELED);
}

/* A canceled sender leaves the receiver's queue. */
KTEST(cancel_blocked_send_secanceled)
{
	static struct act a;
	a = mk_act(ACT_SEND, L4_BASE_THREAD_CAP, L4_IPC_NEVER, 1);
	check_cancel(&a, L4_IPC_SECANCELED);
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), 0, L4_IPC_RECV_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_RETIMEOUT);
}

/* A call canceled while waiting for the reply; the server's reply then
 * finds nobody. */
struct replier {
	volatile int got, replied;
	volatile long err;
};

static void late_replier_fn(void *p)
{
	struct replier *r = p;
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	r->got = !l4_msgtag_has_error(tag);
	l4_ipc_sleep(rcv_timeout_us(20 * MS));
	tag = l4_ipc(L4_INVALID_CAP, l4_utcb(), L4_SYSF_SEND | L4_SYSF_REPLY, 0,
		     l4_msgtag(0, 0, 0, 0), 0, L4_IPC_NEVER);
	r->err = (long)l4_ipc_error(tag, l4_utcb());
	r->replied = 1;
}

KTEST(cancel_call_waiting_for_reply_recanceled)
{
	static struct replier r;
	r = (struct replier){ 0 };
	l4_cap_idx_t srv = kt_thread_start(late_replier_fn, &r, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(srv));
	static struct act c;
	c = mk_act(ACT_CALL, srv, L4_IPC_NEVER, 5);
	check_cancel(&c, L4_IPC_RECANCELED);
	KCHECK_EQ(r.got, 1);
	KCHECK(kt_wait_flag_sleep(&r.replied, 1000 * MS));
	KCHECK_NE(r.err, 0);
	kill(srv);
}

/* ---- a partner dies mid-IPC ----------------------------------------------- */

/* Starts server s (a receive without reply, or a thread that never
 * receives) and client c (a call or send to it), then removes the server
 * with remove(); the client must come back with expect_err. */
static void check_abort(struct act *s, bool srv_receives, struct act *c, long expect_err,
			long (*remove)(l4_cap_idx_t))
{
	l4_cap_idx_t sth = srv_receives ? kt_thread_start(act_fn, s, HELPER_PRIO)
					: kt_thread_start(nop_fn, 0, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(sth));
	c->cap = sth;
	l4_cap_idx_t cth = kt_thread_start(act_fn, c, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(cth));
	if (srv_receives)
		KCHECK(kt_wait_flag_sleep(&s->done, 1000 * MS));
	kt_sleep_us(2 * MS);
	KCHECK_EQ(c->done, 0);
	KCHECK_EQ(remove(sth), 0);
	KCHECK(kt_wait_flag_sleep(&c->done, 1000 * MS)); /* it does not hang */
	KCHECK_EQ(c->err, expect_err);
	/* The server's capability is gone. */
	l4_msgtag_t tag = l4_ipc_send(sth, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_ENOT_EXISTENT);
	kill(cth);
}

static long release_cap(l4_cap_idx_t c) { return l4_error(l4_task_release_cap(L4_BASE_TASK_CAP, c)); }

KTEST(abort_call_when_server_deleted_reaborted)
{
	static struct act s, c;
	s = mk_act(ACT_WAIT, 0, L4_IPC_NEVER, 0);
	c = mk_act(ACT_CALL, 0, L4_IPC_NEVER, 1);
	check_abort(&s, true, &c, L4_IPC_REABORTED, kt_delete);
}

KTEST(abort_call_when_server_last_cap_released_reaborted)
{
	static struct act s, c;
	s = mk_act(ACT_WAIT, 0, L4_IPC_NEVER, 0);
	c = mk_act(ACT_CALL, 0, L4_IPC_NEVER, 1);
	check_abort(&s, true, &c, L4_IPC_REABORTED, release_cap);
}

KTEST(abort_send_when_receiver_deleted_seaborted)
{
	static struct act c;
	c = mk_act(ACT_SEND, 0, L4_IPC_NEVER, 1);
	check_abort(0, false, &c, L4_IPC_SEABORTED, kt_delete);
}

KTEST(abort_call_in_send_phase_when_receiver_deleted_seaborted)
{
	static struct act c;
	c = mk_act(ACT_CALL, 0, L4_IPC_NEVER, 1);
	check_abort(0, false, &c, L4_IPC_SEABORTED, kt_delete);
}

/* The usual server setup: the client calls through an IPC gate. Deleting
 * the server thread (l4_task_delete_obj: "the object is deleted") must
 * abort the call even though the gate still refers to the thread; later
 * sends through the gate find no partner. */
KTEST(abort_call_through_gate_when_server_deleted_reaborted)
{
	static struct act s, c;
	s = mk_act(ACT_WAIT, 0, L4_IPC_NEVER, 0);
	l4_cap_idx_t sth = kt_thread_start(act_fn, &s, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(sth));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, sth, 0x990)), 0);
	c = mk_act(ACT_CALL, gate, L4_IPC_NEVER, 1);
	l4_cap_idx_t cth = kt_thread_start(act_fn, &c, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(cth));
	KCHECK(kt_wait_flag_sleep(&s.done, 1000 * MS));
	KCHECK_EQ(s.label, 0x993);
	kt_sleep_us(2 * MS);
	KCHECK_EQ(c.done, 0);
	KCHECK_EQ(kt_delete(sth), 0);
	KCHECK(kt_wait_flag_sleep(&c.done, 1000 * MS));
	KCHECK_EQ(c.err, L4_IPC_REABORTED);
	l4_msgtag_t tag = l4_ipc_send(gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_ENOT_EXISTENT);
	kill(cth);
	kt_delete(gate);
}

/* The server is a thread of a task whose last capability goes: the task
 * and its threads die, the client's call is aborted, and the (still
 * existing) thread capability then names a dead thread. */
KTEST(abort_call_when_server_task_released_reaborted)
{
	l4_cap_idx_t task = kt_task_create();
	KASSERT(!l4_is_invalid_cap(task));
	static struct act s, c;
	s = mk_act(ACT_WAIT, 0, L4_IPC_NEVER, 0);
	l4_cap_idx_t sth = kt_task_thread_start(task, 0, act_fn, &s, HELPER_PRIO, L4_INVALID_CAP,
						L4_INVALID_CAP);
	KASSERT(!l4_is_invalid_cap(sth));
	c = mk_act(ACT_CALL, sth, L4_IPC_NEVER, 1);
	l4_cap_idx_t cth = kt_thread_start(act_fn, &c, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(cth));
	KCHECK(kt_wait_flag_sleep(&s.done, 1000 * MS));
	kt_sleep_us(2 * MS);
	KCHECK_EQ(c.done, 0);
	KCHECK_EQ(release_cap(task), 0);
	KCHECK(kt_wait_flag_sleep(&c.done, 1000 * MS));
	KCHECK_EQ(c.err, L4_IPC_REABORTED);
	l4_msgtag_t tag = l4_ipc_call(sth, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_BOTH_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_ENOT_EXISTENT);
	kill(cth);
	kill(sth);
}

/* ---- IPC gates ------------------------------------------------------------ */

static void check_unbound_gate_released_by_bind(bool rcv_ep_name)
{
	l4_cap_idx_t srv = local_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, L4_INVALID_CAP, 0)), 0);
	static struct act c;
	c = mk_act(ACT_CALL, gate, L4_IPC_NEVER, 0x3333);
	l4_cap_idx_t cth = kt_thread_start(act_fn, &c, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(cth));
	kt_sleep_us(5 * MS);
	KCHECK_EQ(c.done, 0); /* waits for a bind */
	long err = rcv_ep_name ? l4_error(l4_rcv_ep_bind_thread(gate, srv, 0x7770))
			       : l4_error(l4_ipc_gate_bind_thread(gate, srv, 0x7770));
	KCHECK_EQ(err, 0);
	KCHECK(kt_wait_flag_sleep(&c.done, 1000 * MS));
	KCHECK_EQ(c.err, 0);
	KCHECK_EQ(c.tag_label, 1);
	KCHECK_EQ(c.rmr0, ~(l4_umword_t)0x3333);
	KCHECK_EQ(local_rec.count, 1);
	KCHECK_EQ(local_rec.label, 0x7773);
	kill(cth);
	kt_delete(gate);
}

KTEST(gate_unbound_sender_waits_until_ipc_gate_bind_thread)
{
	check_unbound_gate_released_by_bind(false);
}

KTEST(gate_unbound_sender_waits_until_rcv_ep_bind_thread)
{
	check_unbound_gate_released_by_bind(true);
}

KTEST(gate_unbound_send_timeouts)
{
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, L4_INVALID_CAP, 0)), 0);
	l4_uint64_t t0 = kt_now_us();
	l4_msgtag_t tag = l4_ipc_send(gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_SETIMEOUT);
	tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_BOTH_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_SETIMEOUT);
	KCHECK_LE(kt_now_us() - t0, SLACK_US);
	t0 = kt_now_us();
	tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), snd_timeout_us(10 * MS));
	l4_uint64_t t1 = kt_now_us();
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_SETIMEOUT);
	KCHECK_GE(t1 - t0, 10 * MS);
	KCHECK_LE(t1 - t0, 10 * MS + SLACK_US);
	kt_delete(gate);
}

/* protocols.md, IPC gate: "when the gate is deleted blocked senders get
 * L4_IPC_ENOT_EXISTENT". */
KTEST(gate_deleted_releases_blocked_senders_enot_existent)
{
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, L4_INVALID_CAP, 0)), 0);
	static struct act c1, c2;
	c1 = mk_act(ACT_CALL, gate, L4_IPC_NEVER, 1);
	c2 = mk_act(ACT_SEND, gate, L4_IPC_NEVER, 2);
	l4_cap_idx_t t1 = kt_thread_start(act_fn, &c1, HELPER_PRIO);
	l4_cap_idx_t t2 = kt_thread_start(act_fn, &c2, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(t1) && !l4_is_invalid_cap(t2));
	kt_sleep_us(2 * MS);
	KCHECK_EQ(c1.done + c2.done, 0);
	KCHECK_EQ(kt_delete(gate), 0);
	KCHECK(kt_wait_flag_sleep(&c1.done, 1000 * MS));
	KCHECK(kt_wait_flag_sleep(&c2.done, 1000 * MS));
	KCHECK_EQ(c1.err, L4_IPC_ENOT_EXISTENT);
	KCHECK_EQ(c2.err, L4_IPC_ENOT_EXISTENT);
	kill(t1);
	kill(t2);
}

KTEST(gate_get_infos_returns_label_and_needs_s)
{
	l4_cap_idx_t srv = local_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, srv, 0x4440)), 0);
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_gate_get_infos(gate, &label);
	KCHECK_EQ(l4_error(tag), 0);
	KCHECK_EQ(l4_msgtag_words(tag), 1);
	KCHECK_EQ(label, 0x4440);
	/* A server capability (IPCGATE_SVR) without S. */
	l4_cap_idx_t svr_rw = kt_cap_copy(gate, L4_CAP_FPAGE_RW, L4_FPAGE_C_IPCGATE_SVR);
	KASSERT(!l4_is_invalid_cap(svr_rw));
	label = 0;
	KCHECK_EQ(l4_error(l4_ipc_gate_get_infos(svr_rw, &label)), -L4_EPERM);
	KCHECK_EQ(label, 0);
	/* With S it works. */
	l4_cap_idx_t svr_rs = kt_cap_copy(gate, L4_CAP_FPAGE_RS, L4_FPAGE_C_IPCGATE_SVR);
	KASSERT(!l4_is_invalid_cap(svr_rs));
	KCHECK_EQ(l4_error(l4_ipc_gate_get_infos(svr_rs, &label)), 0);
	KCHECK_EQ(label, 0x4440);
	KCHECK_EQ(local_rec.count, 0); /* nothing was forwarded */
	kt_delete(gate);
}

/* protocols.md, IPC gate: a capability without L4_FPAGE_C_IPCGATE_SVR
 * forwards everything, L4_PROTO_KOBJECT messages included. */
KTEST(gate_client_cap_forwards_kobject_messages)
{
	l4_cap_idx_t srv = local_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, srv, 0x4440)), 0);
	l4_cap_idx_t client = kt_cap_copy(gate, L4_CAP_FPAGE_RWS, 0);
	KASSERT(!l4_is_invalid_cap(client));
	l4_utcb_mr()->mr[0] = L4_IPC_GATE_GET_INFO_OP;
	l4_msgtag_t tag = l4_ipc_call(client, l4_utcb(), l4_msgtag(L4_PROTO_KOBJECT, 1, 0, 0),
				      L4_IPC_NEVER);
	l4_umword_t mr0 = l4_utcb_mr()->mr[0];
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK_EQ(local_rec.count, 1);
	KCHECK_EQ(local_rec.tag_label, L4_PROTO_KOBJECT);
	KCHECK_EQ(local_rec.label, 0x4443);
	KCHECK_EQ(l4_msgtag_label(tag), L4_PROTO_KOBJECT + 1);
	KCHECK_EQ(mr0, ~(l4_umword_t)L4_IPC_GATE_GET_INFO_OP);
	kt_delete(gate);
}

static l4_msgtag_t bind_raw(l4_cap_idx_t gate, unsigned words, unsigned items, l4_cap_idx_t th)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = L4_RCV_EP_BIND_OP;
	m->mr[1] = 0x100;
	m->mr[words] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[words + 1] = l4_obj_fpage(th, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(gate, l4_utcb(), l4_msgtag(L4_PROTO_KOBJECT, words, items, 0), L4_IPC_NEVER);
}

KTEST(gate_bind_errors)
{
	l4_cap_idx_t srv = local_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, L4_INVALID_CAP, 0)), 0);
	/* Not a thread; an empty slot. */
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(gate, L4_BASE_LOG_CAP, 0x100)), -L4_EINVAL);
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(gate, kt_cap_alloc(), 0x100)), -L4_EINVAL);
	/* Fewer than 2 words. */
	KCHECK_EQ(l4_error(bind_raw(gate, 1, 1, srv)), -L4_EMSGTOOSHORT);
	/* A server capability without S. */
	l4_cap_idx_t svr_rw = kt_cap_copy(gate, L4_CAP_FPAGE_RW, L4_FPAGE_C_IPCGATE_SVR);
	KASSERT(!l4_is_invalid_cap(svr_rw));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(svr_rw, srv, 0x100)), -L4_EPERM);
	/* Still unbound: a zero-timeout send times out. */
	l4_msgtag_t tag = l4_ipc_send(gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_SETIMEOUT);
	KCHECK_EQ(local_rec.count, 0);
	kt_delete(gate);
}

/* protocols.md, bind: "Rights: S on the endpoint (IPC gate or IRQ); S on
 * the thread". */
KTEST(gate_bind_needs_s_on_thread)
{
	l4_cap_idx_t srv = local_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, L4_INVALID_CAP, 0)), 0);
	l4_cap_idx_t th_rw = kt_cap_copy(srv, L4_CAP_FPAGE_RW, 0);
	KASSERT(!l4_is_invalid_cap(th_rw));
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(gate, th_rw, 0x100)), -L4_EPERM);
	l4_msgtag_t tag = l4_ipc_send(gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_SETIMEOUT); /* still unbound */
	kt_delete(gate);
	l4_task_release_cap(L4_BASE_TASK_CAP, th_rw);
}

/* protocols.md: a missing capability argument is -L4_EMSGMISSARG, and an
 * operation label without words is -L4_EMSGTOOSHORT. */
KTEST(gate_bind_missing_item_and_no_words)
{
	l4_cap_idx_t srv = local_echo();
	KASSERT(!l4_is_invalid_cap(srv));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, L4_INVALID_CAP, 0)), 0);
	KCHECK_EQ(l4_error(bind_raw(gate, 2, 0, srv)), -L4_EMSGMISSARG);
	KCHECK_EQ(l4_error(l4_ipc_call(gate, l4_utcb(), l4_msgtag(L4_PROTO_KOBJECT, 0, 0, 0),
				       L4_IPC_NEVER)), -L4_EMSGTOOSHORT);
	kt_delete(gate);
}

/* ---- message limits, reply capability, invalid partners ------------------ */

/* words + 2 * items beyond the 63 message registers: the sender gets
 * L4_IPC_SEMSGCUT and the receiver no (successful) message. */
KTEST(message_longer_than_utcb_semsgcut)
{
	static struct act r1, r2;
	r1 = mk_act(ACT_WAIT, 0, L4_IPC_NEVER, 0);
	r2 = mk_act(ACT_WAIT, 0, L4_IPC_NEVER, 0);
	l4_cap_idx_t t1 = kt_thread_start(act_fn, &r1, HELPER_PRIO);
	l4_cap_idx_t t2 = kt_thread_start(act_fn, &r2, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(t1) && !l4_is_invalid_cap(t2));
	for (unsigned i = 0; i < L4_UTCB_GENERIC_DATA_SIZE; i++)
		l4_utcb_mr()->mr[i] = 0;
	l4_msgtag_t tag = l4_ipc_send(t1, l4_utcb(), l4_msgtag(0, 62, 1, 0), snd_timeout_us(100 * MS));
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_SEMSGCUT);
	tag = l4_ipc_send(t2, l4_utcb(), l4_msgtag(0, 0, 32, 0), snd_timeout_us(100 * MS));
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_SEMSGCUT);
	kt_sleep_us(2 * MS);
	KCHECK(!r1.done || r1.err != 0);
	KCHECK(!r2.done || r2.err != 0);
	kill(t1);
	kill(t2);
}

/* The implicit reply capability works once. */
struct twice {
	volatile int done;
	volatile long err1, err2;
};

static void reply_twice_fn(void *p)
{
	struct twice *r = p;
	l4_umword_t label;
	l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	l4_utcb_mr()->mr[0] = 111;
	l4_msgtag_t tag = l4_ipc(L4_INVALID_CAP, l4_utcb(), L4_SYSF_SEND | L4_SYSF_REPLY, 0,
				 l4_msgtag(0, 1, 0, 0), 0, L4_IPC_NEVER);
	r->err1 = (long)l4_ipc_error(tag, l4_utcb());
	l4_utcb_mr()->mr[0] = 222;
	tag = l4_ipc(L4_INVALID_CAP, l4_utcb(), L4_SYSF_SEND | L4_SYSF_REPLY, 0,
		     l4_msgtag(0, 1, 0, 0), 0, L4_IPC_NEVER);
	r->err2 = (long)l4_ipc_error(tag, l4_utcb());
	r->done = 1;
}

KTEST(reply_capability_used_twice_fails)
{
	static struct twice r;
	r = (struct twice){ 0 };
	l4_cap_idx_t th = kt_thread_start(reply_twice_fn, &r, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(th));
	l4_msgtag_t tag = l4_ipc_call(th, l4_utcb(), l4_msgtag(0, 0, 0, 0), rcv_timeout_us(1000 * MS));
	l4_umword_t mr0 = l4_utcb_mr()->mr[0];
	KCHECK_EQ(KT_IPC_ERR(tag), 0);
	KCHECK_EQ(mr0, 111);
	KCHECK(kt_wait_flag_sleep(&r.done, 1000 * MS));
	KCHECK_EQ(r.err1, 0);
	KCHECK_EQ(r.err2, L4_IPC_ENOT_EXISTENT);
	tag = l4_ipc_receive(th, l4_utcb(), L4_IPC_RECV_TIMEOUT_0);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_RETIMEOUT); /* no second message */
	/* Without any caller a reply fails the same way. */
	tag = l4_ipc(L4_INVALID_CAP, l4_utcb(), L4_SYSF_SEND | L4_SYSF_REPLY, 0,
		     l4_msgtag(0, 0, 0, 0), 0, L4_IPC_NEVER);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_ENOT_EXISTENT);
	kill(th);
}

KTEST(ipc_to_empty_slot_enot_existent)
{
	l4_cap_idx_t empty = kt_cap_alloc();
	l4_msgtag_t tag = l4_ipc_call(empty, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_ENOT_EXISTENT);
	KCHECK_EQ(l4_error(tag), -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));
	tag = l4_ipc_send(empty, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_ENOT_EXISTENT);
	tag = l4_ipc_receive(empty, l4_utcb(), L4_IPC_NEVER);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_ENOT_EXISTENT);
	/* An index far beyond any capability table. */
	tag = l4_ipc_call((1UL << 40) << L4_CAP_SHIFT, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_ENOT_EXISTENT);
	/* A thread that was created but never bound or started. */
	l4_cap_idx_t th = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, th)), 0);
	tag = l4_ipc_call(th, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_ENOT_EXISTENT);
	kill(th);
}

/* ---- local ids ---------------------------------------------------------- */

/* A receiver that asks for local ids: one call with one capability item,
 * recorded, answered with label 0. */
struct lid_rec {
	l4_cap_idx_t slot;
	volatile int done;
	volatile unsigned items;
	volatile l4_umword_t w0, w1;
};

static void lid_receiver(void *arg)
{
	struct lid_rec *r = arg;
	l4_umword_t label;
	l4_utcb_br()->bdr = 0;
	l4_utcb_br()->br[0] = r->slot | L4_RCV_ITEM_SINGLE_CAP | L4_RCV_ITEM_LOCAL_ID;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	unsigned w = l4_msgtag_words(tag);
	r->items = l4_msgtag_items(tag);
	r->w0 = l4_utcb_mr()->mr[w];
	r->w1 = l4_utcb_mr()->mr[w + 1];
	r->done = 1;
	l4_ipc_send(L4_INVALID_CAP | L4_SYSF_REPLY, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

/* Calls th with one word and one capability item (ctl, fpage). */
static long lid_call(l4_cap_idx_t th, l4_umword_t ctl, l4_fpage_t fp)
{
	l4_utcb_mr()->mr[0] = 0x5a;
	l4_utcb_mr()->mr[1] = ctl;
	l4_utcb_mr()->mr[2] = fp.raw;
	return l4_error(l4_ipc_call(th, l4_utcb(), l4_msgtag(0, 1, 1, 0), L4_IPC_NEVER));
}

/* A gate served by a thread of the receiving task arrives as its label
 * plus the sender's W/S rights; nothing is mapped. */
KTEST(local_id_of_own_gate_is_label_and_rights)
{
	static struct lid_rec r;
	r = (struct lid_rec){ .slot = kt_cap_alloc() };
	l4_cap_idx_t th = kt_thread_start(lid_receiver, &r, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(th));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, th, 0x3c40)), 0);
	KCHECK_EQ(lid_call(th, l4_map_obj_control(0, L4_MAP_ITEM_MAP),
			   l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RW)), 0);
	KASSERT(r.done);
	KCHECK_EQ(r.items, 1);
	KCHECK(r.w0 & L4_RCV_ITEM_LOCAL_ID);
	KCHECK_EQ(r.w1, 0x3c41);
	KCHECK_EQ(l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, r.slot)), 0);
	kill(th);
	kt_delete(gate);
}

/* A gate served by another task's thread is mapped as usual, and a sender
 * cannot forge the local-id bit. */
KTEST(local_id_foreign_gate_is_mapped_and_bit_cleared)
{
	static struct lid_rec r;
	r = (struct lid_rec){ .slot = kt_cap_alloc() };
	l4_cap_idx_t th = kt_thread_start(lid_receiver, &r, HELPER_PRIO);
	l4_cap_idx_t srv = child_echo();
	KASSERT(!l4_is_invalid_cap(th) && !l4_is_invalid_cap(srv));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, srv, 0x3c80)), 0);
	KCHECK_EQ(lid_call(th, l4_map_obj_control(0, L4_MAP_ITEM_MAP) | L4_RCV_ITEM_LOCAL_ID,
			   l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RW)), 0);
	KASSERT(r.done);
	KCHECK(!(r.w0 & L4_RCV_ITEM_LOCAL_ID));
	KCHECK_EQ(l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, r.slot)), 1);
	KCHECK_EQ(l4_msgtag_label(l4_task_cap_equal(L4_BASE_TASK_CAP, r.slot, gate)), 1);
	kill(th);
	kt_delete(r.slot);
	kt_delete(gate);
}

/* An empty slot sent to a local-id buffer: nothing arrives, no local id. */
KTEST(local_id_of_empty_slot_maps_nothing)
{
	static struct lid_rec r;
	r = (struct lid_rec){ .slot = kt_cap_alloc() };
	l4_cap_idx_t th = kt_thread_start(lid_receiver, &r, HELPER_PRIO);
	KASSERT(!l4_is_invalid_cap(th));
	KCHECK_EQ(lid_call(th, l4_map_obj_control(0, L4_MAP_ITEM_MAP),
			   l4_obj_fpage(kt_cap_alloc(), 0, L4_CAP_FPAGE_RW)), 0);
	KASSERT(r.done);
	KCHECK(!(r.w0 & L4_RCV_ITEM_LOCAL_ID));
	KCHECK_EQ(l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, r.slot)), 0);
	kill(th);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
