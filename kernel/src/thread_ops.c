/* The Thread protocol (L4_PROTO_THREAD): control, ex_regs, switch, stats.
 * Each operation decodes and checks everything before it changes anything. */
#include <arch/frame.h>
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/exception.h>
#include <kern/invoke.h>
#include <kern/ipc.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/thread_ops.h>
#include <kern/vm.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/thread.h>

#define CONTROL_KNOWN (L4_THREAD_CONTROL_SET_PAGER | L4_THREAD_CONTROL_SET_EXC_HANDLER | \
		       L4_THREAD_CONTROL_BIND_TASK | L4_THREAD_CONTROL_ALIEN | \
		       L4_THREAD_CONTROL_UX_NATIVE)

/* Decode: [flags | op, pager, exc handler, -, flag values, utcb, bind item]. */
static u64 thread_control(struct invocation *inv, struct thread *t)
{
	if (inv_words(inv) < 6)
		return syscall_error_tag(-L4_EINVAL);
	if (!(inv->rights & CAP_RIGHT_S))
		return syscall_error_tag(-L4_EPERM);
	u64 flags = inv_mr(inv, L4_THREAD_CONTROL_MR_IDX_FLAGS) & ~0xffffull;
	if (flags & ~(u64)CONTROL_KNOWN)
		return syscall_error_tag(-L4_EINVAL);
	if (flags & (L4_THREAD_CONTROL_ALIEN | L4_THREAD_CONTROL_UX_NATIVE))
		return syscall_error_tag(-L4_ENOSYS);
	struct task *task = NULL;
	vaddr_t utcb = vaddr(0);
	if (flags & L4_THREAD_CONTROL_BIND_TASK) {
		if (!inv_items(inv))
			return syscall_error_tag(-L4_EMSGMISSARG);
		struct cap_slot *ts = inv_cap_item(inv, L4_THREAD_CONTROL_MR_IDX_BIND_TASK);
		if (!ts || ts->obj->ops->type != KOBJ_TASK)
			return syscall_error_tag(-L4_EINVAL);
		if (!(ts->rights & CAP_RIGHT_S))
			return syscall_error_tag(-L4_EPERM);
		task = container_of(ts->obj, struct task, obj);
		utcb = vaddr(inv_mr(inv, L4_THREAD_CONTROL_MR_IDX_BIND_UTCB));
		if (t->task)
			return syscall_error_tag(-L4_EINVAL); /* already bound */
		if (!task_utcb_kernel(task, utcb))
			return syscall_error_tag(-L4_EINVAL);
		/* The UTCB must be free: no other thread of the task uses it. */
		list_for_each(it, &task->threads)
			if (list_entry(it, struct thread, task_link)->utcb_user.v == utcb.v)
				return syscall_error_tag(-L4_EINVAL);
	}
	/* Point of no return. */
	u64 old_pager = t->pager_cap, old_exc = t->exc_handler_cap;
	if (flags & L4_THREAD_CONTROL_SET_PAGER)
		t->pager_cap = inv_mr(inv, L4_THREAD_CONTROL_MR_IDX_PAGER) & L4_CAP_MASK;
	if (flags & L4_THREAD_CONTROL_SET_EXC_HANDLER)
		t->exc_handler_cap = inv_mr(inv, L4_THREAD_CONTROL_MR_IDX_EXC_HANDLER) & L4_CAP_MASK;
	if (task)
		thread_bind(t, task, utcb);
	inv_set_mr(inv, 1, old_pager);
	inv_set_mr(inv, 2, old_exc);
	return syscall_ok_tag(0, 3);
}

/* Decode: [op | flags, ip, sp]; ~0 keeps a value. Returns the old flags,
 * ip and sp in mr0..2. A thread that never ran starts here. */
static u64 thread_ex_regs(struct invocation *inv, struct thread *t)
{
	if (inv_words(inv) != 3)
		return syscall_error_tag(-L4_EINVAL);
	u64 op = inv_mr(inv, 0), ip = inv_mr(inv, 1), sp = inv_mr(inv, 2);
	if (!t->task)
		return syscall_error_tag(-L4_EINVAL); /* not bound: nothing to run */
	if ((ip != ~0ull && ip >= VM_USER_END) || (sp != ~0ull && sp >= VM_USER_END))
		return syscall_error_tag(-L4_EINVAL);
	bool fresh = t->state == THREAD_DEAD && !t->user_frame;
	if (fresh && (ip == ~0ull || sp == ~0ull))
		return syscall_error_tag(-L4_EINVAL); /* a first start needs both */
	/* Point of no return. */
	u64 old_ip = 0, old_sp = 0, old_flags = 0;
	if (fresh) {
		/* Runnable once the scheduler was told to run it too. */
		arch_thread_setup_user(t, ip, sp, 0, 0);
		if (t->sched_ok)
			sched_wake(t);
	} else {
		struct trap_frame *f = t->user_frame;
		old_ip = f->rip;
		old_sp = f->rsp;
		old_flags = f->rflags;
		if (ip != ~0ull)
			f->rip = ip;
		if (sp != ~0ull)
			f->rsp = sp;
		if (op & L4_THREAD_EX_REGS_CANCEL)
			ipc_cancel(t);
		if (op & L4_THREAD_EX_REGS_TRIGGER_EXCEPTION)
			t->pending_exception = true;
		if (t->state == THREAD_DEAD && (t->halted || t->sched_ok)) {
			t->halted = false;
			sched_wake(t); /* a halted thread goes on */
		}
	}
	inv_set_mr(inv, 0, old_flags);
	inv_set_mr(inv, 1, old_ip);
	inv_set_mr(inv, 2, old_sp);
	return syscall_ok_tag(0, 3);
}

/* Gives the rest of the caller's time slice to t if t is ready here;
 * answers the slice left (0 when it was given away). */
static u64 thread_switch(struct invocation *inv, struct thread *t)
{
	struct thread *me = inv->caller;
	if (t->state != THREAD_READY || t == me || t->cpu.v != me->cpu.v) {
		inv_set_mr(inv, 0, (u64)me->slice_left * (1000000 / CONFIG_HZ));
		return syscall_ok_tag(0, 1);
	}
	sched_switch_to(t);
	inv_set_mr(inv, 0, 0);
	return syscall_ok_tag(0, 1);
}

static u64 thread_stats(struct invocation *inv, struct thread *t)
{
	inv_set_mr(inv, 0, t->cpu_time_us);
	return syscall_ok_tag(0, 1);
}

u64 thread_op(struct invocation *inv, struct thread *t)
{
	if (inv_words(inv) < 1)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	switch (inv_mr(inv, 0) & 0xffff) {
	case L4_THREAD_CONTROL_OP: return thread_control(inv, t);
	case L4_THREAD_EX_REGS_OP: return thread_ex_regs(inv, t);
	case L4_THREAD_SWITCH_OP: return thread_switch(inv, t);
	case L4_THREAD_STATS_OP: return thread_stats(inv, t);
	default: /* segment ops; vCPU, delete/doorbell IRQs, modify-sender: ENOSYS */
		return arch_thread_op(inv, t);
	}
}
