/* Kernel entry from bootstrap: 64-bit mode, paging on, %rdi = boot info (physical). */
#include <arch/frame.h>

	.section .text.head, "ax"
	.globl _start
_start:
	cli
	cld
	lea	boot_stack_top(%rip), %rsp
	xor	%ebp, %ebp		/* terminates frame-pointer backtraces */
	call	kernel_main		/* (u64 bootinfo_phys); does not return */
1:	hlt
	jmp	1b

	.section .bss.boot_stack, "aw", @nobits
	.balign 16
	.globl boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.skip	16384
boot_stack_top:
	.section .note.GNU-stack, "", @progbits
