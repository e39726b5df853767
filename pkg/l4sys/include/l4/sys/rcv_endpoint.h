/* Receive endpoints (IPC gates and IRQs): bind one to the thread that
 * receives what comes through it. Protocol L4_PROTO_KOBJECT, opcode
 * L4_RCV_EP_BIND_OP in mr0; as in L4Re's l4/sys/rcv_endpoint.h. See
 * doc/protocols.md "Receive endpoints".
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

enum L4_rcv_ep_ops {
	L4_RCV_EP_BIND_OP = 0x10,
};

/* Binds the IPC gate or IRQ ep to thread: from now on what comes through
 * ep goes to thread with label (an IPC gate or's the sender's W and S
 * rights into the two low bits, so keep them 0). Rebinding is allowed;
 * messages already queued keep their old label (see
 * l4_thread_modify_sender_start()).
 * \param ep      IPC gate (with L4_FPAGE_C_IPCGATE_SVR) or IRQ; needs
 *                L4_CAP_FPAGE_S
 * \param thread  needs L4_CAP_FPAGE_S
 * \retval 0                done
 * \retval -L4_EPERM        ep or thread lacks L4_CAP_FPAGE_S
 * \retval -L4_EINVAL       thread is not a thread
 * \retval -L4_EMSGMISSARG  no typed item
 * \retval -L4_EMSGTOOSHORT fewer than 2 words */
L4_INLINE l4_msgtag_t l4_rcv_ep_bind_thread_u(l4_cap_idx_t ep, l4_cap_idx_t thread,
					      l4_umword_t label, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_RCV_EP_BIND_OP;
	m->mr[1] = label;
	m->mr[2] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[3] = l4_obj_fpage(thread, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(ep, utcb, l4_msgtag(L4_PROTO_KOBJECT, 2, 1, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_rcv_ep_bind_thread(l4_cap_idx_t ep, l4_cap_idx_t thread, l4_umword_t label)
{
	return l4_rcv_ep_bind_thread_u(ep, thread, label, l4_utcb());
}

L4_END_DECLS
