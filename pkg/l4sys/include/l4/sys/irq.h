/* IRQ objects: interrupts as IPC. An IRQ is created with
 * l4_factory_create_irq(), bound to a receiving thread with
 * l4_rcv_ep_bind_thread() (older: l4_irq_attach()), and optionally to a
 * hardware line with l4_icu_bind(). Each hit sends the thread a message
 * with label L4_PROTO_IRQ, no words, and the bound label as the received
 * label. Protocols L4_PROTO_IRQ (trigger, unmask) and L4_PROTO_IRQ_SENDER
 * (detach); as in L4Re's l4/sys/irq.h. See doc/protocols.md "IRQ".
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/kernel_object.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>

L4_BEGIN_DECLS

/* Opcodes with label L4_PROTO_IRQ_SENDER (mr0). */
enum L4_irq_sender_op {
	L4_IRQ_SENDER_OP_RESERVED1 = 0, /* formerly attach */
	L4_IRQ_SENDER_OP_ATTACH    = 0, /* older name; Walnut: same as bind */
	L4_IRQ_SENDER_OP_DETACH    = 1,
};

/* Opcodes with label L4_PROTO_IRQ_MUX (not supported by Walnut). */
enum L4_irq_mux_op {
	L4_IRQ_MUX_OP_CHAIN = 0,
};

/* Opcodes with label L4_PROTO_IRQ (mr0 bits 0-15); a message without words
 * is a trigger. */
enum L4_irq_op {
	L4_IRQ_OP_TRIGGER = 2,
	L4_IRQ_OP_EOI     = 4, /* unmask */
};

/* Attaches irq to thread with label (older L4Re API): the same as
 * l4_rcv_ep_bind_thread(irq, thread, label); with thread = L4_INVALID_CAP
 * it detaches.
 * \retval 0, -L4_EPERM, -L4_EINVAL  see l4_rcv_ep_bind_thread(), l4_irq_detach() */
L4_INLINE l4_msgtag_t l4_irq_detach_u(l4_cap_idx_t irq, l4_utcb_t *utcb);
L4_INLINE l4_msgtag_t l4_irq_attach_u(l4_cap_idx_t irq, l4_umword_t label, l4_cap_idx_t thread,
				      l4_utcb_t *utcb)
{
	if (l4_is_invalid_cap(thread))
		return l4_irq_detach_u(irq, utcb);
	return l4_rcv_ep_bind_thread_u(irq, thread, label, utcb);
}
L4_INLINE l4_msgtag_t l4_irq_attach(l4_cap_idx_t irq, l4_umword_t label, l4_cap_idx_t thread)
{
	return l4_irq_attach_u(irq, label, thread, l4_utcb());
}

/* Detaches irq from its thread (it stays bound to its hardware line).
 * \param irq  needs L4_CAP_FPAGE_S
 * \retval 0          done (also when it was not bound)
 * \retval -L4_EPERM  irq lacks L4_CAP_FPAGE_S */
L4_INLINE l4_msgtag_t l4_irq_detach_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_SENDER_OP_DETACH;
	return l4_ipc_call(irq, utcb, l4_msgtag(L4_PROTO_IRQ_SENDER, 1, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_irq_detach(l4_cap_idx_t irq) { return l4_irq_detach_u(irq, l4_utcb()); }

/* Triggers irq (a send-only message without words; the kernel does not
 * answer, so check the result with l4_ipc_error(), not l4_error()).
 * \param irq  any rights
 * \return the send result: IPC error L4_IPC_ENOT_EXISTENT when irq is empty */
L4_INLINE l4_msgtag_t l4_irq_trigger_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
	return l4_ipc_send(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 0, 0, 0), L4_IPC_BOTH_TIMEOUT_0);
}
L4_INLINE l4_msgtag_t l4_irq_trigger(l4_cap_idx_t irq) { return l4_irq_trigger_u(irq, l4_utcb()); }

/* Unmasks irq and waits for its next hit (only messages from irq).
 * \param to  receive timeout
 * \return the IRQ message (label L4_PROTO_IRQ), or an IPC error
 *         (L4_IPC_RETIMEOUT, L4_IPC_RECANCELED, L4_IPC_ENOT_EXISTENT) */
L4_INLINE l4_msgtag_t l4_irq_receive_u(l4_cap_idx_t irq, l4_timeout_t to, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
	return l4_ipc_call(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), to);
}
L4_INLINE l4_msgtag_t l4_irq_receive(l4_cap_idx_t irq, l4_timeout_t to)
{
	return l4_irq_receive_u(irq, to, l4_utcb());
}

/* Unmasks irq and waits for a message from anyone.
 * \param label  receives the label of what arrived
 * \return the received message's tag, or an IPC error */
L4_INLINE l4_msgtag_t l4_irq_wait_u(l4_cap_idx_t irq, l4_umword_t *label, l4_timeout_t to,
				    l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
	return l4_ipc_send_and_wait(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), label, to);
}
L4_INLINE l4_msgtag_t l4_irq_wait(l4_cap_idx_t irq, l4_umword_t *label, l4_timeout_t to)
{
	return l4_irq_wait_u(irq, label, to, l4_utcb());
}

/* Unmasks irq (send-only; l4_irq_receive() and l4_irq_wait() unmask too).
 * \return the send result (use l4_ipc_error()) */
L4_INLINE l4_msgtag_t l4_irq_unmask_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
	return l4_ipc_send(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_irq_unmask(l4_cap_idx_t irq) { return l4_irq_unmask_u(irq, l4_utcb()); }

/* Chains slave to the master irq (IRQ multiplexers, removed from L4Re).
 * \retval -L4_EBADPROTO  Walnut (no IRQ multiplexers) */
L4_INLINE l4_msgtag_t l4_irq_mux_chain_u(l4_cap_idx_t irq, l4_cap_idx_t slave, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_IRQ_MUX_OP_CHAIN;
	m->mr[1] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[2] = l4_obj_fpage(slave, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(irq, utcb, l4_msgtag(L4_PROTO_IRQ_MUX, 1, 1, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_irq_mux_chain(l4_cap_idx_t irq, l4_cap_idx_t slave)
{
	return l4_irq_mux_chain_u(irq, slave, l4_utcb());
}

L4_END_DECLS
