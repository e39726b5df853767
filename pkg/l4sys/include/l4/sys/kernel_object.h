/* Operations every kernel object shares (protocol L4_PROTO_KOBJECT) and the
 * debugger invocation of an object (l4_invoke_debugger()). Names as in
 * L4Re's l4/sys/kernel_object.h; see doc/protocols.md "Kernel objects".
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

enum L4_kobject_op {
	L4_KOBJECT_OP_DEC_REFCNT   = 0,
	L4_KOBJECT_OP_REGISTER_IRQ = 1,
};

/* Invokes the kernel debugger object (L4_BASE_DEBUGGER_CAP) about the
 * object behind obj: the message of tag (mr0 = L4_DEBUGGER_*_OP, the
 * operation's words) gets 0x100 added to its opcode and obj appended as a
 * typed item after its words.
 * \param obj   capability of the object the operation is about
 * \param tag   the operation's message: words, label ignored
 * \retval -L4_EINVAL       obj is the invalid capability (no IPC done)
 * \retval -L4_EMSGTOOLONG  no room for the item (no IPC done)
 * \retval otherwise        the debugger's answer, see <l4/sys/debugger.h> */
L4_INLINE l4_msgtag_t l4_invoke_debugger(l4_cap_idx_t obj, l4_msgtag_t tag, l4_utcb_t *utcb)
{
	l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
	unsigned words = l4_msgtag_words(tag);
	if (l4_is_invalid_cap(obj))
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	if (words + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return l4_msgtag(-L4_EMSGTOOLONG, 0, 0, 0);
	mr->mr[0] += 0x100; /* L4_KDEBUG_GROUP_KOBJ of <l4/sys/kdebug.h> */
	mr->mr[words] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	mr->mr[words + 1] = l4_obj_fpage(obj, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(L4_BASE_DEBUGGER_CAP, utcb,
			   l4_msgtag(L4_PROTO_DEBUGGER, words, 1, l4_msgtag_flags(tag)), L4_IPC_NEVER);
}

/* Drops diff references of the object behind obj (IPC gates only).
 * \retval -L4_ENOSYS  Walnut (not supported) */
L4_INLINE l4_msgtag_t l4_kobject_dec_refcnt_u(l4_cap_idx_t obj, l4_mword_t diff, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_KOBJECT_OP_DEC_REFCNT;
	m->mr[1] = (l4_umword_t)diff;
	return l4_ipc_call(obj, utcb, l4_msgtag(L4_PROTO_KOBJECT, 2, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_kobject_dec_refcnt(l4_cap_idx_t obj, l4_mword_t diff)
{
	return l4_kobject_dec_refcnt_u(obj, diff, l4_utcb());
}

L4_END_DECLS
