/* Kernel timeouts: a sorted list of sleeping threads per CPU, checked every tick. */
#include <kern/cpu.h>
#include <kern/ipc.h>
#include <kern/kip.h>
#include <kern/sched.h>
#include <kern/thread.h>
#include <kern/timeout.h>

void timeouts_init(struct cpu *c) { list_init(&c->timeouts); }

u64 kernel_time_us(void) { return l4_kip_clock(kip); }

void timeout_arm(struct thread *t, u64 wakeup_us)
{
	struct list *head = &cpu_table[t->cpu.v].timeouts;
	t->wakeup_us = wakeup_us;
	t->timed_out = false;
	struct list *pos = head->next;
	while (pos != head && list_entry(pos, struct thread, timeout_link)->wakeup_us <= wakeup_us)
		pos = pos->next;
	list_insert_before(pos, &t->timeout_link);
}

void timeout_disarm(struct thread *t)
{
	list_remove(&t->timeout_link); /* harmless when not on a list */
}

void timeouts_expire(struct cpu *c)
{
	u64 now = kernel_time_us();
	while (!list_empty(&c->timeouts)) {
		struct thread *t = list_entry(c->timeouts.next, struct thread, timeout_link);
		if (t->wakeup_us > now)
			break;
		list_remove(&t->timeout_link);
		t->timed_out = true;
		if (t->ipc_wait)
			ipc_timeout(t); /* ends the IPC with its timeout error */
		else if (t->state == THREAD_BLOCKED)
			sched_wake(t);
	}
}
