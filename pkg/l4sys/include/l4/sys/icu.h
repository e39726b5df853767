/* Interrupt controllers (ICU): bind interrupt lines to IRQ objects, mask,
 * unmask, trigger modes, MSI. Protocol L4_PROTO_IRQ with the opcode in mr0;
 * as in L4Re's l4/sys/icu.h. The kernel ICU is L4_BASE_ICU_CAP; Vcon and
 * Scheduler objects are ICUs with one line each. Setting up a line:
 * l4_icu_set_mode() (optional), l4_rcv_ep_bind_thread(irq, ...),
 * l4_icu_bind(), then unmask as l4_icu_bind()'s answer says. See
 * doc/protocols.md "ICU".
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/kernel_object.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

enum L4_icu_flags {
	/* or-ed into the line number of bind/unbind/msi_info: an MSI vector */
	L4_ICU_FLAG_MSI = 0x80000000,
};

/* Trigger modes (l4_icu_set_mode()). */
enum L4_irq_mode {
	L4_IRQ_F_NONE         = 0,
	L4_IRQ_F_LEVEL        = 0x2,
	L4_IRQ_F_EDGE         = 0x0,
	L4_IRQ_F_POS          = 0x0,
	L4_IRQ_F_NEG          = 0x4,
	L4_IRQ_F_BOTH         = 0x8,
	L4_IRQ_F_LEVEL_HIGH   = 0x3,
	L4_IRQ_F_LEVEL_LOW    = 0x7,
	L4_IRQ_F_POS_EDGE     = 0x1,
	L4_IRQ_F_NEG_EDGE     = 0x5,
	L4_IRQ_F_BOTH_EDGE    = 0x9,
	L4_IRQ_F_MASK         = 0xf,
	L4_IRQ_F_SET_WAKEUP   = 0x10,
	L4_IRQ_F_CLEAR_WAKEUP = 0x20,
};

enum L4_icu_opcode {
	L4_ICU_OP_BIND     = 0,
	L4_ICU_OP_UNBIND   = 1,
	L4_ICU_OP_INFO     = 2,
	L4_ICU_OP_MSI_INFO = 3,
	L4_ICU_OP_UNMASK   = 4,
	L4_ICU_OP_MASK     = 5,
	L4_ICU_OP_SET_MODE = 6,
};

enum L4_icu_ctl_op {
	L4_ICU_CTL_UNMASK = 0,
	L4_ICU_CTL_MASK   = 1,
};

typedef struct l4_icu_info_t {
	unsigned features; /* L4_ICU_FLAG_MSI when MSIs are supported */
	unsigned nr_irqs;  /* lines */
	unsigned nr_msis;  /* MSI vectors */
} l4_icu_info_t;

typedef struct l4_icu_msi_info_t {
	l4_uint64_t msi_addr; /* address the device writes to */
	l4_uint32_t msi_data; /* value it writes */
} l4_icu_msi_info_t;

/* Binds line irqnum of icu to the IRQ object irq (which is unbound from a
 * previous line).
 * \param irqnum  line, or MSI vector | L4_ICU_FLAG_MSI
 * \param irq     IRQ capability; needs L4_CAP_FPAGE_W
 * \retval 0           bound; unmask with l4_irq_unmask() (on the IRQ)
 * \retval 1           bound; unmask with l4_icu_unmask() (on the ICU)
 * \retval -L4_EINVAL  no such line, fewer than 2 words, irq not an IRQ
 * \retval -L4_EPERM   irq lacks L4_CAP_FPAGE_W
 * \retval -L4_EBUSY   the line is bound to another IRQ */
L4_INLINE l4_msgtag_t l4_icu_bind_u(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq,
				    l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_ICU_OP_BIND;
	m->mr[1] = irqnum;
	m->mr[2] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[3] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 1, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_icu_bind(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq)
{
	return l4_icu_bind_u(icu, irqnum, irq, l4_utcb());
}

/* Unbinds line irqnum (masks it).
 * \param irq  the IRQ bound to it; needs L4_CAP_FPAGE_W
 * \retval 0           done (also when the line was not bound)
 * \retval -L4_EINVAL  no such line, irq not an IRQ
 * \retval -L4_EPERM   irq lacks L4_CAP_FPAGE_W */
L4_INLINE l4_msgtag_t l4_icu_unbind_u(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq,
				      l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_ICU_OP_UNBIND;
	m->mr[1] = irqnum;
	m->mr[2] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[3] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 1, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_icu_unbind(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq)
{
	return l4_icu_unbind_u(icu, irqnum, irq, l4_utcb());
}

/* Sets the trigger mode of line irqnum.
 * \param mode  L4_IRQ_F_* (L4_IRQ_F_LEVEL_HIGH, L4_IRQ_F_POS_EDGE, ...)
 * \retval 0           done
 * \retval -L4_EINVAL  no such line or a mode the line cannot do */
L4_INLINE l4_msgtag_t l4_icu_set_mode_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t mode,
					l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_ICU_OP_SET_MODE;
	m->mr[1] = irqnum;
	m->mr[2] = mode;
	return l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 3, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_icu_set_mode(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t mode)
{
	return l4_icu_set_mode_u(icu, irqnum, mode, l4_utcb());
}

/* The ICU's features and sizes (filled in only on success).
 * \retval 0  done */
L4_INLINE l4_msgtag_t l4_icu_info_u(l4_cap_idx_t icu, l4_icu_info_t *info, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_ICU_OP_INFO;
	l4_msgtag_t res = l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), L4_IPC_NEVER);
	if (l4_error_u(res, utcb) >= 0) {
		info->features = (unsigned)m->mr[0];
		info->nr_irqs = (unsigned)m->mr[1];
		info->nr_msis = (unsigned)m->mr[2];
	}
	return res;
}
L4_INLINE l4_msgtag_t l4_icu_info(l4_cap_idx_t icu, l4_icu_info_t *info)
{
	return l4_icu_info_u(icu, info, l4_utcb());
}

/* The address/data pair a device must write to raise MSI vector irqnum.
 * \param irqnum  MSI vector | L4_ICU_FLAG_MSI
 * \param source  the requester (x86: PCI source id, for interrupt remapping)
 * \retval 0           done, *msi_info filled in
 * \retval -L4_EINVAL  not an MSI vector of this ICU */
L4_INLINE l4_msgtag_t l4_icu_msi_info_u(l4_cap_idx_t icu, unsigned irqnum, l4_uint64_t source,
					l4_icu_msi_info_t *msi_info, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_ICU_OP_MSI_INFO;
	m->mr[1] = irqnum;
	m->mr64[l4_utcb_mr64_idx(2)] = source;
	l4_msgtag_t res = l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 3, 0, 0), L4_IPC_NEVER);
	if (l4_error_u(res, utcb) < 0)
		return res;
	if (l4_msgtag_words(res) < 2)
		return res;
	msi_info->msi_addr = m->mr64[l4_utcb_mr64_idx(0)];
	msi_info->msi_data = (l4_uint32_t)m->mr[1];
	return res;
}
L4_INLINE l4_msgtag_t l4_icu_msi_info(l4_cap_idx_t icu, unsigned irqnum, l4_uint64_t source,
				      l4_icu_msi_info_t *msi_info)
{
	return l4_icu_msi_info_u(icu, irqnum, source, msi_info, l4_utcb());
}

/* Masks (op L4_ICU_CTL_MASK) or unmasks (L4_ICU_CTL_UNMASK) line irqnum
 * with a send-only message; with label != NULL then waits for a message
 * from anyone. The ICU does not answer. */
L4_INLINE l4_msgtag_t l4_icu_control_u(l4_cap_idx_t icu, unsigned irqnum, unsigned op,
				       l4_umword_t *label, l4_timeout_t to, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_ICU_OP_UNMASK + op;
	m->mr[1] = irqnum;
	if (label)
		return l4_ipc_send_and_wait(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 0, 0), label, to);
	return l4_ipc_send(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 0, 0), to);
}

/* Unmasks line irqnum; waits for the next message if label != NULL.
 * \return the send result (or the received message); use l4_ipc_error() */
L4_INLINE l4_msgtag_t l4_icu_unmask_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
				      l4_timeout_t to, l4_utcb_t *utcb)
{
	return l4_icu_control_u(icu, irqnum, L4_ICU_CTL_UNMASK, label, to, utcb);
}
L4_INLINE l4_msgtag_t l4_icu_unmask(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
				    l4_timeout_t to)
{
	return l4_icu_control_u(icu, irqnum, L4_ICU_CTL_UNMASK, label, to, l4_utcb());
}

/* Masks line irqnum; waits for the next message if label != NULL.
 * \return the send result (or the received message); use l4_ipc_error() */
L4_INLINE l4_msgtag_t l4_icu_mask_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
				    l4_timeout_t to, l4_utcb_t *utcb)
{
	return l4_icu_control_u(icu, irqnum, L4_ICU_CTL_MASK, label, to, utcb);
}
L4_INLINE l4_msgtag_t l4_icu_mask(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
				  l4_timeout_t to)
{
	return l4_icu_control_u(icu, irqnum, L4_ICU_CTL_MASK, label, to, l4_utcb());
}

L4_END_DECLS
