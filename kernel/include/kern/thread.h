/* Threads: the unit of execution, bound to a task, scheduled per CPU. */
#pragma once

#include <kern/list.h>
#include <kern/obj.h>
#include <kern/types.h>

struct task;
struct trap_frame;
struct quota;

enum thread_state {
	THREAD_DEAD = 0,    /* killed, or created but not started */
	THREAD_READY,       /* on a run queue (or running) */
	THREAD_BLOCKED,     /* waiting: IPC, sleep, not yet bound */
};

/* What a thread waits for in IPC (ipc_wait), decided with interrupts off. */
#define IPC_SEND_WAIT  0x1u /* queued at a partner or an unbound gate */
#define IPC_RECV_WAIT  0x2u /* waiting to receive */
#define IPC_RECV_OPEN  0x4u /* ... from anyone (otherwise from rcv_from) */

/* Anything that can wait in a thread's sender queue: threads and Irqs. */
struct ipc_sender {
	struct list link;        /* in the receiver's senders list */
	struct thread *receiver; /* whose queue it is in, NULL when none */
	bool is_irq;
};

struct thread {
	struct kobj obj;
	struct task *task;       /* NULL until bound (Thread control) */
	struct quota *quota;     /* the creating factory's: kernel stack, FPU area */
	struct list task_link;
	struct list all_link;    /* in thread_list (debugger, abort scans) */
	/* Scheduling: touched only on this thread's CPU with interrupts off. */
	enum thread_state state;
	u8 prio;
	cpu_t cpu;
	struct list rq_link;
	unsigned slice_left;     /* ticks left in the current time slice */
	/* Timeout: wake at this kernel time (us) when on a timeout list. */
	u64 wakeup_us;
	struct list timeout_link;
	bool timed_out;
	/* Accounting */
	u64 cpu_time_us;
	/* Execution context */
	u64 kstack_sp;           /* saved kernel stack pointer while switched out */
	void *kstack;            /* lowest address of the kernel stack */
	struct trap_frame *user_frame; /* user state saved at kernel entry */
	void *fpu_state;         /* FXSAVE area, 512 bytes, 16-byte aligned */
	vaddr_t utcb_user;       /* where user land sees the UTCB */
	void *utcb;              /* the same UTCB through the kernel's direct map */
	u64 fs_base, gs_base;
	/* Handlers, as capability indices in the bound task (Thread control). */
	u64 pager_cap;
	u64 exc_handler_cap;
	/* IPC: changed with interrupts off; a partner on another CPU would need
	 * the IPC lock (one CPU today). */
	u32 ipc_wait;            /* IPC_* flags while blocked in IPC */
	struct kobj *rcv_from;   /* closed receive: the partner we accept */
	struct ipc_sender sender;/* our place in a partner's queue while sending */
	struct list senders;     /* queued struct ipc_sender (threads, Irqs) */
	struct kobj *snd_gate;   /* unbound gate we wait at, if any */
	u64 snd_label;           /* label our pending send delivers */
	u64 snd_tag;             /* tag of our pending send */
	u32 snd_flags;           /* L4_SYSF_* of the pending operation */
	u16 snd_rcv_timeout;     /* receive timeout of a pending call */
	struct thread *reply_to; /* the caller waiting for our reply */
	struct thread *caller_of;/* whom we called (we wait for its reply) */
	u64 ipc_tag;             /* result handed over by a partner */
	u64 ipc_label;
	bool ipc_done;           /* a partner completed our operation */
	bool pending_exception;  /* ex_regs asked for an exception IPC */
	bool sched_ok;           /* l4_scheduler_run_thread() was called */
	bool halted;             /* stopped by an unhandled exception */
	unsigned quantum_ticks;  /* time slice length (Scheduler run_thread) */
};

/* Creates a thread charged to q, not bound to a task, not runnable. NULL
 * when out of memory or quota. */
struct thread *thread_create(struct quota *q, const char *name, u8 prio);
/* Binds t to task with its UTCB at utcb (user address in task's UTCB area). */
int thread_bind(struct thread *t, struct task *task, vaddr_t utcb);
/* Makes t runnable at user ip/sp (args in the first argument registers). */
void thread_start_user(struct thread *t, u64 ip, u64 sp, u64 arg0, u64 arg1);
/* Stops t where it is (an unhandled exception): it stays bound to its task
 * and l4_thread_ex_regs() can restart it. */
void thread_halt(struct thread *t);
/* Stops t for good: out of every queue, IPC partners aborted. The current
 * thread may call this on itself and then must schedule. */
void thread_kill(struct thread *t);
const char *thread_state_name(enum thread_state s);
struct cpu;
/* Frees a thread destroyed while it was running, once it no longer is. */
void thread_reap_zombie(struct cpu *c);
extern const struct kobj_ops thread_ops;
extern struct list thread_list;
