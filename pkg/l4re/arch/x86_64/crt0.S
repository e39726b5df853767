/* Program entry of every program and boot task (x86_64).
 * Boot tasks start with rsp = 0, rdi = KIP, rsi = UTCB and run on the
 * static stack below. Programs a loader starts get a System V stack
 * (argc, argv, envp, auxv, see doc/runtime.md) and keep it; their rdi/rsi
 * mean nothing. crt0_start(kip, utcb, sp) in src/start.c does the rest. */
	.text
	.globl _start
_start:
	xor	%ebp, %ebp		/* outermost frame for debuggers */
	test	%rsp, %rsp
	jnz	1f
	lea	crt0_stack_top(%rip), %rsp
	xor	%edx, %edx		/* boot task: no vectors */
	jmp	2f
1:	mov	%rsp, %rdx		/* argc at (%rsp) */
	xor	%edi, %edi
	xor	%esi, %esi
2:	and	$-16, %rsp
	call	crt0_start		/* does not return */
	ud2

	.bss
	.balign 16
crt0_stack:
	.skip	32768
crt0_stack_top:
	.section .note.GNU-stack, "", @progbits
