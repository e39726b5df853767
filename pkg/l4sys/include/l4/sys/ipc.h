/* IPC: send, receive, call, reply-and-wait and sleep through one system call
 * (names and semantics as in L4Re's l4/sys/ipc.h; the binary convention is
 * Walnut's, see <l4/sys/invoke-arch.h> and doc/abi.md). */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/err.h>
#include <l4/sys/invoke-arch.h>

L4_BEGIN_DECLS

/* IPC error codes in the UTCB error word (l4_utcb_tcr()->error). Odd codes
 * happened in the receive phase, even ones in the send phase. */
enum l4_ipc_tcr_error_t {
	L4_IPC_ERROR_MASK     = 0x1f,
	L4_IPC_SND_ERR_MASK   = 0x01,
	L4_IPC_ENOT_EXISTENT  = 0x04, /* partner does not exist */
	L4_IPC_RETIMEOUT      = 0x03, /* receive timeout */
	L4_IPC_SETIMEOUT      = 0x02, /* send timeout */
	L4_IPC_RECANCELED     = 0x07, /* receive canceled */
	L4_IPC_SECANCELED     = 0x06, /* send canceled */
	L4_IPC_REMAPFAILED    = 0x11, /* map failed in the receive phase */
	L4_IPC_SEMAPFAILED    = 0x10, /* map failed in the send phase */
	L4_IPC_RESNDPFTO      = 0x0b, /* send page-fault timeout, receive phase */
	L4_IPC_SESNDPFTO      = 0x0a, /* send page-fault timeout, send phase */
	L4_IPC_RERCVPFTO      = 0x0d, /* receive page-fault timeout, receive phase */
	L4_IPC_SERCVPFTO      = 0x0c, /* receive page-fault timeout, send phase */
	L4_IPC_REABORTED      = 0x0f, /* receive aborted */
	L4_IPC_SEABORTED      = 0x0e, /* send aborted */
	L4_IPC_REMSGCUT       = 0x09, /* received message cut */
	L4_IPC_SEMSGCUT       = 0x08, /* sent message cut */
};

/* The generic IPC operation: flags are L4_SYSF_*; slabel is sent as label
 * for receive operations and *rlabel gets the received label. */
L4_INLINE l4_msgtag_t l4_ipc(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_umword_t flags,
			     l4_umword_t slabel, l4_msgtag_t tag, l4_umword_t *rlabel,
			     l4_timeout_t timeout)
{
	(void)utcb; /* the kernel knows the calling thread's UTCB */
	l4_umword_t label = slabel;
	tag = l4_invoke_arch(dest | flags, tag, timeout, &label);
	if (rlabel)
		*rlabel = label;
	return tag;
}

L4_INLINE l4_msgtag_t l4_ipc_call(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_msgtag_t tag,
				  l4_timeout_t timeout)
{
	return l4_ipc(dest, utcb, L4_SYSF_CALL, 0, tag, 0, timeout);
}
L4_INLINE l4_msgtag_t l4_ipc_send(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_msgtag_t tag,
				  l4_timeout_t timeout)
{
	return l4_ipc(dest, utcb, L4_SYSF_SEND, 0, tag, 0, timeout);
}
L4_INLINE l4_msgtag_t l4_ipc_receive(l4_cap_idx_t object, l4_utcb_t *utcb, l4_timeout_t timeout)
{
	return l4_ipc(object, utcb, L4_SYSF_RECV, 0, l4_msgtag(0, 0, 0, 0), 0, timeout);
}
L4_INLINE l4_msgtag_t l4_ipc_wait(l4_utcb_t *utcb, l4_umword_t *label, l4_timeout_t timeout)
{
	return l4_ipc(L4_INVALID_CAP, utcb, L4_SYSF_WAIT, 0, l4_msgtag(0, 0, 0, 0), label, timeout);
}
L4_INLINE l4_msgtag_t l4_ipc_reply_and_wait(l4_utcb_t *utcb, l4_msgtag_t tag,
					    l4_umword_t *label, l4_timeout_t timeout)
{
	return l4_ipc(L4_INVALID_CAP, utcb, L4_SYSF_REPLY_AND_WAIT, 0, tag, label, timeout);
}
L4_INLINE l4_msgtag_t l4_ipc_send_and_wait(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_msgtag_t tag,
					   l4_umword_t *label, l4_timeout_t timeout)
{
	return l4_ipc(dest, utcb, L4_SYSF_SEND_AND_WAIT, 0, tag, label, timeout);
}
/* Blocks for the receive timeout; the IPC error is L4_IPC_RETIMEOUT when it
 * expired, L4_IPC_RECANCELED when l4_thread_ex_regs() woke the thread. */
L4_INLINE l4_msgtag_t l4_ipc_sleep(l4_timeout_t timeout)
{
	return l4_ipc_receive(L4_INVALID_CAP, 0, timeout);
}
/* Sleeps ms milliseconds (see l4_ipc_sleep()). */
L4_INLINE l4_msgtag_t l4_ipc_sleep_ms(l4_uint32_t ms)
{
	return l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(ms * 1000ULL)));
}
/* Sleeps us microseconds (see l4_ipc_sleep()). */
L4_INLINE l4_msgtag_t l4_ipc_sleep_us(l4_uint64_t us)
{
	return l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(us)));
}

/* The IPC error of the last operation (0 when tag has no error). */
L4_INLINE l4_umword_t l4_ipc_error(l4_msgtag_t tag, l4_utcb_t *utcb)
{
	if (!l4_msgtag_has_error(tag))
		return 0;
	return l4_utcb_tcr_u(utcb)->error & L4_IPC_ERROR_MASK;
}
/* The negative L4 error for an IPC error code: -(L4_EIPC_LO + code). */
L4_INLINE long l4_ipc_to_errno(unsigned long ipc_error_code)
{
	return -(long)(L4_EIPC_LO + ipc_error_code);
}
/* The error code in the UTCB (valid when the result tag has the error flag). */
L4_INLINE int l4_ipc_error_code(l4_utcb_t *utcb)
{
	return (int)(l4_utcb_tcr_u(utcb)->error & L4_IPC_ERROR_MASK);
}
/* Whether the failed IPC failed in its send phase (error flag set). */
L4_INLINE int l4_ipc_is_snd_error(l4_utcb_t *utcb)
{
	return (l4_utcb_tcr_u(utcb)->error & 1) == 0;
}
/* Whether the failed IPC failed in its receive phase (error flag set). */
L4_INLINE int l4_ipc_is_rcv_error(l4_utcb_t *utcb)
{
	return (int)(l4_utcb_tcr_u(utcb)->error & 1);
}

/* The result of an invocation: a negative L4 error, or the (non-negative)
 * label of the answer for kernel objects, as in L4Re's l4_error(). */
L4_INLINE long l4_error_u(l4_msgtag_t tag, l4_utcb_t *utcb)
{
	if (l4_msgtag_has_error(tag))
		return l4_ipc_to_errno(l4_utcb_tcr_u(utcb)->error & L4_IPC_ERROR_MASK);
	return l4_msgtag_label(tag);
}
L4_INLINE long l4_error(l4_msgtag_t tag) { return l4_error_u(tag, l4_utcb()); }

/* Appends a map item (snd_base | L4_ITEM_MAP | L4_ITEM_CONT, snd_fpage)
 * after the words and items tag already describes, and counts it in tag.
 * \retval 0           the item was added
 * \retval -L4_ENOMEM  no room left in the message registers */
L4_INLINE int l4_sndfpage_add_u(l4_fpage_t const snd_fpage, unsigned long snd_base,
				l4_msgtag_t *tag, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	unsigned i = l4_msgtag_words(*tag) + 2 * l4_msgtag_items(*tag);
	if (i >= L4_UTCB_GENERIC_DATA_SIZE - 1)
		return -L4_ENOMEM;
	v->mr[i] = snd_base | L4_ITEM_MAP | L4_ITEM_CONT;
	v->mr[i + 1] = snd_fpage.raw;
	*tag = l4_msgtag(l4_msgtag_label(*tag), l4_msgtag_words(*tag),
			 l4_msgtag_items(*tag) + 1, l4_msgtag_flags(*tag));
	return 0;
}
L4_INLINE int l4_sndfpage_add(l4_fpage_t const snd_fpage, unsigned long snd_base,
			      l4_msgtag_t *tag)
{
	return l4_sndfpage_add_u(snd_fpage, snd_base, tag, l4_utcb());
}

L4_END_DECLS
