/* The kernel side of a thread: a Thread object from the env's factory,
 * bound to this task with a UTCB of its own, paged by the region map, its
 * exceptions going to libc's fault handler, its FS base at its TCB; started
 * with ex_regs (ip, sp) and run_thread at the env's scheduler. */
#include "pt_internal.h"
#include <errno.h>
#include <walnut/fault.h>
#include <walnut/utcb_alloc.h>
#include <l4/re/consts.h>
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

/* An error number for a kernel or server error code. */
static int errno_of(long err)
{
	return err == -L4_EPERM ? EPERM : err == -L4_EINVAL ? EINVAL : EAGAIN;
}

static long control(struct __pthread *t)
{
	l4re_env_t *env = l4re_env();
	l4_cap_idx_t exc = wn_fault_handler_cap();
	l4_thread_control_start();
	l4_thread_control_pager(env->rm);
	if (l4_is_valid_cap(exc))
		l4_thread_control_exc_handler(exc);
	l4_thread_control_bind(t->utcb, L4RE_THIS_TASK_CAP);
	return l4_error(l4_thread_control_commit(t->cap));
}

int pt_kthread_create(struct __pthread *t)
{
	t->utcb = wn_utcb_alloc();
	t->cap = l4re_util_cap_alloc();
	if (!t->utcb || l4_is_invalid_cap(t->cap)) {
		pt_kthread_destroy(t);
		return EAGAIN;
	}
	long err = l4_error(l4_factory_create_thread(l4re_env()->factory, t->cap));
	if (err >= 0)
		err = control(t);
	if (err >= 0)
		err = wn_tcb_attach(t->tcb, t->cap);
	if (err < 0) {
		pt_kthread_destroy(t);
		return errno_of(err);
	}
	return 0;
}

int pt_kthread_start(struct __pthread *t)
{
	/* As if pt_thread_entry had been called: rsp + 8 16-byte aligned, and
	 * a zero return address so that a backtrace ends there. */
	l4_addr_t sp = ((l4_addr_t)t->stack.base + t->stack.size) & ~15UL;
	sp -= 8;
	*(l4_umword_t *)sp = 0;
	long err = l4_error(l4_thread_ex_regs(t->cap, (l4_addr_t)pt_thread_entry, sp, 0));
	if (err < 0)
		return errno_of(err);
	t->started = true;
	err = pt_sched_apply(t, t->policy, t->priority);
	if (err)
		t->started = false;
	return (int)err;
}

void pt_kthread_destroy(struct __pthread *t)
{
	if (l4_is_valid_cap(t->cap)) {
		l4_task_delete_obj(L4RE_THIS_TASK_CAP, t->cap);
		l4re_util_cap_free(t->cap);
	}
	t->cap = L4_INVALID_CAP;
	if (t->utcb)
		wn_utcb_free(t->utcb);
	t->utcb = NULL;
}

int pt_sched_apply(struct __pthread *t, int policy, int priority)
{
	int prio = pt_l4_prio(policy, priority);
	if (prio < 0)
		return EINVAL;
	l4_sched_param_t sp = l4_sched_param((unsigned)prio, 0);
	long err = l4_error(l4_scheduler_run_thread(l4re_env()->scheduler, t->cap, &sp));
	return err < 0 ? errno_of(err) : 0;
}
