/* The two 8259A PICs: remapped to vectors 32-47, all lines masked but the
 * ones the kernel drives. (The LAPIC/IOAPIC path comes with SMP.) */
#include <arch/asm.h>
#include <arch/pic.h>
#include <kern/arch.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20

static u16 mask = 0xffff;

static void io_wait(void) { outb(0x80, 0); }

static void write_mask(void)
{
	outb(PIC1_DATA, (u8)mask);
	outb(PIC2_DATA, (u8)(mask >> 8));
}

void arch_irq_init(void)
{
	/* ICW1: init + ICW4 needed; ICW2: vector base; ICW3: cascade on IRQ2;
	 * ICW4: 8086 mode. */
	outb(PIC1_CMD, 0x11); io_wait();
	outb(PIC2_CMD, 0x11); io_wait();
	outb(PIC1_DATA, PIC_VECTOR_BASE); io_wait();
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8); io_wait();
	outb(PIC1_DATA, 4); io_wait();
	outb(PIC2_DATA, 2); io_wait();
	outb(PIC1_DATA, 1); io_wait();
	outb(PIC2_DATA, 1); io_wait();
	mask = 0xffff & ~(1u << 2); /* the cascade line stays open */
	write_mask();
}

void pic_unmask(unsigned irq)
{
	mask &= (u16)~(1u << irq);
	write_mask();
}

void pic_mask(unsigned irq)
{
	mask |= (u16)(1u << irq);
	write_mask();
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

/* IRQ 7/15 also arrive when a line deasserts before acknowledge; the ISR
 * bit tells a real interrupt from such a spurious one. */
bool pic_is_spurious(unsigned irq)
{
	if (irq != 7 && irq != 15)
		return false;
	u16 cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;
	outb(cmd, 0x0b); /* OCW3: read ISR */
	if (inb(cmd) & 0x80)
		return false;
	if (irq == 15)
		outb(PIC1_CMD, PIC_EOI); /* the master saw a real cascade interrupt */
	return true;
}

/* Lines the kernel keeps: 0 (its timer) and 2 (the cascade). */
bool arch_irq_line_usable(unsigned line) { return line < PIC_IRQS && line != 0 && line != 2; }
void arch_irq_mask(unsigned line) { pic_mask(line); }
void arch_irq_unmask(unsigned line) { pic_unmask(line); }

/* ISA lines on the 8259 are edge triggered, active high; that is all the
 * PIC does (level modes come with the IO-APIC). */
bool arch_irq_set_mode(unsigned line, unsigned mode)
{
	return line < PIC_IRQS && (mode == 1 /* L4_IRQ_F_POS_EDGE */ || mode == 0);
}
