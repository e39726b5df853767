/* x86_64 CPU setup: GDT/TSS, IDT, syscall MSRs, FPU/SSE, per-CPU GS base. */
#include <arch/asm.h>
#include <arch/cpu_arch.h>
#include <arch/frame.h>
#include <arch/seg.h>
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/printk.h>
#include <kern/string.h>

#include <fmt.h>

struct idt_gate {
	u16 off_lo, sel;
	u8 ist, type;
	u16 off_mid;
	u32 off_hi, zero;
} __attribute__((packed));

struct desc_ptr {
	u16 limit;
	u64 base;
} __attribute__((packed));

static struct idt_gate idt[256] __attribute__((aligned(16)));
extern char trap_stubs[];  /* entry.S: 256 stubs of 16 bytes each */
extern char syscall_entry[];

#define IST_DOUBLE_FAULT 1
#define IST_NMI          2

static void idt_set(unsigned vec, u64 handler, unsigned dpl, unsigned ist)
{
	idt[vec] = (struct idt_gate){
		.off_lo = (u16)handler, .sel = SEL_KCODE, .ist = (u8)ist,
		.type = (u8)(0x8e | (dpl << 5)), /* present, 64-bit interrupt gate */
		.off_mid = (u16)(handler >> 16), .off_hi = (u32)(handler >> 32),
	};
}

/* One IDT for all CPUs: built once by the boot CPU. Only int3 may be raised
 * by user code directly (DPL 3); everything else from user mode is #GP. */
static void idt_build(void)
{
	for (unsigned v = 0; v < 256; v++)
		idt_set(v, (u64)trap_stubs + 16 * v, v == 3 ? 3 : 0, 0);
	idt[8].ist = IST_DOUBLE_FAULT;
	idt[2].ist = IST_NMI;
}

static void gdt_build(struct cpu_arch *a)
{
	a->gdt[0] = 0;
	a->gdt[SEL_KCODE >> 3]  = 0x00af9a000000ffffull; /* 64-bit code, DPL 0 */
	a->gdt[SEL_KDATA >> 3]  = 0x00cf92000000ffffull; /* data, DPL 0 */
	a->gdt[SEL_UCODE32 >> 3] = 0x00cffa000000ffffull; /* 32-bit code, DPL 3 (unused) */
	a->gdt[SEL_UDATA >> 3]  = 0x00cff2000000ffffull; /* data, DPL 3 */
	a->gdt[SEL_UCODE >> 3]  = 0x00affa000000ffffull; /* 64-bit code, DPL 3 */
	u64 base = (u64)&a->tss, limit = sizeof(a->tss) + sizeof(a->io_bitmap) - 1;
	a->gdt[SEL_TSS >> 3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			       (0x89ull << 40) | (((limit >> 16) & 0xf) << 48) |
			       (((base >> 24) & 0xff) << 56);
	a->gdt[(SEL_TSS >> 3) + 1] = base >> 32;
	/* Beyond the limit: no bitmap, every port denied, until a task with
	 * I/O ports runs (arch_switch_to). */
	a->tss.iomap_base = 0xffff;
	a->io_bitmap[8192] = 0xff;
	a->tss.ist[IST_DOUBLE_FAULT - 1] = (u64)a->df_stack + sizeof(a->df_stack);
	a->tss.ist[IST_NMI - 1] = (u64)a->nmi_stack + sizeof(a->nmi_stack);
}

static void load_tables(struct cpu_arch *a)
{
	struct desc_ptr g = { sizeof(a->gdt) - 1, (u64)a->gdt };
	struct desc_ptr i = { sizeof(idt) - 1, (u64)idt };
	__asm__ volatile("lgdt %0" :: "m"(g));
	/* Reload CS through a far return, the data segments directly. */
	__asm__ volatile("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
			 :: "i"(SEL_KCODE) : "rax", "memory");
	__asm__ volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss; mov %1, %%fs; mov %1, %%gs"
			 :: "r"(SEL_KDATA), "r"(0));
	__asm__ volatile("ltr %w0" :: "r"(SEL_TSS));
	__asm__ volatile("lidt %0" :: "m"(i));
}

/* syscall enters at syscall_entry with CS=SEL_KCODE; sysret returns with
 * CS=SEL_UCODE, SS=SEL_UDATA (STAR's user base is SEL_UCODE32). FMASK
 * clears IF, DF, TF and AC on entry. */
static void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE | EFER_NXE);
	wrmsr(MSR_STAR, ((u64)SEL_UCODE32 << 48) | ((u64)SEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (u64)syscall_entry);
	wrmsr(MSR_FMASK, (1u << 9) | (1u << 10) | (1u << 8) | (1u << 18));
}

/* SSE for user land: FXSAVE/FXRSTOR state per thread. CR4.OSXSAVE stays off,
 * so AVX is unavailable and FXSAVE captures all user-visible FPU state. */
static void fpu_init(void)
{
	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE | CR0_WP);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_PGE);
	__asm__ volatile("fninit");
}

void arch_cpu_init(struct cpu *c)
{
	struct cpu_arch *a = &c->arch;
	a->self = c;
	if (c->id.v == 0)
		idt_build();
	gdt_build(a);
	load_tables(a);
	/* Kernel GS base = this CPU; the user's (the UTCB) waits in KERNEL_GS_BASE. */
	wrmsr(MSR_GS_BASE, (u64)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	syscall_init();
	fpu_init();
}

static char cpu_name[64];

const char *arch_cpu_name(void)
{
	u32 r[12];
	u32 a, b, c, d;
	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000004)
		return "unknown x86_64 CPU";
	for (unsigned i = 0; i < 3; i++)
		cpuid(0x80000002 + i, 0, &r[4 * i], &r[4 * i + 1], &r[4 * i + 2], &r[4 * i + 3]);
	memcpy(cpu_name, r, 48);
	cpu_name[48] = '\0';
	char *p = cpu_name;
	while (*p == ' ')
		p++;
	return p;
}

u64 arch_cycles(void) { return rdtsc(); }

void arch_idle(void)
{
	/* sti takes effect after the next instruction, so no interrupt can slip
	 * in between and leave us halted with work pending. */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}
