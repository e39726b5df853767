/* Reboot and power off on PCs: the reset control register / keyboard
 * controller, and the ACPI PM1a control port QEMU's q35 and pc provide. */
#include <arch/asm.h>
#include <kern/arch.h>
#include <kern/printk.h>

void arch_reboot(void)
{
	outb(0xcf9, 0x02); /* reset control register: prepare */
	outb(0xcf9, 0x06); /* hard reset */
	outb(0x64, 0xfe);  /* keyboard controller reset, for older chipsets */
	arch_halt();
}

static u32 pci_read(unsigned dev, unsigned fn, unsigned reg)
{
	outl(0xcf8, 0x80000000u | (dev << 11) | (fn << 8) | (reg & 0xfc));
	u32 v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"((u16)0xcfc));
	return v;
}

static void pci_write(unsigned dev, unsigned fn, unsigned reg, u32 v)
{
	outl(0xcf8, 0x80000000u | (dev << 11) | (fn << 8) | (reg & 0xfc));
	outl(0xcfc, v);
}

/* The ACPI PM1a control port of the chipset's power-management function,
 * read from PCI configuration space (and enabled if firmware did not):
 * ICH9's LPC bridge (q35, 00:1f.0: PMBASE 0x40, ACPI_EN 0x44 bit 7) or
 * PIIX4's PM function (pc, 00:01.3: PMBASE 0x40, enable 0x80 bit 0).
 * 0 when neither is there. */
static u16 pm1a_cnt_port(void)
{
	if (pci_read(31, 0, 0) == 0x29188086u) {
		u32 base = pci_read(31, 0, 0x40) & 0xff80;
		if (!base) {
			base = 0x600;
			pci_write(31, 0, 0x40, base | 1);
		}
		pci_write(31, 0, 0x44, pci_read(31, 0, 0x44) | 0x80);
		return (u16)(base + 4);
	}
	if (pci_read(1, 3, 0) == 0x71138086u) {
		u32 base = pci_read(1, 3, 0x40) & 0xffc0;
		if (!base) {
			base = 0xb000;
			pci_write(1, 3, 0x40, base | 1);
		}
		pci_write(1, 3, 0x80, pci_read(1, 3, 0x80) | 1);
		return (u16)(base + 4);
	}
	return 0;
}

void arch_poweroff(void)
{
	/* SLP_EN with SLP_TYP 0, QEMU's S5 (soft off) for both chipsets. Real
	 * hardware needs SLP_TYP from ACPI's \_S5, which comes with the ACPI
	 * work. */
	u16 port = pm1a_cnt_port();
	if (port)
		outw(port, 0x2000);
	/* isa-debug-exit, present in test runs: QEMU exits with status 1. */
	outb(0xf4, 0);
	pr_err("poweroff: no method worked, halting\n");
	arch_halt();
}
