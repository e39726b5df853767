/* ktest-cap: capabilities between tasks.
 *
 * Walnut keeps a derivation tree for capabilities as for memory: a
 * capability mapped from task A to task B is derived from A's, and
 * l4_task_unmap(A, cap, L4_FP_OTHER_SPACES) revokes every copy derived from
 * A's, recursively and in every task, keeping A's own; L4_FP_ALL_SPACES
 * removes A's own too; L4_FP_DELETE_OBJ with the D right deletes the
 * object (every capability to it, anywhere).
 *
 * Covered: cap_valid / cap_equal / cap_has_child, map with rights (S only
 * when both task capabilities have S, nothing without R, D only from D),
 * several capabilities at once, replacing an occupied slot, grant, unmap
 * recursively across three tasks and of single rights, release_cap,
 * delete_obj with and without D, invalid selectors and rightless copies.
 */
#include <ktap.h>
#include <ktest_task.h>
#include <ktest_util.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>

int main(int argc, char **argv);

#define SLOT(n) KTT_CHILD_SLOT(n)
#define ROOT L4_BASE_TASK_CAP


static long valid(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return l4_error(l4_task_cap_valid(task, cap));
}

static long has_child(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return l4_error(l4_task_cap_has_child(task, cap));
}

static long equal(l4_cap_idx_t task, l4_cap_idx_t a, l4_cap_idx_t b)
{
	return l4_error(l4_task_cap_equal(task, a, b));
}

/* A new IRQ (RWSD) in a fresh slot of this task. */
static l4_cap_idx_t irq_new(void)
{
	l4_cap_idx_t c = kt_cap_alloc();
	if (l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, c)) < 0)
		return L4_INVALID_CAP;
	return c;
}

/* A copy of cap with rights in a fresh slot of this task. */
static l4_cap_idx_t cap_copy(l4_cap_idx_t cap, unsigned rights)
{
	l4_cap_idx_t c = kt_cap_alloc();
	if (ktt_map_cap(ROOT, cap, rights, c) < 0)
		return L4_INVALID_CAP;
	return c;
}

/* 1 << order fresh slots, the first aligned to 1 << order. */
static l4_cap_idx_t cap_block(unsigned order)
{
	l4_cap_idx_t c;
	do
		c = kt_cap_alloc();
	while ((c >> L4_CAP_SHIFT) & ((1UL << order) - 1));
	for (unsigned i = 1; i < (1u << order); i++)
		kt_cap_alloc();
	return c;
}

static long call_empty(l4_cap_idx_t cap, long label, unsigned words)
{
	l4_utcb_mr()->mr[0] = 0;
	l4_utcb_mr()->mr[1] = 0;
	return l4_error(l4_ipc_call(cap, l4_utcb(), l4_msgtag(label, words, 0, 0), L4_IPC_BOTH_TIMEOUT_0));
}

/* == capability information ================================================== */

KTEST(cap_valid_results)
{
	KCHECK_EQ(valid(ROOT, L4_BASE_TASK_CAP), 1);
	KCHECK_EQ(valid(ROOT, L4_BASE_FACTORY_CAP), 1);
	KCHECK_EQ(valid(ROOT, L4_BASE_LOG_CAP), 1);
	KCHECK_EQ(valid(ROOT, L4_BASE_IOMMU_CAP), 0);    /* empty on Walnut */
	KCHECK_EQ(valid(ROOT, L4_BASE_ARM_SMCCC_CAP), 0); /* empty on x86_64 */
	KCHECK_EQ(valid(ROOT, kt_cap_alloc()), 0);
	KCHECK_EQ(valid(ROOT, L4_INVALID_CAP), 0);
	KCHECK_EQ(valid(ROOT, 0xfffffUL << L4_CAP_SHIFT), 0);  /* beyond any table */
	KCHECK_EQ(valid(ROOT, ~0UL << L4_CAP_SHIFT), 0);
	/* Asked about another task's space. */
	l4_cap_idx_t t = ktt_task(L4_BASE_FACTORY_CAP, 0);
	KASSERT(!l4_is_invalid_cap(t));
	KCHECK_EQ(valid(t, L4_BASE_TASK_CAP), 1);
	KCHECK_EQ(valid(t, L4_BASE_LOG_CAP), 1);
	KCHECK_EQ(valid(t, L4_BASE_FACTORY_CAP), 0);
	KCHECK_EQ(valid(t, L4_BASE_THREAD_CAP), 0);
	ktt_task_free(t);
}

KTEST(cap_equal_results)
{
	l4_cap_idx_t i1 = irq_new(), i2 = irq_new();
	KASSERT(!l4_is_invalid_cap(i1) && !l4_is_invalid_cap(i2));
	l4_cap_idx_t c1 = cap_copy(i1, L4_CAP_FPAGE_RO);
	KASSERT(!l4_is_invalid_cap(c1));
	KCHECK_EQ(equal(ROOT, i1, c1), 1); /* rights do not matter */
	KCHECK_EQ(equal(ROOT, c1, i1), 1);
	KCHECK_EQ(equal(ROOT, i1, i1), 1);
	KCHECK_EQ(equal(ROOT, i1, i2), 0);
	l4_cap_idx_t empty = kt_cap_alloc();
	KCHECK_EQ(equal(ROOT, i1, empty), 0);
	KCHECK_EQ(equal(ROOT, empty, i1), 0);
	KCHECK_EQ(equal(ROOT, i1, L4_INVALID_CAP), 0);
	/* The same selector twice: equal, even when the slot is empty. */
	KCHECK_EQ(equal(ROOT, empty, empty), 1);
	l4_task_delete_obj(ROOT, i1);
	l4_task_delete_obj(ROOT, i2);
}

KTEST(cap_info_word_counts)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	/* Two words: valid/has_child, three: equal, anything else: -L4_EINVAL. */
	m->mr[0] = L4_TASK_CAP_INFO_OP;
	KCHECK_EQ(l4_error(l4_ipc_call(ROOT, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 1, 0, 0), L4_IPC_NEVER)),
		  -L4_EINVAL);
	m->mr[0] = L4_TASK_CAP_INFO_OP;
	m->mr[1] = L4_BASE_TASK_CAP;
	m->mr[2] = L4_BASE_TASK_CAP;
	m->mr[3] = L4_BASE_TASK_CAP;
	KCHECK_EQ(l4_error(l4_ipc_call(ROOT, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 4, 0, 0), L4_IPC_NEVER)),
		  -L4_EINVAL);
}

KTEST(cap_has_child_follows_derivation)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	KCHECK_EQ(has_child(ROOT, irq), 0);
	KCHECK_EQ(has_child(ROOT, kt_cap_alloc()), 0); /* empty */
	KASSERT_EQ(ktt_map_cap(b.task, irq, L4_CAP_FPAGE_RWS, SLOT(0)), 0);
	KCHECK_EQ(has_child(ROOT, irq), 1);
	KCHECK_EQ(has_child(b.task, SLOT(0)), 0);
	/* Revoking the copies: no child any more. */
	KCHECK_EQ(l4_error(l4_task_unmap(ROOT, l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWSD),
					 L4_FP_OTHER_SPACES)), 0);
	KCHECK_EQ(has_child(ROOT, irq), 0);
	KCHECK_EQ(valid(b.task, SLOT(0)), 0);
	KCHECK_EQ(valid(ROOT, irq), 1);
	l4_task_delete_obj(ROOT, irq);
	ktt_child_free(&b);
}

/* == map: rights ============================================================== */

KTEST(cap_map_rights)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	/* RW only: B cannot detach (needs S). */
	KASSERT_EQ(ktt_map_cap(b.task, irq, L4_CAP_FPAGE_RW, SLOT(0)), 0);
	KCHECK_EQ(valid(b.task, SLOT(0)), 1);
	KCHECK_EQ(ktt_remote_irq_detach(b.prober, SLOT(0)), -L4_EPERM);
	/* RWS: it can. */
	KASSERT_EQ(ktt_map_cap(b.task, irq, L4_CAP_FPAGE_RWS, SLOT(1)), 0);
	KCHECK_EQ(ktt_remote_irq_detach(b.prober, SLOT(1)), 0);
	/* The same object in both slots. */
	KCHECK_EQ(equal(b.task, SLOT(0), SLOT(1)), 1);
	/* Without R nothing is mapped. */
	KCHECK_EQ(ktt_map_cap(b.task, irq, L4_CAP_FPAGE_W | L4_CAP_FPAGE_S, SLOT(2)), 0);
	KCHECK_EQ(valid(b.task, SLOT(2)), 0);
	/* An empty source slot maps nothing. */
	KCHECK_EQ(ktt_map_cap(b.task, kt_cap_alloc(), L4_CAP_FPAGE_RWS, SLOT(3)), 0);
	KCHECK_EQ(valid(b.task, SLOT(3)), 0);
	l4_task_delete_obj(ROOT, irq);
	ktt_child_free(&b);
}

KTEST(cap_map_strips_s_without_s_on_task_caps)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	/* Through a capability for B without S, a factory capability arrives
	 * without S: creating from it fails in B. */
	l4_cap_idx_t b_rw = cap_copy(b.task, L4_CAP_FPAGE_RW);
	KASSERT(!l4_is_invalid_cap(b_rw));
	KASSERT_EQ(l4_error(l4_task_map(b_rw, ROOT, l4_obj_fpage(L4_BASE_FACTORY_CAP, 0, L4_CAP_FPAGE_RWS),
					SLOT(0))), 0);
	KCHECK_EQ(valid(b.task, SLOT(0)), 1);
	KCHECK_EQ(ktt_remote_create_irq(b.prober, SLOT(0), SLOT(10)), -L4_EPERM);
	KCHECK_EQ(valid(b.task, SLOT(10)), 0);
	/* The same through a source task capability without S. */
	l4_cap_idx_t self_rw = cap_copy(ROOT, L4_CAP_FPAGE_RW);
	KASSERT(!l4_is_invalid_cap(self_rw));
	KASSERT_EQ(l4_error(l4_task_map(b.task, self_rw, l4_obj_fpage(L4_BASE_FACTORY_CAP, 0, L4_CAP_FPAGE_RWS),
					SLOT(1))), 0);
	KCHECK_EQ(ktt_remote_create_irq(b.prober, SLOT(1), SLOT(10)), -L4_EPERM);
	/* With S on both: S arrives and B can create. */
	KASSERT_EQ(ktt_map_cap(b.task, L4_BASE_FACTORY_CAP, L4_CAP_FPAGE_RWS, SLOT(2)), 0);
	KCHECK_EQ(ktt_remote_create_irq(b.prober, SLOT(2), SLOT(10)), 0);
	KCHECK_EQ(valid(b.task, SLOT(10)), 1);
	ktt_child_free(&b);
}

KTEST(cap_map_gives_d_only_from_d)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	l4_cap_idx_t no_d = cap_copy(irq, L4_CAP_FPAGE_RWS);
	KASSERT(!l4_is_invalid_cap(no_d));
	/* Asked for RWSD from a capability without D: B gets no D, so its
	 * delete only removes its own capability. */
	KASSERT_EQ(ktt_map_cap(b.task, no_d, L4_CAP_FPAGE_RWSD, SLOT(0)), 0);
	KCHECK_EQ(l4_error(l4_task_delete_obj(b.task, SLOT(0))), 0);
	KCHECK_EQ(valid(b.task, SLOT(0)), 0);
	KCHECK_EQ(valid(ROOT, irq), 1);
	KCHECK_EQ(valid(ROOT, no_d), 1);
	l4_task_delete_obj(ROOT, irq);
	ktt_child_free(&b);
}

/* == map: several, occupied slots, grant ======================================= */

KTEST(cap_map_several_at_once)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_cap_idx_t blk = cap_block(2);
	for (unsigned i = 0; i < 4; i++)
		KASSERT_EQ(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP,
							  blk + (i << L4_CAP_SHIFT))), 0);
	/* Four capabilities in one order-2 flexpage; the send base is rounded
	 * down to the flexpage's size. */
	KASSERT_EQ(l4_error(l4_task_map(b.task, ROOT, l4_obj_fpage(blk, 2, L4_CAP_FPAGE_RWS),
					SLOT(8) + (1UL << L4_CAP_SHIFT))), 0);
	for (unsigned i = 0; i < 4; i++)
		KCHECK_EQ(valid(b.task, SLOT(8 + i)), 1);
	KCHECK_EQ(valid(b.task, SLOT(12)), 0);
	/* Slot by slot the same objects. */
	l4_cap_idx_t probe = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_task_map(ROOT, b.task, l4_obj_fpage(SLOT(10), 0, L4_CAP_FPAGE_RWS), probe)), 0);
	KCHECK_EQ(equal(ROOT, probe, blk + (2UL << L4_CAP_SHIFT)), 1);
	KCHECK_EQ(equal(ROOT, probe, blk + (1UL << L4_CAP_SHIFT)), 0);
	/* One order-2 unmap revokes all four copies in B. */
	KCHECK_EQ(l4_error(l4_task_unmap(ROOT, l4_obj_fpage(blk, 2, L4_CAP_FPAGE_RWSD),
					 L4_FP_OTHER_SPACES)), 0);
	for (unsigned i = 0; i < 4; i++)
		KCHECK_EQ(valid(b.task, SLOT(8 + i)), 0);
	for (unsigned i = 0; i < 4; i++)
		KCHECK_EQ(valid(ROOT, blk + (i << L4_CAP_SHIFT)), 1);
	for (unsigned i = 0; i < 4; i++)
		l4_task_delete_obj(ROOT, blk + (i << L4_CAP_SHIFT));
	ktt_child_free(&b);
}

KTEST(cap_map_onto_occupied_slot_replaces_it)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_cap_idx_t i1 = irq_new(), i2 = irq_new();
	KASSERT(!l4_is_invalid_cap(i1) && !l4_is_invalid_cap(i2));
	KASSERT_EQ(ktt_map_cap(b.task, i1, L4_CAP_FPAGE_RWS, SLOT(0)), 0);
	KASSERT_EQ(ktt_map_cap(b.task, i1, L4_CAP_FPAGE_RWS, SLOT(1)), 0);
	KASSERT_EQ(ktt_map_cap(b.task, i2, L4_CAP_FPAGE_RWS, SLOT(2)), 0);
	KCHECK_EQ(equal(b.task, SLOT(0), SLOT(1)), 1);
	KASSERT_EQ(ktt_map_cap(b.task, i2, L4_CAP_FPAGE_RWS, SLOT(0)), 0);
	KCHECK_EQ(equal(b.task, SLOT(0), SLOT(2)), 1);
	KCHECK_EQ(equal(b.task, SLOT(0), SLOT(1)), 0);
	/* The replaced capability is gone from B only. */
	KCHECK_EQ(valid(ROOT, i1), 1);
	KCHECK_EQ(valid(b.task, SLOT(1)), 1);
	/* Revoking i1 no longer touches slot 0; revoking i2 does. */
	l4_task_unmap(ROOT, l4_obj_fpage(i1, 0, L4_CAP_FPAGE_RWSD), L4_FP_OTHER_SPACES);
	KCHECK_EQ(valid(b.task, SLOT(0)), 1);
	KCHECK_EQ(valid(b.task, SLOT(1)), 0);
	l4_task_unmap(ROOT, l4_obj_fpage(i2, 0, L4_CAP_FPAGE_RWSD), L4_FP_OTHER_SPACES);
	KCHECK_EQ(valid(b.task, SLOT(0)), 0);
	l4_task_delete_obj(ROOT, i1);
	l4_task_delete_obj(ROOT, i2);
	ktt_child_free(&b);
}

KTEST(cap_grant_moves_the_capability)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	KASSERT_EQ(l4_error(l4_task_map(b.task, ROOT, l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWSD),
					SLOT(0) | L4_MAP_ITEM_GRANT)), 0);
	KCHECK_EQ(valid(b.task, SLOT(0)), 1);
	KCHECK_EQ(valid(ROOT, irq), 0);
	KCHECK_EQ(ktt_remote_irq_detach(b.prober, SLOT(0)), 0); /* with its rights */
	ktt_child_free(&b);
}

/* A thread of this task that receives one capability per message into the
 * window mr0 names (an object flexpage) and answers [ipc error]. */
static void cap_receiver_fn(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_msgtag_t t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_msg_regs_t *m = l4_utcb_mr();
		l4_buf_regs_t *b = l4_utcb_br();
		if (l4_msgtag_has_error(t)) {
			t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		if (l4_msgtag_items(t) == 0) { /* set the window */
			b->bdr = 0;
			b->br[0] = L4_ITEM_MAP;
			b->br[1] = m->mr[0];
			b->br[2] = 0;
		}
		m->mr[0] = 0;
		t = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 1, 0, 0), &label, L4_IPC_NEVER);
	}
}

KTEST(cap_ipc_map_and_grant)
{
	l4_cap_idx_t r = ktt_thread(ROOT, 0, cap_receiver_fn, 0, 30, L4_INVALID_CAP, L4_INVALID_CAP);
	KASSERT(!l4_is_invalid_cap(r));
	l4_cap_idx_t irq = irq_new(), win = cap_block(2);
	KASSERT(!l4_is_invalid_cap(irq));
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = l4_obj_fpage(win, 2, L4_CAP_FPAGE_RWSD).raw;
	KASSERT_EQ(l4_error(l4_ipc_call(r, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER)), 0);
	/* Map into a window of four slots: the hot spot (1) picks the slot. */
	m->mr[0] = l4_map_obj_control(1UL << L4_CAP_SHIFT, L4_MAP_ITEM_MAP);
	m->mr[1] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
	KCHECK_EQ(l4_error(l4_ipc_call(r, l4_utcb(), l4_msgtag(0, 0, 1, 0), L4_IPC_NEVER)), 0);
	KCHECK_EQ(equal(ROOT, win + (1UL << L4_CAP_SHIFT), irq), 1);
	KCHECK_EQ(valid(ROOT, win), 0);
	KCHECK_EQ(has_child(ROOT, irq), 1);
	/* Grant into slot 3: the sender's slot is empty afterwards. */
	l4_cap_idx_t irq2 = irq_new();
	KASSERT(!l4_is_invalid_cap(irq2));
	m->mr[0] = l4_map_obj_control(3UL << L4_CAP_SHIFT, L4_MAP_ITEM_GRANT);
	m->mr[1] = l4_obj_fpage(irq2, 0, L4_CAP_FPAGE_RWSD).raw;
	KCHECK_EQ(l4_error(l4_ipc_call(r, l4_utcb(), l4_msgtag(0, 0, 1, 0), L4_IPC_NEVER)), 0);
	KCHECK_EQ(valid(ROOT, irq2), 0);
	KCHECK_EQ(valid(ROOT, win + (3UL << L4_CAP_SHIFT)), 1);
	KCHECK_EQ(l4_error(l4_irq_detach(win + (3UL << L4_CAP_SHIFT))), 0);
	ktt_thread_free(r);
	l4_task_delete_obj(ROOT, irq);
	l4_task_delete_obj(ROOT, win + (3UL << L4_CAP_SHIFT));
}

/* == revocation across three tasks ============================================== */

/* A's object mapped to B (slot 0), and from B on to C (slot 1). */
struct three {
	struct ktt_child b, c;
};

static bool three_new(struct three *t, l4_cap_idx_t obj, unsigned rights, bool b_maps)
{
	if (!ktt_child_new(&t->b) || !ktt_child_new(&t->c))
		return false;
	if (ktt_map_cap(t->b.task, obj, rights, SLOT(0)) < 0)
		return false;
	if (b_maps) {
		/* B holds a capability for C and maps from its own space. */
		if (ktt_map_cap(t->b.task, t->c.task, L4_CAP_FPAGE_RWS, SLOT(5)) < 0)
			return false;
		return ktt_remote_task_map(t->b.prober, SLOT(5), L4_BASE_TASK_CAP,
					   l4_obj_fpage(SLOT(0), 0, rights), SLOT(1)) == 0;
	}
	return l4_error(l4_task_map(t->c.task, t->b.task, l4_obj_fpage(SLOT(0), 0, rights),
				    SLOT(1))) == 0;
}

static void three_free(struct three *t)
{
	ktt_child_free(&t->b);
	ktt_child_free(&t->c);
}

KTEST(cap_revoke_irq_across_three_tasks)
{
	struct three t;
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	KASSERT(three_new(&t, irq, L4_CAP_FPAGE_RWS, true));
	KCHECK_EQ(valid(t.b.task, SLOT(0)), 1);
	KCHECK_EQ(valid(t.c.task, SLOT(1)), 1);
	KCHECK_EQ(has_child(t.b.task, SLOT(0)), 1);
	/* C sees it too (from inside). */
	KCHECK_EQ(ktt_remote_cap_valid(t.c.prober, L4_BASE_TASK_CAP, SLOT(1)), 1);
	KCHECK_EQ(l4_error(l4_task_unmap(ROOT, l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWSD),
					 L4_FP_OTHER_SPACES)), 0);
	KCHECK_EQ(valid(t.b.task, SLOT(0)), 0);
	KCHECK_EQ(valid(t.c.task, SLOT(1)), 0);
	KCHECK_EQ(ktt_remote_cap_valid(t.c.prober, L4_BASE_TASK_CAP, SLOT(1)), 0);
	KCHECK_EQ(valid(ROOT, irq), 1);
	KCHECK_EQ(l4_error(l4_irq_detach(irq)), 0); /* A's own is intact */
	three_free(&t);
	l4_task_delete_obj(ROOT, irq);
}

KTEST(cap_revoke_gate_across_three_tasks)
{
	struct three t;
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, L4_INVALID_CAP, 0x40)), 0);
	KASSERT(three_new(&t, gate, L4_CAP_FPAGE_RW, false));
	KCHECK_EQ(valid(t.c.task, SLOT(1)), 1);
	KCHECK_EQ(l4_error(l4_task_unmap(ROOT, l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RWSD),
					 L4_FP_OTHER_SPACES)), 0);
	KCHECK_EQ(valid(t.b.task, SLOT(0)), 0);
	KCHECK_EQ(valid(t.c.task, SLOT(1)), 0);
	KCHECK_EQ(valid(ROOT, gate), 1);
	three_free(&t);
	l4_task_delete_obj(ROOT, gate);
}

KTEST(cap_revoke_in_the_middle_task)
{
	struct three t;
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	KASSERT(three_new(&t, irq, L4_CAP_FPAGE_RWS, false));
	/* B revokes what it gave on; its own stays, and A's. */
	KCHECK_EQ(l4_error(l4_task_unmap(t.b.task, l4_obj_fpage(SLOT(0), 0, L4_CAP_FPAGE_RWSD),
					 L4_FP_OTHER_SPACES)), 0);
	KCHECK_EQ(valid(t.c.task, SLOT(1)), 0);
	KCHECK_EQ(valid(t.b.task, SLOT(0)), 1);
	KCHECK_EQ(valid(ROOT, irq), 1);
	/* B drops its own (ALL_SPACES): A's stays. */
	KCHECK_EQ(l4_error(l4_task_release_cap(t.b.task, SLOT(0))), 0);
	KCHECK_EQ(valid(t.b.task, SLOT(0)), 0);
	KCHECK_EQ(valid(ROOT, irq), 1);
	three_free(&t);
	l4_task_delete_obj(ROOT, irq);
}

KTEST(cap_revoke_s_right_only)
{
	struct three t;
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	KASSERT(three_new(&t, irq, L4_CAP_FPAGE_RWS, true));
	KCHECK_EQ(ktt_remote_irq_detach(t.c.prober, SLOT(1)), 0);
	/* Take S from every copy derived from A's. */
	KCHECK_EQ(l4_error(l4_task_unmap(ROOT, l4_obj_fpage(irq, 0, L4_CAP_FPAGE_S),
					 L4_FP_OTHER_SPACES)), 0);
	KCHECK_EQ(valid(t.b.task, SLOT(0)), 1);
	KCHECK_EQ(valid(t.c.task, SLOT(1)), 1);
	KCHECK_EQ(ktt_remote_irq_detach(t.b.prober, SLOT(0)), -L4_EPERM);
	KCHECK_EQ(ktt_remote_irq_detach(t.c.prober, SLOT(1)), -L4_EPERM);
	KCHECK_EQ(l4_error(l4_irq_detach(irq)), 0); /* A keeps S */
	/* Taking R removes the copies. */
	KCHECK_EQ(l4_error(l4_task_unmap(ROOT, l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RO),
					 L4_FP_OTHER_SPACES)), 0);
	KCHECK_EQ(valid(t.b.task, SLOT(0)), 0);
	KCHECK_EQ(valid(t.c.task, SLOT(1)), 0);
	three_free(&t);
	l4_task_delete_obj(ROOT, irq);
}

KTEST(cap_unmap_own_rights_with_all_spaces)
{
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	l4_cap_idx_t c = cap_copy(irq, L4_CAP_FPAGE_RWSD);
	KASSERT(!l4_is_invalid_cap(c));
	/* Without ALL_SPACES this task's own capabilities keep their rights. */
	KCHECK_EQ(l4_error(l4_task_unmap(ROOT, l4_obj_fpage(c, 0, L4_CAP_FPAGE_S), L4_FP_OTHER_SPACES)),
		  0);
	KCHECK_EQ(l4_error(l4_irq_detach(c)), 0);
	/* With it the rights go from the capability itself. */
	KCHECK_EQ(l4_error(l4_task_unmap(ROOT, l4_obj_fpage(c, 0, L4_CAP_FPAGE_S), L4_FP_ALL_SPACES)),
		  0);
	KCHECK_EQ(valid(ROOT, c), 1);
	KCHECK_EQ(l4_error(l4_irq_detach(c)), -L4_EPERM);
	KCHECK_EQ(l4_error(l4_irq_detach(irq)), 0);
	l4_task_delete_obj(ROOT, irq);
}

/* == release and delete =========================================================== */

KTEST(cap_release_removes_it_and_its_copies)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	l4_cap_idx_t c = cap_copy(irq, L4_CAP_FPAGE_RWS);
	KASSERT(!l4_is_invalid_cap(c));
	KASSERT_EQ(ktt_map_cap(b.task, c, L4_CAP_FPAGE_RWS, SLOT(0)), 0);
	KASSERT_EQ(ktt_map_cap(b.task, irq, L4_CAP_FPAGE_RWS, SLOT(1)), 0);
	KCHECK_EQ(l4_error(l4_task_release_cap(ROOT, c)), 0);
	KCHECK_EQ(valid(ROOT, c), 0);
	KCHECK_EQ(valid(b.task, SLOT(0)), 0); /* derived from c */
	KCHECK_EQ(valid(ROOT, irq), 1);
	KCHECK_EQ(valid(b.task, SLOT(1)), 1); /* derived from irq */
	/* Releasing an empty slot is no error. */
	KCHECK_EQ(l4_error(l4_task_release_cap(ROOT, c)), 0);
	l4_task_delete_obj(ROOT, irq);
	ktt_child_free(&b);
}

KTEST(cap_delete_obj_with_d_deletes_everywhere)
{
	struct three t;
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	l4_cap_idx_t c = cap_copy(irq, L4_CAP_FPAGE_RO);
	KASSERT(!l4_is_invalid_cap(c));
	KASSERT(three_new(&t, irq, L4_CAP_FPAGE_RWSD, true));
	/* Deleting through C's copy (which has D) deletes the object: every
	 * capability to it goes, A's original included. */
	KCHECK_EQ(l4_error(l4_task_delete_obj(t.c.task, SLOT(1))), 0);
	KCHECK_EQ(valid(t.c.task, SLOT(1)), 0);
	KCHECK_EQ(valid(t.b.task, SLOT(0)), 0);
	KCHECK_EQ(valid(ROOT, irq), 0);
	KCHECK_EQ(valid(ROOT, c), 0);
	/* The slots can be used again. */
	KCHECK_EQ(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)), 0);
	KCHECK_EQ(valid(ROOT, irq), 1);
	KCHECK_EQ(valid(t.b.task, SLOT(0)), 0);
	three_free(&t);
	l4_task_delete_obj(ROOT, irq);
}

KTEST(cap_delete_obj_without_d_only_releases)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	l4_cap_idx_t c = cap_copy(irq, L4_CAP_FPAGE_RWS);
	KASSERT(!l4_is_invalid_cap(c));
	KASSERT_EQ(ktt_map_cap(b.task, c, L4_CAP_FPAGE_RWS, SLOT(0)), 0);
	KASSERT_EQ(ktt_map_cap(b.task, irq, L4_CAP_FPAGE_RWS, SLOT(1)), 0);
	/* c has no D: delete_obj is a release of c (and what derives from it). */
	KCHECK_EQ(l4_error(l4_task_delete_obj(ROOT, c)), 0);
	KCHECK_EQ(valid(ROOT, c), 0);
	KCHECK_EQ(valid(b.task, SLOT(0)), 0);
	KCHECK_EQ(valid(ROOT, irq), 1);
	KCHECK_EQ(valid(b.task, SLOT(1)), 1);
	/* B's copy has no D either. */
	KCHECK_EQ(l4_error(l4_task_delete_obj(b.task, SLOT(1))), 0);
	KCHECK_EQ(valid(b.task, SLOT(1)), 0);
	KCHECK_EQ(valid(ROOT, irq), 1);
	l4_task_delete_obj(ROOT, irq);
	KCHECK_EQ(valid(ROOT, irq), 0);
	ktt_child_free(&b);
}

/* == invalid selectors and rightless capabilities ================================== */

KTEST(cap_invalid_selectors)
{
	const long not_existent = l4_ipc_to_errno(L4_IPC_ENOT_EXISTENT);
	l4_cap_idx_t sels[] = {
		kt_cap_alloc(),                  /* empty slot */
		L4_BASE_IOMMU_CAP,               /* empty base slot */
		0xfffffUL << L4_CAP_SHIFT,       /* beyond the table */
		(1UL << 40) << L4_CAP_SHIFT,
		L4_INVALID_CAP,
	};
	for (unsigned i = 0; i < sizeof(sels) / sizeof(sels[0]); i++) {
		/* A call as each kernel object's protocol would make it. */
		KCHECK_EQ(call_empty(sels[i], L4_PROTO_TASK, 2), not_existent);
		KCHECK_EQ(call_empty(sels[i], L4_PROTO_FACTORY, 1), not_existent);
		KCHECK_EQ(call_empty(sels[i], L4_PROTO_THREAD, 1), not_existent);
		KCHECK_EQ(call_empty(sels[i], L4_PROTO_KOBJECT, 1), not_existent);
		/* A send only. */
		KCHECK_EQ(l4_error(l4_ipc_send(sels[i], l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 0, 0, 0),
					       L4_IPC_BOTH_TIMEOUT_0)), not_existent);
	}
	/* A task capability that is not a task where one is needed. */
	KCHECK_EQ(l4_error(l4_task_map(L4_BASE_LOG_CAP, ROOT, l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RW),
				       kt_cap_alloc())), -L4_EBADPROTO);
	KCHECK_EQ(valid(ROOT, L4_BASE_TASK_CAP), 1);
}

KTEST(cap_rightless_copies)
{
	/* Task, R only: map needs W; cap info and unmap need no right. */
	l4_cap_idx_t self_r = cap_copy(ROOT, L4_CAP_FPAGE_RO);
	KASSERT(!l4_is_invalid_cap(self_r));
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	KCHECK_EQ(l4_error(l4_task_map(self_r, ROOT, l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS), kt_cap_alloc())),
		  -L4_EPERM);
	KCHECK_EQ(valid(self_r, L4_BASE_TASK_CAP), 1);
	KCHECK_EQ(l4_error(l4_task_unmap(self_r, l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWSD),
					 L4_FP_OTHER_SPACES)), 0);
	/* Factory without S (R, RW, RWD): -L4_EPERM, nothing created. */
	static const unsigned frights[] = { L4_CAP_FPAGE_RO, L4_CAP_FPAGE_RW, L4_CAP_FPAGE_RWD };
	for (unsigned i = 0; i < 3; i++) {
		l4_cap_idx_t f = cap_copy(L4_BASE_FACTORY_CAP, frights[i]);
		KASSERT(!l4_is_invalid_cap(f));
		l4_cap_idx_t target = kt_cap_alloc();
		KCHECK_EQ(l4_error(l4_factory_create_irq(f, target)), -L4_EPERM);
		KCHECK_EQ(valid(ROOT, target), 0);
	}
	/* IRQ without S: detach and bind need S; trigger needs nothing. */
	l4_cap_idx_t irq_rw = cap_copy(irq, L4_CAP_FPAGE_RW);
	KASSERT(!l4_is_invalid_cap(irq_rw));
	KCHECK_EQ(l4_error(l4_irq_detach(irq_rw)), -L4_EPERM);
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq_rw, L4_BASE_THREAD_CAP, 0x10)), -L4_EPERM);
	KCHECK_EQ(l4_error(l4_irq_trigger(irq_rw)), 0);
	/* Vcon with R only: write needs W. */
	l4_cap_idx_t log_r = cap_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_RO);
	KASSERT(!l4_is_invalid_cap(log_r));
	KCHECK_EQ(l4_error(l4_vcon_write(log_r, "x", 1)), -L4_EPERM);
	l4_task_delete_obj(ROOT, irq);
}

KTEST(cap_map_destination_slot_out_of_range)
{
	l4_cap_idx_t irq = irq_new();
	KASSERT(!l4_is_invalid_cap(irq));
	l4_cap_idx_t t = ktt_task(L4_BASE_FACTORY_CAP, 0);
	KASSERT(!l4_is_invalid_cap(t));
	/* Beyond the capability table: an error, nothing changes. */
	long err = ktt_map_cap(t, irq, L4_CAP_FPAGE_RWS, 0xfffffUL << L4_CAP_SHIFT);
	KCHECK_LT(err, 0);
	KCHECK_EQ(valid(t, 0xfffffUL << L4_CAP_SHIFT), 0);
	KCHECK_EQ(has_child(ROOT, irq), 0);
	/* From a source range beyond the table: nothing to map. */
	KCHECK_EQ(l4_error(l4_task_map(t, ROOT, l4_obj_fpage(0xfffffUL << L4_CAP_SHIFT, 0, L4_CAP_FPAGE_RWS),
				       SLOT(0))), 0);
	KCHECK_EQ(valid(t, SLOT(0)), 0);
	ktt_task_free(t);
	l4_task_delete_obj(ROOT, irq);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
