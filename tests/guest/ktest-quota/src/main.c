/* ktest-quota: factories and kernel-memory quotas.
 *
 * Creating every object type into a chosen slot (and the answer's map
 * item), bad target slots, occupied slots, missing rights, unknown types
 * and malformed messages; sub-factories with small quotas running out
 * (-L4_ENOMEM, never a crash) and getting their memory back when objects
 * are deleted; a sub-sub-factory never exceeding its parent; page tables,
 * mapping nodes and capability tables of a task charged to the task's
 * factory.
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
#include <l4/sys/thread.h>

int main(int argc, char **argv);

#define ROOT    L4_BASE_TASK_CAP
#define FACTORY L4_BASE_FACTORY_CAP
#define A(p)    ((l4_addr_t)(p))

static long valid(l4_cap_idx_t cap) { return l4_error(l4_task_cap_valid(ROOT, cap)); }

static l4_cap_idx_t cap_copy(l4_cap_idx_t cap, unsigned rights)
{
	l4_cap_idx_t c = kt_cap_alloc();
	if (ktt_map_cap(ROOT, cap, rights, c) < 0)
		return L4_INVALID_CAP;
	return c;
}

static l4_cap_idx_t factory_new(l4_cap_idx_t parent, unsigned long limit)
{
	l4_cap_idx_t f = kt_cap_alloc();
	long err = l4_error(l4_factory_create_factory(parent, f, limit));
	if (err < 0) {
		ktap_note("factory of %lu bytes: %ld", limit, err);
		return L4_INVALID_CAP;
	}
	return f;
}

/* A pool of slots used again and again for objects that come and go. */
#define NSLOTS 256
static l4_cap_idx_t slots[NSLOTS];

static l4_cap_idx_t slot(unsigned i)
{
	if (!slots[i])
		slots[i] = kt_cap_alloc();
	return slots[i];
}

/* Creates an object of type proto without arguments (a factory: with a
 * zero limit) from f at target. */
static long create(l4_cap_idx_t f, long proto, l4_cap_idx_t target)
{
	return l4_error(proto == L4_PROTO_FACTORY ? l4_factory_create_factory(f, target, 0)
						  : l4_factory_create(f, proto, target));
}

/* Creates objects of type proto from f into slots [first, ...) until a
 * creation fails; returns how many were made, *err the failure. */
static unsigned fill(l4_cap_idx_t f, long proto, unsigned first, long *err)
{
	unsigned n = 0;
	*err = 0;
	while (first + n < NSLOTS) {
		*err = create(f, proto, slot(first + n));
		if (*err < 0)
			break;
		n++;
	}
	return n;
}

static void delete_slots(unsigned first, unsigned n)
{
	for (unsigned i = first; i < first + n; i++)
		l4_task_delete_obj(ROOT, slot(i));
}

/* How many objects of type proto f can hold right now (all deleted again). */
static unsigned capacity(l4_cap_idx_t f, long proto)
{
	long err;
	unsigned n = fill(f, proto, 0, &err);
	delete_slots(0, n);
	return n;
}

/* == creating objects ========================================================== */

static void check_answer(l4_msgtag_t tag, l4_cap_idx_t target)
{
	KCHECK_EQ(l4_error(tag), 0);
	KCHECK_EQ(l4_msgtag_words(tag), 0);
	KCHECK_EQ(l4_msgtag_items(tag), 1);
	KCHECK_EQ(l4_utcb_mr()->mr[0], L4_ITEM_MAP | (L4_FPAGE_OBJ << 4));
	KCHECK_EQ(l4_utcb_mr()->mr[1], l4_obj_fpage(target, 0, L4_CAP_FPAGE_RWSD).raw);
	KCHECK_EQ(valid(target), 1);
}

KTEST(factory_creates_every_type)
{
	/* Task, with a UTCB area. */
	l4_cap_idx_t task = kt_cap_alloc();
	check_answer(l4_factory_create_task(FACTORY, task, l4_fpage(KT_CHILD_UTCB_AREA, 12, L4_FPAGE_RW)),
		     task);
	KCHECK_EQ(l4_error(l4_task_cap_valid(task, L4_BASE_TASK_CAP)), 0); /* answers as a task */

	/* Thread: not bound, so ex_regs says -L4_EINVAL. */
	l4_cap_idx_t th = kt_cap_alloc();
	check_answer(l4_factory_create_thread(FACTORY, th), th);
	KCHECK_EQ(l4_error(l4_thread_ex_regs(th, 0x1000, 0x2000, 0)), -L4_EINVAL);

	/* IPC gate without a thread (mr0 = 0, L4Re's code) and with one
	 * (mr0 = L4_PROTO_KOBJECT). */
	l4_cap_idx_t g1 = kt_cap_alloc(), g2 = kt_cap_alloc();
	check_answer(l4_factory_create_gate(FACTORY, g1, L4_INVALID_CAP, 0x100), g1);
	l4_umword_t label = 0;
	KCHECK_EQ(l4_error(l4_ipc_gate_get_infos(g1, &label)), 0);
	KCHECK_EQ(label, 0x100);
	l4_msgtag_t tag = l4_factory_create_start_u(L4_PROTO_KOBJECT, g2, l4_utcb());
	l4_factory_create_add_uint_u(0x200, &tag, l4_utcb());
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[3] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[4] = l4_obj_fpage(th, 0, L4_CAP_FPAGE_RWS).raw;
	tag = l4_msgtag(l4_msgtag_label(tag), l4_msgtag_words(tag), 1, 0);
	check_answer(l4_factory_create_commit_u(FACTORY, tag, l4_utcb()), g2);
	KCHECK_EQ(l4_error(l4_ipc_gate_get_infos(g2, &label)), 0);
	KCHECK_EQ(label, 0x200);

	/* IRQ, as L4_PROTO_IRQ_SENDER and as L4_PROTO_IRQ. */
	l4_cap_idx_t i1 = kt_cap_alloc(), i2 = kt_cap_alloc();
	check_answer(l4_factory_create_irq(FACTORY, i1), i1);
	KCHECK_EQ(l4_error(l4_irq_detach(i1)), 0);
	check_answer(l4_factory_create(FACTORY, L4_PROTO_IRQ, i2), i2);
	KCHECK_EQ(l4_error(l4_irq_detach(i2)), 0);

	/* Factory: it creates in turn. */
	l4_cap_idx_t f = kt_cap_alloc(), i3 = kt_cap_alloc();
	check_answer(l4_factory_create_factory(FACTORY, f, 65536), f);
	KCHECK_EQ(l4_error(l4_factory_create_irq(f, i3)), 0);

	l4_cap_idx_t all[] = { task, th, g1, g2, i1, i2, f, i3 };
	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		KCHECK_EQ(l4_error(l4_task_delete_obj(ROOT, all[i])), 0);
		KCHECK_EQ(valid(all[i]), 0);
	}
}

KTEST(factory_target_slot_errors)
{
	l4_cap_idx_t f = factory_new(FACTORY, 65536);
	KASSERT(!l4_is_invalid_cap(f));
	unsigned before = capacity(f, L4_PROTO_IRQ_SENDER);
	KASSERT(before > 0);
	const long remap_failed = l4_ipc_to_errno(L4_IPC_REMAPFAILED);
	l4_buf_regs_t *br = l4_utcb_br();
	static const struct {
		const char *what;
		l4_umword_t br0, br1;
	} bad[] = {
		{ "no buffer", 0, 0 },
		{ "slot beyond the table", (0xfffffUL << L4_CAP_SHIFT) | L4_RCV_ITEM_SINGLE_CAP, 0 },
		{ "the invalid capability", L4_INVALID_CAP | L4_RCV_ITEM_SINGLE_CAP, 0 },
		{ "a memory window", L4_ITEM_MAP, 0x10000000UL | (12 << 6) | (L4_FPAGE_MEMORY << 4) | 4 },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		static const long protos[] = { L4_PROTO_IRQ_SENDER, L4_PROTO_THREAD, L4_PROTO_TASK, 0 };
		for (unsigned p = 0; p < 4; p++) {
			l4_utcb_mr()->mr[0] = (l4_umword_t)protos[p];
			br->bdr = 0;
			br->br[0] = bad[i].br0;
			br->br[1] = bad[i].br1;
			long err = l4_error(l4_ipc_call(f, l4_utcb(), l4_msgtag(L4_PROTO_FACTORY, 1, 0, 0),
							L4_IPC_NEVER));
			if (err != remap_failed)
				ktap_note("target: %s, object %ld", bad[i].what, protos[p]);
			KCHECK_EQ(err, remap_failed);
		}
	}
	br->br[0] = 0;
	/* Nothing was created, nothing leaked. */
	KCHECK_EQ(capacity(f, L4_PROTO_IRQ_SENDER), before);
	l4_task_delete_obj(ROOT, f);
}

KTEST(factory_object_window_as_target)
{
	/* A receive window for objects (instead of a single-capability item)
	 * takes the capability at its start. */
	l4_cap_idx_t target = kt_cap_alloc();
	l4_buf_regs_t *br = l4_utcb_br();
	l4_utcb_mr()->mr[0] = (l4_umword_t)L4_PROTO_IRQ_SENDER;
	br->bdr = 0;
	br->br[0] = L4_ITEM_MAP;
	br->br[1] = l4_obj_fpage(target, 0, L4_CAP_FPAGE_RWSD).raw;
	KCHECK_EQ(l4_error(l4_ipc_call(FACTORY, l4_utcb(), l4_msgtag(L4_PROTO_FACTORY, 1, 0, 0),
				       L4_IPC_NEVER)), 0);
	KCHECK_EQ(valid(target), 1);
	l4_task_delete_obj(ROOT, target);
}

KTEST(factory_occupied_slot_is_replaced)
{
	l4_cap_idx_t s = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_irq(FACTORY, s)), 0);
	l4_cap_idx_t old = cap_copy(s, L4_CAP_FPAGE_RWS);
	KASSERT(!l4_is_invalid_cap(old));
	KCHECK_EQ(l4_error(l4_task_cap_equal(ROOT, s, old)), 1);
	KASSERT_EQ(l4_error(l4_factory_create_irq(FACTORY, s)), 0);
	KCHECK_EQ(valid(s), 1);
	KCHECK_EQ(l4_error(l4_task_cap_equal(ROOT, s, old)), 0);
	/* The old capability in s was released, and with it what derived
	 * from it (old): that object had no other capability. */
	KCHECK_EQ(valid(old), 0);
	l4_task_delete_obj(ROOT, s);
}

KTEST(factory_needs_s)
{
	static const unsigned rights[] = { L4_CAP_FPAGE_RO, L4_CAP_FPAGE_RW, L4_CAP_FPAGE_RWD };
	static const long protos[] = { L4_PROTO_TASK, L4_PROTO_THREAD, 0, L4_PROTO_IRQ_SENDER,
				       L4_PROTO_FACTORY };
	for (unsigned r = 0; r < 3; r++) {
		l4_cap_idx_t f = cap_copy(FACTORY, rights[r]);
		KASSERT(!l4_is_invalid_cap(f));
		for (unsigned p = 0; p < 5; p++) {
			l4_cap_idx_t target = kt_cap_alloc();
			l4_msgtag_t tag = protos[p] == L4_PROTO_FACTORY
						  ? l4_factory_create_factory(f, target, 4096)
						  : l4_factory_create(f, protos[p], target);
			KCHECK_EQ(l4_error(tag), -L4_EPERM);
			KCHECK_EQ(valid(target), 0);
		}
	}
	/* RS is enough. */
	l4_cap_idx_t f = cap_copy(FACTORY, L4_CAP_FPAGE_RS);
	l4_cap_idx_t target = kt_cap_alloc();
	KCHECK_EQ(l4_error(l4_factory_create_irq(f, target)), 0);
	l4_task_delete_obj(ROOT, target);
}

KTEST(factory_unknown_and_unsupported_types)
{
	static const long protos[] = { L4_PROTO_VM, L4_PROTO_DMA_SPACE, L4_PROTO_SEMAPHORE,
				       L4_PROTO_IRQ_MUX, L4_PROTO_LOG, L4_PROTO_SCHEDULER,
				       L4_PROTO_SIGMA0, 12345, -12345 };
	for (unsigned p = 0; p < sizeof(protos) / sizeof(protos[0]); p++) {
		l4_cap_idx_t target = kt_cap_alloc();
		long err = l4_error(l4_factory_create(FACTORY, protos[p], target));
		if (err != -L4_ENODEV)
			ktap_note("object %ld", protos[p]);
		KCHECK_EQ(err, -L4_ENODEV);
		KCHECK_EQ(valid(target), 0);
	}
}

/* The message errors leave the target slot empty. */
#define CHECK_FAILS(expr, err)                                                   \
	do {                                                                     \
		KCHECK_EQ(l4_error(expr), err);                                  \
		KCHECK_EQ(valid(target), 0);                                     \
		target = kt_cap_alloc();                                         \
	} while (0)

KTEST(factory_message_errors)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	l4_cap_idx_t target = kt_cap_alloc();
	l4_msgtag_t tag;
	/* Another protocol. */
	tag = l4_factory_create_start_u(L4_PROTO_IRQ_SENDER, target, l4_utcb());
	CHECK_FAILS(l4_ipc_call(FACTORY, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 1, 0, 0), L4_IPC_NEVER),
		    -L4_EBADPROTO);
	/* No words. */
	tag = l4_factory_create_start_u(L4_PROTO_IRQ_SENDER, target, l4_utcb());
	CHECK_FAILS(l4_ipc_call(FACTORY, l4_utcb(), l4_msgtag(L4_PROTO_FACTORY, 0, 0, 0), L4_IPC_NEVER),
		    -L4_EMSGTOOSHORT);
	/* Factory: exactly three words. */
	tag = l4_factory_create_start_u(L4_PROTO_FACTORY, target, l4_utcb());
	CHECK_FAILS(l4_factory_create_commit_u(FACTORY, tag, l4_utcb()), -L4_EMSGTOOSHORT);
	tag = l4_factory_create_start_u(L4_PROTO_FACTORY, target, l4_utcb());
	l4_factory_create_add_uint_u(4096, &tag, l4_utcb());
	l4_factory_create_add_nil_u(&tag, l4_utcb());
	CHECK_FAILS(l4_factory_create_commit_u(FACTORY, tag, l4_utcb()), -L4_EMSGTOOLONG);
	/* Factory limit with the wrong argument type. */
	tag = l4_factory_create_start_u(L4_PROTO_FACTORY, target, l4_utcb());
	l4_factory_create_add_fpage_u(l4_fpage(0x1000, 12, 0), &tag, l4_utcb());
	CHECK_FAILS(l4_factory_create_commit_u(FACTORY, tag, l4_utcb()), -L4_EINVAL);
	/* Gate label with the wrong argument type. */
	tag = l4_factory_create_start_u(0, target, l4_utcb());
	l4_factory_create_add_fpage_u(l4_fpage(0x1000, 12, 0), &tag, l4_utcb());
	CHECK_FAILS(l4_factory_create_commit_u(FACTORY, tag, l4_utcb()), -L4_EINVAL);
	/* Gate with an empty slot or a non-thread as thread: -L4_ENOENT. */
	CHECK_FAILS(l4_factory_create_gate(FACTORY, target, kt_cap_alloc(), 0), -L4_ENOENT);
	CHECK_FAILS(l4_factory_create_gate(FACTORY, target, L4_BASE_LOG_CAP, 0), -L4_ENOENT);
	/* Gate with a thread capability without S: -L4_EPERM. */
	l4_cap_idx_t th_rw = cap_copy(L4_BASE_THREAD_CAP, L4_CAP_FPAGE_RW);
	KASSERT(!l4_is_invalid_cap(th_rw));
	CHECK_FAILS(l4_factory_create_gate(FACTORY, target, th_rw, 0), -L4_EPERM);
	/* More words and items than message registers. */
	tag = l4_factory_create_start_u(L4_PROTO_IRQ_SENDER, target, l4_utcb());
	m->mr[0] = (l4_umword_t)L4_PROTO_IRQ_SENDER;
	CHECK_FAILS(l4_ipc_call(FACTORY, l4_utcb(), l4_msgtag(L4_PROTO_FACTORY, 40, 20, 0), L4_IPC_NEVER),
		    -L4_EMSGTOOLONG);
	/* And the factory still works. */
	KCHECK_EQ(l4_error(l4_factory_create_irq(FACTORY, target)), 0);
	l4_task_delete_obj(ROOT, target);
}

KTEST(factory_create_needs_a_call)
{
	/* Sent without a receive phase, the kernel does nothing. */
	l4_cap_idx_t target = kt_cap_alloc();
	l4_msgtag_t tag = l4_factory_create_start_u(L4_PROTO_IRQ_SENDER, target, l4_utcb());
	KCHECK_EQ(l4_error(l4_ipc_send(FACTORY, l4_utcb(), tag, L4_IPC_NEVER)), 0);
	KCHECK_EQ(valid(target), 0);
	if (valid(target) == 1)
		l4_task_delete_obj(ROOT, target);
}

/* == quotas ========================================================================= */

static void quota_exhaust_and_return(long proto, unsigned long limit, unsigned at_least,
				     unsigned at_most)
{
	l4_cap_idx_t f = factory_new(FACTORY, limit);
	KASSERT(!l4_is_invalid_cap(f));
	long err;
	unsigned n = fill(f, proto, 0, &err);
	ktap_note("%lu bytes: %u objects of %ld", limit, n, proto);
	KCHECK_EQ(err, -L4_ENOMEM);
	KCHECK_GE(n, at_least);
	KCHECK(n <= at_most);
	/* Failing again and again changes nothing. */
	for (unsigned i = 0; i < 5; i++)
		KCHECK_EQ(create(f, proto, slot(n)), -L4_ENOMEM);
	/* One deleted: exactly one fits again. */
	if (n > 0) {
		KCHECK_EQ(l4_error(l4_task_delete_obj(ROOT, slot(0))), 0);
		KCHECK_EQ(create(f, proto, slot(0)), 0);
		KCHECK_EQ(create(f, proto, slot(n)), -L4_ENOMEM);
	}
	/* All deleted: the same number fits. */
	delete_slots(0, n);
	unsigned again = fill(f, proto, 0, &err);
	KCHECK_EQ(again, n);
	KCHECK_EQ(err, -L4_ENOMEM);
	delete_slots(0, again);
	l4_task_delete_obj(ROOT, f);
}

KTEST(quota_irqs_run_out_and_come_back)
{
	quota_exhaust_and_return(L4_PROTO_IRQ_SENDER, 4096, 4, 256);
}

KTEST(quota_gates_run_out_and_come_back)
{
	quota_exhaust_and_return(0, 4096, 4, 256);
}

KTEST(quota_threads_run_out_and_come_back)
{
	/* A thread needs its kernel stack and FPU area: a few in 48 KiB. */
	quota_exhaust_and_return(L4_PROTO_THREAD, 49152, 1, 8);
}

KTEST(quota_tasks_run_out_and_come_back)
{
	quota_exhaust_and_return(L4_PROTO_TASK, 65536, 1, 16);
}

KTEST(quota_factories_run_out_and_come_back)
{
	/* Factories with a zero limit still cost their own memory. */
	quota_exhaust_and_return(L4_PROTO_FACTORY, 2048, 1, 128);
}

KTEST(quota_too_small_for_one_object)
{
	l4_cap_idx_t f = factory_new(FACTORY, 64);
	KASSERT(!l4_is_invalid_cap(f));
	l4_cap_idx_t t = kt_cap_alloc();
	KCHECK_EQ(l4_error(l4_factory_create_thread(f, t)), -L4_ENOMEM);
	KCHECK_EQ(l4_error(l4_factory_create(f, L4_PROTO_TASK, t)), -L4_ENOMEM);
	KCHECK_EQ(valid(t), 0);
	/* A zero quota: nothing at all. */
	l4_cap_idx_t z = factory_new(FACTORY, 0);
	KASSERT(!l4_is_invalid_cap(z));
	KCHECK_EQ(l4_error(l4_factory_create_irq(z, t)), -L4_ENOMEM);
	KCHECK_EQ(valid(t), 0);
	l4_task_delete_obj(ROOT, f);
	l4_task_delete_obj(ROOT, z);
}

KTEST(quota_subfactory_cannot_exceed_its_parent)
{
	l4_cap_idx_t sub = factory_new(FACTORY, 16384);
	KASSERT(!l4_is_invalid_cap(sub));
	unsigned sub_irqs = capacity(sub, L4_PROTO_IRQ_SENDER);
	KASSERT(sub_irqs > 0);
	/* A limit the parent does not have: -L4_ENOMEM. */
	l4_cap_idx_t big = kt_cap_alloc();
	long err = l4_error(l4_factory_create_factory(sub, big, 1UL << 20));
	KCHECK_EQ(err, -L4_ENOMEM);
	if (err == 0) {
		/* Whatever it was given, it cannot hand out more than sub has. */
		unsigned n = capacity(big, L4_PROTO_IRQ_SENDER);
		KCHECK(n <= sub_irqs);
		l4_task_delete_obj(ROOT, big);
	}
	KCHECK_EQ(l4_error(l4_factory_create_factory(sub, big, ~0UL)), -L4_ENOMEM);
	l4_task_delete_obj(ROOT, big);
	l4_task_delete_obj(ROOT, sub);
}

KTEST(quota_subfactory_limit_is_taken_from_the_parent)
{
	l4_cap_idx_t sub = factory_new(FACTORY, 65536);
	KASSERT(!l4_is_invalid_cap(sub));
	/* Half of it to a sub-sub-factory: the other half (less the
	 * factory itself) is all that is left for a second one. */
	l4_cap_idx_t s1 = kt_cap_alloc(), s2 = kt_cap_alloc();
	KCHECK_EQ(l4_error(l4_factory_create_factory(sub, s1, 32768)), 0);
	KCHECK_EQ(l4_error(l4_factory_create_factory(sub, s2, 32768)), -L4_ENOMEM);
	KCHECK_EQ(valid(s2), 0);
	KCHECK_EQ(l4_error(l4_factory_create_factory(sub, s2, 16384)), 0);
	/* Deleting s1 gives its limit back. */
	l4_task_delete_obj(ROOT, s1);
	KCHECK_EQ(l4_error(l4_factory_create_factory(sub, s1, 32768)), 0);
	l4_task_delete_obj(ROOT, s1);
	l4_task_delete_obj(ROOT, s2);
	l4_task_delete_obj(ROOT, sub);
}

KTEST(quota_subsub_objects_count_against_both)
{
	l4_cap_idx_t ref = factory_new(FACTORY, 4096);
	KASSERT(!l4_is_invalid_cap(ref));
	unsigned n4k = capacity(ref, L4_PROTO_IRQ_SENDER);
	l4_task_delete_obj(ROOT, ref);

	/* sub (16 KiB) > subsub (4 KiB): subsub holds what a 4 KiB factory holds. */
	l4_cap_idx_t sub = factory_new(FACTORY, 16384);
	KASSERT(!l4_is_invalid_cap(sub));
	l4_cap_idx_t subsub = factory_new(sub, 4096);
	KASSERT(!l4_is_invalid_cap(subsub));
	KCHECK_EQ(capacity(subsub, L4_PROTO_IRQ_SENDER), n4k);
	/* Filling the sub-sub-factory takes from the sub-factory too, but
	 * not more than the sub-sub-factory's limit. */
	long err;
	unsigned in_subsub = fill(subsub, L4_PROTO_IRQ_SENDER, 0, &err);
	KCHECK_EQ(err, -L4_ENOMEM);
	unsigned in_sub = fill(sub, L4_PROTO_IRQ_SENDER, in_subsub, &err);
	KCHECK_EQ(err, -L4_ENOMEM);
	KCHECK(in_sub > 0);
	delete_slots(0, in_subsub + in_sub);
	l4_task_delete_obj(ROOT, subsub);
	l4_task_delete_obj(ROOT, sub);
}

KTEST(quota_deleted_factory_objects_live_on)
{
	l4_cap_idx_t sub = factory_new(FACTORY, 16384);
	KASSERT(!l4_is_invalid_cap(sub));
	unsigned sub_irqs = capacity(sub, L4_PROTO_IRQ_SENDER);
	KCHECK(sub_irqs < NSLOTS); /* the quota, not the slots, limits it */
	l4_cap_idx_t subsub = factory_new(sub, 4096);
	KASSERT(!l4_is_invalid_cap(subsub));
	long err;
	unsigned n = fill(subsub, L4_PROTO_IRQ_SENDER, 0, &err);
	KASSERT(n > 0);
	/* The factory goes; what it made stays usable. */
	KCHECK_EQ(l4_error(l4_task_delete_obj(ROOT, subsub)), 0);
	KCHECK_EQ(valid(subsub), 0);
	for (unsigned i = 0; i < n; i++) {
		KCHECK_EQ(valid(slot(i)), 1);
		KCHECK_EQ(l4_error(l4_irq_detach(slot(i))), 0);
	}
	/* Once they are gone, the parent has everything back. */
	delete_slots(0, n);
	KCHECK_EQ(capacity(sub, L4_PROTO_IRQ_SENDER), sub_irqs);
	l4_task_delete_obj(ROOT, sub);
}

/* == memory of a task charged to its factory ================================================ */

static l4_umword_t page[512] __attribute__((aligned(4096)));

/* Maps page into t at 2 MiB steps (each needs a new page table) until a
 * map fails; returns the count, *err the failure. */
static unsigned fill_mappings(l4_cap_idx_t t, long *err)
{
	unsigned n = 0;
	*err = 0;
	while (n < 1000) {
		*err = ktt_map_mem(t, A(page), 12, L4_FPAGE_RW, 0x40000000UL + n * 0x200000UL);
		if (*err < 0)
			break;
		n++;
	}
	return n;
}

KTEST(quota_mappings_into_a_limited_task)
{
	l4_cap_idx_t f = factory_new(FACTORY, 98304);
	KASSERT(!l4_is_invalid_cap(f));
	l4_cap_idx_t t = ktt_task(f, 0);
	KASSERT(!l4_is_invalid_cap(t));
	long err;
	unsigned n = fill_mappings(t, &err);
	ktap_note("%u mappings in a task of a 96 KiB factory", n);
	KCHECK(n > 0 && n < 1000);
	/* Out of quota: the map fails with the IPC error
	 * L4_IPC_SEMAPFAILED (doc/protocols.md, Task map). */
	KCHECK_EQ(err, l4_ipc_to_errno(L4_IPC_SEMAPFAILED));
	/* The task goes on working: unmapping and mapping where page tables
	 * exist already. */
	KCHECK_EQ(l4_error(l4_task_unmap(t, l4_fpage(0x40000000UL, 12, L4_FPAGE_RWX), L4_FP_ALL_SPACES)),
		  0);
	KCHECK_EQ(ktt_map_mem(t, A(page), 12, L4_FPAGE_RW, 0x40000000UL), 0);
	/* Deleting the task returns everything: a new one holds as many. */
	ktt_task_free(t);
	l4_cap_idx_t t2 = ktt_task(f, 0);
	KASSERT(!l4_is_invalid_cap(t2));
	KCHECK_EQ(fill_mappings(t2, &err), n);
	ktt_task_free(t2);
	l4_task_delete_obj(ROOT, f);
}

KTEST(quota_capabilities_into_a_limited_task)
{
	l4_cap_idx_t f = factory_new(FACTORY, 65536);
	KASSERT(!l4_is_invalid_cap(f));
	l4_cap_idx_t t = ktt_task(f, 0);
	KASSERT(!l4_is_invalid_cap(t));
	/* Capability slots far apart: each needs a table page of its own. */
	unsigned n = 0;
	long err = 0;
	while (n < 500) {
		err = ktt_map_cap(t, L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW, ((n + 1) * 512UL) << L4_CAP_SHIFT);
		if (err < 0)
			break;
		n++;
	}
	ktap_note("%u capability tables in a task of a 64 KiB factory", n);
	KCHECK(n < 500);
	KCHECK_EQ(err, l4_ipc_to_errno(L4_IPC_SEMAPFAILED));
	KCHECK_EQ(l4_error(l4_task_cap_valid(t, L4_BASE_LOG_CAP)), 1);
	/* Nothing half-made: the failing slot is empty. */
	KCHECK_EQ(l4_error(l4_task_cap_valid(t, ((n + 1) * 512UL) << L4_CAP_SHIFT)), 0);
	ktt_task_free(t);
	l4_task_delete_obj(ROOT, f);
}

KTEST(quota_task_with_large_utcb_area)
{
	/* The UTCB area is kernel memory charged to the task's factory. */
	l4_cap_idx_t f = factory_new(FACTORY, 32768);
	KASSERT(!l4_is_invalid_cap(f));
	l4_cap_idx_t t = kt_cap_alloc();
	KCHECK_EQ(l4_error(l4_factory_create_task(f, t, l4_fpage(KT_CHILD_UTCB_AREA, 16, L4_FPAGE_RW))),
		  -L4_ENOMEM);
	KCHECK_EQ(valid(t), 0);
	KCHECK_EQ(l4_error(l4_factory_create_task(f, t, l4_fpage(KT_CHILD_UTCB_AREA, 12, L4_FPAGE_RW))),
		  0);
	KCHECK_EQ(valid(t), 1);
	l4_task_delete_obj(ROOT, t);
	l4_task_delete_obj(ROOT, f);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
