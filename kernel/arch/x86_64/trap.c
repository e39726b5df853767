/* x86_64 trap dispatch: CPU exceptions, hardware interrupts, register dumps. */
#include <arch/asm.h>
#include <arch/frame.h>
#include <arch/pic.h>
#include <arch/seg.h>
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/exception.h>
#include <kern/irq.h>
#include <kern/panic.h>
#include <kern/printk.h>
#include <kern/sched.h>
#include <kern/thread.h>

void trap_dispatch(struct trap_frame *f);

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM device not available",
	"#DF double fault", "coprocessor overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment check",
	"#MC machine check", "#XM SIMD error", "#VE virtualization", "#CP control protection",
	"reserved 22", "reserved 23", "reserved 24", "reserved 25", "reserved 26",
	"reserved 27", "#HV hypervisor injection", "#VC VMM communication", "#SX security",
	"reserved 31",
};

static const char *arch_exception_name(unsigned vector)
{
	return vector < 32 ? exception_names[vector] : "interrupt";
}

void arch_dump_user_regs(const struct trap_frame *f)
{
	printk(LOG_ERR,
	       "  rip %016llx  rsp %016llx  rflags %016llx\n"
	       "  rax %016llx  rbx %016llx  rcx %016llx  rdx %016llx\n"
	       "  rsi %016llx  rdi %016llx  rbp %016llx  r8  %016llx\n"
	       "  r9  %016llx  r10 %016llx  r11 %016llx  r12 %016llx\n"
	       "  r13 %016llx  r14 %016llx  r15 %016llx\n"
	       "  cs %04llx ss %04llx vector %llu error %#llx cr2 %016llx\n",
	       (unsigned long long)f->rip, (unsigned long long)f->rsp,
	       (unsigned long long)f->rflags, (unsigned long long)f->rax,
	       (unsigned long long)f->rbx, (unsigned long long)f->rcx,
	       (unsigned long long)f->rdx, (unsigned long long)f->rsi,
	       (unsigned long long)f->rdi, (unsigned long long)f->rbp,
	       (unsigned long long)f->r8, (unsigned long long)f->r9,
	       (unsigned long long)f->r10, (unsigned long long)f->r11,
	       (unsigned long long)f->r12, (unsigned long long)f->r13,
	       (unsigned long long)f->r14, (unsigned long long)f->r15,
	       (unsigned long long)f->cs, (unsigned long long)f->ss,
	       (unsigned long long)f->vector, (unsigned long long)f->error,
	       (unsigned long long)read_cr2());
}

u64 arch_frame_ip(const struct trap_frame *f) { return f->rip; }

static bool from_user(const struct trap_frame *f) { return (f->cs & 3) == 3; }

static void kernel_exception(struct trap_frame *f)
{
	printk(LOG_ERR, "kernel exception %s at %#llx\n", arch_exception_name((unsigned)f->vector),
	       (unsigned long long)f->rip);
	arch_dump_user_regs(f);
	panic("unexpected %s in kernel mode at %#llx (cr2 %#llx)",
	      arch_exception_name((unsigned)f->vector), (unsigned long long)f->rip,
	      (unsigned long long)read_cr2());
}

static void hw_interrupt(unsigned irq)
{
	if (pic_is_spurious(irq))
		return;
	pic_eoi(irq);
	if (irq == 0)
		sched_tick();
	else
		irq_hw_raise(irq);
}

void trap_dispatch(struct trap_frame *f)
{
	unsigned v = (unsigned)f->vector;
	if (v < 32) {
		if (!from_user(f))
			kernel_exception(f);
		struct user_exception ex = {
			.vector = v, .error = f->error,
			.fault_addr = v == 14 ? read_cr2() : 0,
			.name = arch_exception_name(v),
			.is_page_fault = v == 14,
			.write = v == 14 && (f->error & 2),
			.exec = v == 14 && (f->error & 16),
		};
		exception_user(f, &ex);
	} else if (v >= PIC_VECTOR_BASE && v < PIC_VECTOR_BASE + PIC_IRQS) {
		hw_interrupt(v - PIC_VECTOR_BASE);
	} else {
		pr_warn("unexpected interrupt vector %u\n", v);
	}
	/* Whatever happened may have made a better thread ready. */
	if (this_cpu()->need_resched)
		sched_schedule();
	if (from_user(f) && unlikely(current_thread()->pending_exception))
		exception_check_pending(f);
}
