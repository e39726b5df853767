/* The interface portable kernel code uses to reach architecture code.
 * Each architecture implements these in kernel/arch/<arch>/. */
#pragma once

#include <kern/types.h>

struct thread;
struct task;
struct trap_frame;
struct walnut_bootinfo;
struct cpu;

/* -- console ------------------------------------------------------------- */
void arch_console_init(void);
void arch_console_write(const char *s, size_t len);
/* A byte from the console, or -1 when none is waiting (never blocks). */
int arch_console_getc(void);

/* -- CPU ----------------------------------------------------------------- */
/* Sets up this CPU's descriptor tables, system-call entry and FPU. */
void arch_cpu_init(struct cpu *c);
/* One line naming the CPU model and features, for the banner. */
const char *arch_cpu_name(void);
/* TSC (cycle counter) frequency in kHz, measured at boot. */
u64 arch_cycle_khz(void);
u64 arch_cycles(void);
/* Waits for an interrupt with interrupts enabled, returns with them off. */
void arch_idle(void);
__attribute__((noreturn)) void arch_halt(void);
__attribute__((noreturn)) void arch_reboot(void);
__attribute__((noreturn)) void arch_poweroff(void);

/* -- timer and interrupts -------------------------------------------------- */
void arch_timer_init(unsigned hz);
void arch_irq_init(void);
/* Hardware interrupt lines user land may bind through the ICU. */
bool arch_irq_line_usable(unsigned line);
void arch_irq_mask(unsigned line);
void arch_irq_unmask(unsigned line);
/* Sets the trigger mode (L4_IRQ_F_*); false when the line cannot do it. */
bool arch_irq_set_mode(unsigned line, unsigned mode);

/* -- threads ------------------------------------------------------------- */
/* Prepares t's kernel stack so that its first switch-in enters user mode at
 * ip with sp, and arg0/arg1 in the first two argument registers. */
void arch_thread_setup_user(struct thread *t, u64 ip, u64 sp, u64 arg0, u64 arg1);
/* Saves the running context of prev and resumes next. */
void arch_switch_to(struct thread *prev, struct thread *next);
/* An I/O bitmap is freed: no CPU may treat its copy as current. */
void arch_io_forget(const void *bitmap);
/* t's I/O permissions changed: the CPU's copy must follow. */
void arch_io_changed(struct task *t);
/* Before returning to user mode after an operation that may have changed
 * I/O permissions: the current task's take effect. */
void arch_io_refresh(void);
/* Makes t's I/O port permissions the CPU's (t is about to run here). */
void arch_io_activate(struct cpu *c, struct task *t);
/* Loads t's FS base into the CPU if t is running here. */
void arch_set_fs_base(struct thread *t);
/* Thread operations only this architecture has (opcode in mr0's low 16
 * bits, e.g. x86_64's segment base); -L4_ENOSYS tag for the others. */
struct invocation;
u64 arch_thread_op(struct invocation *inv, struct thread *t);
/* Prints the user register state of t (for faults and the debugger). */
void arch_dump_user_regs(const struct trap_frame *f);
/* Instruction pointer / stack pointer / fault address in a frame. */
u64 arch_frame_ip(const struct trap_frame *f);

/* -- address spaces ------------------------------------------------------ */
struct vm_space;
/* Physical address space through the kernel's direct map. */
void *phys_to_virt(paddr_t p);
paddr_t kernel_virt_to_phys(const void *p);
/* Builds the kernel's page tables from the boot memory map and switches. */
void arch_paging_init(const struct walnut_bootinfo *bi);
