/* kbench: kernel micro-benchmarks in cycle-counter ticks (rdtsc). Under
 * QEMU TCG with -icount shift=0 a tick is one guest instruction.
 * Prints one line per benchmark: "kbench: <name> median M min N rounds R". */
#include <ktest_bench.h>
#include <ktest_util.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/kprint.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

int main(int argc, char **argv);

#define ROUNDS      100000
#define WARMUP      2000
#define MAP_ROUNDS  100000
#define MAP512_ROUNDS 2000
#define PF_WINDOW   256    /* pages touched per batch in the page-fault benchmark */
#define CHILD_AREA  0x10000000000UL /* where the child sees pages it faults on */

static uint64_t samples[BENCH_MAX_SAMPLES];
static char page_buf[PF_WINDOW][4096] __attribute__((aligned(4096)));
static char big_buf[2 << 20] __attribute__((aligned(2 << 20)));

static void report(const char *name, unsigned n)
{
	bench_report("kbench", name, samples, n);
}

/* Answers every call with as many words as it got. */
static void echo_server(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;)
		tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, l4_msgtag_words(tag), 0, 0),
					    &label, L4_IPC_NEVER);
}

static void bench_call(const char *name, l4_cap_idx_t dst, unsigned words)
{
	l4_msgtag_t tag = l4_msgtag(0, words, 0, 0);
	for (unsigned i = 0; i < WARMUP; i++)
		l4_ipc_call(dst, l4_utcb(), tag, L4_IPC_NEVER);
	for (unsigned i = 0; i < ROUNDS; i++) {
		uint64_t t0 = bench_cycles();
		l4_ipc_call(dst, l4_utcb(), tag, L4_IPC_NEVER);
		samples[i] = bench_cycles() - t0;
	}
	report(name, ROUNDS);
}

static l4_cap_idx_t gate_to(l4_cap_idx_t thread)
{
	l4_cap_idx_t g = kt_cap_alloc();
	if (l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, thread, 0x10)) < 0)
		l4_kprintf("kbench: cannot create a gate\n");
	return g;
}

static void bench_null(void)
{
	l4_cap_idx_t empty = kt_cap_alloc();
	for (unsigned i = 0; i < ROUNDS; i++) {
		uint64_t t0 = bench_cycles();
		l4_ipc_send(empty, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
		samples[i] = bench_cycles() - t0;
	}
	report("null invocation (empty capability)", ROUNDS);
}

/* -- page faults ------------------------------------------------------- */

static volatile int pf_batches_done;

/* Maps one page of page_buf at each fault address of the child. */
static void pager(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_addr_t pfa = l4_utcb_mr()->mr[0] & L4_PAGEMASK;
		unsigned idx = (unsigned)((pfa - CHILD_AREA) >> L4_PAGESHIFT) % PF_WINDOW;
		l4_utcb_mr()->mr[0] = l4_map_control(pfa, 0, L4_MAP_ITEM_MAP);
		l4_utcb_mr()->mr[1] = l4_fpage((l4_addr_t)page_buf[idx], L4_PAGESHIFT, L4_FPAGE_RW).raw;
		(void)tag;
		tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 1, 0), &label, L4_IPC_NEVER);
	}
}

static volatile unsigned pf_round;
static l4_cap_idx_t pf_main_gate;

/* In the child: touch the window page by page, timing each fault; after a
 * window, ask the main thread to unmap it again. */
static void faulter(void *arg)
{
	(void)arg;
	unsigned total = (unsigned)(WARMUP + ROUNDS);
	for (unsigned done = 0; done < total;) {
		for (unsigned p = 0; p < PF_WINDOW && done < total; p++, done++) {
			volatile char *a = (volatile char *)(CHILD_AREA + (l4_addr_t)p * 4096);
			uint64_t t0 = bench_cycles();
			(void)*a;
			uint64_t dt = bench_cycles() - t0;
			if (done >= WARMUP)
				samples[done - WARMUP] = dt;
		}
		l4_ipc_call(pf_main_gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	}
	pf_round = 1;
	l4_ipc_call(pf_main_gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
}

static void bench_page_fault(l4_cap_idx_t child)
{
	l4_cap_idx_t pg = kt_thread_start(pager, 0, 20);
	l4_cap_idx_t pg_child_cap = 0x200UL << L4_CAP_SHIFT;
	l4_cap_idx_t gate_child_cap = 0x201UL << L4_CAP_SHIFT;
	/* The child reaches its pager and the main thread through capabilities. */
	l4_task_map(child, L4_BASE_TASK_CAP, l4_obj_fpage(pg, 0, L4_CAP_FPAGE_RWS), pg_child_cap);
	l4_cap_idx_t main_gate = gate_to(L4_BASE_THREAD_CAP);
	l4_task_map(child, L4_BASE_TASK_CAP, l4_obj_fpage(main_gate, 0, L4_CAP_FPAGE_RWS),
		    gate_child_cap);
	pf_main_gate = gate_child_cap;
	kt_task_thread_start(child, 1, faulter, 0, 10, pg_child_cap, L4_INVALID_CAP);
	l4_umword_t label;
	l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_task_unmap(child, l4_fpage(CHILD_AREA, L4_PAGESHIFT + 8, L4_FPAGE_RWX),
			      L4_FP_ALL_SPACES);
		if (pf_round)
			break;
		l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 0, 0), &label, L4_IPC_NEVER);
	}
	report("page fault resolved by a user pager", ROUNDS);
}

/* -- map and unmap ------------------------------------------------------ */

static void bench_map(l4_cap_idx_t child, const char *name, l4_addr_t src, unsigned order,
		      unsigned rounds)
{
	l4_addr_t dst = CHILD_AREA + (4UL << 30);
	l4_fpage_t fp = l4_fpage(src, order, L4_FPAGE_RW);
	l4_fpage_t dfp = l4_fpage(dst, order, L4_FPAGE_RWX);
	for (unsigned i = 0; i < rounds + WARMUP / 10; i++) {
		uint64_t t0 = bench_cycles();
		l4_task_map(child, L4_BASE_TASK_CAP, fp, dst);
		l4_task_unmap(child, dfp, L4_FP_ALL_SPACES);
		if (i >= WARMUP / 10)
			samples[i - WARMUP / 10] = bench_cycles() - t0;
	}
	report(name, rounds);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	l4_kprintf("kbench: cycle counter %llu kHz (KIP)\n",
		   (unsigned long long)l4_kip()->frequency_cpu);
	/* Touch the buffers once so the root task's own pages exist. */
	for (unsigned i = 0; i < PF_WINDOW; i++)
		page_buf[i][0] = 1;
	for (unsigned i = 0; i < sizeof(big_buf); i += 4096)
		big_buf[i] = 1;

	l4_cap_idx_t local = gate_to(kt_thread_start(echo_server, 0, 20));
	bench_call("ipc call+reply, same task, 0 words", local, 0);
	bench_call("ipc call+reply, same task, 8 words", local, 8);

	l4_cap_idx_t child = kt_task_create();
	l4_cap_idx_t remote = gate_to(kt_task_thread_start(child, 0, echo_server, 0, 20,
							  L4_INVALID_CAP, L4_INVALID_CAP));
	bench_call("ipc call+reply, two tasks, 0 words", remote, 0);
	bench_call("ipc call+reply, two tasks, 8 words", remote, 8);

	bench_null();
	bench_map(child, "map+unmap, 1 page", (l4_addr_t)page_buf[0], L4_PAGESHIFT, MAP_ROUNDS);
	bench_map(child, "map+unmap, 512 pages (2 MiB flexpage)", (l4_addr_t)big_buf, 21,
		  MAP512_ROUNDS);
	bench_page_fault(child);
	l4_kprintf("kbench: done\n");
	return 0;
}
