/* Threads: creation, binding, start, death, and invocation dispatch (Thread
 * protocol operations vs. IPC with the thread as partner). */
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/ipc.h>
#include <kern/irq_obj.h>
#include <kern/kmem.h>
#include <kern/panic.h>
#include <kern/pmem.h>
#include <kern/quota.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/thread_ops.h>
#include <kern/timeout.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/types.h>

struct list thread_list = { &thread_list, &thread_list };

static unsigned kstack_order(void)
{
	unsigned o = 0;
	while ((1u << o) < CONFIG_KERNEL_STACK_PAGES)
		o++;
	return o;
}

struct thread *thread_create(struct quota *q, const char *name, u8 prio)
{
	struct thread *t = kmem_alloc_q(q, sizeof(*t));
	if (!t)
		return NULL;
	paddr_t ks;
	t->fpu_state = kmem_alloc_q(q, 512);
	if (!t->fpu_state || !pmem_alloc_q(q, kstack_order(), &ks)) {
		kmem_free_q(q, t->fpu_state, 512);
		kmem_free_q(q, t, sizeof(*t));
		return NULL;
	}
	kobj_init(&t->obj, &thread_ops, name);
	t->quota = q;
	t->kstack = pmem_virt(ks);
	t->prio = prio;
	t->cpu = cpu_nr(0);
	t->state = THREAD_DEAD;
	t->pager_cap = t->exc_handler_cap = L4_INVALID_CAP;
	list_init(&t->rq_link);
	list_init(&t->timeout_link);
	list_init(&t->task_link);
	list_init(&t->senders);
	list_init(&t->sender.link);
	list_push_back(&thread_list, &t->all_link);
	return t;
}

int thread_bind(struct thread *t, struct task *task, vaddr_t utcb)
{
	void *k = task_utcb_kernel(task, utcb);
	if (!k)
		return -L4_EINVAL;
	if (t->task)
		list_remove(&t->task_link);
	t->task = task;
	t->utcb = k;
	t->utcb_user = utcb;
	*(u64 *)((char *)k + L4_UTCB_SELF_OFFSET) = utcb.v;
	list_push_back(&task->threads, &t->task_link);
	return 0;
}

void thread_start_user(struct thread *t, u64 ip, u64 sp, u64 arg0, u64 arg1)
{
	arch_thread_setup_user(t, ip, sp, arg0, arg1);
	t->sched_ok = true;
	sched_wake(t);
}

void thread_kill(struct thread *t)
{
	struct cpu *c = &cpu_table[t->cpu.v];
	if (t->state == THREAD_DEAD && !t->task)
		return;
	timeout_disarm(t);
	ipc_abort_partners(t);
	irq_detach_thread(t);
	if (t->state == THREAD_READY) /* the running thread stays queued too */
		runqueue_dequeue(&c->rq, t);
	t->state = THREAD_DEAD;
	if (t->task) {
		list_remove(&t->task_link);
		t->task = NULL;
		t->utcb = NULL;
	}
	if (c->current == t)
		c->need_resched = true;
}

void thread_halt(struct thread *t)
{
	struct cpu *c = &cpu_table[t->cpu.v];
	timeout_disarm(t);
	if (t->state == THREAD_READY)
		runqueue_dequeue(&c->rq, t);
	t->state = THREAD_DEAD;
	t->halted = true;
	if (c->current == t)
		c->need_resched = true;
}

static void thread_free(struct thread *t)
{
	list_remove(&t->all_link);
	pmem_free_q(t->quota, pmem_phys(t->kstack), kstack_order());
	kmem_free_q(t->quota, t->fpu_state, 512);
	kmem_free_q(t->quota, t, sizeof(*t));
}

/* The last reference is gone. A thread cannot free the stack it runs on:
 * the current thread is left for the scheduler to free once it is gone. */
static void thread_destroy(struct kobj *o)
{
	struct thread *t = container_of(o, struct thread, obj);
	thread_kill(t);
	if (t == this_cpu()->current)
		this_cpu()->zombie = t;
	else
		thread_free(t);
}

void thread_reap_zombie(struct cpu *c)
{
	if (c->zombie && c->zombie != c->current) {
		thread_free(c->zombie);
		c->zombie = NULL;
	}
}

/* The first code a new thread runs, on its own stack, before entering user
 * mode through its prepared frame. */
void thread_first_run(void);
void thread_first_run(void)
{
	thread_reap_zombie(this_cpu());
	ASSERT(current_thread()->state == THREAD_READY);
}

const char *thread_state_name(enum thread_state s)
{
	switch (s) {
	case THREAD_DEAD: return "dead";
	case THREAD_READY: return "ready";
	case THREAD_BLOCKED: return "blocked";
	}
	return "?";
}

/* A send with the Thread protocol label is an operation on the thread;
 * everything else is IPC with the thread as partner (label 0). */
static u64 thread_invoke(struct invocation *inv)
{
	struct thread *t = container_of(inv->obj, struct thread, obj);
	l4_msgtag_t tag = { (l4_mword_t)inv->tag };
	unsigned flags = (unsigned)inv->cap_flags;
	if ((flags & L4_SYSF_SEND) && l4_msgtag_label(tag) == L4_PROTO_THREAD)
		return thread_op(inv, t);
	if (!t->task || t->state == THREAD_DEAD)
		return ipc_error_tag(inv->caller, L4_IPC_ENOT_EXISTENT);
	return ipc_do(inv->caller, (flags & L4_SYSF_SEND) ? t : NULL, 0, flags, inv->tag,
		      inv->timeout, &t->obj, inv->label);
}

static void thread_kill_op(struct kobj *o) { thread_kill(container_of(o, struct thread, obj)); }

static const struct kobj_meta thread_meta[] = { { L4_PROTO_THREAD, "thread" }, { 0, NULL } };
const struct kobj_ops thread_ops = { KOBJ_THREAD, thread_invoke, thread_destroy, thread_kill_op,
				     thread_meta };
