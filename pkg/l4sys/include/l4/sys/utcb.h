/* The UTCB (user thread control block): per-thread message, buffer and
 * thread control registers shared with the kernel. The layout (offsets in
 * enum l4_utcb_consts_amd64) and the exception state l4_exc_regs_t come
 * from the architecture part <l4/sys/utcb-arch.h>; see doc/abi.md. */
#pragma once

#include <l4/sys/types.h>

L4_BEGIN_DECLS

typedef struct l4_utcb_t l4_utcb_t; /* opaque */
typedef struct l4_exc_regs_t l4_exc_regs_t;

#define L4_SYS_UTCB_H_INSIDE
#include <l4/sys/utcb-arch.h>
#undef L4_SYS_UTCB_H_INSIDE

typedef union l4_msg_regs_t {
	l4_umword_t mr[L4_UTCB_GENERIC_DATA_SIZE];
	l4_uint64_t mr64[L4_UTCB_GENERIC_DATA_SIZE];
} l4_msg_regs_t;

/* Buffer registers: bdr (see l4_bdr()) and the receive items. */
typedef struct l4_buf_regs_t {
	l4_umword_t bdr;
	l4_umword_t br[L4_UTCB_GENERIC_BUFFERS_SIZE];
} l4_buf_regs_t;

typedef struct l4_thread_regs_t {
	l4_umword_t error;       /* IPC error code (L4_IPC_E*) of the last operation */
	l4_umword_t free_marker; /* the kernel zeroes it once it no longer uses the UTCB */
	l4_umword_t user[3];     /* free for the user (thread-local pointers) */
} l4_thread_regs_t;

/* The calling thread's UTCB. */
L4_INLINE l4_utcb_t *l4_utcb(void) { return l4_utcb_direct(); }

L4_INLINE l4_msg_regs_t *l4_utcb_mr_u(l4_utcb_t *u)
{
	return (l4_msg_regs_t *)((char *)u + L4_UTCB_MSG_REGS_OFFSET);
}
L4_INLINE l4_thread_regs_t *l4_utcb_tcr_u(l4_utcb_t *u)
{
	return (l4_thread_regs_t *)((char *)u + L4_UTCB_THREAD_REGS_OFFSET);
}
L4_INLINE l4_buf_regs_t *l4_utcb_br_u(l4_utcb_t *u)
{
	return (l4_buf_regs_t *)((char *)u + L4_UTCB_BUF_REGS_OFFSET);
}
/* The message registers viewed as exception state (exception IPC). */
L4_INLINE l4_exc_regs_t *l4_utcb_exc_u(l4_utcb_t *u)
{
	return (l4_exc_regs_t *)((char *)u + L4_UTCB_MSG_REGS_OFFSET);
}
L4_INLINE l4_msg_regs_t *l4_utcb_mr(void) { return l4_utcb_mr_u(l4_utcb()); }
L4_INLINE l4_thread_regs_t *l4_utcb_tcr(void) { return l4_utcb_tcr_u(l4_utcb()); }
L4_INLINE l4_buf_regs_t *l4_utcb_br(void) { return l4_utcb_br_u(l4_utcb()); }
L4_INLINE l4_exc_regs_t *l4_utcb_exc(void) { return l4_utcb_exc_u(l4_utcb()); }

/* Accept (switch_on != 0) or refuse the FPU state a sender transfers with
 * L4_MSGTAG_TRANSFER_FPU (flag L4_UTCB_INHERIT_FPU in bdr). */
L4_INLINE void l4_utcb_inherit_fpu_u(l4_utcb_t *u, int switch_on)
{
	if (switch_on)
		l4_utcb_br_u(u)->bdr |= L4_UTCB_INHERIT_FPU;
	else
		l4_utcb_br_u(u)->bdr &= ~(l4_umword_t)L4_UTCB_INHERIT_FPU;
}
L4_INLINE void l4_utcb_inherit_fpu(int switch_on) { l4_utcb_inherit_fpu_u(l4_utcb(), switch_on); }

/* A buffer descriptor: index of the first memory, I/O and object buffer
 * item in br[], and flags (L4_UTCB_INHERIT_FPU, already shifted). */
L4_INLINE l4_umword_t l4_bdr(l4_umword_t mem, l4_umword_t io, l4_umword_t obj, l4_umword_t flags)
{
	return (mem << L4_BDR_MEM_SHIFT) | (io << L4_BDR_IO_SHIFT) | (obj << L4_BDR_OBJ_SHIFT) | flags;
}

/* An absolute timeout at clock value pint, stored in buffer register br.
 * Walnut does not support absolute timeouts: an IPC using the result fails
 * with -L4_EINVAL (see doc/abi.md). Kept so that L4Re code compiles. */
L4_INLINE l4_timeout_s l4_timeout_abs_u(l4_kernel_clock_t pint, int br, l4_utcb_t *utcb)
{
	l4_timeout_s to;
	to.t = (l4_uint16_t)(0x8000 | (br & 0x3f));
	l4_utcb_br_u(utcb)->br[br] = pint;
	return to;
}
L4_INLINE l4_timeout_s l4_timeout_abs(l4_kernel_clock_t pint, int br)
{
	return l4_timeout_abs_u(pint, br, l4_utcb());
}

/* Index into mr64[] of the 64-bit value starting at mr[idx]. */
L4_INLINE unsigned l4_utcb_mr64_idx(unsigned idx)
{
	return idx / (unsigned)(sizeof(l4_uint64_t) / sizeof(l4_umword_t));
}

L4_END_DECLS
