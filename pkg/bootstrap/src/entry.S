/* Bootstrap entry: multiboot 1 and 2 headers, 32-bit start-up and the switch to long mode. */

/* Multiboot 1 (spec 0.6.96 section 3.1): header within the first 8 KiB of the
 * file, 4-byte aligned. Flag bit 0 asks for page-aligned loader modules, bit 1
 * for memory information. Bit 16 (a.out kludge) stays clear: we are ELF. */
#define MB1_HEADER_MAGIC  0x1BADB002
#define MB1_HEADER_FLAGS  0x00000003

/* Multiboot 2 (spec 2.0 section 3.1): header within the first 32 KiB, 8-byte
 * aligned, architecture 0 = i386 protected mode, a list of tags closed by an
 * end tag {type 0, flags 0, size 8}. We request nothing else. */
#define MB2_HEADER_MAGIC  0xE85250D6
#define MB2_ARCH_I386     0

/* Our own GDT selectors (see bs_gdt below). */
#define SEL_CODE32  0x08
#define SEL_DATA    0x10
#define SEL_CODE64  0x18

#define CR0_PG      0x80000000  /* paging */
#define CR4_PAE     0x00000020  /* physical address extension, required for long mode */
#define MSR_EFER    0xC0000080
#define EFER_SCE    0x00000001  /* syscall/sysret */
#define EFER_LME    0x00000100  /* long mode enable, takes effect with CR0.PG */
#define EFER_NXE    0x00000800  /* allow the no-execute bit in page tables */

#define BS_STACK_SIZE 16384

	.section .multiboot, "a"
	.balign 4
mb1_header:
	.long MB1_HEADER_MAGIC
	.long MB1_HEADER_FLAGS
	.long -(MB1_HEADER_MAGIC + MB1_HEADER_FLAGS)

	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	/* The four fields must sum to 0 mod 2^32; written as 2^32 - sum so that
	 * the assembler sees a value that fits in 32 bits. */
	.long 0x100000000 - (MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	.short 0        /* end tag: type */
	.short 0        /* flags */
	.long 8         /* size */
mb2_header_end:

	.text
	.code32
	.globl _start
	.type _start, @function
/* Both loaders enter here in 32-bit protected mode with flat segments, paging
 * and interrupts off, %eax = loader magic, %ebx = physical address of the
 * loader's info structure and %esp undefined. */
_start:
	cli
	cld
	mov	%eax, %esi		/* magic: rep stos below uses eax, ecx, edi */
	lgdt	bs_gdt_desc
	ljmp	$SEL_CODE32, $1f
1:	mov	$SEL_DATA, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %fs
	mov	%ax, %gs
	mov	%ax, %ss
	mov	$bs_stack_top, %esp

	/* Loaders zero the bss of ELF segments already; doing it again costs
	 * nothing and makes no assumption about them. */
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb

	/* bs_main(magic, info) with the stack 16-byte aligned at the call. */
	sub	$8, %esp
	push	%ebx
	push	%esi
	call	bs_main
	/* bs_main does not return; halt for good if it ever does. */
2:	cli
	hlt
	jmp	2b
	.size _start, . - _start

	.globl bs_enter_kernel
	.type bs_enter_kernel, @function
/* void bs_enter_kernel(uint32_t pml4, uint64_t entry, uint32_t bootinfo)
 * cdecl: 4(%esp) pml4, 8(%esp) entry low, 12(%esp) entry high, 16(%esp) bootinfo.
 * Intel SDM vol. 3 section 9.8.5: enable PAE, load CR3, set EFER.LME, then set
 * CR0.PG, and a far jump into a 64-bit code segment leaves compatibility mode. */
bs_enter_kernel:
	cli
	mov	4(%esp), %eax
	mov	8(%esp), %ebx		/* entry, low half */
	mov	12(%esp), %ebp		/* entry, high half */
	mov	16(%esp), %edi		/* bootinfo: already where the SysV ABI wants arg 0 */
	mov	%eax, %cr3
	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$(EFER_SCE | EFER_LME | EFER_NXE), %eax
	wrmsr
	mov	%cr0, %eax
	or	$CR0_PG, %eax
	mov	%eax, %cr0
	ljmp	$SEL_CODE64, $bs_long_mode

	.code64
bs_long_mode:
	mov	$SEL_DATA, %eax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %fs
	mov	%ax, %gs
	mov	%ax, %ss
	/* The upper halves of the registers are undefined after the mode
	 * switch; 32-bit moves zero-extend, which rebuilds them cleanly. */
	movl	$bs_stack_top, %esp	/* 16-byte aligned, bootstrap memory */
	mov	%edi, %edi
	mov	%ebp, %eax
	shl	$32, %rax
	mov	%ebx, %ebx
	or	%rbx, %rax
	xor	%ebp, %ebp		/* end of frame chain for kernel backtraces */
	jmp	*%rax
	.code32
	.size bs_enter_kernel, . - bs_enter_kernel

	.data
	.balign 8
/* Flat 4 GiB segments. The CPU sets a descriptor's accessed bit when a
 * selector is loaded, so the table belongs in writable data (the bit is
 * preset anyway). */
bs_gdt:
	.quad 0				/* null descriptor */
	.quad 0x00cf9b000000ffff	/* 0x08: 32-bit code, base 0, limit 4 GiB */
	.quad 0x00cf93000000ffff	/* 0x10: data, base 0, limit 4 GiB */
	.quad 0x00af9b000000ffff	/* 0x18: 64-bit code (L=1, D=0) */
bs_gdt_end:
	.balign 4
bs_gdt_desc:
	.short bs_gdt_end - bs_gdt - 1
	.long bs_gdt

	.bss
	.balign 16
bs_stack:
	.skip BS_STACK_SIZE
bs_stack_top:

	.section .note.GNU-stack, "", @progbits
