/* 8259A PIC interface for the x86_64 interrupt code. */
#pragma once

#include <kern/types.h>

#define PIC_VECTOR_BASE 32
#define PIC_IRQS 16

void pic_unmask(unsigned irq);
void pic_mask(unsigned irq);
void pic_eoi(unsigned irq);
bool pic_is_spurious(unsigned irq);
