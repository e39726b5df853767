/* Thread objects: control (pager, exception handler, binding to a task),
 * exchange registers, switch, statistics, sender-label modification.
 * Protocol L4_PROTO_THREAD, opcode in mr0 bits 0-15 (flags above); names,
 * opcodes and layouts as in L4Re's l4/sys/thread.h. Threads are created
 * with l4_factory_create_thread() and started with l4_scheduler_run_thread()
 * (plus l4_thread_ex_regs() for ip/sp). See doc/protocols.md "Thread".
 *
 * A message to a thread capability is a thread operation only when it is
 * sent with label L4_PROTO_THREAD and a send phase; anything else is IPC to
 * the thread itself.
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

enum L4_thread_ops {
	L4_THREAD_CONTROL_OP                = 0UL,
	L4_THREAD_EX_REGS_OP                = 1UL,
	L4_THREAD_SWITCH_OP                 = 2UL,
	L4_THREAD_STATS_OP                  = 3UL,
	L4_THREAD_VCPU_RESUME_OP            = 4UL,
	L4_THREAD_REGISTER_DELETE_IRQ_OP    = 5UL,
	L4_THREAD_MODIFY_SENDER_OP          = 6UL,
	L4_THREAD_VCPU_CONTROL_OP           = 7UL,
	L4_THREAD_VCPU_CONTROL_EXT_OP       = L4_THREAD_VCPU_CONTROL_OP | 0x10000,
	L4_THREAD_REGISTER_DOORBELL_IRQ_OP  = 8UL,
	L4_THREAD_X86_GDT_OP                = 0x10UL,
	L4_THREAD_ARM_TPIDRURO_OP           = 0x10UL,
	L4_THREAD_AMD64_SET_SEGMENT_BASE_OP = 0x12UL,
	L4_THREAD_AMD64_GET_SEGMENT_INFO_OP = 0x13UL,
	L4_THREAD_OPCODE_MASK               = 0xffff,
};

/* Flags in mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] of a control message, next to
 * the opcode; each says that its value is in the message. */
enum L4_thread_control_flags {
	L4_THREAD_CONTROL_SET_PAGER       = 0x0010000,
	L4_THREAD_CONTROL_BIND_TASK       = 0x0200000,
	L4_THREAD_CONTROL_ALIEN           = 0x0400000,
	L4_THREAD_CONTROL_UX_NATIVE       = 0x0800000, /* Fiasco-UX only; Walnut: -L4_ENOSYS */
	L4_THREAD_CONTROL_SET_EXC_HANDLER = 0x1000000,
};

/* Where the values of a control message are (message register indices). */
enum L4_thread_control_mr_indices {
	L4_THREAD_CONTROL_MR_IDX_FLAGS       = 0, /* opcode | L4_thread_control_flags */
	L4_THREAD_CONTROL_MR_IDX_PAGER       = 1, /* pager selector */
	L4_THREAD_CONTROL_MR_IDX_EXC_HANDLER = 2, /* exception handler selector */
	L4_THREAD_CONTROL_MR_IDX_FLAG_VALS   = 4, /* on/off values of ALIEN, UX_NATIVE */
	L4_THREAD_CONTROL_MR_IDX_BIND_UTCB   = 5, /* UTCB address in the task */
	L4_THREAD_CONTROL_MR_IDX_BIND_TASK   = 6, /* map item (2 words) naming the task */
};

/* Flags of l4_thread_ex_regs(), or-ed into mr0 next to the opcode. */
enum L4_thread_ex_regs_flags {
	L4_THREAD_EX_REGS_CANCEL            = 0x10000UL, /* abort an ongoing IPC */
	L4_THREAD_EX_REGS_TRIGGER_EXCEPTION = 0x20000UL, /* raise an exception (trapno 0xff) */
	L4_THREAD_EX_REGS_ARCH_MASK         = 0xff000000UL,
};

/* Sets the instruction and stack pointer of a thread bound to a task.
 * \param thread  thread capability (any rights)
 * \param ip      new rip, ~0UL keeps it
 * \param sp      new rsp, ~0UL keeps it
 * \param flags   L4_THREAD_EX_REGS_CANCEL, L4_THREAD_EX_REGS_TRIGGER_EXCEPTION
 * \retval 0           done; mr0 = previous rflags, mr1 = previous ip,
 *                     mr2 = previous sp
 * \retval -L4_EINVAL  the thread is not bound to a task, or not 3 words
 * A thread that had ip ~0 when l4_scheduler_run_thread() was called starts
 * running once it gets a valid ip. */
L4_INLINE l4_msgtag_t l4_thread_ex_regs_u(l4_cap_idx_t thread, l4_addr_t ip, l4_addr_t sp,
					  l4_umword_t flags, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_THREAD_EX_REGS_OP | flags;
	m->mr[1] = ip;
	m->mr[2] = sp;
	return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 3, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_thread_ex_regs(l4_cap_idx_t thread, l4_addr_t ip, l4_addr_t sp,
					l4_umword_t flags)
{
	return l4_thread_ex_regs_u(thread, ip, sp, flags, l4_utcb());
}

/* l4_thread_ex_regs() that also returns the previous values: *ip, *sp and
 * *flags are the new values on entry and, on success, the previous ip, sp
 * and rflags on return (unchanged on failure).
 * \retval 0           done
 * \retval -L4_EINVAL  the thread is not bound to a task */
L4_INLINE l4_msgtag_t l4_thread_ex_regs_ret_u(l4_cap_idx_t thread, l4_addr_t *ip, l4_addr_t *sp,
					      l4_umword_t *flags, l4_utcb_t *utcb)
{
	l4_msgtag_t res = l4_thread_ex_regs_u(thread, *ip, *sp, *flags, utcb);
	if (l4_error_u(res, utcb))
		return res;
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	*flags = m->mr[0];
	*ip = m->mr[1];
	*sp = m->mr[2];
	return res;
}
L4_INLINE l4_msgtag_t l4_thread_ex_regs_ret(l4_cap_idx_t thread, l4_addr_t *ip, l4_addr_t *sp,
					    l4_umword_t *flags)
{
	return l4_thread_ex_regs_ret_u(thread, ip, sp, flags, l4_utcb());
}

/* Thread control: l4_thread_control_start(), then any of _pager(),
 * _exc_handler(), _bind(), _alien(), _ux_host_syscall(), then
 * l4_thread_control_commit(). The values collect in the caller's message
 * registers, so nothing else may use the UTCB in between. */
L4_INLINE void l4_thread_control_start_u(l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] = L4_THREAD_CONTROL_OP;
	m->mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] = 0;
}
L4_INLINE void l4_thread_control_start(void) { l4_thread_control_start_u(l4_utcb()); }

/* Sets the pager: the capability (in the thread's task) page faults go to. */
L4_INLINE void l4_thread_control_pager_u(l4_cap_idx_t pager, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_SET_PAGER;
	m->mr[L4_THREAD_CONTROL_MR_IDX_PAGER] = pager;
}
L4_INLINE void l4_thread_control_pager(l4_cap_idx_t pager)
{
	l4_thread_control_pager_u(pager, l4_utcb());
}

/* Sets the exception handler: the capability (in the thread's task)
 * exception IPCs go to. */
L4_INLINE void l4_thread_control_exc_handler_u(l4_cap_idx_t exc_handler, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_SET_EXC_HANDLER;
	m->mr[L4_THREAD_CONTROL_MR_IDX_EXC_HANDLER] = exc_handler;
}
L4_INLINE void l4_thread_control_exc_handler(l4_cap_idx_t exc_handler)
{
	l4_thread_control_exc_handler_u(exc_handler, l4_utcb());
}

/* Binds the thread to task (once) with its UTCB at thread_utcb, an
 * L4_UTCB_OFFSET-aligned address inside the task's kernel-user memory
 * (l4_factory_create_task(), l4_task_add_ku_mem()). The task capability
 * needs L4_CAP_FPAGE_S. */
L4_INLINE void l4_thread_control_bind_u(l4_utcb_t *thread_utcb, l4_cap_idx_t task,
					l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_BIND_TASK;
	m->mr[L4_THREAD_CONTROL_MR_IDX_BIND_UTCB] = (l4_addr_t)thread_utcb;
	m->mr[L4_THREAD_CONTROL_MR_IDX_BIND_TASK] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[L4_THREAD_CONTROL_MR_IDX_BIND_TASK + 1] = l4_obj_fpage(task, 0, L4_CAP_FPAGE_RWS).raw;
}
L4_INLINE void l4_thread_control_bind(l4_utcb_t *thread_utcb, l4_cap_idx_t task)
{
	l4_thread_control_bind_u(thread_utcb, task, l4_utcb());
}

/* Alien mode on or off (each system call and exception becomes an
 * exception IPC to the handler). Walnut: the commit answers -L4_ENOSYS
 * when alien mode is switched on. */
L4_INLINE void l4_thread_control_alien_u(l4_utcb_t *utcb, int on)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_ALIEN;
	if (on)
		m->mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] |= L4_THREAD_CONTROL_ALIEN;
	else
		m->mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] &= ~(l4_umword_t)L4_THREAD_CONTROL_ALIEN;
}
L4_INLINE void l4_thread_control_alien(int on) { l4_thread_control_alien_u(l4_utcb(), on); }

/* Fiasco-UX host system calls on or off (older L4Re API). Walnut: the
 * commit answers -L4_ENOSYS when switched on. */
L4_INLINE void l4_thread_control_ux_host_syscall_u(l4_utcb_t *utcb, int on)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_UX_NATIVE;
	if (on)
		m->mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] |= L4_THREAD_CONTROL_UX_NATIVE;
	else
		m->mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] &= ~(l4_umword_t)L4_THREAD_CONTROL_UX_NATIVE;
}
L4_INLINE void l4_thread_control_ux_host_syscall(int on)
{
	l4_thread_control_ux_host_syscall_u(l4_utcb(), on);
}

/* Sends the collected thread-control values.
 * \param thread  the thread; needs L4_CAP_FPAGE_S
 * \retval 0           done; mr1 = previous pager, mr2 = previous exception
 *                     handler (selectors as the thread's task sees them)
 * \retval -L4_EPERM   thread (or the task to bind to) lacks L4_CAP_FPAGE_S
 * \retval -L4_EINVAL  fewer than 6 words; already bound; the task item is
 *                     not a task; UTCB address not aligned or not in the
 *                     task's kernel-user memory, or already in use
 * \retval -L4_EMSGMISSARG  L4_THREAD_CONTROL_BIND_TASK without the task item
 * \retval -L4_ENOSYS  alien or UX mode switched on (Walnut) */
L4_INLINE l4_msgtag_t l4_thread_control_commit_u(l4_cap_idx_t thread, l4_utcb_t *utcb)
{
	unsigned items = 0;
	if (l4_utcb_mr_u(utcb)->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] & L4_THREAD_CONTROL_BIND_TASK)
		items = 1;
	return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 6, items, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_thread_control_commit(l4_cap_idx_t thread)
{
	return l4_thread_control_commit_u(thread, l4_utcb());
}

/* Gives up the rest of the time slice (a receive with zero timeout on the
 * invalid capability). Always returns an empty tag. */
L4_INLINE l4_msgtag_t l4_thread_yield(void)
{
	l4_ipc_receive(L4_INVALID_CAP, 0, L4_IPC_BOTH_TIMEOUT_0);
	return l4_msgtag(0, 0, 0, 0);
}

/* Switches to to_thread if it is ready on this CPU, donating the rest of
 * the time slice.
 * \param to_thread  thread capability (any rights)
 * \retval 0  done (also when no switch happened); mr0 = rest of the
 *            caller's time slice in microseconds (0 if donated) */
L4_INLINE l4_msgtag_t l4_thread_switch_u(l4_cap_idx_t to_thread, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_THREAD_SWITCH_OP;
	return l4_ipc_call(to_thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_thread_switch(l4_cap_idx_t to_thread)
{
	return l4_thread_switch_u(to_thread, l4_utcb());
}

/* The CPU time a thread consumed, in microseconds.
 * \param thread  any rights
 * \param us      receives the time (only when the call succeeded)
 * \retval 0  done (mr0 holds the time) */
L4_INLINE l4_msgtag_t l4_thread_stats_time_u(l4_cap_idx_t thread, l4_kernel_clock_t *us,
					     l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_THREAD_STATS_OP;
	l4_msgtag_t res = l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER);
	if (!l4_msgtag_has_error(res))
		*us = m->mr64[l4_utcb_mr64_idx(0)];
	return res;
}
L4_INLINE l4_msgtag_t l4_thread_stats_time(l4_cap_idx_t thread, l4_kernel_clock_t *us)
{
	return l4_thread_stats_time_u(thread, us, l4_utcb());
}

/* vCPU resume, first step: the tag for l4_sndfpage_add() and
 * l4_thread_vcpu_resume_commit(). Walnut has no vCPU mode yet: the commit
 * answers -L4_ENOSYS. */
L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_start_u(l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_THREAD_VCPU_RESUME_OP;
	return l4_msgtag(L4_PROTO_THREAD, 1, 0, 0);
}
L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_start(void)
{
	return l4_thread_vcpu_resume_start_u(l4_utcb());
}
/* vCPU resume, second step.
 * \retval -L4_ENOSYS  Walnut (no vCPU mode yet) */
L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_commit_u(l4_cap_idx_t thread, l4_msgtag_t tag,
						     l4_utcb_t *utcb)
{
	return l4_ipc_call(thread, utcb, tag, L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_commit(l4_cap_idx_t thread, l4_msgtag_t tag)
{
	return l4_thread_vcpu_resume_commit_u(thread, tag, l4_utcb());
}

/* Enables vCPU mode with the state at vcpu_state (kernel-user memory).
 * \retval -L4_ENOSYS  Walnut (no vCPU mode yet) */
L4_INLINE l4_msgtag_t l4_thread_vcpu_control_u(l4_cap_idx_t thread, l4_addr_t vcpu_state,
					       l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_THREAD_VCPU_CONTROL_OP;
	m->mr[1] = vcpu_state;
	return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 2, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_thread_vcpu_control(l4_cap_idx_t thread, l4_addr_t vcpu_state)
{
	return l4_thread_vcpu_control_u(thread, vcpu_state, l4_utcb());
}
/* Enables extended vCPU mode (hardware virtualization).
 * \retval -L4_ENOSYS  Walnut (no vCPU mode yet) */
L4_INLINE l4_msgtag_t l4_thread_vcpu_control_ext_u(l4_cap_idx_t thread, l4_addr_t ext_vcpu_state,
						   l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_THREAD_VCPU_CONTROL_EXT_OP;
	m->mr[1] = ext_vcpu_state;
	return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 2, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_thread_vcpu_control_ext(l4_cap_idx_t thread, l4_addr_t ext_vcpu_state)
{
	return l4_thread_vcpu_control_ext_u(thread, ext_vcpu_state, l4_utcb());
}

/* Registers irq to be triggered when an IPC gate bound to thread is
 * deleted (an IRQ bound elsewhere is unbound first).
 * \param thread  any rights
 * \param irq     IRQ capability; needs L4_CAP_FPAGE_W
 * \retval 0           done
 * \retval -L4_EINVAL  no item, or irq is not an IRQ
 * \retval -L4_EPERM   irq lacks L4_CAP_FPAGE_W */
L4_INLINE l4_msgtag_t l4_thread_register_del_irq_u(l4_cap_idx_t thread, l4_cap_idx_t irq,
						   l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_THREAD_REGISTER_DELETE_IRQ_OP;
	m->mr[1] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[2] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 1, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_thread_register_del_irq(l4_cap_idx_t thread, l4_cap_idx_t irq)
{
	return l4_thread_register_del_irq_u(thread, irq, l4_utcb());
}

/* Registers a doorbell IRQ for direct interrupt injection into an extended
 * vCPU. \retval -L4_ENOSYS  Walnut (no vCPU mode yet) */
L4_INLINE l4_msgtag_t l4_thread_register_doorbell_irq_u(l4_cap_idx_t thread, l4_cap_idx_t irq,
							l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_THREAD_REGISTER_DOORBELL_IRQ_OP;
	m->mr[1] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[2] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 1, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_thread_register_doorbell_irq(l4_cap_idx_t thread, l4_cap_idx_t irq)
{
	return l4_thread_register_doorbell_irq_u(thread, irq, l4_utcb());
}

/* Sender-label modification: l4_thread_modify_sender_start(), then rules
 * with l4_thread_modify_sender_add(), then l4_thread_modify_sender_commit().
 * For every IPC already blocked on sending to the thread (directly, through
 * an IPC gate or from an IRQ), the first rule with
 * (label & match_mask) == match sets label = (label & ~del_bits) | add_bits. */
L4_INLINE l4_msgtag_t l4_thread_modify_sender_start_u(l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_THREAD_MODIFY_SENDER_OP;
	return l4_msgtag(L4_PROTO_THREAD, 1, 0, 0);
}
L4_INLINE l4_msgtag_t l4_thread_modify_sender_start(void)
{
	return l4_thread_modify_sender_start_u(l4_utcb());
}
/* Adds one rule (4 words) to the message tag describes.
 * \retval 0           added
 * \retval -L4_ENOMEM  no room left */
L4_INLINE int l4_thread_modify_sender_add_u(l4_umword_t match_mask, l4_umword_t match,
					    l4_umword_t del_bits, l4_umword_t add_bits,
					    l4_msgtag_t *tag, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	unsigned w = l4_msgtag_words(*tag);
	if (w + 4 > L4_UTCB_GENERIC_DATA_SIZE)
		return -L4_ENOMEM;
	m->mr[w] = match_mask;
	m->mr[w + 1] = match;
	m->mr[w + 2] = del_bits;
	m->mr[w + 3] = add_bits;
	*tag = l4_msgtag(l4_msgtag_label(*tag), w + 4, 0, 0);
	return 0;
}
L4_INLINE int l4_thread_modify_sender_add(l4_umword_t match_mask, l4_umword_t match,
					  l4_umword_t del_bits, l4_umword_t add_bits,
					  l4_msgtag_t *tag)
{
	return l4_thread_modify_sender_add_u(match_mask, match, del_bits, add_bits, tag, l4_utcb());
}
/* Applies the rules.
 * \param thread  any rights
 * \retval 0           done (also with no rule)
 * \retval -L4_EBUSY   another modification of this thread is in progress
 * \retval -L4_EINVAL  Walnut: the thread is on another CPU */
L4_INLINE l4_msgtag_t l4_thread_modify_sender_commit_u(l4_cap_idx_t thread, l4_msgtag_t tag,
						       l4_utcb_t *utcb)
{
	return l4_ipc_call(thread, utcb, tag, L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_thread_modify_sender_commit(l4_cap_idx_t thread, l4_msgtag_t tag)
{
	return l4_thread_modify_sender_commit_u(thread, tag, l4_utcb());
}

L4_END_DECLS
