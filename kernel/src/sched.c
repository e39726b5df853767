/* Fixed-priority round-robin scheduler and kernel timeouts, per CPU. */
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/kip.h>
#include <kern/panic.h>
#include <kern/sched.h>
#include <kern/thread.h>
#include <kern/timeout.h>
#include <kern/objects.h>

#define TIME_SLICE_TICKS 10

struct cpu cpu_table[CONFIG_MAX_CPUS];

void runqueue_init(struct runqueue *rq)
{
	for (unsigned i = 0; i < SCHED_PRIOS; i++)
		list_init(&rq->queue[i]);
	for (unsigned i = 0; i < SCHED_PRIOS / 64; i++)
		rq->bitmap[i] = 0;
	rq->nr_ready = 0;
}


struct thread *runqueue_pick(const struct runqueue *rq)
{
	for (int w = SCHED_PRIOS / 64 - 1; w >= 0; w--) {
		if (rq->bitmap[w]) {
			unsigned prio = (unsigned)w * 64 + 63 - (unsigned)__builtin_clzll(rq->bitmap[w]);
			return list_entry(rq->queue[prio].next, struct thread, rq_link);
		}
	}
	return NULL;
}

#ifndef HOST_TEST
/* Switches to the best ready thread, or idle. The current thread stays on
 * the run queue if it is still ready (it runs until it blocks or a better
 * or equal one's turn comes). */
void sched_schedule(void)
{
	struct cpu *c = this_cpu();
	c->need_resched = false;
	struct thread *prev = c->current;
	struct thread *next = runqueue_pick(&c->rq);
	if (!next)
		next = c->idle;
	if (next == prev)
		return;
	if (next->slice_left == 0)
		next->slice_left = next->quantum_ticks ? next->quantum_ticks : TIME_SLICE_TICKS;
	c->current = next;
	arch_switch_to(prev, next);
	/* Back on prev's stack, possibly much later: free a thread that was
	 * destroyed while it ran. */
	thread_reap_zombie(this_cpu());
}

void sched_switch_to(struct thread *t)
{
	struct cpu *c = &cpu_table[t->cpu.v];
	/* To the head of its priority's queue: it runs now unless someone of
	 * higher priority is ready. */
	runqueue_dequeue(&c->rq, t);
	list_push_front(&c->rq.queue[t->prio], &t->rq_link);
	c->rq.bitmap[t->prio / 64] |= 1ull << (t->prio % 64);
	c->rq.nr_ready++;
	sched_schedule();
}

void sched_wake(struct thread *t)
{
	ASSERT(t->state != THREAD_READY);
	struct cpu *c = &cpu_table[t->cpu.v];
	t->state = THREAD_READY;
	runqueue_enqueue(&c->rq, t);
	if (t->prio > c->current->prio || c->current == c->idle)
		c->need_resched = true;
}

void sched_block(void)
{
	struct cpu *c = this_cpu();
	struct thread *t = c->current;
	ASSERT(t != c->idle);
	if (t->state == THREAD_READY)
		runqueue_dequeue(&c->rq, t);
	t->state = THREAD_BLOCKED;
	sched_schedule();
}

void sched_yield(void)
{
	struct cpu *c = this_cpu();
	struct thread *t = c->current;
	if (t != c->idle && t->state == THREAD_READY) {
		runqueue_dequeue(&c->rq, t);
		runqueue_enqueue(&c->rq, t);
		t->slice_left = 0;
	}
	sched_schedule();
}

void sched_tick(void)
{
	struct cpu *c = this_cpu();
	struct thread *t = c->current;
	c->ticks++;
	kip_tick(c);
	t->cpu_time_us += 1000000 / CONFIG_HZ;
	if (t == c->idle)
		c->idle_ticks++;
	timeouts_expire(c);
	/* Round robin among equals: an exhausted slice goes to the back. */
	if (t != c->idle && t->slice_left && --t->slice_left == 0) {
		runqueue_dequeue(&c->rq, t);
		runqueue_enqueue(&c->rq, t);
		c->need_resched = true;
	}
	vcon_input_poll();
}

void sched_init_cpu(void)
{
	runqueue_init(&this_cpu()->rq);
	timeouts_init(this_cpu());
}
#endif
