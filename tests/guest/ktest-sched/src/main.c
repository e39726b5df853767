/* ktest-sched: threads and scheduling: ex_regs (start, restart, previous
 * state), CPU time statistics, switch, yield, the Scheduler object (info,
 * run_thread and priorities, idle time), preemption by a higher priority,
 * round robin among equals, FPU/SSE state kept per thread, and the FS
 * base (thread-local storage) set per thread.
 *
 * The main thread runs at priority 16 (the root task's default). Threads
 * that must not run until the main thread sleeps get priority LOW (10);
 * spinning threads are deleted before their test returns, so the next test
 * (and the idle-time test) starts with nothing runnable but the main thread. */
#include <ktap.h>
#include <ktest_more.h>
#include <ktest_util.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/segment.h>

int main(int argc, char **argv);

#define MS 1000ULL
#define MAIN_PRIO 16
#define LOW 10

void kt_thread_entry(void);

/* Code at known addresses: ex_regs can point threads here and expects
 * exactly these addresses back. */
void kts_spin_here(void);
void kts_mark_and_spin(void);
void kts_mark_loop(void);
volatile int kts_marker;
__asm__(".text\n"
	".globl kts_spin_here\n"
	"kts_spin_here:\n"
	"	jmp kts_spin_here\n"
	".globl kts_mark_and_spin\n"
	"kts_mark_and_spin:\n"
	"	movl $1, kts_marker(%rip)\n"
	".globl kts_mark_loop\n"
	"kts_mark_loop:\n"
	"	jmp kts_mark_loop\n");

static char stack_a[4096] __attribute__((aligned(16)));
#define STACK_A_TOP ((l4_addr_t)(stack_a + sizeof(stack_a) - 64))

static void nop_fn(void *p) { (void)p; }

static void set_flag_fn(void *p) { *(volatile int *)p = 1; }

static void kill(l4_cap_idx_t th)
{
	if (!l4_is_invalid_cap(th))
		kt_delete(th);
}

/* ---- ex_regs ------------------------------------------------------------ */

/* A started thread that has not run yet is at kt_thread_entry; after a
 * redirect it spins at kts_spin_here with exactly the given stack pointer.
 * Each ex_regs returns the previous rip, rsp and rflags (IF set). */
KTEST(ex_regs_returns_previous_ip_sp_flags)
{
	l4_cap_idx_t th = kt_thread_start(nop_fn, 0, LOW);
	KASSERT(!l4_is_invalid_cap(th));
	l4_addr_t ip = (l4_addr_t)kts_spin_here, sp = STACK_A_TOP;
	l4_umword_t flags = 0;
	l4_msgtag_t tag = l4_thread_ex_regs_ret(th, &ip, &sp, &flags);
	KCHECK_EQ(l4_error(tag), 0);
	KCHECK_EQ(l4_msgtag_words(tag), 3);
	KCHECK_EQ(ip, (l4_addr_t)kt_thread_entry);
	KCHECK_NE(sp, 0);
	KCHECK_EQ(flags & 0x200, 0x200);
	kt_sleep_us(5 * MS); /* now it runs, at kts_spin_here */
	for (unsigned i = 0; i < 2; i++) {
		ip = ~0UL;
		sp = ~0UL;
		flags = 0;
		tag = l4_thread_ex_regs_ret(th, &ip, &sp, &flags);
		KCHECK_EQ(l4_error(tag), 0);
		KCHECK_EQ(ip, (l4_addr_t)kts_spin_here);
		KCHECK_EQ(sp, STACK_A_TOP);
		KCHECK_EQ(flags & 0x200, 0x200); /* interrupts stay on in user mode */
		kt_sleep_us(2 * MS);
	}
	kill(th);
}

/* Restart a running thread at a new ip: it runs there. */
KTEST(ex_regs_restarts_running_thread_at_new_ip)
{
	kts_marker = 0;
	l4_cap_idx_t th = kt_thread_start(nop_fn, 0, LOW);
	KASSERT(!l4_is_invalid_cap(th));
	KCHECK_EQ(l4_error(l4_thread_ex_regs(th, (l4_addr_t)kts_spin_here, STACK_A_TOP, 0)), 0);
	kt_sleep_us(3 * MS);
	KCHECK_EQ(kts_marker, 0);
	l4_addr_t ip = (l4_addr_t)kts_mark_and_spin, sp = ~0UL;
	l4_umword_t flags = 0;
	KCHECK_EQ(l4_error(l4_thread_ex_regs_ret(th, &ip, &sp, &flags)), 0);
	KCHECK_EQ(ip, (l4_addr_t)kts_spin_here);
	KCHECK_EQ(sp, STACK_A_TOP);
	kt_sleep_us(3 * MS);
	KCHECK_EQ(kts_marker, 1);
	ip = ~0UL;
	sp = ~0UL;
	flags = 0; /* in: the ex_regs flags; out: the previous rflags */
	KCHECK_EQ(l4_error(l4_thread_ex_regs_ret(th, &ip, &sp, &flags)), 0);
	KCHECK_EQ(ip, (l4_addr_t)kts_mark_loop);
	KCHECK_EQ(sp, STACK_A_TOP); /* ~0 kept the stack pointer */
	kill(th);
}

/* A thread made by the factory, bound, and given to the scheduler without
 * an ip starts once ex_regs gives it one. */
static l4_cap_idx_t new_bound_thread(void)
{
	l4_cap_idx_t th = kt_cap_alloc();
	if (l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, th)) < 0)
		return L4_INVALID_CAP;
	l4_thread_control_start();
	l4_thread_control_bind(kt_utcb_alloc(), L4_BASE_TASK_CAP);
	if (l4_error(l4_thread_control_commit(th)) < 0)
		return L4_INVALID_CAP;
	return th;
}

KTEST(ex_regs_starts_thread_made_runnable_without_ip)
{
	kts_marker = 0;
	l4_cap_idx_t th = new_bound_thread();
	KASSERT(!l4_is_invalid_cap(th));
	KCHECK_EQ(kt_set_prio(th, LOW), 0);
	kt_sleep_us(3 * MS);
	KCHECK_EQ(kts_marker, 0);
	KCHECK_EQ(l4_error(l4_thread_ex_regs(th, (l4_addr_t)kts_mark_and_spin, STACK_A_TOP, 0)), 0);
	kt_sleep_us(3 * MS);
	KCHECK_EQ(kts_marker, 1);
	kill(th);
}

/* protocols.md, Thread creation: a new thread "does not run until
 * l4_scheduler_run_thread()", even when it has an ip. */
KTEST(new_thread_with_ip_runs_only_after_run_thread)
{
	kts_marker = 0;
	l4_cap_idx_t th = new_bound_thread();
	KASSERT(!l4_is_invalid_cap(th));
	KCHECK_EQ(l4_error(l4_thread_ex_regs(th, (l4_addr_t)kts_mark_and_spin, STACK_A_TOP, 0)), 0);
	kt_sleep_us(5 * MS);
	KCHECK_EQ(kts_marker, 0);
	KCHECK_EQ(kt_set_prio(th, LOW), 0);
	kt_sleep_us(5 * MS);
	KCHECK_EQ(kts_marker, 1);
	kill(th);
}

KTEST(ex_regs_unbound_thread_einval)
{
	l4_cap_idx_t th = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, th)), 0);
	KCHECK_EQ(l4_error(l4_thread_ex_regs(th, (l4_addr_t)kts_spin_here, STACK_A_TOP, 0)), -L4_EINVAL);
	kill(th);
}

/* protocols.md, ex_regs: "words must be exactly 3", else -L4_EINVAL. */
KTEST(ex_regs_needs_exactly_three_words)
{
	l4_cap_idx_t th = kt_thread_start(nop_fn, 0, LOW);
	KASSERT(!l4_is_invalid_cap(th));
	for (unsigned words = 1; words <= 5; words += 1) {
		if (words == 3)
			continue;
		ktap_note("ex_regs with %u words", words); /* (uses the message registers) */
		l4_msg_regs_t *m = l4_utcb_mr();
		m->mr[0] = L4_THREAD_EX_REGS_OP;
		m->mr[1] = ~0UL;
		m->mr[2] = ~0UL;
		m->mr[3] = ~0UL;
		m->mr[4] = ~0UL;
		KCHECK_EQ(l4_error(l4_ipc_call(th, l4_utcb(), l4_msgtag(L4_PROTO_THREAD, words, 0, 0),
					       L4_IPC_NEVER)), -L4_EINVAL);
	}
	kill(th);
}

/* protocols.md, opcode summary: ex_regs, switch and stats need no rights
 * on the thread capability. */
KTEST(ex_regs_stats_switch_need_no_rights)
{
	l4_cap_idx_t th = kt_thread_start(nop_fn, 0, LOW);
	KASSERT(!l4_is_invalid_cap(th));
	l4_cap_idx_t r = kt_cap_copy(th, L4_CAP_FPAGE_R, 0);
	KASSERT(!l4_is_invalid_cap(r));
	l4_kernel_clock_t us;
	KCHECK_EQ(l4_error(l4_thread_stats_time(r, &us)), 0);
	KCHECK_EQ(l4_error(l4_thread_switch(r)), 0);
	KCHECK_EQ(l4_error(l4_thread_ex_regs(r, ~0UL, ~0UL, 0)), 0);
	kill(th);
}

/* protocols.md, Thread control: needs S on the thread (not W). */
KTEST(thread_control_needs_s_on_thread)
{
	l4_cap_idx_t th = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, th)), 0);
	l4_cap_idx_t rw = kt_cap_copy(th, L4_CAP_FPAGE_RW, 0);
	l4_cap_idx_t rs = kt_cap_copy(th, L4_CAP_FPAGE_RS, 0);
	KASSERT(!l4_is_invalid_cap(rw) && !l4_is_invalid_cap(rs));
	l4_thread_control_start();
	l4_thread_control_pager(L4_BASE_PAGER_CAP);
	KCHECK_EQ(l4_error(l4_thread_control_commit(rw)), -L4_EPERM);
	l4_thread_control_start();
	l4_thread_control_pager(L4_BASE_PAGER_CAP);
	KCHECK_EQ(l4_error(l4_thread_control_commit(rs)), 0);
	kill(th);
}

/* ---- CPU time, switch, yield -------------------------------------------- */

struct spin {
	volatile unsigned long count;
	volatile unsigned long *other; /* round robin: the other thread's count */
	volatile unsigned long switches;
};

static void spin_fn(void *p)
{
	struct spin *s = p;
	unsigned long last = s->other ? *s->other : 0;
	for (;;) {
		s->count++;
		if (s->other && *s->other != last) {
			last = *s->other;
			s->switches++;
		}
	}
}

KTEST(stats_time_grows_while_thread_spins)
{
	static struct spin s;
	s = (struct spin){ 0 };
	l4_cap_idx_t sleeper = kt_thread_start(nop_fn, 0, LOW);
	l4_cap_idx_t th = kt_thread_start(spin_fn, &s, LOW);
	KASSERT(!l4_is_invalid_cap(th) && !l4_is_invalid_cap(sleeper));
	kt_sleep_us(2 * MS);
	l4_uint64_t s0 = kt_cpu_time_us(th), m0 = kt_cpu_time_us(L4_BASE_THREAD_CAP);
	l4_uint64_t z0 = kt_cpu_time_us(sleeper);
	kt_sleep_us(50 * MS);
	l4_uint64_t s1 = kt_cpu_time_us(th), m1 = kt_cpu_time_us(L4_BASE_THREAD_CAP);
	l4_uint64_t z1 = kt_cpu_time_us(sleeper);
	kill(th);
	KCHECK_NE(s0, ~0ULL);
	KCHECK_GE(s1 - s0, 40 * MS);
	KCHECK_LE(s1 - s0, 55 * MS);
	KCHECK_LT(m1 - m0, 5 * MS);  /* the main thread slept */
	KCHECK_EQ(z1, z0);            /* so did the sleeper */
	KCHECK_GT(s.count, 0);
	kill(sleeper);
}

/* Switch to a ready thread of the same priority: it runs before the switch
 * returns. */
KTEST(switch_runs_ready_target_first)
{
	static volatile int flag;
	flag = 0;
	l4_cap_idx_t th = kt_thread_start(set_flag_fn, (void *)&flag, LOW);
	KASSERT(!l4_is_invalid_cap(th));
	KCHECK_EQ(kt_set_prio(th, MAIN_PRIO), 0); /* ready behind us */
	KCHECK_EQ(flag, 0);
	l4_msgtag_t tag = l4_thread_switch(th);
	KCHECK_EQ(l4_error(tag), 0);
	KCHECK_EQ(flag, 1);
	/* Switching to a thread that is not ready, or to oneself, just returns. */
	KCHECK_EQ(l4_error(l4_thread_switch(th)), 0);
	KCHECK_EQ(l4_error(l4_thread_switch(L4_BASE_THREAD_CAP)), 0);
	kill(th);
}

/* protocols.md, Switch: "Result 0, words = 1: mr0 = the caller's remaining
 * time slice in µs (0 when donated)". */
KTEST(switch_result_has_remaining_slice_word)
{
	static volatile int flag;
	flag = 0;
	l4_cap_idx_t th = kt_thread_start(set_flag_fn, (void *)&flag, LOW);
	KASSERT(!l4_is_invalid_cap(th));
	KCHECK_EQ(kt_set_prio(th, MAIN_PRIO), 0);
	l4_utcb_mr()->mr[0] = 12345;
	l4_msgtag_t tag = l4_thread_switch(th);
	l4_umword_t mr0 = l4_utcb_mr()->mr[0];
	KCHECK_EQ(l4_error(tag), 0);
	KCHECK_EQ(l4_msgtag_words(tag), 1);
	KCHECK_EQ(mr0, 0); /* donated */
	/* Not donated (the target sleeps): the rest of a slice, at most 10 ticks. */
	l4_utcb_mr()->mr[0] = ~0UL;
	tag = l4_thread_switch(th);
	mr0 = l4_utcb_mr()->mr[0];
	KCHECK_EQ(l4_msgtag_words(tag), 1);
	KCHECK_LE(mr0, 10 * MS);
	kill(th);
}

/* l4_thread_yield(): gives the CPU to the next ready thread of the same
 * priority. Two threads yielding after every step alternate strictly
 * (without yield each would finish its loop within one time slice). */
#define YIELD_STEPS 40
static volatile unsigned char yield_log[2 * YIELD_STEPS + 8];
static volatile unsigned yield_n;
struct yielder {
	unsigned char id;
	volatile int done;
	volatile long err;
};

static void yield_fn(void *p)
{
	struct yielder *y = p;
	for (unsigned i = 0; i < YIELD_STEPS; i++) {
		yield_log[yield_n++] = y->id;
		if (i == 0) {
			l4_msgtag_t tag = l4_ipc_receive(L4_INVALID_CAP, l4_utcb(), L4_IPC_BOTH_TIMEOUT_0);
			y->err = (long)l4_ipc_error(tag, l4_utcb());
		} else {
			l4_thread_yield();
		}
	}
	y->done = 1;
}

KTEST(yield_alternates_threads_of_equal_priority)
{
	static struct yielder a, b;
	a = (struct yielder){ .id = 'a' };
	b = (struct yielder){ .id = 'b' };
	yield_n = 0;
	l4_cap_idx_t ta = kt_thread_start(yield_fn, &a, LOW);
	l4_cap_idx_t tb = kt_thread_start(yield_fn, &b, LOW);
	KASSERT(!l4_is_invalid_cap(ta) && !l4_is_invalid_cap(tb));
	KCHECK(kt_wait_flag_sleep(&a.done, 1000 * MS));
	KCHECK(kt_wait_flag_sleep(&b.done, 1000 * MS));
	KCHECK_EQ(a.err, L4_IPC_RETIMEOUT);
	KCHECK_EQ(b.err, L4_IPC_RETIMEOUT);
	KCHECK_EQ(yield_n, 2 * YIELD_STEPS);
	unsigned changes = 0;
	for (unsigned i = 1; i < yield_n; i++)
		changes += yield_log[i] != yield_log[i - 1];
	ktap_note("%u changes between the two threads in %u steps", changes, yield_n);
	KCHECK_GE(changes, 2 * YIELD_STEPS - 8);
	kill(ta);
	kill(tb);
}

/* ---- the Scheduler object ------------------------------------------------ */

KTEST(scheduler_info_one_cpu_online)
{
	l4_umword_t max = 0, classes = 0;
	l4_sched_cpu_set_t cs = l4_sched_cpu_set(0, 0, 0);
	l4_msgtag_t tag = l4_scheduler_info_with_classes(L4_BASE_SCHEDULER_CAP, &max, &cs, &classes);
	KCHECK_EQ(l4_error(tag), 0);
	KCHECK_EQ(l4_msgtag_words(tag), 3);
	KCHECK_EQ(cs.map, 1);        /* QEMU runs with -smp 1 */
	KCHECK_GE(max, 1);
	KCHECK_EQ(classes, L4_SCHEDULER_CLASS_FIXED_PRIO);
	KCHECK_EQ(l4_kip()->num_cpus, 1);
	/* Granularity 255: bit 0 stands for every CPU. */
	cs = l4_sched_cpu_set(0, 255, 0);
	KCHECK_EQ(l4_error(l4_scheduler_info(L4_BASE_SCHEDULER_CAP, 0, &cs)), 0);
	KCHECK_EQ(cs.map, 1);
	KCHECK_EQ(l4_scheduler_is_online(L4_BASE_SCHEDULER_CAP, 0), 1);
	if (max > 1)
		KCHECK_EQ(l4_scheduler_is_online(L4_BASE_SCHEDULER_CAP, 1), 0);
	/* An offset beyond the last possible CPU. */
	cs = l4_sched_cpu_set(max, 0, 0);
	KCHECK_EQ(l4_error(l4_scheduler_info(L4_BASE_SCHEDULER_CAP, 0, &cs)), -L4_ERANGE);
}

static long run_thread_raw(l4_cap_idx_t th, unsigned words, unsigned items, l4_umword_t go,
			   l4_umword_t map, l4_umword_t prio)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = L4_SCHEDULER_RUN_THREAD_OP;
	m->mr[1] = go;
	m->mr[2] = map;
	m->mr[3] = prio;
	m->mr[4] = 0;
	m->mr[words] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[words + 1] = l4_obj_fpage(th, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_error(l4_ipc_call(L4_BASE_SCHEDULER_CAP, l4_utcb(),
				    l4_msgtag(L4_PROTO_SCHEDULER, words, items, 0), L4_IPC_NEVER));
}

KTEST(scheduler_run_thread_errors)
{
	l4_cap_idx_t th = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, th)), 0);
	l4_umword_t all = 0xff000000UL; /* granularity 255, offset 0 */
	KCHECK_EQ(run_thread_raw(th, 5, 1, all, 1, 256), -L4_EINVAL);
	KCHECK_EQ(run_thread_raw(th, 5, 1, all, 1, ~0UL), -L4_EINVAL);
	KCHECK_EQ(run_thread_raw(th, 5, 1, all, 0, 10), -L4_EINVAL);   /* no CPU */
	KCHECK_EQ(run_thread_raw(th, 5, 1, 1, 1, 10), -L4_EINVAL);     /* CPU 1: offline */
	KCHECK_EQ(run_thread_raw(kt_cap_alloc(), 5, 1, all, 1, 10), -L4_EINVAL); /* empty */
	KCHECK_EQ(run_thread_raw(L4_BASE_LOG_CAP, 5, 1, all, 1, 10), -L4_EINVAL); /* no thread */
	KCHECK_EQ(run_thread_raw(th, 5, 0, all, 1, 10), -L4_EMSGMISSARG);
	KCHECK_EQ(run_thread_raw(th, 4, 1, all, 1, 10), -L4_EMSGTOOSHORT);
	KCHECK_EQ(run_thread_raw(th, 5, 1, all, 1, 255), 0);
	KCHECK_EQ(run_thread_raw(th, 5, 1, all, 1, 0), 0);
	kill(th);
}

/* Ready threads run highest priority first; changing the priority of a
 * ready thread moves it; a thread at 255 runs at once. */
static volatile char order[8];
static volatile unsigned order_n;

static void log_fn(void *p) { order[order_n++] = (char)(l4_umword_t)p; }

KTEST(scheduler_run_thread_priorities_decide_order)
{
	order_n = 0;
	l4_cap_idx_t a = kt_thread_start(log_fn, (void *)'a', 12);
	l4_cap_idx_t b = kt_thread_start(log_fn, (void *)'b', 14);
	l4_cap_idx_t c = kt_thread_start(log_fn, (void *)'c', 13);
	KASSERT(!l4_is_invalid_cap(a) && !l4_is_invalid_cap(b) && !l4_is_invalid_cap(c));
	KCHECK_EQ(order_n, 0);
	kt_sleep_us(3 * MS);
	KASSERT_EQ(order_n, 3);
	KCHECK_EQ(order[0], 'b');
	KCHECK_EQ(order[1], 'c');
	KCHECK_EQ(order[2], 'a');
	order_n = 0;
	l4_cap_idx_t d = kt_thread_start(log_fn, (void *)'d', 11);
	l4_cap_idx_t e = kt_thread_start(log_fn, (void *)'e', 12);
	KASSERT(!l4_is_invalid_cap(d) && !l4_is_invalid_cap(e));
	KCHECK_EQ(kt_set_prio(d, 15), 0);
	KCHECK_EQ(order_n, 0);
	kt_sleep_us(3 * MS);
	KASSERT_EQ(order_n, 2);
	KCHECK_EQ(order[0], 'd');
	KCHECK_EQ(order[1], 'e');
	order_n = 0;
	l4_cap_idx_t f = kt_thread_start(log_fn, (void *)'f', 255);
	KASSERT(!l4_is_invalid_cap(f));
	KCHECK_EQ(order_n, 1); /* ran before kt_thread_start() returned */
	kill(a);
	kill(b);
	kill(c);
	kill(d);
	kill(e);
	kill(f);
}

KTEST(scheduler_idle_time_grows_while_everything_sleeps)
{
	l4_sched_cpu_set_t cpu0 = l4_sched_cpu_set(0, 0, 1);
	l4_kernel_clock_t i0 = 0, i1 = 0;
	KCHECK_EQ(l4_error(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &cpu0, &i0)), 0);
	kt_sleep_us(50 * MS);
	KCHECK_EQ(l4_error(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &cpu0, &i1)), 0);
	KCHECK_GE(i1 - i0, 45 * MS);
	KCHECK_LE(i1 - i0, 55 * MS);
	/* While a thread spins the CPU is not idle. */
	static struct spin s;
	s = (struct spin){ 0 };
	l4_cap_idx_t th = kt_thread_start(spin_fn, &s, LOW);
	KASSERT(!l4_is_invalid_cap(th));
	KCHECK_EQ(l4_error(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &cpu0, &i0)), 0);
	kt_sleep_us(30 * MS);
	KCHECK_EQ(l4_error(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &cpu0, &i1)), 0);
	kill(th);
	KCHECK_LE(i1 - i0, 1 * MS);
	/* No online CPU in the set. */
	l4_sched_cpu_set_t none = l4_sched_cpu_set(1, 0, 1);
	KCHECK_EQ(l4_error(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &none, &i0)), -L4_EINVAL);
	none = l4_sched_cpu_set(0, 0, 0);
	KCHECK_EQ(l4_error(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &none, &i0)), -L4_EINVAL);
}

KTEST(scheduler_bad_messages)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = L4_SCHEDULER_INFO_OP;
	m->mr[1] = 0;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_SCHEDULER_CAP, l4_utcb(),
				       l4_msgtag(L4_PROTO_LOG, 2, 0, 0), L4_IPC_NEVER)), -L4_EBADPROTO);
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_SCHEDULER_CAP, l4_utcb(),
				       l4_msgtag(L4_PROTO_SCHEDULER, 0, 0, 0), L4_IPC_NEVER)),
		  -L4_EMSGTOOSHORT);
	m->mr[0] = 9;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_SCHEDULER_CAP, l4_utcb(),
				       l4_msgtag(L4_PROTO_SCHEDULER, 1, 0, 0), L4_IPC_NEVER)), -L4_ENOSYS);
	m->mr[0] = L4_SCHEDULER_INFO_OP;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_SCHEDULER_CAP, l4_utcb(),
				       l4_msgtag(L4_PROTO_SCHEDULER, 1, 0, 0), L4_IPC_NEVER)),
		  -L4_EMSGTOOSHORT);
	m->mr[0] = L4_SCHEDULER_IDLE_TIME_OP;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_SCHEDULER_CAP, l4_utcb(),
				       l4_msgtag(L4_PROTO_SCHEDULER, 2, 0, 0), L4_IPC_NEVER)),
		  -L4_EMSGTOOSHORT);
	/* Thread operations on an empty slot. */
	l4_kernel_clock_t us;
	KCHECK_EQ(l4_error(l4_thread_stats_time(kt_cap_alloc(), &us)),
		  -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));
	KCHECK_EQ(l4_error(l4_thread_ex_regs(kt_cap_alloc(), ~0UL, ~0UL, 0)),
		  -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));
}

/* ---- preemption, round robin, FPU ----------------------------------------- */

struct high {
	volatile l4_uint64_t t0, t1;
	volatile unsigned long low_at_wake;
	volatile int done;
};
static struct spin low_spin;

static void high_fn(void *p)
{
	struct high *h = p;
	h->t0 = kt_now_us();
	kt_sleep_us(20 * MS);
	h->t1 = kt_now_us();
	h->low_at_wake = low_spin.count;
	h->done = 1;
}

/* A spinning low-priority thread that never yields is preempted by a
 * higher-priority thread as soon as that one's timeout expires. */
KTEST(preemption_by_higher_priority_thread_waking_from_timeout)
{
	static struct high h;
	h = (struct high){ 0 };
	low_spin = (struct spin){ 0 };
	l4_cap_idx_t hi = kt_thread_start(high_fn, &h, 30); /* runs at once, sleeps 20 ms */
	l4_cap_idx_t lo = kt_thread_start(spin_fn, &low_spin, LOW);
	KASSERT(!l4_is_invalid_cap(hi) && !l4_is_invalid_cap(lo));
	kt_sleep_us(60 * MS); /* the low thread spins meanwhile */
	unsigned long low_end = low_spin.count;
	kill(lo);
	KCHECK_EQ(h.done, 1);
	KCHECK_GE(h.t1 - h.t0, 20 * MS);
	KCHECK_LE(h.t1 - h.t0, 20 * MS + 3 * MS); /* within a few ticks */
	KCHECK_GT(h.low_at_wake, 0);              /* the low one was spinning */
	KCHECK_GT(low_end, h.low_at_wake);        /* and went on afterwards */
	kill(hi);
}

/* Two spinning threads of equal priority share the CPU round robin. */
KTEST(round_robin_equal_priorities_both_progress)
{
	static struct spin a, b;
	a = (struct spin){ 0 };
	b = (struct spin){ 0 };
	a.other = &b.count;
	b.other = &a.count;
	l4_cap_idx_t ta = kt_thread_start(spin_fn, &a, LOW);
	l4_cap_idx_t tb = kt_thread_start(spin_fn, &b, LOW);
	KASSERT(!l4_is_invalid_cap(ta) && !l4_is_invalid_cap(tb));
	kt_sleep_us(200 * MS);
	l4_uint64_t ca = kt_cpu_time_us(ta), cb = kt_cpu_time_us(tb);
	kill(ta);
	kill(tb);
	ktap_note("cpu time %llu / %llu us, %lu / %lu switches", (unsigned long long)ca,
		  (unsigned long long)cb, a.switches, b.switches);
	KCHECK_GT(a.count, 0);
	KCHECK_GT(b.count, 0);
	KCHECK_GE(ca, 70 * MS);
	KCHECK_GE(cb, 70 * MS);
	KCHECK_GE(a.switches, 5);
	KCHECK_GE(b.switches, 5);
}

/* Two threads of equal priority load different values into xmm0..xmm15,
 * MXCSR and the x87 control word, spin (in assembly, touching none of
 * them) until a common deadline while being preempted many times, then
 * read everything back. */
struct fpu {
	l4_uint64_t in[32], out[32];
	l4_uint32_t mxcsr_in, mxcsr_out;
	l4_uint16_t fcw_in, fcw_out;
	l4_uint64_t deadline;
	volatile int done;
};

static void fpu_fn(void *p)
{
	struct fpu *f = p;
	__asm__ volatile(
		"fldcw %[fcw_in]\n\t"
		"ldmxcsr %[mx_in]\n\t"
		"movdqu 0(%[in]), %%xmm0\n\t"
		"movdqu 16(%[in]), %%xmm1\n\t"
		"movdqu 32(%[in]), %%xmm2\n\t"
		"movdqu 48(%[in]), %%xmm3\n\t"
		"movdqu 64(%[in]), %%xmm4\n\t"
		"movdqu 80(%[in]), %%xmm5\n\t"
		"movdqu 96(%[in]), %%xmm6\n\t"
		"movdqu 112(%[in]), %%xmm7\n\t"
		"movdqu 128(%[in]), %%xmm8\n\t"
		"movdqu 144(%[in]), %%xmm9\n\t"
		"movdqu 160(%[in]), %%xmm10\n\t"
		"movdqu 176(%[in]), %%xmm11\n\t"
		"movdqu 192(%[in]), %%xmm12\n\t"
		"movdqu 208(%[in]), %%xmm13\n\t"
		"movdqu 224(%[in]), %%xmm14\n\t"
		"movdqu 240(%[in]), %%xmm15\n\t"
		"1: pause\n\t"
		"mov (%[clk]), %%rax\n\t"
		"cmp %[end], %%rax\n\t"
		"jb 1b\n\t"
		"movdqu %%xmm0, 0(%[out])\n\t"
		"movdqu %%xmm1, 16(%[out])\n\t"
		"movdqu %%xmm2, 32(%[out])\n\t"
		"movdqu %%xmm3, 48(%[out])\n\t"
		"movdqu %%xmm4, 64(%[out])\n\t"
		"movdqu %%xmm5, 80(%[out])\n\t"
		"movdqu %%xmm6, 96(%[out])\n\t"
		"movdqu %%xmm7, 112(%[out])\n\t"
		"movdqu %%xmm8, 128(%[out])\n\t"
		"movdqu %%xmm9, 144(%[out])\n\t"
		"movdqu %%xmm10, 160(%[out])\n\t"
		"movdqu %%xmm11, 176(%[out])\n\t"
		"movdqu %%xmm12, 192(%[out])\n\t"
		"movdqu %%xmm13, 208(%[out])\n\t"
		"movdqu %%xmm14, 224(%[out])\n\t"
		"movdqu %%xmm15, 240(%[out])\n\t"
		"stmxcsr %[mx_out]\n\t"
		"fnstcw %[fcw_out]\n\t"
		"fninit\n\t"
		"ldmxcsr %[mx_default]\n\t"
		: [mx_out] "=m"(f->mxcsr_out), [fcw_out] "=m"(f->fcw_out)
		: [in] "r"(f->in), [out] "r"(f->out), [clk] "r"(&l4_kip()->clock),
		  [end] "r"(f->deadline), [mx_in] "m"(f->mxcsr_in), [fcw_in] "m"(f->fcw_in),
		  [mx_default] "m"((l4_uint32_t){ 0x1f80 })
		: "rax", "cc", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
		  "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	f->done = 1;
}

KTEST(fpu_sse_state_isolated_between_preempted_threads)
{
	static struct fpu a, b;
	a = (struct fpu){ .mxcsr_in = 0x3f80, .fcw_in = 0x027f };
	b = (struct fpu){ .mxcsr_in = 0x5f80, .fcw_in = 0x007f };
	for (unsigned i = 0; i < 32; i++) {
		a.in[i] = 0xa000000000000000ULL | (0x0101010101ULL * (i + 1));
		b.in[i] = 0x5b00000000000000ULL ^ (0x0f0f0f0f0f0fULL * (i + 3));
	}
	a.deadline = b.deadline = kt_now_us() + 150 * MS;
	l4_cap_idx_t ta = kt_thread_start(fpu_fn, &a, LOW);
	l4_cap_idx_t tb = kt_thread_start(fpu_fn, &b, LOW);
	KASSERT(!l4_is_invalid_cap(ta) && !l4_is_invalid_cap(tb));
	KCHECK(kt_wait_flag_sleep(&a.done, 2000 * MS));
	KCHECK(kt_wait_flag_sleep(&b.done, 2000 * MS));
	l4_uint64_t ca = kt_cpu_time_us(ta), cb = kt_cpu_time_us(tb);
	ktap_note("cpu time %llu / %llu us", (unsigned long long)ca, (unsigned long long)cb);
	/* Both spun until the same deadline: each got about half the time, so
	 * each was preempted several times (10 ms slices). */
	KCHECK_GE(ca, 40 * MS);
	KCHECK_GE(cb, 40 * MS);
	unsigned bad_a = 0, bad_b = 0;
	for (unsigned i = 0; i < 32; i++) {
		bad_a += a.out[i] != a.in[i];
		bad_b += b.out[i] != b.in[i];
	}
	KCHECK_EQ(bad_a, 0);
	KCHECK_EQ(bad_b, 0);
	KCHECK_EQ(a.mxcsr_out, a.mxcsr_in);
	KCHECK_EQ(b.mxcsr_out, b.mxcsr_in);
	KCHECK_EQ(a.fcw_out, a.fcw_in);
	KCHECK_EQ(b.fcw_out, b.fcw_in);
	kill(ta);
	kill(tb);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}

/* The FS base (fiasco_amd64_set_segment_base): thread-local storage. The
 * word at the base reads back through %fs; each thread keeps its own base
 * across switches; bad segments, non-canonical bases and short messages
 * are refused. */
static unsigned long fs_word_self(void)
{
	unsigned long v;
	__asm__ volatile("mov %%fs:0, %0" : "=r"(v));
	return v;
}

struct fs_probe {
	unsigned long slot;     /* what %fs:0 should read */
	volatile unsigned long seen;
	volatile int done;
};

static void fs_probe_fn(void *p)
{
	struct fs_probe *f = p;
	f->seen = fs_word_self();
	f->done = 1;
}

KTEST(thread_fs_base_per_thread)
{
	static unsigned long mine = 0x6d696e65UL;
	static struct fs_probe other = { .slot = 0x6f746872UL };
	KASSERT_EQ(fiasco_amd64_set_fs(L4_BASE_THREAD_CAP, (l4_umword_t)&mine, l4_utcb()), 0);
	KCHECK_EQ(fs_word_self(), mine);
	/* LOW: it runs only once the main thread waits, after its base is set. */
	l4_cap_idx_t th = kt_thread_start(fs_probe_fn, &other, LOW);
	KASSERT(l4_is_valid_cap(th));
	KCHECK_EQ(fiasco_amd64_set_fs(th, (l4_umword_t)&other.slot, l4_utcb()), 0);
	for (int i = 0; i < 100 && !other.done; i++)
		kt_sleep_us(2 * MS); /* sleeping lets the LOW thread run */
	KCHECK(other.done);
	KCHECK_EQ(other.seen, other.slot);
	KCHECK_EQ(fs_word_self(), mine);
	kt_delete(th);
}

KTEST(thread_fs_base_refusals)
{
	static unsigned long w;
	KCHECK_EQ(fiasco_amd64_set_segment_base(L4_BASE_THREAD_CAP, L4_AMD64_SEGMENT_GS,
						(l4_umword_t)&w, l4_utcb()), -L4_EINVAL);
	KCHECK_EQ(fiasco_amd64_set_fs(L4_BASE_THREAD_CAP, 0x0000800000000000UL, l4_utcb()),
		  -L4_EINVAL);
	l4_utcb_mr()->mr[0] = L4_THREAD_AMD64_SET_SEGMENT_BASE_OP;
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_THREAD_CAP, l4_utcb(),
				       l4_msgtag(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER)),
		  -L4_EMSGTOOSHORT);
	l4_utcb_mr()->mr[0] = 0x11; /* another x86 op Walnut lacks */
	KCHECK_EQ(l4_error(l4_ipc_call(L4_BASE_THREAD_CAP, l4_utcb(),
				       l4_msgtag(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER)),
		  -L4_ENOSYS);
}
