/* x86_64 part of <l4/sys/utcb.h>: UTCB geometry, how a thread finds its
 * UTCB, and the exception state (l4_exc_regs_t) the kernel puts in the
 * message registers for an exception IPC. Include <l4/sys/utcb.h>. */
#pragma once

#ifndef L4_SYS_UTCB_H_INSIDE
# error "include <l4/sys/utcb.h> instead"
#endif

/* Walnut UTCB layout (1 KiB, see doc/abi.md):
 *   0x000  l4_msg_regs_t    mr[63]      message registers
 *   0x1f8  l4_thread_regs_t             error word, free marker, user[3]
 *   0x220  self pointer                 what %gs:0x220 reads (l4_utcb())
 *   0x228  l4_buf_regs_t    bdr, br[58] buffer registers (receive windows)
 * The layout is Walnut's own; L4Re's x86_64 UTCB differs. */
enum l4_utcb_consts_amd64 {
	L4_UTCB_EXCEPTION_REGS_SIZE  = 26, /* words of l4_exc_regs_t */
	L4_UTCB_GENERIC_DATA_SIZE    = 63,
	L4_UTCB_GENERIC_BUFFERS_SIZE = 58,
	L4_UTCB_MSG_REGS_OFFSET      = 0,
	L4_UTCB_THREAD_REGS_OFFSET   = 63 * 8,
	L4_UTCB_SELF_OFFSET          = 68 * 8,
	L4_UTCB_BUF_REGS_OFFSET      = 69 * 8,
	L4_UTCB_INHERIT_FPU          = 1UL << 24, /* bdr flag: accept the sender's FPU state */
	L4_UTCB_SIZE                 = 1024,
	L4_UTCB_OFFSET               = 1024,      /* distance of two UTCBs in a UTCB area */
};

/* The exception state of a thread, as the kernel writes it to the message
 * registers (mr[0] .. mr[25]) of an L4_PROTO_EXCEPTION IPC and reads it
 * back from the handler's reply. Field names and order are L4Re's. Byte
 * offsets: r15 0x00, r14 0x08, r13 0x10, r12 0x18, r11 0x20, r10 0x28,
 * r9 0x30, r8 0x38, rdi 0x40, rsi 0x48, rbp 0x50, pfa 0x58, rbx 0x60,
 * rdx 0x68, rcx 0x70, rax 0x78, trapno 0x80, err 0x88, ip 0x90, cs 0x98,
 * flags 0xa0, sp 0xa8, ss 0xb0, fs_base 0xb8, gs_base 0xc0, ds 0xc8,
 * es 0xca, fs 0xcc, gs 0xce; 0xd0 (208) bytes = 26 words. */
struct l4_exc_regs_t {
	l4_umword_t r15;
	l4_umword_t r14;
	l4_umword_t r13;
	l4_umword_t r12;
	l4_umword_t r11;
	l4_umword_t r10;
	l4_umword_t r9;
	l4_umword_t r8;
	l4_umword_t rdi;
	l4_umword_t rsi;
	l4_umword_t rbp;
	l4_umword_t pfa;     /* faulting address (CR2) for trapno 14, else 0 */
	l4_umword_t rbx;
	l4_umword_t rdx;
	l4_umword_t rcx;
	l4_umword_t rax;
	l4_umword_t trapno;  /* x86 vector (0..31), 0xff for l4_thread_ex_regs() triggered */
	l4_umword_t err;     /* the CPU's error code (0 where there is none) */
	l4_umword_t ip;      /* rip */
	union {
		l4_umword_t dummy1; /* L4Re's name */
		l4_umword_t cs;     /* user code selector; ignored in a reply */
	};
	l4_umword_t flags;   /* rflags */
	l4_umword_t sp;      /* rsp */
	l4_umword_t ss;      /* ignored in a reply */
	l4_umword_t fs_base;
	l4_umword_t gs_base; /* Walnut: always the UTCB address; ignored in a reply */
	l4_uint16_t ds, es, fs, gs; /* selectors; ignored in a reply */
};

/* The calling thread's UTCB: the kernel points the user GS base at it and
 * keeps the UTCB's own address at offset L4_UTCB_SELF_OFFSET. */
L4_INLINE l4_utcb_t *l4_utcb_direct(void)
{
	l4_utcb_t *u;
	__asm__("mov %%gs:%c1, %0" : "=r"(u) : "i"(L4_UTCB_SELF_OFFSET));
	return u;
}

/* The instruction pointer in an exception state. */
L4_INLINE l4_umword_t l4_utcb_exc_pc(l4_exc_regs_t const *u) { return u->ip; }
/* Sets the instruction pointer the thread resumes at after the reply. */
L4_INLINE void l4_utcb_exc_pc_set(l4_exc_regs_t *u, l4_addr_t pc) { u->ip = pc; }
/* The exception type: the x86 vector (trapno). */
L4_INLINE unsigned long l4_utcb_exc_typeval(l4_exc_regs_t const *u) { return u->trapno; }
/* Non-zero for a page fault (#PF, vector 14). */
L4_INLINE int l4_utcb_exc_is_pf(l4_exc_regs_t const *u) { return u->trapno == 14; }
/* The page-fault address in L4 form: address with bit 1 set for a write. */
L4_INLINE l4_addr_t l4_utcb_exc_pfa(l4_exc_regs_t const *u)
{
	return (u->pfa & ~7UL) | (u->err & 2);
}
/* Non-zero when l4_thread_ex_regs(L4_THREAD_EX_REGS_TRIGGER_EXCEPTION)
 * caused the exception. */
L4_INLINE int l4_utcb_exc_is_ex_regs_exception(l4_exc_regs_t const *u)
{
	return l4_utcb_exc_typeval(u) == 0xff;
}
