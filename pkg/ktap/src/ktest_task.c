/* Helpers for kernel tests: recycled threads, child tasks, a fault handler
 * and probers (see ktest_task.h). */
#include <ktest_task.h>
#include <stdbool.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/kprint.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

void kt_thread_entry(void);

/* -- probes and the code page --------------------------------------------- */

/* Each probe clears r10; the fault handler sets r10 = 1 and resumes the
 * probe after the access, so the probe stores whether it faulted. */

__asm__(".text\n"
	".globl ktt_probe_read, ktt_probe_read_insn, ktt_probe_read_done\n"
	"ktt_probe_read:\n"
	"	xor %r10d, %r10d\n"
	"	xor %eax, %eax\n"
	"ktt_probe_read_insn:\n"
	"	mov (%rdi), %rax\n"
	"ktt_probe_read_done:\n"
	"	mov %r10d, (%rsi)\n"
	"	ret\n"
	".globl ktt_probe_write, ktt_probe_write_insn, ktt_probe_write_done\n"
	"ktt_probe_write:\n"
	"	xor %r10d, %r10d\n"
	"ktt_probe_write_insn:\n"
	"	mov %rsi, (%rdi)\n"
	"ktt_probe_write_done:\n"
	"	mov %r10d, (%rdx)\n"
	"	ret\n"
	".globl ktt_probe_exec\n"
	"ktt_probe_exec:\n"
	"	push %rbx\n"
	"	mov %rsi, %rbx\n"
	"	xor %r10d, %r10d\n"
	"	xor %eax, %eax\n"
	"	call *%rdi\n"
	"	mov %r10d, (%rbx)\n"
	"	pop %rbx\n"
	"	ret\n"
	/* A whole page of code of its own: mapped into children for X tests. */
	".section .text.ktt_code_page, \"ax\", @progbits\n"
	".balign 4096\n"
	".globl ktt_code_page\n"
	"ktt_code_page:\n"
	"	mov $42, %eax\n"
	"	ret\n"
	".balign 4096\n"
	".text\n");

/* -- threads --------------------------------------------------------------- */

#define STACK_SIZE 8192
#define NSTACKS    40
#define NTHREADS   48
#define BOOT_UTCB_AREA 0x00007fffffe00000UL
#define ROOT_UTCB_FIRST 40 /* root UTCB slots 40..63; kt_utcb_alloc() counts up from 1 */
#define ROOT_UTCB_LAST  63

static char stacks[NSTACKS][STACK_SIZE] __attribute__((aligned(16)));
static bool stack_used[NSTACKS];
static bool root_utcb_used[ROOT_UTCB_LAST + 1];

struct thr {
	l4_cap_idx_t cap;   /* 0: free entry */
	l4_cap_idx_t task;
	int stack;
	int root_utcb;      /* root UTCB slot, or -1 */
};
static struct thr threads[NTHREADS];

static long check(const char *what, l4_msgtag_t tag)
{
	long err = l4_error(tag);
	if (err < 0)
		l4_kprintf("# ktest_task: %s failed: %ld\n", what, err);
	return err;
}

static struct thr *thr_find(l4_cap_idx_t cap)
{
	for (unsigned i = 0; i < NTHREADS; i++)
		if (threads[i].cap == cap)
			return &threads[i];
	return 0;
}

static void thr_release(struct thr *t)
{
	if (t->stack >= 0)
		stack_used[t->stack] = false;
	if (t->root_utcb >= 0)
		root_utcb_used[t->root_utcb] = false;
	t->cap = 0;
}

l4_cap_idx_t ktt_thread(l4_cap_idx_t task, l4_utcb_t *utcb, void (*fn)(void *), void *arg,
			unsigned prio, l4_cap_idx_t pager, l4_cap_idx_t exc)
{
	struct thr *t = thr_find(0);
	int s = -1, u = -1;
	for (int i = 0; i < NSTACKS && s < 0; i++)
		if (!stack_used[i])
			s = i;
	if (!utcb)
		for (int i = ROOT_UTCB_FIRST; i <= ROOT_UTCB_LAST && u < 0; i++)
			if (!root_utcb_used[i])
				u = i;
	if (!t || s < 0 || (!utcb && u < 0)) {
		l4_kprintf("# ktest_task: out of threads, stacks or UTCBs\n");
		return L4_INVALID_CAP;
	}
	if (!utcb)
		utcb = (l4_utcb_t *)(BOOT_UTCB_AREA + L4_UTCB_OFFSET * (unsigned long)u);
	*t = (struct thr){ kt_cap_alloc(), task, s, u };
	stack_used[s] = true;
	if (u >= 0)
		root_utcb_used[u] = true;

	unsigned long *sp = (unsigned long *)(stacks[s] + STACK_SIZE);
	*--sp = 0; /* keeps the entry's pops 16-byte aligned */
	*--sp = (unsigned long)arg;
	*--sp = (unsigned long)fn;

	if (check("create thread", l4_factory_create_thread(L4_BASE_FACTORY_CAP, t->cap)) < 0) {
		thr_release(t);
		return L4_INVALID_CAP;
	}
	l4_cap_idx_t cap = t->cap;
	l4_thread_control_start();
	l4_thread_control_pager(pager);
	l4_thread_control_exc_handler(exc);
	l4_thread_control_bind(utcb, task);
	l4_sched_param_t sp_ = l4_sched_param(prio, 0);
	if (check("thread control", l4_thread_control_commit(cap)) < 0 ||
	    check("run thread", l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, cap, &sp_)) < 0 ||
	    check("ex_regs", l4_thread_ex_regs(cap, (l4_addr_t)kt_thread_entry, (l4_addr_t)sp, 0)) < 0) {
		ktt_thread_free(cap);
		return L4_INVALID_CAP;
	}
	return cap;
}

void ktt_thread_free(l4_cap_idx_t thread)
{
	struct thr *t = thr_find(thread);
	l4_task_delete_obj(L4_BASE_TASK_CAP, thread);
	if (t)
		thr_release(t);
}

/* -- tasks ------------------------------------------------------------------ */

extern char __executable_start[], _end[];

long ktt_map_cap(l4_cap_idx_t dst_task, l4_cap_idx_t cap, unsigned rights, l4_cap_idx_t dst_sel)
{
	return l4_error(l4_task_map(dst_task, L4_BASE_TASK_CAP, l4_obj_fpage(cap, 0, rights), dst_sel));
}

long ktt_map_mem(l4_cap_idx_t dst_task, l4_addr_t src, unsigned order, unsigned rights,
		 l4_addr_t dst)
{
	return l4_error(l4_task_map(dst_task, L4_BASE_TASK_CAP, l4_fpage(src, order, rights), dst));
}

l4_cap_idx_t ktt_task(l4_cap_idx_t factory, int share_image)
{
	l4_cap_idx_t task = kt_cap_alloc();
	l4_fpage_t area = l4_fpage(KT_CHILD_UTCB_AREA, L4_PAGESHIFT + 2, L4_FPAGE_RW);
	if (check("create task", l4_factory_create_task(factory, task, area)) < 0)
		return L4_INVALID_CAP;
	if (share_image)
		for (unsigned long a = (unsigned long)__executable_start & L4_PAGEMASK;
		     a < (unsigned long)_end; a += L4_PAGESIZE)
			if (ktt_map_mem(task, a, L4_PAGESHIFT, L4_FPAGE_RWX, a) < 0) {
				l4_kprintf("# ktest_task: map image page %#lx failed\n", a);
				l4_task_delete_obj(L4_BASE_TASK_CAP, task);
				return L4_INVALID_CAP;
			}
	if (ktt_map_cap(task, task, L4_CAP_FPAGE_RWSD, L4_BASE_TASK_CAP) < 0 ||
	    ktt_map_cap(task, L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW, L4_BASE_LOG_CAP) < 0) {
		l4_kprintf("# ktest_task: map task/log capability failed\n");
		l4_task_delete_obj(L4_BASE_TASK_CAP, task);
		return L4_INVALID_CAP;
	}
	return task;
}

void ktt_task_free(l4_cap_idx_t task)
{
	l4_task_delete_obj(L4_BASE_TASK_CAP, task);
	for (unsigned i = 0; i < NTHREADS; i++)
		if (threads[i].cap && threads[i].task == task)
			ktt_thread_free(threads[i].cap);
}

/* -- the fault handler -------------------------------------------------------- */

struct ktt_fault_log ktt_fault;
static l4_cap_idx_t handler_cap = L4_INVALID_CAP;

void ktt_fault_reset(void)
{
	ktt_fault.pf_count = ktt_fault.exc_count = ktt_fault.unknown = 0;
	ktt_fault.pf_label = 0;
	ktt_fault.pf_words = ktt_fault.exc_words = 0;
	ktt_fault.pf_addr = ktt_fault.pf_ip = 0;
	ktt_fault.trapno = ktt_fault.err = ktt_fault.pfa = ktt_fault.ip = ktt_fault.sp = 0;
}

/* Resumes a probe after a fault: true when ip is one of the probes. */
static bool recover(l4_exc_regs_t *e)
{
	if (e->ip == (l4_umword_t)ktt_probe_read_insn) {
		e->ip = (l4_umword_t)ktt_probe_read_done;
		e->rax = 0;
	} else if (e->ip == (l4_umword_t)ktt_probe_write_insn) {
		e->ip = (l4_umword_t)ktt_probe_write_done;
	} else if (e->trapno == 14 && e->pfa == e->ip && (e->err & 0x10)) {
		/* An instruction fetch from the probed code: return to the
		 * caller (ktt_probe_exec), whose stack is shared memory. */
		e->ip = *(l4_umword_t *)e->sp;
		e->sp += 8;
		e->rax = 0;
	} else {
		return false;
	}
	e->r10 = 1;
	return true;
}

static void handler_fn(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_msgtag_t reply = l4_msgtag(-L4_EINVAL, 0, 0, 0);
		l4_msg_regs_t *m = l4_utcb_mr();
		if (l4_msgtag_has_error(tag)) {
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		if (l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT) {
			ktt_fault.pf_label = l4_msgtag_label(tag);
			ktt_fault.pf_words = l4_msgtag_words(tag);
			ktt_fault.pf_addr = m->mr[0];
			ktt_fault.pf_ip = m->mr[1];
			ktt_fault.pf_count++;
			reply = l4_msgtag(-L4_ENOMEM, 0, 0, 0); /* becomes an exception */
		} else if (l4_msgtag_label(tag) == L4_PROTO_EXCEPTION) {
			l4_exc_regs_t *e = l4_utcb_exc();
			ktt_fault.exc_words = l4_msgtag_words(tag);
			ktt_fault.trapno = e->trapno;
			ktt_fault.err = e->err;
			ktt_fault.pfa = e->pfa;
			ktt_fault.ip = e->ip;
			ktt_fault.sp = e->sp;
			ktt_fault.exc_count++;
			if (recover(e)) {
				reply = l4_msgtag(0, L4_UTCB_EXCEPTION_REGS_SIZE, 0, 0);
			} else {
				ktt_fault.unknown++;
				l4_kprintf("# ktest_task: unexpected exception %lu at ip %#lx (pfa %#lx)\n",
					   e->trapno, e->ip, e->pfa);
			}
		}
		tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}

l4_cap_idx_t ktt_handler(void)
{
	if (l4_is_invalid_cap(handler_cap))
		handler_cap = ktt_thread(L4_BASE_TASK_CAP, 0, handler_fn, 0, 40, L4_INVALID_CAP,
					 L4_INVALID_CAP);
	return handler_cap;
}

/* -- probers ------------------------------------------------------------------ */

enum {
	OP_READ = 1, OP_WRITE, OP_EXEC, OP_TASK_MAP, OP_TASK_UNMAP, OP_CAP_VALID,
	OP_CREATE_IRQ, OP_IRQ_DETACH,
};

static void prober_fn(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_msg_regs_t *m = l4_utcb_mr();
		l4_umword_t op = m->mr[0], a = m->mr[1], b = m->mr[2], c = m->mr[3], d = m->mr[4];
		l4_umword_t r0 = 0, r1 = 0;
		int faulted = 0;
		if (l4_msgtag_has_error(tag)) {
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		switch (op) {
		case OP_READ:
			r1 = ktt_probe_read((const volatile void *)a, &faulted);
			r0 = faulted ? KTT_FAULT : KTT_OK;
			break;
		case OP_WRITE:
			ktt_probe_write((volatile void *)a, b, &faulted);
			r0 = faulted ? KTT_FAULT : KTT_OK;
			break;
		case OP_EXEC:
			r1 = ktt_probe_exec((const void *)a, &faulted);
			r0 = faulted ? KTT_FAULT : KTT_OK;
			break;
		case OP_TASK_MAP:
			r0 = (l4_umword_t)l4_error(l4_task_map(a, b, (l4_fpage_t){ .raw = c }, d));
			break;
		case OP_TASK_UNMAP:
			r0 = (l4_umword_t)l4_error(l4_task_unmap(a, (l4_fpage_t){ .raw = b }, c));
			break;
		case OP_CAP_VALID:
			r0 = (l4_umword_t)l4_error(l4_task_cap_valid(a, b));
			break;
		case OP_CREATE_IRQ:
			r0 = (l4_umword_t)l4_error(l4_factory_create_irq(a, b));
			break;
		case OP_IRQ_DETACH:
			r0 = (l4_umword_t)l4_error(l4_irq_detach(a));
			break;
		default:
			r0 = (l4_umword_t)-L4_ENOSYS;
		}
		m->mr[0] = r0;
		m->mr[1] = r1;
		tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 2, 0, 0), &label, L4_IPC_NEVER);
	}
}

l4_cap_idx_t ktt_prober_ex(l4_cap_idx_t task, l4_utcb_t *utcb, l4_cap_idx_t pager,
			   l4_cap_idx_t exc)
{
	l4_cap_idx_t psel = pager, esel = exc;
	if (task != L4_BASE_TASK_CAP) {
		psel = esel = L4_INVALID_CAP;
		if (!l4_is_invalid_cap(pager)) {
			if (ktt_map_cap(task, pager, L4_CAP_FPAGE_RWS, KTT_CHILD_PAGER) < 0)
				return L4_INVALID_CAP;
			psel = KTT_CHILD_PAGER;
		}
		if (!l4_is_invalid_cap(exc)) {
			if (ktt_map_cap(task, exc, L4_CAP_FPAGE_RWS, KTT_CHILD_EXC) < 0)
				return L4_INVALID_CAP;
			esel = KTT_CHILD_EXC;
		}
	}
	return ktt_thread(task, utcb, prober_fn, 0, 30, psel, esel);
}

l4_cap_idx_t ktt_prober(l4_cap_idx_t task, l4_utcb_t *utcb)
{
	l4_cap_idx_t h = ktt_handler();
	if (l4_is_invalid_cap(h))
		return L4_INVALID_CAP;
	return ktt_prober_ex(task, utcb, h, h);
}

/* One request: 5 words in, 2 words out; 3 s to answer. */
static long request(l4_cap_idx_t prober, l4_umword_t op, l4_umword_t a, l4_umword_t b,
		    l4_umword_t c, l4_umword_t d, l4_umword_t *out)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = op;
	m->mr[1] = a;
	m->mr[2] = b;
	m->mr[3] = c;
	m->mr[4] = d;
	l4_timeout_s to = l4_timeout_from_us(3000000);
	l4_msgtag_t tag = l4_ipc_call(prober, l4_utcb(), l4_msgtag(0, 5, 0, 0), l4_timeout(to, to));
	if (l4_msgtag_has_error(tag)) {
		long err = l4_error(tag);
		l4_kprintf("# ktest_task: prober request %lu failed: %ld\n", op, err);
		return err;
	}
	if (out)
		*out = m->mr[1];
	return (long)m->mr[0];
}

int ktt_read(l4_cap_idx_t prober, l4_addr_t addr, l4_umword_t *value)
{
	return (int)request(prober, OP_READ, addr, 0, 0, 0, value);
}

int ktt_write(l4_cap_idx_t prober, l4_addr_t addr, l4_umword_t value)
{
	return (int)request(prober, OP_WRITE, addr, value, 0, 0, 0);
}

int ktt_exec(l4_cap_idx_t prober, l4_addr_t addr, l4_umword_t *ret)
{
	return (int)request(prober, OP_EXEC, addr, 0, 0, 0, ret);
}

long ktt_remote_task_map(l4_cap_idx_t prober, l4_cap_idx_t dst, l4_cap_idx_t src,
			 l4_fpage_t fp, l4_umword_t snd_base)
{
	return request(prober, OP_TASK_MAP, dst, src, fp.raw, snd_base, 0);
}

long ktt_remote_task_unmap(l4_cap_idx_t prober, l4_cap_idx_t task, l4_fpage_t fp,
			   l4_umword_t mask)
{
	return request(prober, OP_TASK_UNMAP, task, fp.raw, mask, 0, 0);
}

long ktt_remote_cap_valid(l4_cap_idx_t prober, l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return request(prober, OP_CAP_VALID, task, cap, 0, 0, 0);
}

long ktt_remote_create_irq(l4_cap_idx_t prober, l4_cap_idx_t factory, l4_cap_idx_t slot)
{
	return request(prober, OP_CREATE_IRQ, factory, slot, 0, 0, 0);
}

long ktt_remote_irq_detach(l4_cap_idx_t prober, l4_cap_idx_t irq)
{
	return request(prober, OP_IRQ_DETACH, irq, 0, 0, 0, 0);
}

bool ktt_child_new(struct ktt_child *c)
{
	c->task = ktt_task(L4_BASE_FACTORY_CAP, 1);
	c->prober = l4_is_invalid_cap(c->task) ? L4_INVALID_CAP
					       : ktt_prober(c->task, KTT_CHILD_UTCB(0));
	return !l4_is_invalid_cap(c->prober);
}

void ktt_child_free(struct ktt_child *c) { ktt_task_free(c->task); }
