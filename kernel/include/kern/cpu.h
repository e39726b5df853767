/* Per-CPU kernel state. Each CPU reaches its own struct cpu through
 * this_cpu() (the arch keeps a pointer in a CPU register: GS base on x86_64),
 * so nothing about "the current thread" is a global. */
#pragma once

#include <kern/types.h>
#include <kern/list.h>
#include <kern/sched.h>
#include <arch/cpu_arch.h>

struct thread;

struct cpu {
	struct cpu_arch arch;        /* must stay first: entry code and this_cpu() use it */
	cpu_t id;
	bool online;
	/* Everything below is touched only by this CPU with interrupts off. */
	struct thread *current;
	struct thread *idle;
	struct runqueue rq;
	struct list timeouts;         /* blocked threads with a wakeup time, sorted */
	u64 ticks;                   /* timer interrupts since this CPU started */
	u64 idle_ticks;              /* ticks that found the idle thread running */
	bool need_resched;
	struct thread *zombie;        /* destroyed while current; freed after the switch */
};

extern struct cpu cpu_table[CONFIG_MAX_CPUS];

static inline struct cpu *this_cpu(void) { return arch_this_cpu(); }
static inline struct thread *current_thread(void) { return this_cpu()->current; }
