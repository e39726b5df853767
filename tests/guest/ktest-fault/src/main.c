/* ktest-fault: page faults and exceptions as IPC.
 *
 * Threads in child tasks fault; their pager and exception handler are
 * threads of this task, passed to the child as capabilities. Checked: the
 * page-fault message (label, address | write | fetch bits, ip), map-item
 * replies (one page, a larger flexpage placed by its send base), empty
 * replies (retry), refusals (negative label, L4_PROTO_PF_EXCEPTION, items
 * that fail to map) that turn into exception IPC; the exception message
 * (l4_exc_regs_t) for ud2, int3, divide error and int $0x80, replies that
 * change ip, registers, flags and fs_base, short replies, non-canonical ip,
 * L4_THREAD_EX_REGS_TRIGGER_EXCEPTION; pagers reached through an IPC gate
 * and looked up at fault time; sigma0 refusing; and threads without pager
 * or handler being halted with the kernel's report while the rest runs on.
 */
#include <ktap.h>
#include <ktest_task.h>
#include <ktest_util.h>
#include <l4/sys/consts.h>
#include <l4/sys/debugger.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

int main(int argc, char **argv);

#define PAGE  L4_PAGESIZE
#define WORDS (L4_PAGESIZE / sizeof(l4_umword_t))
#define A(p)  ((l4_addr_t)(p))

/* Unmapped addresses in the child tasks. */
#define FVA(n) (0x20000000UL + (n) * 0x100000UL)

static l4_umword_t pages[16][WORDS] __attribute__((aligned(4096)));
static unsigned pages_used;

static l4_umword_t *page_new(l4_umword_t marker)
{
	if (pages_used >= 16)
		ktap_bail("out of test pages");
	l4_umword_t *p = pages[pages_used++];
	for (unsigned i = 0; i < WORDS; i++)
		p[i] = marker + i;
	return p;
}

static l4_umword_t block[4][WORDS] __attribute__((aligned(16384)));

/* == faulting code ================================================================ */

/* Each snippet has a label at the faulting instruction (_insn) and after
 * it (_next); the handlers resume there. */
struct regs_out {
	l4_umword_t rbx, r12;
};
void kf_ud2(struct regs_out *o);
long kf_int3(void);
long kf_div(void);
long kf_int80(void);
unsigned long kf_flags(void);
unsigned long kf_fs(void);
extern const char kf_ud2_insn[], kf_ud2_next[], kf_int3_insn[], kf_int3_next[];
extern const char kf_div_insn[], kf_div_next[], kf_int80_insn[], kf_int80_next[];
extern const char kf_flags_insn[], kf_flags_next[], kf_fs_insn[], kf_fs_next[];
extern const char kf_spin_loop[];
void kf_spin(volatile unsigned long *counter);

__asm__(".text\n"
	".globl kf_ud2, kf_ud2_insn, kf_ud2_next\n"
	"kf_ud2:\n"
	"	push %rbx\n"
	"	push %r12\n"
	"	mov $0x1234, %ebx\n"
	"	mov $0x5555, %r12d\n"
	"kf_ud2_insn:\n"
	"	ud2\n"
	"kf_ud2_next:\n"
	"	mov %rbx, 0(%rdi)\n"
	"	mov %r12, 8(%rdi)\n"
	"	pop %r12\n"
	"	pop %rbx\n"
	"	ret\n"
	".globl kf_int3, kf_int3_insn, kf_int3_next\n"
	"kf_int3:\n"
	"	mov $1, %eax\n"
	"kf_int3_insn:\n"
	"	int3\n"
	"kf_int3_next:\n"
	"	ret\n"
	".globl kf_div, kf_div_insn, kf_div_next\n"
	"kf_div:\n"
	"	mov $7, %eax\n"
	"	xor %edx, %edx\n"
	"	xor %ecx, %ecx\n"
	"kf_div_insn:\n"
	"	div %rcx\n"
	"kf_div_next:\n"
	"	ret\n"
	".globl kf_int80, kf_int80_insn, kf_int80_next\n"
	"kf_int80:\n"
	"	xor %eax, %eax\n"
	"kf_int80_insn:\n"
	"	int $0x80\n"
	"kf_int80_next:\n"
	"	ret\n"
	".globl kf_flags, kf_flags_insn, kf_flags_next\n"
	"kf_flags:\n"
	"kf_flags_insn:\n"
	"	ud2\n"
	"kf_flags_next:\n"
	"	pushf\n"
	"	pop %rax\n"
	"	ret\n"
	".globl kf_fs, kf_fs_insn, kf_fs_next\n"
	"kf_fs:\n"
	"kf_fs_insn:\n"
	"	ud2\n"
	"kf_fs_next:\n"
	"	mov %fs:0, %rax\n"
	"	ret\n"
	".globl kf_spin, kf_spin_loop\n"
	"kf_spin:\n"
	"kf_spin_loop:\n"
	"	incq (%rdi)\n"
	"	jmp kf_spin_loop\n");

/* Where a handler resumes a thread that faulted at ip (0: unknown). */
static l4_umword_t next_ip(l4_umword_t ip)
{
	static const struct {
		const char *insn, *next;
	} t[] = {
		{ kf_ud2_insn, kf_ud2_next },     { kf_int3_insn, kf_int3_next },
		{ kf_div_insn, kf_div_next },     { kf_int80_insn, kf_int80_next },
		{ kf_flags_insn, kf_flags_next }, { kf_fs_insn, kf_fs_next },
		{ ktt_probe_read_insn, ktt_probe_read_done },
		{ ktt_probe_write_insn, ktt_probe_write_done },
	};
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (ip == A(t[i].insn))
			return A(t[i].next);
	return 0;
}

/* == the pager ===================================================================== */

enum pager_mode {
	PG_MAP,        /* map pg.src (order pg.order, pg.rights) with the fault address as send base */
	PG_REFUSE,     /* answer -L4_ENOMEM */
	PG_PF_EXC,     /* answer L4_PROTO_PF_EXCEPTION */
	PG_EMPTY_ONCE, /* answer without items once, then map */
	PG_BAD_ITEM,   /* answer with a malformed map item */
};

#define LOG 4
static struct {
	volatile int mode;
	l4_addr_t src;
	unsigned order, rights;
	volatile unsigned count;
	l4_umword_t addr[LOG], ip[LOG], rlabel[LOG];
	long label[LOG];
	unsigned words[LOG], items[LOG];
	/* exceptions that came to the pager (no exception handler) */
	volatile unsigned exc_count;
	l4_umword_t exc_trapno, exc_ip;
} pg;

static void pager_reset(int mode, l4_addr_t src, unsigned order, unsigned rights)
{
	pg.mode = mode;
	pg.src = src;
	pg.order = order;
	pg.rights = rights;
	pg.count = pg.exc_count = 0;
	pg.exc_trapno = pg.exc_ip = 0;
	for (unsigned i = 0; i < LOG; i++) {
		pg.addr[i] = pg.ip[i] = pg.rlabel[i] = 0;
		pg.label[i] = 0;
		pg.words[i] = pg.items[i] = 0;
	}
}

static void pager_fn(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_msgtag_t t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_msg_regs_t *m = l4_utcb_mr();
		if (l4_msgtag_has_error(t)) {
			t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		l4_msgtag_t reply = l4_msgtag(-L4_EINVAL, 0, 0, 0);
		if (l4_msgtag_label(t) == L4_PROTO_EXCEPTION) {
			l4_exc_regs_t *e = l4_utcb_exc();
			pg.exc_trapno = e->trapno;
			pg.exc_ip = e->ip;
			pg.exc_count++;
			l4_umword_t n = next_ip(e->ip);
			if (n) {
				e->ip = n;
				e->r10 = 1; /* for the probes */
				reply = l4_msgtag(0, L4_UTCB_EXCEPTION_REGS_SIZE, 0, 0);
			}
		} else {
			unsigned i = pg.count < LOG ? pg.count : LOG - 1;
			pg.label[i] = l4_msgtag_label(t);
			pg.words[i] = l4_msgtag_words(t);
			pg.items[i] = l4_msgtag_items(t);
			pg.addr[i] = m->mr[0];
			pg.ip[i] = m->mr[1];
			pg.rlabel[i] = label;
			pg.count++;
			int mode = pg.mode;
			if (mode == PG_EMPTY_ONCE && pg.count == 1) {
				reply = l4_msgtag(0, 0, 0, 0);
			} else if (mode == PG_MAP || mode == PG_EMPTY_ONCE) {
				m->mr[0] = l4_map_control(pg.addr[i], 0, L4_MAP_ITEM_MAP);
				m->mr[1] = l4_fpage(pg.src, pg.order, pg.rights).raw;
				reply = l4_msgtag(0, 0, 1, 0);
			} else if (mode == PG_REFUSE) {
				reply = l4_msgtag(-L4_ENOMEM, 0, 0, 0);
			} else if (mode == PG_PF_EXC) {
				reply = l4_msgtag(L4_PROTO_PF_EXCEPTION, 0, 0, 0);
			} else if (mode == PG_BAD_ITEM) {
				m->mr[0] = l4_map_control(pg.addr[i], 0, L4_MAP_ITEM_MAP);
				m->mr[1] = l4_fpage(pg.src, 12, pg.rights).raw - (4UL << 6); /* order 8 */
				reply = l4_msgtag(0, 0, 1, 0);
			}
		}
		t = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}

static l4_cap_idx_t pager(void)
{
	static l4_cap_idx_t p = L4_INVALID_CAP;
	if (l4_is_invalid_cap(p))
		p = ktt_thread(L4_BASE_TASK_CAP, 0, pager_fn, 0, 31, L4_INVALID_CAP, L4_INVALID_CAP);
	return p;
}

/* == the exception handler ============================================================ */

/* What the handler answers: the reply's word count (26 or fewer) and
 * items it put at mr[26..], or -1 to refuse. n counts from 0. */
typedef int (*exc_action_t)(l4_exc_regs_t *e, unsigned n, unsigned *items);

static struct {
	exc_action_t action;
	volatile unsigned count;
	l4_exc_regs_t regs[LOG];
	long label[LOG];
	unsigned words[LOG];
	l4_umword_t rlabel[LOG];
} eh;

static void eh_reset(exc_action_t action)
{
	eh.action = action;
	eh.count = 0;
	for (unsigned i = 0; i < LOG; i++) {
		eh.label[i] = 0;
		eh.words[i] = 0;
		eh.rlabel[i] = 0;
		for (unsigned w = 0; w < L4_UTCB_EXCEPTION_REGS_SIZE; w++)
			((l4_umword_t *)&eh.regs[i])[w] = 0;
	}
}

static void exc_handler_fn(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_msgtag_t t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_msgtag_has_error(t)) {
			t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		l4_exc_regs_t *e = l4_utcb_exc();
		unsigned n = eh.count, i = n < LOG ? n : LOG - 1;
		eh.label[i] = l4_msgtag_label(t);
		eh.words[i] = l4_msgtag_words(t);
		eh.rlabel[i] = label;
		eh.regs[i] = *e;
		eh.count++;
		unsigned items = 0;
		int words = eh.action ? eh.action(e, n, &items) : -1;
		l4_msgtag_t reply = words < 0 ? l4_msgtag(-L4_EINVAL, 0, 0, 0)
					       : l4_msgtag(0, (unsigned)words, items, 0);
		t = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}

static l4_cap_idx_t exc_handler(void)
{
	static l4_cap_idx_t h = L4_INVALID_CAP;
	if (l4_is_invalid_cap(h))
		h = ktt_thread(L4_BASE_TASK_CAP, 0, exc_handler_fn, 0, 30, L4_INVALID_CAP,
			       L4_INVALID_CAP);
	return h;
}

/* Resume after the faulting instruction (probes: report "faulted"). */
static int act_skip(l4_exc_regs_t *e, unsigned n, unsigned *items)
{
	(void)n;
	(void)items;
	l4_umword_t next = next_ip(e->ip);
	if (!next)
		return -1;
	e->ip = next;
	e->r10 = 1;
	return L4_UTCB_EXCEPTION_REGS_SIZE;
}

/* == child tasks and their threads ======================================================= */

struct fchild {
	l4_cap_idx_t task;
	unsigned next_utcb;
};

/* A child sharing the image, with the pager at KTT_CHILD_PAGER and the
 * exception handler at KTT_CHILD_EXC. */
static bool fchild_new(struct fchild *c)
{
	c->next_utcb = 0;
	c->task = ktt_task(L4_BASE_FACTORY_CAP, 1);
	if (l4_is_invalid_cap(c->task) || l4_is_invalid_cap(pager()) || l4_is_invalid_cap(exc_handler()))
		return false;
	return ktt_map_cap(c->task, pager(), L4_CAP_FPAGE_RWS, KTT_CHILD_PAGER) == 0 &&
	       ktt_map_cap(c->task, exc_handler(), L4_CAP_FPAGE_RWS, KTT_CHILD_EXC) == 0;
}

static void fchild_free(struct fchild *c) { ktt_task_free(c->task); }

/* Results of the thread functions below. */
static struct {
	volatile unsigned done;
	volatile l4_umword_t v, v2;
	volatile int faulted;
	struct regs_out regs;
} out;

static l4_cap_idx_t fthread(struct fchild *c, void (*fn)(void *), void *arg, l4_cap_idx_t pager_sel,
			    l4_cap_idx_t exc_sel)
{
	out.done = 0;
	out.v = out.v2 = 0;
	out.faulted = -1;
	return ktt_thread(c->task, KTT_CHILD_UTCB(c->next_utcb++), fn, arg, 20, pager_sel, exc_sel);
}

/* Waits up to ms milliseconds (sleeping, so lower priorities run) for
 * *v >= want. */
static bool wait_for(volatile unsigned *v, unsigned want, unsigned ms)
{
	l4_uint64_t end = kt_now_us() + ms * 1000ULL;
	while (*v < want && kt_now_us() < end)
		kt_sleep_us(500);
	return *v >= want;
}

static void t_read(void *arg)
{
	int f = -1;
	out.v = ktt_probe_read((const volatile void *)arg, &f);
	out.faulted = f;
	out.done = 1;
}

static void t_read_twice(void *arg)
{
	int f = -1, f2 = -1;
	l4_addr_t a = (l4_addr_t)arg;
	out.v = ktt_probe_read((const volatile void *)a, &f);
	/* The other end of the same 16 KiB flexpage. */
	out.v2 = ktt_probe_read((const volatile void *)((a & ~0x3fffUL) + 0x3ff8), &f2);
	out.faulted = f | f2;
	out.done = 1;
}

static void t_write(void *arg)
{
	int f = -1;
	ktt_probe_write((volatile void *)arg, 0xbeef, &f);
	out.faulted = f;
	out.done = 1;
}

static void t_exec(void *arg)
{
	int f = -1;
	out.v = ktt_probe_exec(arg, &f);
	out.faulted = f;
	out.done = 1;
}

/* == page faults ==================================================================== */

KTEST(pf_read_resolved_by_a_map_reply)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	l4_umword_t *p = page_new(0x1000);
	pager_reset(PG_MAP, A(p), 12, L4_FPAGE_RW);
	l4_addr_t a = FVA(0) + 0x123;
	l4_cap_idx_t th = fthread(&c, t_read, (void *)a, KTT_CHILD_PAGER, L4_INVALID_CAP);
	KASSERT(!l4_is_invalid_cap(th));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(pg.count, 1);
	KCHECK_EQ(pg.label[0], L4_PROTO_PAGE_FAULT);
	KCHECK_EQ(pg.words[0], 2);
	KCHECK_EQ(pg.items[0], 0);
	KCHECK_EQ(pg.addr[0], a & ~7UL); /* bit 1 clear: a read */
	KCHECK_EQ(pg.ip[0], A(ktt_probe_read_insn));
	KCHECK_EQ(pg.rlabel[0], 0);
	KCHECK_EQ(out.faulted, 0);
	/* The word at 0x120 of the page: 0x1000 + 0x120 / 8 (unaligned 0x123
	 * reads bytes 3..10 of it, so compare aligned). */
	KCHECK_EQ(pg.exc_count, 0);
	l4_umword_t expect = (p[0x120 / 8] >> 24) | (p[0x128 / 8] << 40);
	KCHECK_EQ(out.v, expect);
	fchild_free(&c);
}

KTEST(pf_write_sets_bit_1_and_lands_in_the_page)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	l4_umword_t *p = page_new(0);
	pager_reset(PG_MAP, A(p), 12, L4_FPAGE_RW);
	l4_addr_t a = FVA(1) + 0x48;
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_write, (void *)a, KTT_CHILD_PAGER, L4_INVALID_CAP)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(pg.count, 1);
	KCHECK_EQ(pg.addr[0], a | 2);
	KCHECK_EQ(pg.ip[0], A(ktt_probe_write_insn));
	KCHECK_EQ(out.faulted, 0);
	KCHECK_EQ(p[0x48 / 8], 0xbeef);
	fchild_free(&c);
}

KTEST(pf_fetch_sets_bit_2)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	pager_reset(PG_MAP, A(ktt_code_page), 12, L4_FPAGE_RX);
	l4_addr_t a = FVA(2);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_exec, (void *)a, KTT_CHILD_PAGER, L4_INVALID_CAP)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(pg.count, 1);
	KCHECK_EQ(pg.addr[0], a | 4);
	KCHECK_EQ(pg.ip[0], a);
	KCHECK_EQ(out.faulted, 0);
	KCHECK_EQ(out.v, KTT_CODE_RESULT);
	fchild_free(&c);
}

KTEST(pf_larger_flexpage_placed_by_send_base)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	for (unsigned i = 0; i < 4; i++)
		for (unsigned w = 0; w < WORDS; w++)
			block[i][w] = 0x10000 * (i + 1) + w;
	/* The reply maps 16 KiB with the fault address (not aligned) as send
	 * base: it lands at the fault address rounded down to 16 KiB. */
	pager_reset(PG_MAP, A(block), 14, L4_FPAGE_RW);
	l4_addr_t a = FVA(3) + 0x2340;
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_read_twice, (void *)a, KTT_CHILD_PAGER,
					   L4_INVALID_CAP)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(pg.count, 1); /* the second read needs no fault */
	KCHECK_EQ(out.faulted, 0);
	KCHECK_EQ(out.v, block[2][0x340 / 8]);
	KCHECK_EQ(out.v2, block[3][WORDS - 1]);
	fchild_free(&c);
}

KTEST(pf_empty_reply_retries_the_access)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	l4_umword_t *p = page_new(0x2000);
	pager_reset(PG_EMPTY_ONCE, A(p), 12, L4_FPAGE_RO);
	l4_addr_t a = FVA(4) + 0x10;
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_read, (void *)a, KTT_CHILD_PAGER, L4_INVALID_CAP)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(pg.count, 2);
	KCHECK_EQ(pg.addr[0], a);
	KCHECK_EQ(pg.addr[1], a);
	KCHECK_EQ(pg.ip[1], A(ktt_probe_read_insn));
	KCHECK_EQ(out.faulted, 0);
	KCHECK_EQ(out.v, p[2]);
	fchild_free(&c);
}

KTEST(pf_refused_becomes_exception)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	/* A negative label: an exception IPC (#PF) to the exception handler. */
	pager_reset(PG_REFUSE, 0, 12, 0);
	eh_reset(act_skip);
	l4_addr_t a = FVA(5) + 0x88;
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_write, (void *)a, KTT_CHILD_PAGER, KTT_CHILD_EXC)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(pg.count, 1);
	KCHECK_EQ(eh.count, 1);
	KCHECK_EQ(eh.label[0], L4_PROTO_EXCEPTION);
	KCHECK_EQ(eh.words[0], L4_UTCB_EXCEPTION_REGS_SIZE);
	KCHECK_EQ(eh.regs[0].trapno, 14);
	KCHECK_EQ(eh.regs[0].pfa, a);
	KCHECK_EQ(eh.regs[0].err & 7, 6); /* not present, write, user */
	KCHECK_EQ(eh.regs[0].ip, A(ktt_probe_write_insn));
	KCHECK_EQ(l4_utcb_exc_pfa(&eh.regs[0]), a | 2);
	KCHECK_EQ(out.faulted, 1);

	/* L4_PROTO_PF_EXCEPTION does the same. */
	pager_reset(PG_PF_EXC, 0, 12, 0);
	eh_reset(act_skip);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_read, (void *)a, KTT_CHILD_PAGER, KTT_CHILD_EXC)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(pg.count, 1);
	KCHECK_EQ(eh.count, 1);
	KCHECK_EQ(eh.regs[0].trapno, 14);
	KCHECK_EQ(eh.regs[0].pfa, a);
	KCHECK_EQ(eh.regs[0].err & 7, 4); /* not present, read, user */
	KCHECK_EQ(out.faulted, 1);
	fchild_free(&c);
}

KTEST(pf_reply_item_that_fails_becomes_exception)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	l4_umword_t *p = page_new(0x3000);
	pager_reset(PG_BAD_ITEM, A(p), 12, L4_FPAGE_RW);
	eh_reset(act_skip);
	l4_addr_t a = FVA(6);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_read, (void *)a, KTT_CHILD_PAGER, KTT_CHILD_EXC)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(pg.count, 1);
	KCHECK_EQ(eh.count, 1);
	KCHECK_EQ(eh.regs[0].trapno, 14);
	KCHECK_EQ(eh.regs[0].pfa, a);
	KCHECK_EQ(out.faulted, 1);
	fchild_free(&c);
}

/* The handler answers the #PF exception with the state unchanged and a map
 * item: the access is retried and now succeeds. */
static l4_addr_t exc_map_src;
static int act_map(l4_exc_regs_t *e, unsigned n, unsigned *items)
{
	(void)n;
	l4_umword_t *mr = (l4_umword_t *)e;
	mr[L4_UTCB_EXCEPTION_REGS_SIZE] = l4_map_control(e->pfa, 0, L4_MAP_ITEM_MAP);
	mr[L4_UTCB_EXCEPTION_REGS_SIZE + 1] = l4_fpage(exc_map_src, 12, L4_FPAGE_RO).raw;
	*items = 1;
	return L4_UTCB_EXCEPTION_REGS_SIZE;
}

KTEST(exc_reply_items_are_mapped)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	l4_umword_t *p = page_new(0x4000);
	exc_map_src = A(p);
	pager_reset(PG_REFUSE, 0, 12, 0);
	eh_reset(act_map);
	l4_addr_t a = FVA(7) + 0x200;
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_read, (void *)a, KTT_CHILD_PAGER, KTT_CHILD_EXC)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(eh.count, 1);
	KCHECK_EQ(pg.count, 1);
	KCHECK_EQ(out.faulted, 0);
	KCHECK_EQ(out.v, p[0x200 / 8]);
	fchild_free(&c);
}

KTEST(pf_without_exception_handler_exception_goes_to_pager)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	/* The pager refuses; no exception handler: the exception IPC goes to
	 * the pager, which resumes the probe. */
	pager_reset(PG_REFUSE, 0, 12, 0);
	eh_reset(act_skip);
	l4_addr_t a = FVA(8);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_read, (void *)a, KTT_CHILD_PAGER, L4_INVALID_CAP)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(pg.count, 1);
	KCHECK_EQ(pg.exc_count, 1);
	KCHECK_EQ(pg.exc_trapno, 14);
	KCHECK_EQ(pg.exc_ip, A(ktt_probe_read_insn));
	KCHECK_EQ(eh.count, 0);
	KCHECK_EQ(out.faulted, 1);
	fchild_free(&c);
}

KTEST(pf_pager_through_an_ipc_gate)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, pager(), 0x1230)), 0);
	KASSERT_EQ(ktt_map_cap(c.task, gate, L4_CAP_FPAGE_RW, KTT_CHILD_SLOT(0)), 0);
	l4_umword_t *p = page_new(0x5000);
	pager_reset(PG_MAP, A(p), 12, L4_FPAGE_RO);
	l4_addr_t a = FVA(9);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_read, (void *)a, KTT_CHILD_SLOT(0), L4_INVALID_CAP)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(pg.count, 1);
	KCHECK_EQ(pg.label[0], L4_PROTO_PAGE_FAULT);
	KCHECK_EQ(pg.rlabel[0] & ~3UL, 0x1230); /* the gate's label */
	KCHECK_EQ(out.faulted, 0);
	KCHECK_EQ(out.v, p[0]);
	fchild_free(&c);
	l4_task_delete_obj(L4_BASE_TASK_CAP, gate);
}

static volatile unsigned go;
static void t_wait_then_read(void *arg)
{
	while (!go)
		kt_sleep_us(500);
	t_read(arg);
}

KTEST(pf_pager_selector_is_looked_up_at_fault_time)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	l4_umword_t *p = page_new(0x6000);
	pager_reset(PG_MAP, A(p), 12, L4_FPAGE_RO);
	go = 0;
	/* The pager slot is empty when the thread is set up... */
	l4_addr_t a = FVA(10);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_wait_then_read, (void *)a, KTT_CHILD_SLOT(1),
					   L4_INVALID_CAP)));
	kt_sleep_us(2000);
	/* ...and holds the pager when the fault happens. */
	KASSERT_EQ(ktt_map_cap(c.task, pager(), L4_CAP_FPAGE_RWS, KTT_CHILD_SLOT(1)), 0);
	go = 1;
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(pg.count, 1);
	KCHECK_EQ(out.faulted, 0);
	KCHECK_EQ(out.v, p[0]);
	fchild_free(&c);
}

/* A thread of this task whose pager is sigma0, which refuses addresses
 * that are not RAM: the fault becomes an exception for our handler. */
KTEST(pf_sigma0_refuses_exception_follows)
{
	eh_reset(act_skip);
	out.done = 0;
	out.faulted = -1;
	l4_addr_t a = 0x600000000000UL;
	l4_cap_idx_t th = ktt_thread(L4_BASE_TASK_CAP, 0, t_read, (void *)a, 20, L4_BASE_PAGER_CAP,
				     exc_handler());
	KASSERT(!l4_is_invalid_cap(th));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(eh.count, 1);
	KCHECK_EQ(eh.regs[0].trapno, 14);
	KCHECK_EQ(eh.regs[0].pfa, a);
	KCHECK_EQ(out.faulted, 1);
	ktt_thread_free(th);
}

/* == exceptions ======================================================================== */

static void t_ud2(void *arg)
{
	(void)arg;
	kf_ud2(&out.regs);
	out.done = 1;
}

static int act_ud2(l4_exc_regs_t *e, unsigned n, unsigned *items)
{
	(void)n;
	(void)items;
	if (e->ip != A(kf_ud2_insn))
		return -1;
	e->ip = A(kf_ud2_next);
	e->rbx = 0xabcd;
	return L4_UTCB_EXCEPTION_REGS_SIZE;
}

KTEST(exc_ud2_round_trip)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	eh_reset(act_ud2);
	out.regs.rbx = out.regs.r12 = 0;
	unsigned slot = c.next_utcb;
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_ud2, 0, L4_INVALID_CAP, KTT_CHILD_EXC)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(eh.count, 1);
	const l4_exc_regs_t *e = &eh.regs[0];
	KCHECK_EQ(eh.label[0], L4_PROTO_EXCEPTION);
	KCHECK_EQ(eh.words[0], L4_UTCB_EXCEPTION_REGS_SIZE);
	KCHECK_EQ(eh.rlabel[0], 0);
	KCHECK_EQ(e->trapno, 6);
	KCHECK_EQ(e->err, 0);
	KCHECK_EQ(e->pfa, 0);
	KCHECK_EQ(e->ip, A(kf_ud2_insn));
	KCHECK_EQ(e->rbx, 0x1234);
	KCHECK_EQ(e->r12, 0x5555);
	KCHECK_EQ(e->rdi, A(&out.regs));
	KCHECK_EQ(e->gs_base, A(KTT_CHILD_UTCB(slot)));
	KCHECK_EQ(e->flags & 0x200, 0x200); /* IF */
	KCHECK_EQ(e->cs & 3, 3);
	KCHECK_EQ(e->ss & 3, 3);
	KCHECK(e->sp != 0 && e->sp < 0x800000000000UL);
	KCHECK(l4_utcb_exc_typeval(e) == 6 && !l4_utcb_exc_is_pf(e));
	/* The thread went on with the state of the reply. */
	KCHECK_EQ(out.regs.rbx, 0xabcd);
	KCHECK_EQ(out.regs.r12, 0x5555);
	fchild_free(&c);
}

static void t_int3(void *arg)
{
	(void)arg;
	out.v = (l4_umword_t)kf_int3();
	out.done = 1;
}

static int act_rax(l4_exc_regs_t *e, unsigned n, unsigned *items)
{
	(void)n;
	(void)items;
	e->rax = 77;
	if (e->trapno != 3) { /* faults: skip the instruction */
		l4_umword_t next = next_ip(e->ip);
		if (!next)
			return -1;
		e->ip = next;
	}
	return L4_UTCB_EXCEPTION_REGS_SIZE;
}

/* A child thread runs fn with act_rax as its exception handler's answer;
 * true once it finished. */
static bool run_rax_handled(struct fchild *c, void (*fn)(void *))
{
	if (!fchild_new(c))
		return false;
	eh_reset(act_rax);
	return !l4_is_invalid_cap(fthread(c, fn, 0, L4_INVALID_CAP, KTT_CHILD_EXC)) &&
	       wait_for(&out.done, 1, 1000);
}

KTEST(exc_int3_is_a_trap)
{
	struct fchild c;
	KASSERT(run_rax_handled(&c, t_int3));
	KCHECK_EQ(eh.count, 1);
	KCHECK_EQ(eh.regs[0].trapno, 3);
	KCHECK_EQ(eh.regs[0].err, 0);
	KCHECK_EQ(eh.regs[0].ip, A(kf_int3_next)); /* after the int3 */
	KCHECK_EQ(eh.regs[0].rax, 1);
	KCHECK_EQ(out.v, 77);
	fchild_free(&c);
}

static void t_div(void *arg)
{
	(void)arg;
	out.v = (l4_umword_t)kf_div();
	out.done = 1;
}

KTEST(exc_divide_error)
{
	struct fchild c;
	KASSERT(run_rax_handled(&c, t_div));
	KCHECK_EQ(eh.count, 1);
	KCHECK_EQ(eh.regs[0].trapno, 0);
	KCHECK_EQ(eh.regs[0].err, 0);
	KCHECK_EQ(eh.regs[0].ip, A(kf_div_insn));
	KCHECK_EQ(eh.regs[0].rax, 7);
	KCHECK_EQ(eh.regs[0].rcx, 0);
	KCHECK_EQ(out.v, 77);
	fchild_free(&c);
}

static void t_int80(void *arg)
{
	(void)arg;
	out.v = (l4_umword_t)kf_int80();
	out.done = 1;
}

KTEST(exc_int_n_is_a_general_protection_fault)
{
	struct fchild c;
	KASSERT(run_rax_handled(&c, t_int80));
	KCHECK_EQ(eh.count, 1);
	KCHECK_EQ(eh.regs[0].trapno, 13);
	/* The CPU's error code: the IDT entry, (n << 3) | 2. QEMU's TCG in
	 * long mode reports (n << 4) | 2 (the byte offset of the 16-byte
	 * gate); the kernel passes on what the CPU gives. */
	KCHECK(eh.regs[0].err == ((0x80 << 3) | 2) || eh.regs[0].err == ((0x80 << 4) | 2));
	KCHECK_EQ(eh.regs[0].ip, A(kf_int80_insn));
	KCHECK_EQ(out.v, 77);
	fchild_free(&c);
}

/* First answer with no words (state unchanged: ud2 runs again), then skip. */
static int act_short_then_skip(l4_exc_regs_t *e, unsigned n, unsigned *items)
{
	if (n == 0) {
		e->rbx = 0x999; /* not loaded: the reply has no words */
		return 0;
	}
	return act_ud2(e, n, items);
}

KTEST(exc_short_reply_leaves_state_and_retries)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	eh_reset(act_short_then_skip);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_ud2, 0, L4_INVALID_CAP, KTT_CHILD_EXC)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(eh.count, 2);
	KCHECK_EQ(eh.regs[1].ip, A(kf_ud2_insn));
	KCHECK_EQ(eh.regs[1].rbx, 0x1234);
	KCHECK_EQ(out.regs.rbx, 0xabcd);
	fchild_free(&c);
}

/* A non-canonical or kernel ip keeps the old one (ud2 runs again); the
 * registers of the reply are loaded nonetheless. */
static int act_bad_ip_then_skip(l4_exc_regs_t *e, unsigned n, unsigned *items)
{
	if (n == 0) {
		e->ip = 0x0000900000000000UL;
		e->r12 = 0x6666;
		return L4_UTCB_EXCEPTION_REGS_SIZE;
	}
	if (n == 1) {
		e->ip = 0xffffffff80001000UL;
		e->r12 = 0x7777;
		return L4_UTCB_EXCEPTION_REGS_SIZE;
	}
	return act_ud2(e, n, items);
}

KTEST(exc_reply_with_bad_ip_keeps_the_old_ip)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	eh_reset(act_bad_ip_then_skip);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_ud2, 0, L4_INVALID_CAP, KTT_CHILD_EXC)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(eh.count, 3);
	KCHECK_EQ(eh.regs[1].ip, A(kf_ud2_insn));
	KCHECK_EQ(eh.regs[1].r12, 0x6666);
	KCHECK_EQ(eh.regs[2].ip, A(kf_ud2_insn));
	KCHECK_EQ(eh.regs[2].r12, 0x7777);
	KCHECK_EQ(out.regs.r12, 0x7777);
	fchild_free(&c);
}

static void t_flags(void *arg)
{
	(void)arg;
	out.v = kf_flags();
	out.done = 1;
}

static int act_flags(l4_exc_regs_t *e, unsigned n, unsigned *items)
{
	(void)n;
	(void)items;
	e->ip = A(kf_flags_next);
	/* CF and OF may be set; IF cannot be cleared, IOPL not raised, NT
	 * not set. */
	e->flags = (e->flags | 0x1 | 0x800 | 0x3000 | 0x4000) & ~0x200UL;
	return L4_UTCB_EXCEPTION_REGS_SIZE;
}

KTEST(exc_reply_sets_only_user_flags)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	eh_reset(act_flags);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_flags, 0, L4_INVALID_CAP, KTT_CHILD_EXC)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(eh.count, 1);
	KCHECK_EQ(out.v & 0x1, 0x1);     /* CF */
	KCHECK_EQ(out.v & 0x800, 0x800); /* OF */
	KCHECK_EQ(out.v & 0x200, 0x200); /* IF still on */
	KCHECK_EQ(out.v & 0x3000, 0);    /* IOPL 0 */
	KCHECK_EQ(out.v & 0x4000, 0);    /* NT */
	fchild_free(&c);
}

static volatile l4_umword_t fs_target[2] = { 0x5eed, 0 };

static void t_fs(void *arg)
{
	(void)arg;
	out.v = kf_fs();
	out.done = 1;
}

static int act_fs(l4_exc_regs_t *e, unsigned n, unsigned *items)
{
	(void)n;
	(void)items;
	e->ip = A(kf_fs_next);
	e->fs_base = A(fs_target);
	return L4_UTCB_EXCEPTION_REGS_SIZE;
}

KTEST(exc_reply_sets_fs_base)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	eh_reset(act_fs);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_fs, 0, L4_INVALID_CAP, KTT_CHILD_EXC)));
	KASSERT(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(eh.count, 1);
	KCHECK_EQ(eh.regs[0].fs_base, 0);
	KCHECK_EQ(out.v, 0x5eed);
	fchild_free(&c);
}

static volatile unsigned long spin_counter;
static void t_spin(void *arg)
{
	(void)arg;
	kf_spin(&spin_counter);
}

static void t_trigger_target(void *arg)
{
	(void)arg;
	out.done = 1;
	for (;;)
		kt_sleep_us(1000000);
}

static int act_resume(l4_exc_regs_t *e, unsigned n, unsigned *items)
{
	(void)e;
	(void)n;
	(void)items;
	return L4_UTCB_EXCEPTION_REGS_SIZE;
}

KTEST(exc_ex_regs_trigger_exception)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	eh_reset(act_resume);
	/* A thread spinning at a lower priority than ours. */
	l4_cap_idx_t th = ktt_thread(c.task, KTT_CHILD_UTCB(0), t_spin, 0, 10, L4_INVALID_CAP,
				     KTT_CHILD_EXC);
	KASSERT(!l4_is_invalid_cap(th));
	spin_counter = 0;
	kt_sleep_us(3000);
	KCHECK(spin_counter > 0);
	KASSERT_EQ(l4_error(l4_thread_ex_regs(th, ~0UL, ~0UL, L4_THREAD_EX_REGS_TRIGGER_EXCEPTION)), 0);
	KCHECK(wait_for(&eh.count, 1, 500));
	KCHECK_EQ(eh.label[0], L4_PROTO_EXCEPTION);
	KCHECK_EQ(eh.regs[0].trapno, 0xff);
	KCHECK(l4_utcb_exc_is_ex_regs_exception(&eh.regs[0]));
	KCHECK(eh.regs[0].ip >= A(kf_spin_loop) && eh.regs[0].ip < A(kf_spin_loop) + 8);
	KCHECK_EQ(eh.regs[0].rdi, A(&spin_counter));
	/* It spins on after the reply. */
	unsigned long before = spin_counter;
	kt_sleep_us(3000);
	KCHECK(spin_counter > before);

	/* With a new ip: the exception comes from there. */
	eh_reset(act_resume);
	out.done = 0;
	static char stack[2048] __attribute__((aligned(16)));
	KASSERT_EQ(l4_error(l4_thread_ex_regs(th, A(t_trigger_target), A(stack + sizeof(stack) - 8),
					      L4_THREAD_EX_REGS_TRIGGER_EXCEPTION)), 0);
	KCHECK(wait_for(&eh.count, 1, 500));
	KCHECK_EQ(eh.regs[0].trapno, 0xff);
	KCHECK_EQ(eh.regs[0].ip, A(t_trigger_target));
	KCHECK_EQ(eh.regs[0].sp, A(stack + sizeof(stack) - 8));
	KCHECK(wait_for(&out.done, 1, 500));
	fchild_free(&c);
}

/* == threads nobody handles ============================================================ */

static volatile unsigned restarted;
static void t_restarted(void *arg)
{
	(void)arg;
	restarted = 1;
	for (;;)
		kt_sleep_us(1000000);
}

KTEST(fault_without_handler_halts_only_that_thread)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	KASSERT_EQ(l4_error(l4_debugger_set_object_name(c.task, "kt-fault")), 0);
	l4_cap_idx_t prober = ktt_prober(c.task, KTT_CHILD_UTCB(15));
	KASSERT(!l4_is_invalid_cap(prober));

	/* ud2 without pager and exception handler: the kernel reports and
	 * halts the thread (the scenario expects the report). */
	out.done = 0;
	l4_cap_idx_t th = ktt_thread(c.task, KTT_CHILD_UTCB(1), t_ud2, 0, 10, L4_INVALID_CAP,
				     L4_INVALID_CAP);
	KASSERT(!l4_is_invalid_cap(th));
	/* (named after it started: it runs below our priority, once we sleep) */
	l4_debugger_set_object_name(th, "kt-no-handler");
	kt_sleep_us(5000);
	KCHECK_EQ(out.done, 0);
	/* The rest of the task and the system go on. */
	l4_umword_t v = 0;
	KCHECK_EQ(ktt_read(prober, A(&fs_target[0]), &v), KTT_OK);
	KCHECK_EQ(v, 0x5eed);

	/* A page fault with no pager (an empty pager slot). */
	out.done = 0;
	l4_cap_idx_t th2 = ktt_thread(c.task, KTT_CHILD_UTCB(2), t_read, (void *)FVA(11), 10,
				      KTT_CHILD_SLOT(7), L4_INVALID_CAP);
	KASSERT(!l4_is_invalid_cap(th2));
	l4_debugger_set_object_name(th2, "kt-no-pager");
	kt_sleep_us(5000);
	KCHECK_EQ(out.done, 0);
	KCHECK_EQ(ktt_read(prober, A(&fs_target[0]), &v), KTT_OK);

	/* l4_thread_ex_regs() restarts a halted thread. */
	restarted = 0;
	static char stack[2048] __attribute__((aligned(16)));
	KCHECK_EQ(l4_error(l4_thread_ex_regs(th, A(t_restarted), A(stack + sizeof(stack) - 8), 0)), 0);
	KCHECK(wait_for(&restarted, 1, 500));
	fchild_free(&c);
}

/* == partners going away ================================================================ */

/* A pager that holds each fault until told to answer (with no items). */
static volatile unsigned held, release, late_done;
static volatile l4_umword_t late_err;
static void holding_pager_fn(void *arg)
{
	(void)arg;
	l4_umword_t label;
	for (;;) {
		l4_msgtag_t t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
		if (l4_msgtag_has_error(t))
			continue;
		held++;
		while (!release)
			kt_sleep_us(500);
		release = 0;
		t = l4_ipc_send(L4_INVALID_CAP | L4_SYSF_REPLY, l4_utcb(), l4_msgtag(0, 0, 0, 0),
				L4_IPC_SEND_TIMEOUT_0);
		late_err = l4_ipc_error(t, l4_utcb());
		late_done = 1;
	}
}

KTEST(pf_task_deleted_while_its_thread_waits_for_the_pager)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	held = release = late_done = 0;
	late_err = 0;
	l4_cap_idx_t hp = ktt_thread(L4_BASE_TASK_CAP, 0, holding_pager_fn, 0, 31, L4_INVALID_CAP,
				     L4_INVALID_CAP);
	KASSERT(!l4_is_invalid_cap(hp));
	KASSERT_EQ(ktt_map_cap(c.task, hp, L4_CAP_FPAGE_RWS, KTT_CHILD_SLOT(2)), 0);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_read, (void *)FVA(12), KTT_CHILD_SLOT(2),
					   KTT_CHILD_EXC)));
	KCHECK(wait_for(&held, 1, 500));
	/* The task (and its waiting thread) goes while the pager holds the
	 * fault; the pager's late answer finds nobody: an IPC error. */
	fchild_free(&c);
	KCHECK_EQ(out.done, 0);
	release = 1;
	KCHECK(wait_for(&late_done, 1, 500));
	KCHECK(late_err != 0);
	ktt_thread_free(hp);
	/* Faults are handled as before. */
	struct fchild c2;
	KASSERT(fchild_new(&c2));
	l4_umword_t *p = page_new(0x7000);
	pager_reset(PG_MAP, A(p), 12, L4_FPAGE_RO);
	KASSERT(!l4_is_invalid_cap(fthread(&c2, t_read, (void *)FVA(13), KTT_CHILD_PAGER,
					   L4_INVALID_CAP)));
	KCHECK(wait_for(&out.done, 1, 1000));
	KCHECK_EQ(out.v, p[0]);
	fchild_free(&c2);
}

KTEST(pf_pager_deleted_while_a_thread_waits_for_it)
{
	struct fchild c;
	KASSERT(fchild_new(&c));
	held = release = late_done = 0;
	eh_reset(act_skip);
	l4_cap_idx_t hp = ktt_thread(L4_BASE_TASK_CAP, 0, holding_pager_fn, 0, 31, L4_INVALID_CAP,
				     L4_INVALID_CAP);
	KASSERT(!l4_is_invalid_cap(hp));
	KASSERT_EQ(ktt_map_cap(c.task, hp, L4_CAP_FPAGE_RWS, KTT_CHILD_SLOT(2)), 0);
	KASSERT(!l4_is_invalid_cap(fthread(&c, t_read, (void *)FVA(14), KTT_CHILD_SLOT(2),
					   KTT_CHILD_EXC)));
	KCHECK(wait_for(&held, 1, 500));
	KCHECK_EQ(out.done, 0);
	/* The pager goes: the fault is not resolved (the thread never reads
	 * unmapped memory successfully), the system goes on. */
	ktt_thread_free(hp);
	kt_sleep_us(5000);
	if (out.done)
		KCHECK_EQ(out.faulted, 1);
	l4_umword_t v = 0;
	l4_cap_idx_t pr = ktt_prober(c.task, KTT_CHILD_UTCB(8));
	KASSERT(!l4_is_invalid_cap(pr));
	KCHECK_EQ(ktt_read(pr, A(&fs_target[0]), &v), KTT_OK);
	KCHECK_EQ(v, 0x5eed);
	fchild_free(&c);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
