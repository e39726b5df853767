/* Fixed-priority round-robin scheduling: one run queue per CPU. */
#pragma once

#include <kern/list.h>
#include <kern/types.h>

#define SCHED_PRIOS 256
#define SCHED_DEFAULT_PRIO 16

/* Ready threads of one CPU: a FIFO per priority and a bitmap of the
 * non-empty ones so picking the highest is a few bit scans. Protected by
 * running only on its CPU with interrupts off. */
struct runqueue {
	u64 bitmap[SCHED_PRIOS / 64];
	struct list queue[SCHED_PRIOS];
	unsigned nr_ready;
};

struct thread;

void runqueue_init(struct runqueue *rq);
/* In the header: the IPC fast path uses them on every hand-over. */
static inline void runqueue_enqueue(struct runqueue *rq, struct thread *t);
static inline void runqueue_dequeue(struct runqueue *rq, struct thread *t);
/* The highest-priority ready thread, or NULL when none is ready. */
struct thread *runqueue_pick(const struct runqueue *rq);

/* Makes t runnable on its CPU (it must be blocked or new). */
void sched_wake(struct thread *t);
/* Takes the current thread off the run queue (it blocks) and switches away. */
void sched_block(void);
/* Puts the current thread at the end of its priority's queue and switches. */
void sched_yield(void);
/* Runs ready thread t next if its priority allows (Thread switch). */
void sched_switch_to(struct thread *t);
/* Switches to the best ready thread if it should run instead of the current. */
void sched_schedule(void);
/* Timer tick: accounting, time slice, timeouts. */
void sched_tick(void);
void sched_init_cpu(void);

#include <kern/thread.h>

static inline void runqueue_enqueue(struct runqueue *rq, struct thread *t)
{
	list_push_back(&rq->queue[t->prio], &t->rq_link);
	rq->bitmap[t->prio / 64] |= 1ull << (t->prio % 64);
	rq->nr_ready++;
}

static inline void runqueue_dequeue(struct runqueue *rq, struct thread *t)
{
	list_remove(&t->rq_link);
	if (list_empty(&rq->queue[t->prio]))
		rq->bitmap[t->prio / 64] &= ~(1ull << (t->prio % 64));
	rq->nr_ready--;
}
