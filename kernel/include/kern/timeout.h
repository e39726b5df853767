/* Kernel timeouts: threads blocked until a point in time, per CPU. */
#pragma once

#include <kern/types.h>

struct cpu;
struct thread;

void timeouts_init(struct cpu *c);
/* Arms t's timeout at absolute kernel time wakeup_us (t blocks afterwards). */
void timeout_arm(struct thread *t, u64 wakeup_us);
/* Disarms t's timeout if armed. */
void timeout_disarm(struct thread *t);
/* Wakes every thread whose time has come; from the timer tick. */
void timeouts_expire(struct cpu *c);
/* Kernel time in microseconds since boot. */
u64 kernel_time_us(void);
