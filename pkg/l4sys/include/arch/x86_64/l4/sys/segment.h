/* x86_64 segment handling: the FS base for thread-local storage, segment
 * selectors, and (not supported by Walnut) LDT/GDT entries. Names, opcodes
 * and layouts as in L4Re's amd64 l4/sys/segment.h; see doc/protocols.md
 * "Thread" (x86_64 operations). Walnut's GS base always points at the
 * thread's UTCB (l4_utcb() reads through it), so only FS can be set. */
#pragma once

#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

L4_BEGIN_DECLS

enum L4_task_ldt_x86_consts {
	L4_TASK_LDT_X86_ENTRY_SIZE  = 8,
	L4_TASK_LDT_X86_MAX_ENTRIES = (L4_UTCB_GENERIC_DATA_SIZE - 2) /
				      (L4_TASK_LDT_X86_ENTRY_SIZE / (L4_MWORD_BITS / 8)),
};

enum L4_sys_segment {
	L4_AMD64_SEGMENT_FS = 0,
	L4_AMD64_SEGMENT_GS = 1,
};

/* Sets LDT descriptors of task.
 * \retval -L4_ENOSYS  Walnut (no LDT support)
 * \retval -L4_EINVAL  num_desc above L4_TASK_LDT_X86_MAX_ENTRIES (no IPC done) */
L4_INLINE long fiasco_ldt_set(l4_cap_idx_t task, void *ldt, unsigned int num_desc,
			      unsigned int entry_number_start, l4_utcb_t *utcb)
{
	if (num_desc > L4_TASK_LDT_X86_MAX_ENTRIES)
		return -L4_EINVAL;
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_TASK_LDT_SET_X86_OP;
	m->mr[1] = entry_number_start;
	__builtin_memcpy(&m->mr[2], ldt, num_desc * L4_TASK_LDT_X86_ENTRY_SIZE);
	return l4_error_u(l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2 + num_desc, 0, 0),
				      L4_IPC_NEVER), utcb);
}

/* Sets per-thread GDT entries.
 * \retval -L4_ENOSYS  Walnut (no per-thread GDT entries) */
L4_INLINE long fiasco_gdt_set(l4_cap_idx_t thread, void *desc, unsigned int size,
			      unsigned int entry_number_start, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	if (size > (L4_UTCB_GENERIC_DATA_SIZE - 2) * sizeof(l4_umword_t))
		size = (L4_UTCB_GENERIC_DATA_SIZE - 2) * sizeof(l4_umword_t);
	m->mr[0] = L4_THREAD_X86_GDT_OP;
	m->mr[1] = entry_number_start;
	__builtin_memcpy(&m->mr[2], desc, size);
	return l4_error_u(l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 2 + size / 8, 0, 0),
				      L4_IPC_NEVER), utcb);
}

/* The first per-thread GDT entry.
 * \retval (unsigned)-1  Walnut (no per-thread GDT entries), or an error */
L4_INLINE unsigned fiasco_gdt_get_entry_offset(l4_cap_idx_t thread, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_THREAD_X86_GDT_OP;
	if (l4_error_u(l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER),
		       utcb))
		return (unsigned)-1;
	return (unsigned)l4_utcb_mr_u(utcb)->mr[0];
}

/* Sets the base of segment segr of thread (mr0 = opcode | segr << 16,
 * mr1 = base).
 * \param thread  any rights
 * \retval 0           done (takes effect when the thread next runs)
 * \retval -L4_EINVAL  segr is not L4_AMD64_SEGMENT_FS (Walnut keeps GS for
 *                     the UTCB) or base is not a canonical user address */
L4_INLINE long fiasco_amd64_set_segment_base(l4_cap_idx_t thread, enum L4_sys_segment segr,
					     l4_umword_t base, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_THREAD_AMD64_SET_SEGMENT_BASE_OP | ((l4_umword_t)segr << 16);
	m->mr[1] = base;
	return l4_error_u(l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 2, 0, 0), L4_IPC_NEVER),
			  utcb);
}

/* Sets the FS base of thread (thread-local storage).
 * \retval 0, -L4_EINVAL  see fiasco_amd64_set_segment_base() */
L4_INLINE long fiasco_amd64_set_fs(l4_cap_idx_t thread, l4_umword_t base, l4_utcb_t *utcb)
{
	return fiasco_amd64_set_segment_base(thread, L4_AMD64_SEGMENT_FS, base, utcb);
}

/* The user segment selectors the kernel uses.
 * \retval 0   done: *user_ds, *user_cs (64-bit code), *user32_cs set
 * \retval <0  an error */
L4_INLINE long fiasco_amd64_segment_info(l4_cap_idx_t thread, unsigned *user_ds,
					 unsigned *user_cs, unsigned *user32_cs, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_THREAD_AMD64_GET_SEGMENT_INFO_OP;
	long r = l4_error_u(l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 0, 0),
					L4_IPC_NEVER), utcb);
	if (r < 0)
		return r;
	*user_ds = (unsigned)m->mr[0];
	*user_cs = (unsigned)m->mr[1];
	*user32_cs = (unsigned)m->mr[2];
	return 0;
}

L4_END_DECLS
