/* Number of hardware interrupt lines the x86_64 ICU offers (8259 PICs). */
#pragma once

#define ARCH_IRQ_LINES 16
