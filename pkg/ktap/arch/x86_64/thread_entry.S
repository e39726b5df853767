/* First instructions of a kt_thread_start() thread: fn and arg are on its
 * stack; call fn(arg), then sleep forever. */
	.text
	.globl kt_thread_entry
kt_thread_entry:
	pop	%rax		/* fn */
	pop	%rdi		/* arg */
	and	$-16, %rsp
	call	*%rax
	call	kt_thread_exit
	ud2
	.section .note.GNU-stack, "", @progbits
