/* The one system call: decode the capability selector, then invoke the
 * object behind it (kernel objects decode their own messages) or, for the
 * invalid capability, perform a receive or reply-and-wait. */
#include <arch/frame.h>
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/exception.h>
#include <kern/invoke.h>
#include <kern/ipc.h>
#include <kern/panic.h>
#include <kern/sched.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/vm.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>

/* Invokes the object behind the capability in the caller's object space. */
static u64 invoke_cap(struct thread *t, u64 sel, u64 tag, u64 timeouts, u64 *label)
{
	struct cap_slot *slot = task_cap(t->task, cap_idx(sel >> L4_CAP_SHIFT));
	if (!slot)
		return ipc_error_tag(t, L4_IPC_ENOT_EXISTENT);
	struct invocation inv = {
		.caller = t, .obj = slot->obj, .rights = slot->rights,
		.tag = tag, .cap_flags = sel & 0xf, .timeout = timeouts, .label = label,
	};
	const struct kobj_ops *ops = slot->obj->ops;
	/* Threads and gates carry IPC (their own checks apply); for every
	 * other object a send is a kernel operation on this message. */
	l4_msgtag_t mt = { (l4_mword_t)tag };
	long label_in = l4_msgtag_label(mt);
	bool kernel_op = (ops->type != KOBJ_THREAD && ops->type != KOBJ_IPC_GATE) ||
			 (ops->type == KOBJ_THREAD && label_in == L4_PROTO_THREAD) ||
			 (ops->type == KOBJ_IPC_GATE && label_in == L4_PROTO_KOBJECT &&
			  (slot->rights & CAP_ATTR_IPCGATE_SVR));
	if (kernel_op && (sel & L4_SYSF_SEND)) {
		if (l4_msgtag_words(mt) + 2 * l4_msgtag_items(mt) > L4_UTCB_GENERIC_DATA_SIZE)
			return syscall_error_tag(-L4_EMSGTOOLONG);
		if (label_in == L4_PROTO_META && ops->meta)
			return kobj_meta_invoke(&inv);
	}
	return ops->invoke(&inv);
}

/* A user rip must be canonical before sysret: sysret to a non-canonical
 * address faults in ring 0 on Intel CPUs. */
static bool canonical_user(u64 va) { return va < VM_USER_END; }

u64 syscall_invoke(struct thread *t, u64 sel, u64 tag, u64 timeouts, u64 *label)
{
	unsigned flags = sel & 0xf;
	*label = 0;
	if ((sel & L4_INVALID_CAP_BIT) || (flags & L4_SYSF_REPLY)) {
		/* No object: reply through the implicit reply capability and/or
		 * receive (open wait, or a receive from nobody: a sleep). */
		if (!(flags & (L4_SYSF_RECV | L4_SYSF_REPLY)))
			return ipc_error_tag(t, L4_IPC_ENOT_EXISTENT);
		return ipc_do(t, NULL, 0, flags, tag, timeouts, NULL, label);
	}
	return invoke_cap(t, sel, tag, timeouts, label);
}

void syscall_dispatch(struct trap_frame *f)
{
	struct thread *t = current_thread();
	u64 label = f->r8, tag;
	if (ipc_fast(t, f->rdi, f->rsi, f->rdx, &tag, &label))
		f->rsi = tag;
	else {
		f->rsi = syscall_invoke(t, f->rdi, f->rsi, f->rdx, &label);
		arch_io_refresh(); /* a map or unmap may have changed I/O ports */
	}
	f->r8 = label;
	kobj_reap();
	if (this_cpu()->need_resched)
		sched_schedule();
	/* Whoever changes a user frame (ex_regs, exception replies) validates
	 * the new rip; a bad one here would fault sysret in ring 0. */
	BUG_ON(!canonical_user(f->rip));
	if (unlikely(t->pending_exception))
		exception_check_pending(f);
	f->rflags = (f->rflags & 0xcd5) | 0x202; /* user-changeable flags, IF on */
}
