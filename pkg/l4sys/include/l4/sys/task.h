/* Task objects (protection domains: memory, I/O-port and capability
 * spaces): map, unmap, capability queries. Protocol L4_PROTO_TASK, opcode
 * in mr0; names, opcodes and layouts as in L4Re's l4/sys/task.h. Tasks are
 * created with l4_factory_create_task(). See doc/protocols.md "Task".
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

enum L4_task_ops {
	L4_TASK_MAP_OP           = 0UL,
	L4_TASK_UNMAP_OP         = 1UL,
	L4_TASK_CAP_INFO_OP      = 2UL,
	L4_TASK_ADD_KU_MEM_OP    = 3UL,
	L4_TASK_LDT_SET_X86_OP   = 0x11UL, /* Walnut: -L4_ENOSYS */
	L4_TASK_MAP_VGICC_ARM_OP = 0x12UL, /* Arm only */
};

/* Maps (or grants) the part of src_task's space that snd_fpage describes
 * into dst_task. The receive window is all of dst_task, so snd_base is the
 * destination address (memory), port (I/O) or capability selector (objects).
 * \param dst_task   destination task; needs L4_CAP_FPAGE_W
 * \param src_task   source task (any rights; it must be a task)
 * \param snd_fpage  what to map, with the rights to give (memory/I/O:
 *                   L4_FPAGE_*, objects: L4_CAP_FPAGE_*, at most the source's)
 * \param snd_base   destination, or-ed with control bits (l4_map_control(),
 *                   l4_map_obj_control(): L4_MAP_ITEM_GRANT, cacheability,
 *                   L4_FPAGE_C_* object attributes)
 * \retval 0           done (parts already mapped in dst_task stay as they were)
 * \retval -L4_EPERM   dst_task lacks L4_CAP_FPAGE_W
 * \retval -L4_EINVAL  src_task is not a task (or is being destroyed)
 * \retval -L4_EMSGTOOSHORT  fewer than 3 words
 * \retval -L4_EMSGMISSARG   no typed item (source task)
 * \retval IPC error L4_IPC_SEMAPFAILED (l4_error(): -(L4_EIPC_LO + 0x10))
 *                     the kernel ran out of memory or quota while mapping
 * Capabilities keep L4_CAP_FPAGE_S only if src_task and dst_task both have S. */
L4_INLINE l4_msgtag_t l4_task_map_u(l4_cap_idx_t dst_task, l4_cap_idx_t src_task,
				    l4_fpage_t snd_fpage, l4_umword_t snd_base, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_TASK_MAP_OP;
	m->mr[1] = snd_base;
	m->mr[2] = snd_fpage.raw;
	m->mr[3] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[4] = l4_obj_fpage(src_task, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(dst_task, utcb, l4_msgtag(L4_PROTO_TASK, 3, 1, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_task_map(l4_cap_idx_t dst_task, l4_cap_idx_t src_task,
				  l4_fpage_t snd_fpage, l4_umword_t snd_base)
{
	return l4_task_map_u(dst_task, src_task, snd_fpage, snd_base, l4_utcb());
}

/* Takes the rights in fpages[i]'s rights field away from the mappings the
 * flexpages describe in task; mappings left without rights (memory: without
 * R; capabilities: without R) are removed. Memory and I/O revocation is
 * recursive (every mapping derived from the task's is reduced too);
 * capabilities are copies without derivation (L4Re semantics).
 * \param task        the task (any rights)
 * \param fpages      up to L4_UTCB_GENERIC_DATA_SIZE - 2 flexpages
 * \param num_fpages  their number
 * \param map_mask    L4_FP_OTHER_SPACES (only derived mappings),
 *                    L4_FP_ALL_SPACES (the task's own too) or
 *                    L4_FP_DELETE_OBJ (delete the objects whose capability
 *                    has L4_CAP_FPAGE_D; otherwise as ALL_SPACES)
 * \retval 0          done; on return mr[2 + i] is fpages[i] with its rights
 *                    field replaced by the access bits collected from the
 *                    removed memory mappings (L4_FPAGE_W: written,
 *                    L4_FPAGE_RO: read; Walnut may report 0)
 * \retval -L4_EINVAL task is being destroyed */
L4_INLINE l4_msgtag_t l4_task_unmap_batch_u(l4_cap_idx_t task, l4_fpage_t const *fpages,
					    unsigned num_fpages, l4_umword_t map_mask,
					    l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	if (num_fpages > L4_UTCB_GENERIC_DATA_SIZE - 2)
		num_fpages = L4_UTCB_GENERIC_DATA_SIZE - 2;
	m->mr[0] = L4_TASK_UNMAP_OP;
	m->mr[1] = map_mask;
	for (unsigned i = 0; i < num_fpages; i++)
		m->mr[2 + i] = fpages[i].raw;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2 + num_fpages, 0, 0),
			   L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_task_unmap_batch(l4_cap_idx_t task, l4_fpage_t const *fpages,
					  unsigned num_fpages, l4_umword_t map_mask)
{
	return l4_task_unmap_batch_u(task, fpages, num_fpages, map_mask, l4_utcb());
}

/* l4_task_unmap_batch() for one flexpage.
 * \retval 0          done
 * \retval -L4_EINVAL task is being destroyed */
L4_INLINE l4_msgtag_t l4_task_unmap_u(l4_cap_idx_t task, l4_fpage_t fpage,
				      l4_umword_t map_mask, l4_utcb_t *utcb)
{
	return l4_task_unmap_batch_u(task, &fpage, 1, map_mask, utcb);
}
L4_INLINE l4_msgtag_t l4_task_unmap(l4_cap_idx_t task, l4_fpage_t fpage, l4_umword_t map_mask)
{
	return l4_task_unmap_u(task, fpage, map_mask, l4_utcb());
}

/* Deletes the object behind capability obj in task if that capability has
 * L4_CAP_FPAGE_D (every capability to it becomes empty); otherwise only
 * removes the capability. Same as unmap with L4_FP_DELETE_OBJ.
 * \retval 0  done (also when obj was empty) */
L4_INLINE l4_msgtag_t l4_task_delete_obj_u(l4_cap_idx_t task, l4_cap_idx_t obj, l4_utcb_t *utcb)
{
	return l4_task_unmap_u(task, l4_obj_fpage(obj, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ, utcb);
}
L4_INLINE l4_msgtag_t l4_task_delete_obj(l4_cap_idx_t task, l4_cap_idx_t obj)
{
	return l4_task_delete_obj_u(task, obj, l4_utcb());
}

/* Removes capability cap from task (the object goes when its last
 * reference goes).
 * \retval 0  done (also when cap was empty) */
L4_INLINE l4_msgtag_t l4_task_release_cap_u(l4_cap_idx_t task, l4_cap_idx_t cap, l4_utcb_t *utcb)
{
	return l4_task_unmap_u(task, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES, utcb);
}
L4_INLINE l4_msgtag_t l4_task_release_cap(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return l4_task_release_cap_u(task, cap, l4_utcb());
}

/* Whether capability slot cap of task refers to an object.
 * \param task  any rights
 * \param cap   a valid selector (bit 0 is cleared)
 * \retval 1  (label) an object is there
 * \retval 0  (label) the slot is empty (also for the invalid selector) */
L4_INLINE l4_msgtag_t l4_task_cap_valid_u(l4_cap_idx_t task, l4_cap_idx_t cap, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_TASK_CAP_INFO_OP;
	m->mr[1] = cap & ~1UL;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_task_cap_valid(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return l4_task_cap_valid_u(task, cap, l4_utcb());
}

/* Whether capability cap of task was mapped on to other tasks (older L4Re
 * API). Walnut keeps no capability derivation: the label is always 0.
 * \retval 1  (label) it has derived copies
 * \retval 0  (label) it has none, or the slot is empty */
L4_INLINE l4_msgtag_t l4_task_cap_has_child_u(l4_cap_idx_t task, l4_cap_idx_t cap, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_TASK_CAP_INFO_OP;
	m->mr[1] = cap | 1UL;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_task_cap_has_child(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return l4_task_cap_has_child_u(task, cap, l4_utcb());
}

/* Whether capabilities cap_a and cap_b of task refer to the same object.
 * \retval 1  (label) same object (or both selectors equal)
 * \retval 0  (label) different objects */
L4_INLINE l4_msgtag_t l4_task_cap_equal_u(l4_cap_idx_t task, l4_cap_idx_t cap_a,
					  l4_cap_idx_t cap_b, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_TASK_CAP_INFO_OP;
	m->mr[1] = cap_a;
	m->mr[2] = cap_b;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 3, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_task_cap_equal(l4_cap_idx_t task, l4_cap_idx_t cap_a, l4_cap_idx_t cap_b)
{
	return l4_task_cap_equal_u(task, cap_a, cap_b, l4_utcb());
}

/* Adds kernel-user memory (for UTCBs) to task at the virtual area ku_mem.
 * \param task    any rights
 * \param ku_mem  a memory flexpage, order 12..16 (4..64 KiB), not
 *                overlapping existing mappings
 * \retval 0           done
 * \retval -L4_EINVAL  not a memory flexpage, bad order or address
 * \retval -L4_EEXIST  something is already mapped there
 * \retval -L4_ENOMEM  out of kernel memory or quota
 * \retval -L4_ENOSYS  a Walnut kernel without kernel-user memory support */
L4_INLINE l4_msgtag_t l4_task_add_ku_mem_u(l4_cap_idx_t task, l4_fpage_t ku_mem, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_TASK_ADD_KU_MEM_OP;
	m->mr[1] = ku_mem.raw;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_task_add_ku_mem(l4_cap_idx_t task, l4_fpage_t ku_mem)
{
	return l4_task_add_ku_mem_u(task, ku_mem, l4_utcb());
}

L4_END_DECLS
