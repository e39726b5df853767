/* Threads: creation, start, kill, and the Thread object's invocations. */
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/kmem.h>
#include <kern/panic.h>
#include <kern/pmem.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/timeout.h>
#include <l4/sys/err.h>
#include <l4/sys/types.h>

static unsigned kstack_order(void)
{
	unsigned o = 0;
	while ((1u << o) < CONFIG_KERNEL_STACK_PAGES)
		o++;
	return o;
}

struct thread *thread_create(struct task *task, const char *name, u8 prio)
{
	struct thread *t = kmem_alloc(sizeof(*t));
	if (!t)
		return NULL;
	paddr_t ks;
	t->fpu_state = kmem_alloc(512);
	if (!t->fpu_state || !pmem_alloc(kstack_order(), &ks)) {
		kmem_free(t->fpu_state, 512);
		kmem_free(t, sizeof(*t));
		return NULL;
	}
	kobj_init(&t->obj, KOBJ_THREAD, thread_invoke, name);
	t->kstack = pmem_virt(ks);
	t->task = task;
	t->prio = prio;
	t->cpu = cpu_nr(0);
	t->state = THREAD_DEAD;
	list_init(&t->rq_link);
	list_init(&t->timeout_link);
	list_init(&t->task_link);
	if (task)
		list_push_back(&task->threads, &t->task_link);
	return t;
}

void thread_start_user(struct thread *t, u64 ip, u64 sp, u64 arg0, u64 arg1)
{
	arch_thread_setup_user(t, ip, sp, arg0, arg1);
	sched_wake(t);
}

void thread_kill(struct thread *t)
{
	struct cpu *c = &cpus[t->cpu.v];
	timeout_disarm(t);
	if (t->state == THREAD_READY)
		runqueue_dequeue(&c->rq, t);
	t->state = THREAD_DEAD;
	if (c->current == t)
		c->need_resched = true;
}

/* The first code a new thread runs, on its own stack, before entering user
 * mode through its prepared frame. Nothing to do yet beyond a check. */
void thread_first_run(void);
void thread_first_run(void)
{
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

/* Thread protocol (L4_PROTO_THREAD): operations land with the kernel
 * objects issue; today every operation is reported as unsupported. */
u64 thread_invoke(struct invocation *inv)
{
	return syscall_error_tag(-L4_ENOSYS);
}
