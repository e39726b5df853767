/* x86_64 part of the per-CPU data. The kernel GS base points at the struct
 * cpu of the running CPU, whose first member is this one, so the entry code
 * reaches these fields as %gs:offset. */
#pragma once

#include <arch/seg.h>

#define CPU_ARCH_SELF       0
#define CPU_ARCH_KSTACK_TOP 8
#define CPU_ARCH_USER_RSP   16

#ifndef __ASSEMBLY__
#include <kern/types.h>

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __attribute__((packed));

struct cpu_arch {
	void *self;          /* %gs:0 */
	u64 kstack_top;      /* %gs:8: kernel stack of the current thread (syscall entry) */
	u64 user_rsp;        /* %gs:16: user rsp, saved during syscall entry */
	u64 user_gs_base;    /* what KERNEL_GS_BASE holds: wrmsr only on change */
	u64 user_fs_base;    /* what FS_BASE holds */
	u64 gdt[GDT_ENTRIES];
	struct tss tss;
	/* The I/O permission bitmap right after the TSS (bit set = denied),
	 * plus the terminating byte the CPU wants. It holds the bitmap of
	 * io_owner, the last task with I/O ports that ran here. */
	u8 io_bitmap[8192 + 1];
	const void *io_owner;
	u8 df_stack[4096] __attribute__((aligned(16))); /* IST1: double faults */
	u8 nmi_stack[4096] __attribute__((aligned(16))); /* IST2: NMIs */
};

struct cpu;
static inline struct cpu *arch_this_cpu(void)
{
	struct cpu *c;
	__asm__("mov %%gs:0, %0" : "=r"(c));
	return c;
}
#endif
