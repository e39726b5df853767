/* Kernel entry and exit: exception/interrupt stubs, the syscall entry, and
 * the stack switch between threads.
 *
 * Every entry builds a struct trap_frame (arch/frame.h) on the current
 * thread's kernel stack. From user mode the CPU switches to TSS.rsp0 for
 * interrupts; for syscall we switch by hand from %gs:CPU_ARCH_KSTACK_TOP.
 * swapgs happens only when coming from or returning to user mode (CS RPL 3),
 * so the kernel always sees its per-CPU GS base. The kernel runs with
 * interrupts off; only the idle loop enables them.
 */
#include <arch/frame.h>
#include <arch/cpu_arch.h>
#include <arch/seg.h>

.macro PUSH_REGS
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
.endm

.macro POP_REGS
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
.endm

/* Exceptions without an error code push a 0 so the frame is uniform. */
.macro STUB vector, has_error
	.balign 16
	.if \has_error == 0
	pushq	$0
	.endif
	pushq	$\vector
	jmp	trap_common
.endm

	.text
	.globl trap_stubs
	.balign 16
trap_stubs:
vec = 0
.rept 256
	/* 8 #DF, 10-14 #TS #NP #SS #GP #PF, 17 #AC, 21 #CP, 29 #VC, 30 #SX carry an error code */
	.if vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30
	STUB vec, 1
	.else
	STUB vec, 0
	.endif
	vec = vec + 1
.endr

trap_common:
	testb	$3, FRAME_CS - FRAME_VECTOR(%rsp)
	jz	1f
	swapgs
1:	PUSH_REGS
	mov	%rsp, %rdi
	xor	%ebp, %ebp
	call	trap_dispatch
	.globl trap_return
trap_return:		/* %rsp points at a struct trap_frame */
	POP_REGS
	add	$16, %rsp	/* vector, error */
	testb	$3, 8(%rsp)	/* CS of the iret frame */
	jz	2f
	swapgs
2:	iretq

/* syscall: rcx = user rip, r11 = user rflags, rsp still the user's.
 * IA32_FMASK cleared IF, so nothing can interrupt us before the switch. */
	.globl syscall_entry
	.balign 16
syscall_entry:
	swapgs
	mov	%rsp, %gs:CPU_ARCH_USER_RSP
	mov	%gs:CPU_ARCH_KSTACK_TOP, %rsp
	pushq	$SEL_UDATA			/* ss */
	pushq	%gs:CPU_ARCH_USER_RSP		/* rsp */
	push	%r11				/* rflags */
	pushq	$SEL_UCODE			/* cs */
	push	%rcx				/* rip */
	pushq	$0				/* error */
	pushq	$VECTOR_SYSCALL			/* vector */
	PUSH_REGS
	mov	%rsp, %rdi
	xor	%ebp, %ebp
	call	syscall_dispatch
	.globl syscall_return
syscall_return:		/* %rsp points at a struct trap_frame built by syscall_entry */
	/* sysret needs rcx = rip, r11 = rflags; syscall_dispatch made sure
	 * rip is canonical (sysret to a non-canonical rip faults in ring 0). */
	mov	FRAME_RIP(%rsp), %rcx
	mov	%rcx, FRAME_RCX(%rsp)
	mov	FRAME_RFLAGS(%rsp), %r11
	mov	%r11, FRAME_R11(%rsp)
	POP_REGS
	add	$16, %rsp			/* vector, error */
	mov	24(%rsp), %rsp			/* user rsp (frame rsp slot) */
	swapgs
	sysretq

/* A new thread's first run: its stack holds a trap frame; return through it. */
	.globl thread_first_return
thread_first_return:
	call	thread_first_run
	jmp	trap_return

/* void arch_switch_stack(u64 *save_sp, u64 next_sp): callee-saved registers
 * on the old stack, then the same off the new one. */
	.globl arch_switch_stack
arch_switch_stack:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, (%rdi)
	mov	%rsi, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
	.section .note.GNU-stack, "", @progbits
