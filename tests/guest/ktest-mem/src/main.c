/* ktest-mem: tasks and memory mappings.
 *
 * Task creation with and without a UTCB area; l4_task_map() of memory with
 * rights (read-only, executable), of several pages, with a send base, as a
 * grant, onto existing mappings; map items in IPC with receive windows (hot
 * spot); l4_task_unmap() with and without L4_FP_ALL_SPACES, recursively
 * across three tasks and for single rights; and the Task protocol's errors.
 *
 * What a task can access is observed by probers (ktest_task.h): threads in
 * the task that read, write or execute an address on request; their faults
 * go to a handler thread of this task that lets them continue.
 */
#include <ktap.h>
#include <ktest_task.h>
#include <ktest_util.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

int main(int argc, char **argv);

#define PAGE  L4_PAGESIZE
#define WORDS (L4_PAGESIZE / sizeof(l4_umword_t))

/* Page-aligned buffers. Every test takes fresh pages: some tests take a
 * page away from this task for good (grant, unmap of all spaces). */
#define NPAGES 48
static l4_umword_t pages[NPAGES][WORDS] __attribute__((aligned(4096)));
static unsigned pages_used;

static l4_umword_t *page_new(l4_umword_t marker)
{
	if (pages_used >= NPAGES)
		ktap_bail("out of test pages");
	l4_umword_t *p = pages[pages_used++];
	p[0] = marker;
	return p;
}

/* 16 KiB blocks (four pages) for order-14 flexpages. */
#define NBLOCKS 4
static l4_umword_t blocks[NBLOCKS][4][WORDS] __attribute__((aligned(16384)));

static l4_umword_t (*block_new(unsigned n, l4_umword_t marker))[WORDS]
{
	for (unsigned i = 0; i < 4; i++)
		blocks[n][i][0] = marker + i;
	return blocks[n];
}

/* Addresses in child tasks (outside the shared image) and in this task. */
#define VA(n)  (0x10000000UL + (n) * 0x10000UL)
#define RVA(n) (0x30000000UL + (n) * 0x10000UL)

#define A(p) ((l4_addr_t)(p))

/* Something in this program's data that no test unmaps. */
static volatile l4_umword_t canary = 0xcafe;


/* This task's own prober (started once). */
static l4_cap_idx_t root_prober(void)
{
	static l4_cap_idx_t p = L4_INVALID_CAP;
	if (l4_is_invalid_cap(p))
		p = ktt_prober(L4_BASE_TASK_CAP, 0);
	return p;
}

#define CHECK_READS(prober, addr, val)                                           \
	do {                                                                     \
		l4_umword_t v_ = ~0UL;                                           \
		KCHECK_EQ(ktt_read(prober, addr, &v_), KTT_OK);                  \
		KCHECK_EQ(v_, val);                                              \
	} while (0)
#define CHECK_NO_READ(prober, addr) KCHECK_EQ(ktt_read(prober, addr, 0), KTT_FAULT)

static l4_cap_idx_t cap_copy(l4_cap_idx_t cap, unsigned rights)
{
	l4_cap_idx_t c = kt_cap_alloc();
	if (ktt_map_cap(L4_BASE_TASK_CAP, cap, rights, c) < 0)
		return L4_INVALID_CAP;
	return c;
}

/* == task creation ======================================================== */

#define AREA 0x00007f0000000000UL

KTEST(task_create_with_utcb_area)
{
	l4_cap_idx_t t = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, t,
						   l4_fpage(AREA, 12, L4_FPAGE_RW))), 0);
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, t)), 1);

	/* A thread binds to a UTCB inside the area only. */
	l4_cap_idx_t th = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, th)), 0);
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)(AREA + PAGE), t);
	KCHECK_EQ(l4_error(l4_thread_control_commit(th)), -L4_EINVAL);
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)(AREA + 3 * L4_UTCB_OFFSET), t);
	KCHECK_EQ(l4_error(l4_thread_control_commit(th)), 0);
	l4_task_delete_obj(L4_BASE_TASK_CAP, th);
	l4_task_delete_obj(L4_BASE_TASK_CAP, t);

	/* The largest area: order 16 (64 KiB). */
	l4_cap_idx_t t2 = kt_cap_alloc();
	KCHECK_EQ(l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, t2,
						  l4_fpage(AREA, 16, L4_FPAGE_RW))), 0);
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, t2)), 1);
	l4_task_delete_obj(L4_BASE_TASK_CAP, t2);
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, t2)), 0);
}

KTEST(task_create_without_utcb_area)
{
	/* No argument at all. */
	l4_cap_idx_t t1 = kt_cap_alloc();
	KCHECK_EQ(l4_error(l4_factory_create(L4_BASE_FACTORY_CAP, L4_PROTO_TASK, t1)), 0);
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, t1)), 1);
	/* The invalid flexpage means "none" (doc/protocols.md, Factory). */
	l4_cap_idx_t t2 = kt_cap_alloc();
	KCHECK_EQ(l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, t2, l4_fpage_invalid())), 0);
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, t2)), 1);

	/* Without kernel-user memory no thread can be bound. */
	l4_cap_idx_t th = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, th)), 0);
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)KT_CHILD_UTCB_AREA, t1);
	KCHECK_EQ(l4_error(l4_thread_control_commit(th)), -L4_EINVAL);
	l4_task_delete_obj(L4_BASE_TASK_CAP, th);
	l4_task_delete_obj(L4_BASE_TASK_CAP, t1);
	l4_task_delete_obj(L4_BASE_TASK_CAP, t2);
}

KTEST(task_create_bad_utcb_area)
{
	static const struct {
		const char *what;
		l4_umword_t fp;
		long err;
	} bad[] = {
		{ "order 11", 0, -L4_EINVAL },
		{ "order 17 (max 16)", 0, -L4_EINVAL },
		{ "kernel address", 0, -L4_EINVAL },
		{ "non-canonical address", 0, -L4_EINVAL },
		{ "I/O flexpage", 0, -L4_EINVAL },
		{ "object flexpage", 0, -L4_EINVAL },
		{ "covers the KIP", 0, -L4_EEXIST },
	};
	l4_fpage_t fps[] = {
		l4_fpage(AREA, 11, L4_FPAGE_RW),
		l4_fpage(AREA, 17, L4_FPAGE_RW),
		l4_fpage(0xffff800000000000UL, 12, L4_FPAGE_RW),
		l4_fpage(0x0000900000000000UL, 12, L4_FPAGE_RW),
		l4_iofpage(0x80, 4),
		l4_obj_fpage(0x10UL << L4_CAP_SHIFT, 0, L4_CAP_FPAGE_RW),
		l4_fpage(L4_KIP_ADDR, 16, L4_FPAGE_RW),
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		l4_cap_idx_t t = kt_cap_alloc();
		long err = l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, t, fps[i]));
		if (err != bad[i].err)
			ktap_note("UTCB area: %s", bad[i].what);
		KCHECK_EQ(err, bad[i].err);
		KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, t)), 0);
		if (err >= 0)
			l4_task_delete_obj(L4_BASE_TASK_CAP, t);
	}

	/* The argument must be a flexpage argument. */
	l4_cap_idx_t t = kt_cap_alloc();
	l4_msgtag_t tag = l4_factory_create_start_u(L4_PROTO_TASK, t, l4_utcb());
	l4_factory_create_add_uint_u(l4_fpage(AREA, 12, L4_FPAGE_RW).raw, &tag, l4_utcb());
	KCHECK_EQ(l4_error(l4_factory_create_commit_u(L4_BASE_FACTORY_CAP, tag, l4_utcb())),
		  -L4_EINVAL);
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, t)), 0);
}

/* == l4_task_map: rights ==================================================== */

KTEST(map_read_only_write_faults)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_umword_t *p = page_new(0x1111);
	p[1] = 0x1112;
	KASSERT_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RO, VA(0)), 0);
	CHECK_READS(b.prober, VA(0), 0x1111);
	CHECK_READS(b.prober, VA(0) + 8, 0x1112);

	ktt_fault_reset();
	KCHECK_EQ(ktt_write(b.prober, VA(0) + 8, 0x2222), KTT_FAULT);
	/* The page fault the pager saw, then the exception it turned into. */
	KCHECK_EQ(ktt_fault.pf_count, 1);
	KCHECK_EQ(ktt_fault.pf_words, 2);
	KCHECK_EQ(ktt_fault.pf_addr, (VA(0) + 8) | 2);
	KCHECK_EQ(ktt_fault.pf_ip, A(ktt_probe_write_insn));
	KCHECK_EQ(ktt_fault.exc_count, 1);
	KCHECK_EQ(ktt_fault.exc_words, L4_UTCB_EXCEPTION_REGS_SIZE);
	KCHECK_EQ(ktt_fault.trapno, 14);
	KCHECK_EQ(ktt_fault.pfa, VA(0) + 8);
	KCHECK_EQ(ktt_fault.err & 7, 7); /* present, write, user */
	KCHECK_EQ(ktt_fault.ip, A(ktt_probe_write_insn));
	KCHECK_EQ(p[1], 0x1112);
	ktt_child_free(&b);
}

KTEST(map_read_write_shares_the_frame)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_umword_t *p = page_new(0x3000);
	KASSERT_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RW, VA(0)), 0);
	ktt_fault_reset();
	KCHECK_EQ(ktt_write(b.prober, VA(0) + 16, 0x3333), KTT_OK);
	KCHECK_EQ(p[2], 0x3333);
	p[3] = 0x4444;
	CHECK_READS(b.prober, VA(0) + 24, 0x4444);
	KCHECK_EQ(ktt_fault.pf_count, 0);
	ktt_child_free(&b);
}

KTEST(map_execute_right)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_umword_t r = 0;
	/* The code page mapped R+X runs. */
	KASSERT_EQ(ktt_map_mem(b.task, A(ktt_code_page), 12, L4_FPAGE_RX, VA(0)), 0);
	KCHECK_EQ(ktt_exec(b.prober, VA(0), &r), KTT_OK);
	KCHECK_EQ(r, KTT_CODE_RESULT);

	/* Mapped without X: an instruction-fetch fault (mr0 bit 2). */
	KASSERT_EQ(ktt_map_mem(b.task, A(ktt_code_page), 12, L4_FPAGE_RO, VA(1)), 0);
	ktt_fault_reset();
	KCHECK_EQ(ktt_exec(b.prober, VA(1), &r), KTT_FAULT);
	KCHECK_EQ(ktt_fault.pf_count, 1);
	KCHECK_EQ(ktt_fault.pf_addr, VA(1) | 4);
	KCHECK_EQ(ktt_fault.pf_ip, VA(1));
	KCHECK_EQ(ktt_fault.trapno, 14);
	KCHECK_EQ(ktt_fault.err & 0x10, 0x10); /* instruction fetch */
	CHECK_READS(b.prober, VA(1), *(l4_umword_t *)ktt_code_page);

	/* A data page asked for with RWX: its source has no X, so none is given. */
	l4_umword_t *p = page_new(0);
	for (unsigned i = 0; i < 8; i++)
		((char *)p)[i] = ktt_code_page[i];
	KASSERT_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RWX, VA(2)), 0);
	ktt_fault_reset();
	KCHECK_EQ(ktt_exec(b.prober, VA(2), &r), KTT_FAULT);
	KCHECK_EQ(ktt_fault.pf_addr, VA(2) | 4);
	KCHECK_EQ(ktt_write(b.prober, VA(2) + 64, 5), KTT_OK); /* but R and W */
	KCHECK_EQ(p[8], 5);
	ktt_child_free(&b);
}

KTEST(map_rights_are_the_senders_at_most)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	/* The code page (R+X here) asked for with RW: no W. */
	KASSERT_EQ(ktt_map_mem(b.task, A(ktt_code_page), 12, L4_FPAGE_RW, VA(0)), 0);
	CHECK_READS(b.prober, VA(0), *(l4_umword_t *)ktt_code_page);
	ktt_fault_reset();
	KCHECK_EQ(ktt_write(b.prober, VA(0), 0), KTT_FAULT);
	KCHECK_EQ(ktt_fault.pf_addr, VA(0) | 2);

	/* Without R nothing is mapped at all (W alone is not a mapping). */
	l4_umword_t *p = page_new(0x55);
	KCHECK_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_W, VA(1)), 0);
	CHECK_NO_READ(b.prober, VA(1));
	KCHECK_EQ(ktt_write(b.prober, VA(1), 1), KTT_FAULT);
	KCHECK_EQ(p[0], 0x55);
	ktt_child_free(&b);
}

/* == l4_task_map: sizes, send base, existing mappings, grant ================= */

KTEST(map_order14_maps_four_pages)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_umword_t(*blk)[WORDS] = block_new(0, 0x5000);
	KASSERT_EQ(ktt_map_mem(b.task, A(blk), 14, L4_FPAGE_RW, VA(0)), 0);
	for (unsigned i = 0; i < 4; i++)
		CHECK_READS(b.prober, VA(0) + i * PAGE, 0x5000 + i);
	CHECK_NO_READ(b.prober, VA(0) + 4 * PAGE);
	CHECK_NO_READ(b.prober, VA(0) - PAGE);
	/* All four are one mapping each of the same frames. */
	KCHECK_EQ(ktt_write(b.prober, VA(0) + 3 * PAGE + 8, 0x77), KTT_OK);
	KCHECK_EQ(blk[3][1], 0x77);
	ktt_child_free(&b);
}

KTEST(map_send_base_is_rounded_down_to_the_flexpage)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_umword_t(*blk)[WORDS] = block_new(1, 0x6000);
	/* With the whole task as window the send base is the destination,
	 * aligned down to the flexpage's size. */
	KASSERT_EQ(ktt_map_mem(b.task, A(blk), 14, L4_FPAGE_RW, VA(1) + 0x2345), 0);
	CHECK_READS(b.prober, VA(1), 0x6000);
	CHECK_READS(b.prober, VA(1) + 3 * PAGE, 0x6003);
	CHECK_NO_READ(b.prober, VA(1) + 4 * PAGE);

	l4_umword_t *p = page_new(0x6100);
	KASSERT_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RW, VA(2) + 0xabc), 0);
	CHECK_READS(b.prober, VA(2), 0x6100);

	/* The flexpage's address bits below its order are ignored too. */
	l4_fpage_t fp = l4_fpage(A(blk) + 2 * PAGE, 14, L4_FPAGE_RW);
	KASSERT_EQ(l4_error(l4_task_map(b.task, L4_BASE_TASK_CAP, fp, VA(3))), 0);
	CHECK_READS(b.prober, VA(3), 0x6000);
	CHECK_READS(b.prober, VA(3) + 2 * PAGE, 0x6002);
	ktt_child_free(&b);
}

KTEST(map_of_unmapped_source_maps_nothing)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	/* Nothing is mapped at RVA(40) in this task: success, nothing appears. */
	KCHECK_EQ(ktt_map_mem(b.task, RVA(40), 14, L4_FPAGE_RW, VA(0)), 0);
	CHECK_NO_READ(b.prober, VA(0));
	CHECK_NO_READ(b.prober, VA(0) + 3 * PAGE);
	ktt_child_free(&b);
}

KTEST(map_onto_existing_mapping_replaces_it)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_umword_t *p1 = page_new(0xa1), *p2 = page_new(0xa2);
	KASSERT_EQ(ktt_map_mem(b.task, A(p1), 12, L4_FPAGE_RW, VA(0)), 0);
	CHECK_READS(b.prober, VA(0), 0xa1);
	KASSERT_EQ(ktt_map_mem(b.task, A(p2), 12, L4_FPAGE_RO, VA(0)), 0);
	CHECK_READS(b.prober, VA(0), 0xa2);
	KCHECK_EQ(ktt_write(b.prober, VA(0), 1), KTT_FAULT); /* p2's rights */
	KCHECK_EQ(p1[0], 0xa1);
	/* Revoking p1 no longer touches VA(0); revoking p2 does. */
	KCHECK_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(A(p1), 12, L4_FPAGE_RWX),
					 L4_FP_OTHER_SPACES)), 0);
	CHECK_READS(b.prober, VA(0), 0xa2);
	KCHECK_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(A(p2), 12, L4_FPAGE_RWX),
					 L4_FP_OTHER_SPACES)), 0);
	CHECK_NO_READ(b.prober, VA(0));
	ktt_child_free(&b);
}

KTEST(map_same_frame_again_upgrades_rights)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_umword_t *p = page_new(0xb0);
	KASSERT_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RO, VA(0)), 0);
	KCHECK_EQ(ktt_write(b.prober, VA(0) + 8, 0xb1), KTT_FAULT);
	KASSERT_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RW, VA(0)), 0);
	KCHECK_EQ(ktt_write(b.prober, VA(0) + 8, 0xb1), KTT_OK);
	KCHECK_EQ(p[1], 0xb1);
	/* Mapping it again with fewer rights leaves it alone. */
	KCHECK_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RO, VA(0)), 0);
	KCHECK_EQ(ktt_write(b.prober, VA(0) + 8, 0xb2), KTT_OK);
	KCHECK_EQ(p[1], 0xb2);

	/* R, then R+X of the code page: now it runs. */
	l4_umword_t r = 0;
	KASSERT_EQ(ktt_map_mem(b.task, A(ktt_code_page), 12, L4_FPAGE_RO, VA(1)), 0);
	KCHECK_EQ(ktt_exec(b.prober, VA(1), &r), KTT_FAULT);
	KASSERT_EQ(ktt_map_mem(b.task, A(ktt_code_page), 12, L4_FPAGE_RX, VA(1)), 0);
	KCHECK_EQ(ktt_exec(b.prober, VA(1), &r), KTT_OK);
	KCHECK_EQ(r, KTT_CODE_RESULT);
	ktt_child_free(&b);
}

KTEST(map_grant_moves_the_page)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_cap_idx_t rp = root_prober();
	KASSERT(!l4_is_invalid_cap(rp));
	l4_umword_t *p = page_new(0xc0);
	/* Grant: L4_MAP_ITEM_GRANT in the send base word (mr1). From here on
	 * this task must not touch p itself: it may be gone. */
	KASSERT_EQ(l4_error(l4_task_map(b.task, L4_BASE_TASK_CAP, l4_fpage(A(p), 12, L4_FPAGE_RW),
					VA(0) | L4_MAP_ITEM_GRANT)), 0);
	CHECK_READS(b.prober, VA(0), 0xc0);
	KCHECK_EQ(ktt_write(b.prober, VA(0) + 8, 0xc1), KTT_OK);
	CHECK_NO_READ(rp, A(p));
	/* What was granted is the child's own now: revoking "other spaces" of
	 * it from this task changes nothing. */
	KCHECK_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(A(p), 12, L4_FPAGE_RWX),
					 L4_FP_OTHER_SPACES)), 0);
	CHECK_READS(b.prober, VA(0) + 8, 0xc1);
	ktt_child_free(&b);
}

/* == map items in IPC: receive windows ========================================= */

/* A thread of this task that receives map items. A message of one word and
 * no items sets its receive window (mr0); any other message is recorded
 * and answered with [ipc error, items, mr0, mr1]. */
static struct {
	volatile unsigned count;
	volatile l4_umword_t err, items, mr0, mr1;
} rcv;

static void receiver_fn(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_msgtag_t t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_msg_regs_t *m = l4_utcb_mr();
		l4_buf_regs_t *b = l4_utcb_br();
		if (!l4_msgtag_has_error(t) && l4_msgtag_items(t) == 0 && l4_msgtag_words(t) == 1) {
			b->bdr = 0;
			b->br[0] = m->mr[0] ? L4_ITEM_MAP : 0;
			b->br[1] = m->mr[0];
			b->br[2] = 0;
			t = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 0, 0), &label, L4_IPC_NEVER);
			continue;
		}
		rcv.err = l4_ipc_error(t, l4_utcb());
		rcv.items = l4_msgtag_items(t);
		rcv.mr0 = m->mr[l4_msgtag_words(t)];
		rcv.mr1 = m->mr[l4_msgtag_words(t) + 1];
		rcv.count++;
		if (l4_msgtag_has_error(t)) { /* the sender is not waiting for us */
			t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		m->mr[0] = rcv.err;
		t = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 1, 0, 0), &label, L4_IPC_NEVER);
	}
}

static l4_cap_idx_t receiver(void)
{
	static l4_cap_idx_t r = L4_INVALID_CAP;
	if (l4_is_invalid_cap(r))
		r = ktt_thread(L4_BASE_TASK_CAP, 0, receiver_fn, 0, 30, L4_INVALID_CAP,
			       L4_INVALID_CAP);
	return r;
}

static long set_window(l4_fpage_t window)
{
	l4_utcb_mr()->mr[0] = window.raw;
	return l4_error(l4_ipc_call(receiver(), l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER));
}

/* Sends one map item (control word, flexpage) to the receiver. */
static long send_item(l4_umword_t ctl, l4_fpage_t fp)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = 0x1234; /* one untyped word first */
	m->mr[1] = ctl;
	m->mr[2] = fp.raw;
	l4_timeout_s to = l4_timeout_from_us(2000000);
	return l4_error(l4_ipc_call(receiver(), l4_utcb(), l4_msgtag(0, 1, 1, 0), l4_timeout(to, to)));
}

KTEST(ipc_map_large_flexpage_into_small_window)
{
	l4_cap_idx_t rp = root_prober();
	KASSERT(!l4_is_invalid_cap(receiver()) && !l4_is_invalid_cap(rp));
	l4_umword_t(*blk)[WORDS] = block_new(2, 0x7000);
	KASSERT_EQ(set_window(l4_fpage(RVA(0), 12, L4_FPAGE_RWX)), 0);
	/* A 16 KiB flexpage into a 4 KiB window: the hot spot 0x2000 selects
	 * its third page. */
	KCHECK_EQ(send_item(l4_map_control(0x2000, 0, L4_MAP_ITEM_MAP),
			    l4_fpage(A(blk), 14, L4_FPAGE_RW)), 0);
	KCHECK_EQ(rcv.err, 0);
	KCHECK_EQ(rcv.items, 1);
	/* The receiver sees the item as sent. */
	KCHECK_EQ(rcv.mr0, l4_map_control(0x2000, 0, L4_MAP_ITEM_MAP));
	KCHECK_EQ(rcv.mr1, l4_fpage(A(blk), 14, L4_FPAGE_RW).raw);
	CHECK_READS(rp, RVA(0), 0x7002);
	CHECK_NO_READ(rp, RVA(0) + PAGE);
	CHECK_NO_READ(rp, RVA(0) - PAGE);
	KCHECK_EQ(ktt_write(rp, RVA(0) + 8, 0x7777), KTT_OK);
	KCHECK_EQ(blk[2][1], 0x7777);
}

KTEST(ipc_map_small_flexpage_into_large_window)
{
	l4_cap_idx_t rp = root_prober();
	KASSERT(!l4_is_invalid_cap(receiver()) && !l4_is_invalid_cap(rp));
	l4_umword_t *p = page_new(0x7100);
	/* A 4 KiB flexpage into a 16 KiB window lands at hot spot mod 16 KiB. */
	KASSERT_EQ(set_window(l4_fpage(RVA(1), 14, L4_FPAGE_RWX)), 0);
	KCHECK_EQ(send_item(l4_map_control(RVA(9) + 0x3abc, 0, L4_MAP_ITEM_MAP),
			    l4_fpage(A(p), 12, L4_FPAGE_RO)), 0);
	CHECK_READS(rp, RVA(1) + 0x3000, 0x7100);
	CHECK_NO_READ(rp, RVA(1));
	CHECK_NO_READ(rp, RVA(1) + 0x2000);
	/* Only the rights sent. */
	KCHECK_EQ(ktt_write(rp, RVA(1) + 0x3000, 1), KTT_FAULT);

	/* The whole space as window: the send base is the destination. */
	l4_umword_t *q = page_new(0x7200);
	KASSERT_EQ(set_window(l4_fpage_all()), 0);
	KCHECK_EQ(send_item(l4_map_control(RVA(2), 0, L4_MAP_ITEM_MAP),
			    l4_fpage(A(q), 12, L4_FPAGE_RW)), 0);
	CHECK_READS(rp, RVA(2), 0x7200);
}

KTEST(ipc_map_failures)
{
	KASSERT(!l4_is_invalid_cap(receiver()));
	l4_umword_t *p = page_new(0x7300);
	l4_msgtag_t tag;
	/* No receive buffer: the sender gets L4_IPC_SEMAPFAILED, the receiver
	 * L4_IPC_REMAPFAILED. */
	KASSERT_EQ(set_window(l4_fpage_invalid()), 0);
	unsigned before = rcv.count;
	KCHECK_EQ(send_item(l4_map_control(RVA(3), 0, 0), l4_fpage(A(p), 12, L4_FPAGE_RW)),
		  l4_ipc_to_errno(L4_IPC_SEMAPFAILED));
	kt_sleep_us(2000);
	KCHECK_EQ(rcv.count, before + 1);
	KCHECK_EQ(rcv.err, L4_IPC_REMAPFAILED);

	/* A memory item into an object window: types must match. */
	KASSERT_EQ(set_window(l4_obj_fpage(0x300UL << L4_CAP_SHIFT, 4, L4_CAP_FPAGE_RWSD)), 0);
	before = rcv.count;
	KCHECK_EQ(send_item(l4_map_control(0, 0, 0), l4_fpage(A(p), 12, L4_FPAGE_RW)),
		  l4_ipc_to_errno(L4_IPC_SEMAPFAILED));
	kt_sleep_us(2000);
	KCHECK_EQ(rcv.count, before + 1);
	KCHECK_EQ(rcv.err, L4_IPC_REMAPFAILED);

	/* A malformed memory flexpage (order 11). */
	KASSERT_EQ(set_window(l4_fpage_all()), 0);
	KCHECK_EQ(send_item(l4_map_control(RVA(3), 0, 0),
			    (l4_fpage_t){ .raw = l4_fpage(A(p), 12, L4_FPAGE_RW).raw - (1UL << 6) }),
		  l4_ipc_to_errno(L4_IPC_SEMAPFAILED));

	/* More words and items than message registers. */
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = 0;
	l4_timeout_s to = l4_timeout_from_us(2000000);
	tag = l4_ipc_call(receiver(), l4_utcb(), l4_msgtag(0, 60, 2, 0), l4_timeout(to, to));
	KCHECK_EQ(l4_error(tag), l4_ipc_to_errno(L4_IPC_SEMSGCUT));
	kt_sleep_us(2000);
	/* The receiver still works. */
	KCHECK_EQ(set_window(l4_fpage_all()), 0);
}

KTEST(ipc_grant_moves_the_page)
{
	l4_cap_idx_t rp = root_prober();
	KASSERT(!l4_is_invalid_cap(receiver()) && !l4_is_invalid_cap(rp));
	l4_umword_t *p = page_new(0x7400);
	KASSERT_EQ(set_window(l4_fpage(RVA(4), 12, L4_FPAGE_RWX)), 0);
	/* From here on p must not be touched directly: it moves. */
	KCHECK_EQ(send_item(l4_map_control(0, 0, L4_MAP_ITEM_GRANT), l4_fpage(A(p), 12, L4_FPAGE_RW)),
		  0);
	CHECK_READS(rp, RVA(4), 0x7400);
	CHECK_NO_READ(rp, A(p));
}

/* == l4_task_unmap ========================================================== */

KTEST(unmap_other_spaces_keeps_own_mapping)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_cap_idx_t rp = root_prober();
	KASSERT(!l4_is_invalid_cap(rp));
	l4_umword_t *p = page_new(0xd0);
	KASSERT_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RW, VA(0)), 0);
	CHECK_READS(b.prober, VA(0), 0xd0);
	KCHECK_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(A(p), 12, L4_FPAGE_RWX),
					 L4_FP_OTHER_SPACES)), 0);
	CHECK_NO_READ(b.prober, VA(0));
	CHECK_READS(rp, A(p), 0xd0);
	/* Mapping it again works. */
	KCHECK_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RW, VA(0)), 0);
	CHECK_READS(b.prober, VA(0), 0xd0);
	ktt_child_free(&b);
}

KTEST(unmap_all_spaces_removes_own_mapping_too)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_cap_idx_t rp = root_prober();
	KASSERT(!l4_is_invalid_cap(rp));
	l4_umword_t *p = page_new(0xe0);
	KASSERT_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RW, VA(0)), 0);
	/* In the child: without ALL_SPACES nothing derived from it, so
	 * nothing happens; with it the child's own mapping goes. */
	KCHECK_EQ(l4_error(l4_task_unmap(b.task, l4_fpage(VA(0), 12, L4_FPAGE_RWX),
					 L4_FP_OTHER_SPACES)), 0);
	CHECK_READS(b.prober, VA(0), 0xe0);
	KCHECK_EQ(l4_error(l4_task_unmap(b.task, l4_fpage(VA(0), 12, L4_FPAGE_RWX),
					 L4_FP_ALL_SPACES)), 0);
	CHECK_NO_READ(b.prober, VA(0));
	CHECK_READS(rp, A(p), 0xe0);

	/* In this task: the page goes here and everywhere it was mapped to. */
	l4_umword_t *q = page_new(0xe1);
	KASSERT_EQ(ktt_map_mem(b.task, A(q), 12, L4_FPAGE_RW, VA(1)), 0);
	CHECK_READS(b.prober, VA(1), 0xe1);
	KCHECK_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(A(q), 12, L4_FPAGE_RWX),
					 L4_FP_ALL_SPACES)), 0);
	CHECK_NO_READ(rp, A(q));
	CHECK_NO_READ(b.prober, VA(1));
	ktt_child_free(&b);
}

/* A maps a page to B, B maps it on to C (through its own capability for C). */
struct three {
	struct ktt_child b, c;
	l4_umword_t *page;
};

static bool three_new(struct three *t, l4_umword_t marker, unsigned rights, bool b_maps)
{
	if (!ktt_child_new(&t->b) || !ktt_child_new(&t->c))
		return false;
	t->page = page_new(marker);
	if (ktt_map_mem(t->b.task, A(t->page), 12, rights, VA(0)) < 0)
		return false;
	if (b_maps) {
		/* B holds a task capability for C and maps from its own space. */
		if (ktt_map_cap(t->b.task, t->c.task, L4_CAP_FPAGE_RWS, KTT_CHILD_SLOT(0)) < 0)
			return false;
		return ktt_remote_task_map(t->b.prober, KTT_CHILD_SLOT(0), L4_BASE_TASK_CAP,
					   l4_fpage(VA(0), 12, rights), VA(1)) == 0;
	}
	/* This task maps from B's space into C's. */
	return l4_error(l4_task_map(t->c.task, t->b.task, l4_fpage(VA(0), 12, rights), VA(1))) == 0;
}

static void three_free(struct three *t)
{
	ktt_child_free(&t->b);
	ktt_child_free(&t->c);
}

KTEST(unmap_recursive_across_three_tasks)
{
	struct three t;
	l4_cap_idx_t rp = root_prober();
	KASSERT(!l4_is_invalid_cap(rp));
	KASSERT(three_new(&t, 0xf0, L4_FPAGE_RW, true));
	CHECK_READS(t.b.prober, VA(0), 0xf0);
	CHECK_READS(t.c.prober, VA(1), 0xf0);
	KCHECK_EQ(ktt_write(t.c.prober, VA(1) + 8, 0xf1), KTT_OK);
	KCHECK_EQ(t.page[1], 0xf1);

	KCHECK_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(A(t.page), 12, L4_FPAGE_RWX),
					 L4_FP_OTHER_SPACES)), 0);
	CHECK_NO_READ(t.b.prober, VA(0));
	CHECK_NO_READ(t.c.prober, VA(1));
	CHECK_READS(rp, A(t.page), 0xf0);
	three_free(&t);
}

KTEST(unmap_in_the_middle_task)
{
	struct three t;
	KASSERT(three_new(&t, 0xf2, L4_FPAGE_RW, false));
	CHECK_READS(t.c.prober, VA(1), 0xf2);
	/* B revokes what it gave to C and keeps its own mapping. */
	KCHECK_EQ(l4_error(l4_task_unmap(t.b.task, l4_fpage(VA(0), 12, L4_FPAGE_RWX),
					 L4_FP_OTHER_SPACES)), 0);
	CHECK_NO_READ(t.c.prober, VA(1));
	CHECK_READS(t.b.prober, VA(0), 0xf2);
	/* Now A revokes: B's goes as well. */
	KCHECK_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(A(t.page), 12, L4_FPAGE_RWX),
					 L4_FP_OTHER_SPACES)), 0);
	CHECK_NO_READ(t.b.prober, VA(0));
	three_free(&t);
}

KTEST(unmap_write_right_only_leaves_read_access)
{
	struct three t;
	l4_cap_idx_t rp = root_prober();
	KASSERT(!l4_is_invalid_cap(rp));
	KASSERT(three_new(&t, 0xf4, L4_FPAGE_RW, true));
	KCHECK_EQ(ktt_write(t.c.prober, VA(1) + 8, 0xf5), KTT_OK);
	/* Revoke only W from everything derived from A's page. */
	KCHECK_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(A(t.page), 12, L4_FPAGE_W),
					 L4_FP_OTHER_SPACES)), 0);
	CHECK_READS(t.b.prober, VA(0) + 8, 0xf5);
	CHECK_READS(t.c.prober, VA(1) + 8, 0xf5);
	ktt_fault_reset();
	KCHECK_EQ(ktt_write(t.b.prober, VA(0) + 8, 1), KTT_FAULT);
	KCHECK_EQ(ktt_fault.pf_addr, (VA(0) + 8) | 2);
	KCHECK_EQ(ktt_write(t.c.prober, VA(1) + 8, 2), KTT_FAULT);
	KCHECK_EQ(ktt_fault.pf_addr, (VA(1) + 8) | 2);
	KCHECK_EQ(t.page[1], 0xf5);
	/* A keeps W. */
	KCHECK_EQ(ktt_write(rp, A(t.page) + 8, 0xf6), KTT_OK);
	CHECK_READS(t.c.prober, VA(1) + 8, 0xf6);
	/* Revoking R now removes the mappings. */
	KCHECK_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(A(t.page), 12, L4_FPAGE_RO),
					 L4_FP_OTHER_SPACES)), 0);
	CHECK_NO_READ(t.b.prober, VA(0));
	CHECK_NO_READ(t.c.prober, VA(1));
	three_free(&t);
}

KTEST(unmap_larger_flexpage_and_batch)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_umword_t(*blk)[WORDS] = block_new(3, 0x8000);
	for (unsigned i = 0; i < 4; i++)
		KASSERT_EQ(ktt_map_mem(b.task, A(blk[i]), 12, L4_FPAGE_RW, VA(i)), 0);
	/* One order-14 flexpage revokes all four pages. */
	KCHECK_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(A(blk), 14, L4_FPAGE_RWX),
					 L4_FP_OTHER_SPACES)), 0);
	for (unsigned i = 0; i < 4; i++)
		CHECK_NO_READ(b.prober, VA(i));

	/* Several flexpages in one message. */
	l4_umword_t *p = page_new(0x8100), *q = page_new(0x8101);
	KASSERT_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RW, VA(5)), 0);
	KASSERT_EQ(ktt_map_mem(b.task, A(q), 12, L4_FPAGE_RW, VA(7)), 0);
	CHECK_READS(b.prober, VA(5), 0x8100);
	l4_fpage_t fps[2] = { l4_fpage(VA(5), 12, L4_FPAGE_RWX), l4_fpage(VA(7), 12, L4_FPAGE_RWX) };
	KCHECK_EQ(l4_error(l4_task_unmap_batch(b.task, fps, 2, L4_FP_ALL_SPACES)), 0);
	CHECK_NO_READ(b.prober, VA(5));
	CHECK_NO_READ(b.prober, VA(7));
	CHECK_READS(b.prober, A(&canary), 0xcafe); /* the rest is still there */
	ktt_child_free(&b);
}

KTEST(unmap_edge_cases_are_no_errors)
{
	/* Unmapping what is not mapped, kernel addresses, non-canonical ones
	 * and I/O ports is no error (and changes nothing). */
	l4_fpage_t fps[] = {
		l4_fpage(RVA(50), 12, L4_FPAGE_RWX),
		l4_fpage(0xffff800000000000UL, 12, L4_FPAGE_RWX),
		l4_fpage(0xffffffff80000000UL, 21, L4_FPAGE_RWX),
		l4_fpage(0x0000900000000000UL, 12, L4_FPAGE_RWX),
		l4_iofpage(0x3f8, 3),
		l4_obj_fpage(0x7000UL << L4_CAP_SHIFT, 0, L4_CAP_FPAGE_RWSD),
	};
	for (unsigned i = 0; i < sizeof(fps) / sizeof(fps[0]); i++) {
		long err = l4_error(l4_task_unmap(L4_BASE_TASK_CAP, fps[i], L4_FP_ALL_SPACES));
		if (err)
			ktap_note("flexpage %u: %#lx", i, fps[i].raw);
		KCHECK_EQ(err, 0);
	}
	/* Two words: no flexpage, nothing to do. */
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = L4_TASK_UNMAP_OP;
	m->mr[1] = L4_FP_ALL_SPACES;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_TASK_CAP, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 2, 0, 0),
				       L4_IPC_NEVER)), 0);
	/* Still alive: the log and this task's memory work. */
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, L4_BASE_LOG_CAP)), 1);
	KCHECK_EQ(canary, 0xcafe);
}

KTEST(unmap_malformed_flexpages)
{
	/* A memory flexpage below the smallest order (12) is invalid. */
	l4_fpage_t bad = { .raw = l4_fpage(RVA(51), 12, L4_FPAGE_RWX).raw - (1UL << 6) };
	KCHECK_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, bad, L4_FP_ALL_SPACES)), -L4_EINVAL);

	/* Orders beyond the address space are clipped to it: B revokes W from
	 * everything derived from any of its pages (that is C's copy). */
	struct three t;
	KASSERT(three_new(&t, 0x8200, L4_FPAGE_RW, false));
	KCHECK_EQ(l4_error(l4_task_unmap(t.b.task, l4_fpage(0, 63, L4_FPAGE_W), L4_FP_OTHER_SPACES)),
		  0);
	KCHECK_EQ(ktt_write(t.c.prober, VA(1), 1), KTT_FAULT);
	CHECK_READS(t.c.prober, VA(1), 0x8200);
	KCHECK_EQ(ktt_write(t.b.prober, VA(0), 2), KTT_OK);
	/* Order 50 at VA(0): clipped as well, so it covers VA(0). */
	KCHECK_EQ(l4_error(l4_task_unmap(t.b.task, l4_fpage(VA(0), 50, L4_FPAGE_RO),
					 L4_FP_OTHER_SPACES)), 0);
	CHECK_NO_READ(t.c.prober, VA(1));
	CHECK_READS(t.b.prober, VA(0), 2);
	three_free(&t);
}

KTEST(unmap_result_words)
{
	/* The answer has the request's word count: mr2.. are the flexpages
	 * with the collected access bits (Walnut may report 0 there). */
	l4_fpage_t fps[3] = {
		l4_fpage(RVA(52), 12, L4_FPAGE_RWX),
		l4_fpage(RVA(53), 12, L4_FPAGE_RWX),
		l4_fpage(RVA(54), 12, L4_FPAGE_RWX),
	};
	l4_msgtag_t tag = l4_task_unmap_batch(L4_BASE_TASK_CAP, fps, 3, L4_FP_OTHER_SPACES);
	KCHECK_EQ(l4_error(tag), 0);
	KCHECK_EQ(l4_msgtag_words(tag), 5);
	KCHECK_EQ(l4_utcb_mr()->mr[2] & ~0xfUL, fps[0].raw & ~0xfUL);
	KCHECK_EQ(l4_utcb_mr()->mr[4] & ~0xfUL, fps[2].raw & ~0xfUL);
}

/* == the Task protocol's errors ============================================== */

KTEST(map_checks_rights_and_arguments)
{
	l4_cap_idx_t t = ktt_task(L4_BASE_FACTORY_CAP, 0);
	KASSERT(!l4_is_invalid_cap(t));
	l4_umword_t *p = page_new(0x9000);
	l4_fpage_t fp = l4_fpage(A(p), 12, L4_FPAGE_RW);
	/* W on the destination is needed. */
	l4_cap_idx_t t_rs = cap_copy(t, L4_CAP_FPAGE_RS);
	KASSERT(!l4_is_invalid_cap(t_rs));
	KCHECK_EQ(l4_error(l4_task_map(t_rs, L4_BASE_TASK_CAP, fp, VA(0))), -L4_EPERM);
	/* The source task capability needs no particular right. */
	l4_cap_idx_t self_r = cap_copy(L4_BASE_TASK_CAP, L4_CAP_FPAGE_RO);
	KASSERT(!l4_is_invalid_cap(self_r));
	KCHECK_EQ(l4_error(l4_task_map(t, self_r, fp, VA(0))), 0);
	/* The source is not a task, or an empty slot: -L4_EINVAL. */
	l4_cap_idx_t irq = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)), 0);
	KCHECK_EQ(l4_error(l4_task_map(t, irq, fp, VA(0))), -L4_EINVAL);
	KCHECK_EQ(l4_error(l4_task_map(t, kt_cap_alloc(), fp, VA(0))), -L4_EINVAL);
	KCHECK_EQ(l4_error(l4_task_map(t, L4_INVALID_CAP, fp, VA(0))), -L4_EINVAL);

	l4_msg_regs_t *m = l4_utcb_mr();
	/* No capability argument. */
	m->mr[0] = L4_TASK_MAP_OP;
	m->mr[1] = VA(0);
	m->mr[2] = fp.raw;
	KCHECK_EQ(l4_error(l4_ipc_call(t, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 3, 0, 0), L4_IPC_NEVER)),
		  -L4_EMSGMISSARG);
	/* An argument that is not an object item. */
	m->mr[0] = L4_TASK_MAP_OP;
	m->mr[1] = VA(0);
	m->mr[2] = fp.raw;
	m->mr[3] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[4] = fp.raw;
	KCHECK_EQ(l4_error(l4_ipc_call(t, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 3, 1, 0), L4_IPC_NEVER)),
		  -L4_EMSGMISSARG);
	/* Too few words. */
	m->mr[0] = L4_TASK_MAP_OP;
	m->mr[1] = VA(0);
	m->mr[2] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[3] = l4_obj_fpage(L4_BASE_TASK_CAP, 0, L4_CAP_FPAGE_RWS).raw;
	KCHECK_EQ(l4_error(l4_ipc_call(t, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 2, 1, 0), L4_IPC_NEVER)),
		  -L4_EMSGTOOSHORT);
	l4_task_delete_obj(L4_BASE_TASK_CAP, irq);
	l4_task_delete_obj(L4_BASE_TASK_CAP, t);
}

KTEST(map_malformed_flexpages)
{
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	l4_umword_t *p = page_new(0x9100);
	/* Order below 12. */
	l4_fpage_t small = { .raw = l4_fpage(A(p), 12, L4_FPAGE_RW).raw - (1UL << 6) };
	KCHECK_EQ(l4_error(l4_task_map(b.task, L4_BASE_TASK_CAP, small, VA(0))), -L4_EINVAL);
	/* A kernel or non-canonical source. */
	KCHECK_EQ(ktt_map_mem(b.task, 0xffff800000000000UL, 12, L4_FPAGE_RW, VA(0)), -L4_EINVAL);
	KCHECK_EQ(ktt_map_mem(b.task, 0xffffffff80000000UL, 21, L4_FPAGE_RW, VA(0)), -L4_EINVAL);
	KCHECK_EQ(ktt_map_mem(b.task, 0x0000900000000000UL, 12, L4_FPAGE_RW, VA(0)), -L4_EINVAL);
	/* A page onto the KIP or the UTCB area leaves them alone (the prober's
	 * UTCB is the area's first). */
	ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RW, L4_KIP_ADDR);
	ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RW, KT_CHILD_UTCB_AREA);
	l4_umword_t v = 0;
	KCHECK_EQ(ktt_read(b.prober, L4_KIP_ADDR, &v), KTT_OK);
	KCHECK_EQ((l4_uint32_t)v, L4_KERNEL_INFO_MAGIC);
	/* Nothing of it arrived, and the child still works. */
	CHECK_NO_READ(b.prober, VA(0));
	KCHECK_EQ(ktt_map_mem(b.task, A(p), 12, L4_FPAGE_RW, VA(0)), 0);
	CHECK_READS(b.prober, VA(0), 0x9100);
	ktt_child_free(&b);
}

KTEST(map_order_beyond_address_space_is_clipped)
{
	/* Orders above 47 are clipped to the user address space: the whole
	 * space of this task maps 1:1 into a fresh task. What this task
	 * mapped to itself at RVA(20) arrives there too. */
	l4_umword_t *p = page_new(0x9200);
	KASSERT_EQ(ktt_map_mem(L4_BASE_TASK_CAP, A(p), 12, L4_FPAGE_RW, RVA(20)), 0);
	struct ktt_child b;
	KASSERT(ktt_child_new(&b));
	CHECK_NO_READ(b.prober, RVA(20));
	KCHECK_EQ(ktt_map_mem(b.task, 0, 63, L4_FPAGE_RWX, 0), 0);
	CHECK_READS(b.prober, RVA(20), 0x9200);
	CHECK_READS(b.prober, A(p), 0x9200);
	ktt_child_free(&b);
}

KTEST(task_protocol_errors)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	/* A label that is not the Task protocol. */
	m->mr[0] = L4_TASK_CAP_INFO_OP;
	m->mr[1] = L4_BASE_TASK_CAP;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_TASK_CAP, l4_utcb(), l4_msgtag(L4_PROTO_FACTORY, 2, 0, 0),
				       L4_IPC_NEVER)), -L4_EBADPROTO);
	/* No opcode. */
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_TASK_CAP, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 0, 0, 0),
				       L4_IPC_NEVER)), -L4_EMSGTOOSHORT);
	/* Unknown opcodes; LDT and vGICC are not there on Walnut x86_64. */
	static const l4_umword_t ops[] = { 0x7, 0x10, L4_TASK_LDT_SET_X86_OP, L4_TASK_MAP_VGICC_ARM_OP,
					   0xffff };
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		m->mr[0] = ops[i];
		m->mr[1] = 0;
		long err = l4_error(l4_ipc_call(L4_BASE_TASK_CAP, l4_utcb(),
						l4_msgtag(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER));
		if (err != -L4_ENOSYS)
			ktap_note("opcode %#lx", ops[i]);
		KCHECK_EQ(err, -L4_ENOSYS);
	}
	/* Unmap with only the opcode. */
	m->mr[0] = L4_TASK_UNMAP_OP;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_TASK_CAP, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 1, 0, 0),
				       L4_IPC_NEVER)), -L4_EMSGTOOSHORT);
	/* A tag claiming more than the 63 message registers. */
	m->mr[0] = L4_TASK_CAP_INFO_OP;
	m->mr[1] = L4_BASE_TASK_CAP;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_TASK_CAP, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 2, 31, 0),
				       L4_IPC_NEVER)), -L4_EMSGTOOLONG);
	/* A receive-only operation on a task is IPC to nothing. */
	KCHECK_EQ(l4_error(l4_ipc_receive(L4_BASE_TASK_CAP, l4_utcb(), L4_IPC_BOTH_TIMEOUT_0)),
		  l4_ipc_to_errno(L4_IPC_ENOT_EXISTENT));
	/* And the task still answers. */
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP)), 1);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
