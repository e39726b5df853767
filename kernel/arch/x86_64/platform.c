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

void arch_poweroff(void)
{
	/* QEMU q35: ICH9 PM1a_CNT at 0x604; pc (PIIX4): 0xb004. Writing
	 * SLP_EN | SLP_TYP(S5) turns the machine off. Real hardware needs the
	 * values from ACPI's FADT and \_S5, which come with the ACPI work. */
	outw(0x604, 0x2000);
	outw(0xb004, 0x2000);
	/* isa-debug-exit, present in test runs: QEMU exits with status 1. */
	outb(0xf4, 0);
	pr_err("poweroff: no method worked, halting\n");
	arch_halt();
}
