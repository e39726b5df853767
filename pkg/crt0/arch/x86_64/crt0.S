/* Program entry for every µApp and boot task (x86_64).
 * Boot tasks start with rsp = 0, rdi = KIP, rsi = UTCB: they run on the
 * static stack below. Programs started by a loader get a System V stack
 * (argc, argv..., envp...) and use it. */
	.text
	.globl _start
_start:
	xor	%ebp, %ebp
	test	%rsp, %rsp
	jnz	1f
	lea	crt0_stack_top(%rip), %rsp
	xor	%edx, %edx		/* no argument vector */
	jmp	2f
1:	mov	%rsp, %rdx		/* argc at (%rsp) */
2:	and	$-16, %rsp
	call	crt0_start		/* (kip, utcb, sp); does not return */
	ud2

	.bss
	.balign 16
crt0_stack:
	.skip	32768
crt0_stack_top:
	.section .note.GNU-stack, "", @progbits
