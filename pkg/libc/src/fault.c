/* The task's exception handler: a thread that receives the exceptions of
 * every thread of the program (page faults the region map refused become
 * exceptions too), prints what happened and a backtrace of the faulting
 * thread, and ends the program with 128 + the matching signal number. */
#include "libc_internal.h"
#include <walnut/backtrace.h>
#include <walnut/fault.h>
#include <walnut/tcb.h>
#include <walnut/utcb_alloc.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <libunwind.h>

enum { HANDLER_STACK = 32 * 1024 };

static l4_cap_idx_t handler = L4_INVALID_CAP;

l4_cap_idx_t wn_fault_handler_cap(void)
{
	return handler;
}

static const char *trap_name(unsigned long trapno, int *sig)
{
	switch (trapno) {
	case 0:  *sig = SIGFPE;  return "divide error";
	case 3:  *sig = SIGTRAP; return "breakpoint";
	case 4:  *sig = SIGSEGV; return "overflow";
	case 5:  *sig = SIGSEGV; return "bound range exceeded";
	case 6:  *sig = SIGILL;  return "invalid opcode";
	case 13: *sig = SIGSEGV; return "general protection fault";
	case 14: *sig = SIGSEGV; return "page fault";
	case 16: *sig = SIGFPE;  return "x87 floating-point error";
	case 17: *sig = SIGBUS;  return "alignment check";
	case 19: *sig = SIGFPE;  return "SIMD floating-point error";
	default: *sig = SIGILL;  return "exception";
	}
}

/* libunwind's saved registers on x86_64 (Registers_x86_64: rax rbx rcx rdx
 * rdi rsi rbp rsp r8-r15 rip), filled from the exception state. */
static void fill_context(unw_context_t *ctx, const l4_exc_regs_t *r)
{
	uint64_t *g = (uint64_t *)ctx;
	const l4_umword_t v[] = { r->rax, r->rbx, r->rcx, r->rdx, r->rdi, r->rsi, r->rbp,
				  r->sp, r->r8, r->r9, r->r10, r->r11, r->r12, r->r13,
				  r->r14, r->r15, r->ip };
	memset(ctx, 0, sizeof(*ctx));
	for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		g[i] = v[i];
}

static void report(const l4_exc_regs_t *r)
{
	int sig;
	const char *what = trap_name(r->trapno, &sig);
	const struct wn_tcb *t = (const struct wn_tcb *)r->fs_base;
	wn_log_rawf("%s: unhandled %s (trap %lu, error %#lx) at ip %#lx", wn_progname(),
		    what, (unsigned long)r->trapno, (unsigned long)r->err, (unsigned long)r->ip);
	if (r->trapno == 14)
		wn_log_rawf(", %s address %#lx", (r->err & 2) ? "writing" : "reading",
			    (unsigned long)r->pfa);
	wn_log_rawf(" in thread %p\n", (const void *)t);
	unw_context_t ctx;
	fill_context(&ctx, r);
	wn_backtrace_from(&ctx, 0, 1);
	wn_log_rawf("%s: terminated by signal %d\n", wn_progname(), sig);
	_exit(128 + sig);
}

static void handler_main(void)
{
	l4_utcb_t *u = l4_utcb();
	l4_umword_t label;
	for (;;) {
		l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
		if (l4_ipc_error(tag, u) || !l4_msgtag_is_exception(tag))
			continue; /* nothing else is sent here; ignore it */
		l4_exc_regs_t r;
		memcpy(&r, l4_utcb_exc_u(u), sizeof(r));
		report(&r);
	}
}

static long start_handler(l4_cap_idx_t th, l4_utcb_t *u, char *stack_top)
{
	l4_thread_control_start();
	l4_thread_control_pager(l4re_env()->rm);
	l4_thread_control_bind(u, L4_BASE_TASK_CAP);
	long r = l4_error(l4_thread_control_commit(th));
	if (r < 0)
		return r;
	struct wn_tcb *t = wn_tcb_create();
	if (!t)
		return -L4_ENOMEM;
	if ((r = wn_tcb_attach(t, th)) < 0)
		return r;
	/* The entry expects a call's stack layout: rsp + 8 aligned to 16. */
	l4_addr_t sp = ((l4_addr_t)stack_top & ~15UL) - 8;
	if ((r = l4_error(l4_thread_ex_regs(th, (l4_addr_t)handler_main, sp, 0))) < 0)
		return r;
	l4_sched_param_t sp_ = l4_sched_param(0xff, 0);
	return l4_error(l4_scheduler_run_thread(l4re_env()->scheduler, th, &sp_));
}

void wn_fault_init(void)
{
	l4_cap_idx_t th = l4re_util_cap_alloc();
	l4_utcb_t *u = wn_utcb_alloc();
	char *stack = wn_pages_alloc(HANDLER_STACK);
	if (l4_is_invalid_cap(th) || !u || !stack ||
	    l4_error(l4_factory_create_thread(l4re_env()->factory, th)) < 0 ||
	    start_handler(th, u, stack + HANDLER_STACK) < 0) {
		wn_log_rawf("%s: libc: no fault handler thread; faults halt the thread "
			    "silently\n", wn_progname());
		return;
	}
	handler = th;
	l4_thread_control_start();
	l4_thread_control_exc_handler(th);
	l4_thread_control_commit(l4re_env()->main_thread);
}
