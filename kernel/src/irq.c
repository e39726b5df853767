/* Hardware interrupt lines: until Irq objects can be bound to them (kernel
 * objects issue), an interrupt nobody owns is reported once and masked. */
#include <kern/irq.h>
#include <kern/printk.h>

void pic_mask(unsigned irq);

void irq_hw_raise(unsigned irq)
{
	pr_warn("irq %u: no handler attached, masking the line\n", irq);
	pic_mask(irq);
}
