/* Hardware interrupt lines as seen by portable code. */
#pragma once

/* A hardware line fired that no kernel driver owns. */
void irq_hw_raise(unsigned irq);
