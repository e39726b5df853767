/* x86_64 thread context: the first entry into user mode and thread switches. */
#include <arch/asm.h>
#include <arch/frame.h>
#include <arch/seg.h>
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>

void arch_switch_stack(u64 *save_sp, u64 next_sp);
extern char thread_first_return[];
void thread_first_run(void);

#define RFLAGS_IF     (1ull << 9)
#define RFLAGS_RSVD1  (1ull << 1)

static u64 kstack_top(const struct thread *t)
{
	return (u64)t->kstack + CONFIG_KERNEL_STACK_PAGES * PAGE_SIZE;
}

void arch_thread_setup_user(struct thread *t, u64 ip, u64 sp, u64 arg0, u64 arg1)
{
	struct trap_frame *f = (struct trap_frame *)(kstack_top(t) - sizeof(*f));
	memset(f, 0, sizeof(*f));
	f->rip = ip;
	f->rsp = sp;
	f->rdi = arg0;
	f->rsi = arg1;
	f->cs = SEL_UCODE;
	f->ss = SEL_UDATA;
	f->rflags = RFLAGS_IF | RFLAGS_RSVD1;
	f->vector = 0;
	t->user_frame = f;
	/* Below the frame: what arch_switch_stack pops (r15..rbp) and returns to. */
	u64 *sp_k = (u64 *)f;
	*--sp_k = (u64)thread_first_return;
	for (int i = 0; i < 6; i++)
		*--sp_k = 0;
	t->kstack_sp = (u64)sp_k;
	/* A fresh FPU state: what fninit plus the default MXCSR give. */
	u8 *fx = t->fpu_state;
	memset(fx, 0, 512);
	*(u16 *)(fx + 0) = 0x037f; /* FCW */
	*(u32 *)(fx + 24) = 0x1f80; /* MXCSR */
}

void arch_set_fs_base(struct thread *t)
{
	if (t == this_cpu()->current) {
		this_cpu()->arch.user_fs_base = t->fs_base;
		wrmsr(MSR_FS_BASE, t->fs_base);
	}
}

void arch_switch_to(struct thread *prev, struct thread *next)
{
	struct cpu *c = this_cpu();
	if (prev->task)
		__asm__ volatile("fxsave64 (%0)" :: "r"(prev->fpu_state) : "memory");
	if (next->task) {
		__asm__ volatile("fxrstor64 (%0)" :: "r"(next->fpu_state) : "memory");
		vm_space_activate(&next->task->vm);
		c->arch.tss.rsp[0] = kstack_top(next);
		c->arch.kstack_top = kstack_top(next);
		/* The user GS base (the UTCB) waits in KERNEL_GS_BASE for swapgs.
		 * MSR writes are slow on real CPUs: only when the value changes. */
		if (c->arch.user_gs_base != next->utcb_user.v) {
			c->arch.user_gs_base = next->utcb_user.v;
			wrmsr(MSR_KERNEL_GS_BASE, next->utcb_user.v);
		}
		if (c->arch.user_fs_base != next->fs_base) {
			c->arch.user_fs_base = next->fs_base;
			wrmsr(MSR_FS_BASE, next->fs_base);
		}
	}
	if (next->task)
		arch_io_activate(c, next->task);
	arch_switch_stack(&prev->kstack_sp, next->kstack_sp);
}

void arch_io_forget(const void *bitmap)
{
	for (unsigned i = 0; i < CONFIG_MAX_CPUS; i++)
		if (cpu_table[i].arch.io_owner == bitmap)
			cpu_table[i].arch.io_owner = NULL;
}

void arch_io_changed(struct task *t)
{
	/* Copying 8 KiB per changed port would be silly: just mark the CPU's
	 * copy stale; arch_io_refresh() brings it up to date once. */
	arch_io_forget(t->io_bitmap);
}

void arch_io_refresh(void)
{
	struct cpu *c = this_cpu();
	struct task *t = c->current->task;
	if (t && t->io_bitmap && c->arch.io_owner != t->io_bitmap)
		arch_io_activate(c, t);
}

/* Tasks with I/O ports get their bitmap copied into this CPU's TSS (only
 * when another such task used it last); everyone else gets none. */
void arch_io_activate(struct cpu *c, struct task *t)
{
	if (!t->io_bitmap) {
		c->arch.tss.iomap_base = 0xffff;
		return;
	}
	if (c->arch.io_owner != t->io_bitmap) {
		memcpy(c->arch.io_bitmap, t->io_bitmap, 8192);
		c->arch.io_owner = t->io_bitmap;
	}
	c->arch.tss.iomap_base = sizeof(struct tss);
}
