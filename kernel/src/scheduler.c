/* The Scheduler object (L4_PROTO_SCHEDULER): CPU information, running a
 * thread with a priority and CPU set, idle time. */
#include <kern/cpu.h>
#include <kern/invoke.h>
#include <kern/ipc.h>
#include <kern/objects.h>
#include <kern/sched.h>
#include <kern/thread.h>
#include <l4/sys/err.h>
#include <l4/sys/scheduler.h>

struct kobj scheduler_obj;

/* The CPUs a (gran_offset, map) set names: bit i covers CPUs
 * offset + (i << gran) .. offset + ((i + 1) << gran) - 1. */
static bool in_set(u64 gran_offset, u64 map, unsigned cpu)
{
	unsigned gran = (unsigned)(gran_offset >> 24), offset = gran_offset & 0xffffff;
	if (cpu < offset)
		return false;
	u64 bit = gran >= 64 ? 0 : (u64)(cpu - offset) >> gran;
	return bit < 64 && (map & (1ull << bit));
}

static int first_online(u64 gran_offset, u64 map)
{
	for (unsigned c = 0; c < CONFIG_MAX_CPUS; c++)
		if (cpu_table[c].online && in_set(gran_offset, map, c))
			return (int)c;
	return -1;
}

static u64 sched_info(struct invocation *inv)
{
	if (inv_words(inv) < 2)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	u64 go = inv_mr(inv, 1);
	unsigned gran = (unsigned)(go >> 24), offset = go & 0xffffff;
	if (offset >= CONFIG_MAX_CPUS)
		return syscall_error_tag(-L4_ERANGE);
	u64 map = 0;
	for (unsigned c = offset; c < CONFIG_MAX_CPUS; c++) {
		u64 bit = gran >= 64 ? 0 : (u64)(c - offset) >> gran;
		if (bit < 64 && cpu_table[c].online)
			map |= 1ull << bit;
	}
	inv_set_mr(inv, 0, map);
	inv_set_mr(inv, 1, CONFIG_MAX_CPUS);
	inv_set_mr(inv, 2, L4_SCHEDULER_CLASS_FIXED_PRIO);
	return syscall_ok_tag(0, 3);
}

/* [1, gran_offset, map, prio, quantum] + the thread. */
static u64 sched_run_thread(struct invocation *inv)
{
	if (inv_words(inv) < 5)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	if (!inv_items(inv))
		return syscall_error_tag(-L4_EMSGMISSARG);
	struct cap_slot *ts = inv_cap_item(inv, inv_words(inv));
	if (!ts || ts->obj->ops->type != KOBJ_THREAD)
		return syscall_error_tag(-L4_EINVAL);
	u64 prio = inv_mr(inv, 3);
	int cpu = first_online(inv_mr(inv, 1), inv_mr(inv, 2));
	if (prio > L4_SCHED_MAX_PRIO || cpu < 0)
		return syscall_error_tag(-L4_EINVAL);
	struct thread *t = container_of(ts->obj, struct thread, obj);
	/* Point of no return. A queued thread moves to its new queue. */
	struct cpu *c = &cpu_table[t->cpu.v];
	bool queued = t->state == THREAD_READY;
	if (queued)
		runqueue_dequeue(&c->rq, t);
	t->prio = (u8)prio;
	t->cpu = cpu_nr((u32)cpu);
	u64 quantum_us = inv_mr(inv, 4);
	t->quantum_ticks = quantum_us ? (unsigned)MAX(1, quantum_us / (1000000 / CONFIG_HZ)) : 0;
	t->sched_ok = true;
	if (t->state == THREAD_DEAD && t->task && t->user_frame && !t->halted) {
		sched_wake(t); /* ex_regs gave it an ip already */
	} else if (queued) {
		runqueue_enqueue(&cpu_table[cpu].rq, t);
		if (t->prio > current_thread()->prio)
			this_cpu()->need_resched = true;
	}
	return syscall_ok_tag(0, 0);
}

static u64 sched_idle_time(struct invocation *inv)
{
	if (inv_words(inv) < 3)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	int cpu = first_online(inv_mr(inv, 1), inv_mr(inv, 2));
	if (cpu < 0)
		return syscall_error_tag(-L4_EINVAL);
	inv_set_mr(inv, 0, cpu_table[cpu].idle_ticks * (1000000 / CONFIG_HZ));
	return syscall_ok_tag(0, 1);
}

static u64 scheduler_invoke(struct invocation *inv)
{
	if (!(inv->cap_flags & L4_SYSF_SEND))
		return ipc_error_tag(inv->caller, L4_IPC_ENOT_EXISTENT);
	if (inv_label(inv) != L4_PROTO_SCHEDULER)
		return syscall_error_tag(-L4_EBADPROTO);
	if (!inv_words(inv))
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	switch (inv_mr(inv, 0)) {
	case L4_SCHEDULER_INFO_OP: return sched_info(inv);
	case L4_SCHEDULER_RUN_THREAD_OP: return sched_run_thread(inv);
	case L4_SCHEDULER_IDLE_TIME_OP: return sched_idle_time(inv);
	default: return syscall_error_tag(-L4_ENOSYS);
	}
}

static const struct kobj_meta scheduler_meta[] = {
	{ L4_PROTO_SCHEDULER, "scheduler" }, { L4_PROTO_IRQ, "icu" }, { 0, NULL },
};
static const struct kobj_ops scheduler_ops = { KOBJ_SCHEDULER, scheduler_invoke, NULL, NULL,
					       scheduler_meta };

void scheduler_init(void)
{
	kobj_init(&scheduler_obj, &scheduler_ops, "scheduler");
	scheduler_obj.refs = 1;
}
