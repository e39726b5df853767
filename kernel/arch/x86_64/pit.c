/* The 8254 PIT: the periodic timer (channel 0, IRQ 0) and the reference that
 * measures the TSC frequency at boot (channel 2, polled). */
#include <arch/asm.h>
#include <arch/pic.h>
#include <kern/arch.h>
#include <kern/printk.h>

#define PIT_HZ      1193182u
#define PIT_CH0     0x40
#define PIT_CH2     0x42
#define PIT_CMD     0x43
#define PORT_B      0x61 /* bit 0: gate of channel 2, bit 5: its output */

static u64 tsc_khz;

/* Counts TSC cycles across a 10 ms one-shot of channel 2. Under QEMU with
 * -icount shift=0 this yields 1 GHz: one cycle per guest instruction. */
static u64 measure_tsc_khz(void)
{
	const unsigned ms = 10;
	u16 count = (u16)(PIT_HZ * ms / 1000);
	u8 b = inb(PORT_B);
	outb(PORT_B, (b & ~0x02) | 0x01);   /* gate on, speaker off */
	outb(PIT_CMD, 0xb0);                /* ch2, lo/hi, mode 0 (one shot) */
	outb(PIT_CH2, (u8)count);
	outb(PIT_CH2, (u8)(count >> 8));
	u64 start = rdtsc();
	unsigned long spins = 0;
	while (!(inb(PORT_B) & 0x20) && ++spins < 100000000ul)
		cpu_relax();
	u64 end = rdtsc();
	outb(PORT_B, b);
	return (end - start) / ms;
}

void arch_timer_init(unsigned hz)
{
	tsc_khz = measure_tsc_khz();
	unsigned divisor = (PIT_HZ + hz / 2) / hz;
	outb(PIT_CMD, 0x34);                /* ch0, lo/hi, mode 2 (rate generator) */
	outb(PIT_CH0, (u8)divisor);
	outb(PIT_CH0, (u8)(divisor >> 8));
	pic_unmask(0);
}

u64 arch_cycle_khz(void) { return tsc_khz; }
