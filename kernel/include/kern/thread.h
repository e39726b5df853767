/* Threads: the unit of execution, bound to a task, scheduled per CPU. */
#pragma once

#include <kern/list.h>
#include <kern/obj.h>
#include <kern/types.h>

struct task;
struct trap_frame;

enum thread_state {
	THREAD_DEAD = 0,    /* killed or not started */
	THREAD_READY,       /* on a run queue (or running) */
	THREAD_BLOCKED,     /* waiting: IPC receive, sleep */
};

struct thread {
	struct kobj obj;
	struct task *task;
	struct list task_link;
	/* Scheduling: touched only on this thread's CPU with interrupts off. */
	enum thread_state state;
	u8 prio;
	cpu_t cpu;
	struct list rq_link;
	unsigned slice_left;    /* ticks left in the current time slice */
	/* Timeout: wake at this kernel time (us) when on a timeout list. */
	u64 wakeup_us;
	struct list timeout_link;
	bool timed_out;
	/* Accounting */
	u64 cpu_time_us;
	/* Execution context */
	u64 kstack_sp;          /* saved kernel stack pointer while switched out */
	void *kstack;           /* lowest address of the kernel stack */
	struct trap_frame *user_frame; /* user state saved at kernel entry */
	void *fpu_state;        /* FXSAVE area, 512 bytes, 16-byte aligned */
	vaddr_t utcb_user;      /* where user land sees the UTCB */
	void *utcb;             /* the same UTCB through the kernel's direct map */
	u64 fs_base;
};

/* Creates a thread in task with the given name and priority, not yet
 * runnable. NULL when out of memory. */
struct thread *thread_create(struct task *task, const char *name, u8 prio);
/* Makes t runnable at user ip/sp (args in the first argument registers). */
void thread_start_user(struct thread *t, u64 ip, u64 sp, u64 arg0, u64 arg1);
/* Stops t for good: takes it off every queue; the current thread may call
 * this on itself and then must schedule. */
void thread_kill(struct thread *t);
const char *thread_state_name(enum thread_state s);
u64 thread_invoke(struct invocation *inv);
