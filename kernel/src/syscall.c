/* The one system call: decode the capability selector, then invoke the
 * object (kernel objects) or perform the IPC receive phase. */
#include <arch/frame.h>
#include <kern/cpu.h>
#include <kern/ipc.h>
#include <kern/obj_space.h>
#include <kern/panic.h>
#include <kern/sched.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/vm.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>

u64 ipc_error_tag(struct thread *t, unsigned ipc_error)
{
	thread_tcr(t)->error = ipc_error;
	return (u64)l4_msgtag(0, 0, 0, L4_MSGTAG_ERROR).raw;
}

/* Invokes the object behind the capability in the caller's object space. */
static u64 invoke_cap(struct thread *t, u64 sel, u64 tag, u64 timeout)
{
	struct cap_slot *slot = obj_space_lookup(&t->task->caps, cap_idx(sel >> L4_CAP_SHIFT));
	if (!slot || !slot->obj)
		return ipc_error_tag(t, L4_IPC_ENOT_EXISTENT);
	struct invocation inv = {
		.caller = t, .obj = slot->obj, .rights = (unsigned)slot->rights,
		.tag = tag, .cap_flags = sel & 0xf, .timeout = timeout,
	};
	return slot->obj->invoke(&inv);
}

/* A user rip must be canonical before sysret: sysret to a non-canonical
 * address faults in ring 0 on Intel CPUs. */
static bool canonical(u64 va)
{
	return va < 0x0000800000000000ull || va >= 0xffff800000000000ull;
}

void syscall_dispatch(struct trap_frame *f)
{
	struct thread *t = current_thread();
	u64 sel = f->rdi, flags = sel & 0xf;
	u64 tag;
	if (sel & L4_INVALID_CAP_BIT) {
		/* No object: only a receive phase makes sense (wait, sleep). */
		tag = (flags & L4_SYSF_RECV) ? ipc_receive_open(t, f->rdx, &f->r8)
					     : ipc_error_tag(t, L4_IPC_ENOT_EXISTENT);
	} else {
		tag = invoke_cap(t, sel, f->rsi, f->rdx);
	}
	f->rsi = tag;
	if (this_cpu()->need_resched)
		sched_schedule();
	/* Whoever changes a user frame (ex_regs, exception replies) validates
	 * the new rip; a bad one here would fault sysret in ring 0. */
	BUG_ON(!canonical(f->rip) || f->rip >= VM_USER_END);
	f->rflags = (f->rflags & 0xcd5) | 0x202; /* user-changeable flags, IF on */
}
