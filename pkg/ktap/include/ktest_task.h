/* More helpers for kernel tests: threads whose stacks and UTCBs are
 * recycled, child tasks, a fault handler thread that lets a probing thread
 * survive its faults, and a "prober": a thread (in this task or in a child
 * task) that performs memory accesses and capability operations on request,
 * so a test can observe what another address or object space holds.
 *
 *     l4_cap_idx_t b = ktt_task(L4_BASE_FACTORY_CAP, 1);
 *     l4_cap_idx_t pb = ktt_prober(b, KTT_CHILD_UTCB(0));
 *     unsigned long v;
 *     KCHECK_EQ(ktt_read(pb, 0x10000000, &v), KTT_OK);       // readable
 *     KCHECK_EQ(ktt_write(pb, 0x10000000, 1), KTT_FAULT);    // read-only
 *     ktt_task_free(b);                                     // also frees pb
 *
 * Everything here runs in the root task (the program's main thread and
 * threads it starts). Child tasks made with share_image map this program's
 * image, so globals are shared memory between the root task and them.
 */
#pragma once

#include <ktest_util.h>
#include <stdbool.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>

/* -- threads ---------------------------------------------------------------- */

/* A thread in task (L4_BASE_TASK_CAP: this task) running fn(arg), with
 * pager and exception handler selectors (as seen in task; L4_INVALID_CAP:
 * none). utcb: its UTCB in task; NULL in this task picks a free one.
 * Stacks come from a recycled pool. L4_INVALID_CAP on failure (printed). */
l4_cap_idx_t ktt_thread(l4_cap_idx_t task, l4_utcb_t *utcb, void (*fn)(void *), void *arg,
			unsigned prio, l4_cap_idx_t pager, l4_cap_idx_t exc);
/* Deletes a thread made by ktt_thread (every capability to it goes) and
 * recycles its stack and UTCB. The thread must not run afterwards: nothing
 * else (an IPC gate, an IRQ) may keep it alive. */
void ktt_thread_free(l4_cap_idx_t thread);

/* -- child tasks ------------------------------------------------------------- */

/* Child tasks get a UTCB area of 16 UTCBs at KT_CHILD_UTCB_AREA. */
#define KTT_CHILD_UTCB(slot) ((l4_utcb_t *)(KT_CHILD_UTCB_AREA + (slot) * L4_UTCB_OFFSET))
/* Selectors every ktt_task child has: itself at L4_BASE_TASK_CAP (RWSD),
 * the log at L4_BASE_LOG_CAP, and the pager and exception handler of its
 * probers at these two. Tests use slots from 0x40 up in children. */
#define KTT_CHILD_PAGER (0x20UL << L4_CAP_SHIFT)
#define KTT_CHILD_EXC   (0x21UL << L4_CAP_SHIFT)
#define KTT_CHILD_SLOT(n) ((0x40UL + (n)) << L4_CAP_SHIFT)

/* A child task created by factory. share_image: map this program's image
 * (all of text, data and bss, with this task's rights) at the same
 * addresses, so threads can run there. L4_INVALID_CAP on failure. */
l4_cap_idx_t ktt_task(l4_cap_idx_t factory, int share_image);
/* Deletes the task and frees the ktt_thread threads bound to it. */
void ktt_task_free(l4_cap_idx_t task);

/* l4_task_map() of one capability / memory flexpage from this task. */
long ktt_map_cap(l4_cap_idx_t dst_task, l4_cap_idx_t cap, unsigned rights, l4_cap_idx_t dst_sel);
long ktt_map_mem(l4_cap_idx_t dst_task, l4_addr_t src, unsigned order, unsigned rights,
		 l4_addr_t dst);

/* -- faults ----------------------------------------------------------------- */

/* What the fault handler saw last (and how often). */
struct ktt_fault_log {
	volatile unsigned pf_count;   /* page-fault IPCs */
	volatile unsigned exc_count;  /* exception IPCs */
	volatile long pf_label;       /* label of the last page-fault message */
	volatile unsigned pf_words;
	volatile l4_umword_t pf_addr; /* mr0: address | 2 write | 4 fetch */
	volatile l4_umword_t pf_ip;   /* mr1 */
	volatile unsigned exc_words;
	volatile l4_umword_t trapno, err, pfa, ip, sp;
	volatile unsigned unknown;    /* exceptions it could not recover from */
};
extern struct ktt_fault_log ktt_fault;

/* The fault handler thread of this task (started on first use, priority 40).
 * Page faults: logged, answered with a negative label so they become
 * exceptions. Exceptions in the ktt_read/write/exec probes are logged and
 * the probe resumes with "faulted"; anything else is refused (the thread
 * is halted with the kernel's report). */
l4_cap_idx_t ktt_handler(void);
void ktt_fault_reset(void);

/* -- probers ------------------------------------------------------------------ */

/* A prober thread in task (priority 30) whose page faults and exceptions go
 * to pager / exc (capabilities of this task, mapped into a child at
 * KTT_CHILD_PAGER / KTT_CHILD_EXC; L4_INVALID_CAP: none). */
l4_cap_idx_t ktt_prober_ex(l4_cap_idx_t task, l4_utcb_t *utcb, l4_cap_idx_t pager,
			   l4_cap_idx_t exc);
/* The same with ktt_handler() as pager and exception handler. */
l4_cap_idx_t ktt_prober(l4_cap_idx_t task, l4_utcb_t *utcb);

/* A child task (sharing the image) with a prober thread in UTCB slot 0. */
struct ktt_child {
	l4_cap_idx_t task, prober;
};
/* Makes c's task and prober; false (nothing to free) when either failed. */
bool ktt_child_new(struct ktt_child *c);
void ktt_child_free(struct ktt_child *c);

enum { KTT_OK = 1, KTT_FAULT = 0 }; /* results of the access probes; < 0: IPC failed */
/* Reads / writes one word at addr in the prober's task. */
int ktt_read(l4_cap_idx_t prober, l4_addr_t addr, l4_umword_t *value);
int ktt_write(l4_cap_idx_t prober, l4_addr_t addr, l4_umword_t value);
/* Calls the code at addr (a function returning a long in rax). */
int ktt_exec(l4_cap_idx_t prober, l4_addr_t addr, l4_umword_t *ret);

/* Operations performed by the prober in its own task, returning l4_error(). */
long ktt_remote_task_map(l4_cap_idx_t prober, l4_cap_idx_t dst, l4_cap_idx_t src,
			 l4_fpage_t fp, l4_umword_t snd_base);
long ktt_remote_task_unmap(l4_cap_idx_t prober, l4_cap_idx_t task, l4_fpage_t fp,
			   l4_umword_t mask);
long ktt_remote_cap_valid(l4_cap_idx_t prober, l4_cap_idx_t task, l4_cap_idx_t cap);
long ktt_remote_create_irq(l4_cap_idx_t prober, l4_cap_idx_t factory, l4_cap_idx_t slot);
long ktt_remote_irq_detach(l4_cap_idx_t prober, l4_cap_idx_t irq);

/* The probes themselves, for threads that run them directly: each
 * performs one access; *faulted is set when the fault handler resumed it
 * (ktt_handler() or one that moves ip from *_insn to *_done and sets r10
 * to 1). Their faulting instructions are at *_insn. */
unsigned long ktt_probe_read(const volatile void *p, int *faulted);
void ktt_probe_write(volatile void *p, unsigned long v, int *faulted);
unsigned long ktt_probe_exec(const void *code, int *faulted);
extern const char ktt_probe_read_insn[], ktt_probe_read_done[];
extern const char ktt_probe_write_insn[], ktt_probe_write_done[];

/* A page of code, page aligned in .text: "mov $42, %eax; ret". */
extern char ktt_code_page[];
#define KTT_CODE_RESULT 42
