/* IPC gates: capabilities through which clients send to the thread bound
 * to the gate, which receives the gate's label. Created with
 * l4_factory_create_gate(); bound with l4_rcv_ep_bind_thread(). A gate
 * capability with the L4_FPAGE_C_IPCGATE_SVR attribute reaches the gate's
 * own operations (protocol L4_PROTO_KOBJECT); without it every message is
 * forwarded. As in L4Re's l4/sys/ipc_gate.h; see doc/protocols.md "IPC gate".
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>

L4_BEGIN_DECLS

enum L4_ipc_gate_ops {
	L4_IPC_GATE_BIND_OP     = 0x10, /* = L4_RCV_EP_BIND_OP */
	L4_IPC_GATE_GET_INFO_OP = 0x11,
};

/* Binds gate to thread with label (older name of l4_rcv_ep_bind_thread(),
 * same message).
 * \retval 0, -L4_EPERM, -L4_EINVAL, -L4_EMSGTOOSHORT  see l4_rcv_ep_bind_thread() */
L4_INLINE l4_msgtag_t l4_ipc_gate_bind_thread_u(l4_cap_idx_t gate, l4_cap_idx_t thread,
						l4_umword_t label, l4_utcb_t *utcb)
{
	return l4_rcv_ep_bind_thread_u(gate, thread, label, utcb);
}
L4_INLINE l4_msgtag_t l4_ipc_gate_bind_thread(l4_cap_idx_t gate, l4_cap_idx_t thread,
					      l4_umword_t label)
{
	return l4_rcv_ep_bind_thread_u(gate, thread, label, l4_utcb());
}

/* Reads the gate's label.
 * \param gate   needs the L4_FPAGE_C_IPCGATE_SVR attribute (otherwise the
 *               message goes to the bound thread)
 * \param label  receives the label (only on success)
 * \retval 0  done */
L4_INLINE l4_msgtag_t l4_ipc_gate_get_infos_u(l4_cap_idx_t gate, l4_umword_t *label, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_IPC_GATE_GET_INFO_OP;
	l4_msgtag_t tag = l4_ipc_call(gate, utcb, l4_msgtag(L4_PROTO_KOBJECT, 1, 0, 0), L4_IPC_NEVER);
	if (!l4_msgtag_has_error(tag) && l4_msgtag_label(tag) >= 0)
		*label = m->mr[0];
	return tag;
}
L4_INLINE l4_msgtag_t l4_ipc_gate_get_infos(l4_cap_idx_t gate, l4_umword_t *label)
{
	return l4_ipc_gate_get_infos_u(gate, label, l4_utcb());
}

L4_END_DECLS
