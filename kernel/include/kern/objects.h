/* The kernel's singleton objects, installed in the boot tasks. */
#pragma once

#include <kern/factory.h>
#include <kern/obj.h>
#include <arch/irq_lines.h>

struct invocation;

extern struct kobj icu_obj;       /* ICU, also platform control (label 0) */
extern struct kobj platform_obj;  /* platform control */
extern struct kobj scheduler_obj;
extern struct kobj debugger_obj;
extern struct kobj vcon_obj;

void icu_init(void);
void platform_init(void);
void scheduler_init(void);
void debugger_init(void);
void vcon_init(void);
/* Moves console input into the Vcon's queue (ESC enters the debugger). */
void vcon_input_poll(void);
/* Platform control operations (label 0), shared by the ICU and platform_obj. */
u64 platform_op(struct invocation *inv);
