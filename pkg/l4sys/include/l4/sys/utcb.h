/* The UTCB (user thread control block): per-thread message, buffer and
 * thread control registers shared with the kernel.
 *
 * Walnut layout (1 KiB, see doc/abi.md):
 *   0x000  l4_msg_regs_t    mr[63]    message registers
 *   0x1f8  l4_thread_regs_t           error word, free marker, user[3]
 *   0x220  self pointer               what %gs:0x220 reads (l4_utcb())
 *   0x228  l4_buf_regs_t    bdr, br[58] buffer registers (receive windows)
 */
#pragma once

#include <l4/sys/types.h>

enum l4_utcb_consts_amd64 {
	L4_UTCB_GENERIC_DATA_SIZE    = 63,
	L4_UTCB_GENERIC_BUFFERS_SIZE = 58,
	L4_UTCB_MSG_REGS_OFFSET      = 0,
	L4_UTCB_THREAD_REGS_OFFSET   = 63 * 8,
	L4_UTCB_SELF_OFFSET          = 68 * 8,
	L4_UTCB_BUF_REGS_OFFSET      = 69 * 8,
	L4_UTCB_SIZE                 = 1024,
	L4_UTCB_OFFSET               = 1024,
};

typedef struct l4_utcb_t l4_utcb_t; /* opaque */

typedef union l4_msg_regs_t {
	l4_umword_t mr[L4_UTCB_GENERIC_DATA_SIZE];
	l4_uint64_t mr64[L4_UTCB_GENERIC_DATA_SIZE];
} l4_msg_regs_t;

typedef struct l4_buf_regs_t {
	l4_umword_t bdr;
	l4_umword_t br[L4_UTCB_GENERIC_BUFFERS_SIZE];
} l4_buf_regs_t;

typedef struct l4_thread_regs_t {
	l4_umword_t error;       /* IPC error code (L4_IPC_E*) of the last operation */
	l4_umword_t free_marker;
	l4_umword_t user[3];     /* free for the user (thread-local pointers) */
} l4_thread_regs_t;

/* The calling thread's UTCB: the kernel points the user GS base at it. */
L4_INLINE l4_utcb_t *l4_utcb(void)
{
	l4_utcb_t *u;
	__asm__("mov %%gs:%c1, %0" : "=r"(u) : "i"(L4_UTCB_SELF_OFFSET));
	return u;
}
L4_INLINE l4_utcb_t *l4_utcb_direct(void) { return l4_utcb(); }

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
L4_INLINE l4_msg_regs_t *l4_utcb_mr(void) { return l4_utcb_mr_u(l4_utcb()); }
L4_INLINE l4_thread_regs_t *l4_utcb_tcr(void) { return l4_utcb_tcr_u(l4_utcb()); }
L4_INLINE l4_buf_regs_t *l4_utcb_br(void) { return l4_utcb_br_u(l4_utcb()); }
