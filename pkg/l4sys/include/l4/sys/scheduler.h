/* The scheduler object (L4_BASE_SCHEDULER_CAP): run threads with a
 * priority, time slice and CPU set; CPU information and idle time.
 * Protocol L4_PROTO_SCHEDULER, opcode in mr0; as in L4Re's
 * l4/sys/scheduler.h. It is also an ICU with one line (label L4_PROTO_IRQ)
 * that fires when CPUs come online. See doc/protocols.md "Scheduler".
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/kernel_object.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

enum L4_scheduler_classes {
	L4_SCHEDULER_CLASS_FIXED_PRIO = 1UL << 1,
	L4_SCHEDULER_CLASS_WFQ        = 1UL << 2,
};

enum L4_scheduler_ops {
	L4_SCHEDULER_INFO_OP       = 0UL,
	L4_SCHEDULER_RUN_THREAD_OP = 1UL,
	L4_SCHEDULER_IDLE_TIME_OP  = 2UL,
};

/* A set of CPUs: bit i of map stands for CPUs offset + (i << granularity)
 * up to offset + ((i + 1) << granularity) - 1. gran_offset holds the
 * granularity in bits 24-31 and the offset (a multiple of
 * 1 << granularity) in bits 0-23. */
typedef struct l4_sched_cpu_set_t {
	l4_umword_t gran_offset;
	l4_umword_t map;
#ifdef __cplusplus
	unsigned char granularity() const { return (unsigned char)(gran_offset >> 24); }
	unsigned offset() const { return (unsigned)(gran_offset & 0x00ffffff); }
	void set(unsigned char granularity, unsigned offset)
	{
		gran_offset = ((l4_umword_t)granularity << 24) | (offset & 0x00ffffff);
	}
#endif
} l4_sched_cpu_set_t;

/* Scheduling parameters of l4_scheduler_run_thread(). */
typedef struct l4_sched_param_t {
	l4_sched_cpu_set_t affinity; /* CPUs the thread may run on */
	l4_umword_t prio;            /* 0 .. L4_SCHED_MAX_PRIO */
	l4_umword_t quantum;         /* time slice in microseconds, 0 for the default */
} l4_sched_param_t;

/* A CPU set.
 * \param offset       first CPU (a multiple of 1 << granularity)
 * \param granularity  log2 of the CPUs per bit
 * \param map          the bits (default 1 in C++) */
L4_INLINE l4_sched_cpu_set_t l4_sched_cpu_set(l4_umword_t offset, unsigned char granularity,
					      l4_umword_t map L4_DEFAULT_PARAM(1))
{
	l4_sched_cpu_set_t cs;
	cs.gran_offset = ((l4_umword_t)granularity << 24) | offset;
	cs.map = map;
	return cs;
}

/* Parameters with priority prio and time slice quantum (µs, 0 = default)
 * on any CPU (granularity 255: bit 0 covers every CPU). */
L4_INLINE l4_sched_param_t l4_sched_param(unsigned prio, l4_umword_t quantum L4_DEFAULT_PARAM(0))
{
	l4_sched_param_t sp;
	sp.prio = prio;
	sp.quantum = quantum;
	sp.affinity = l4_sched_cpu_set(0, (unsigned char)~0u, 1);
	return sp;
}

/* Which CPUs of a set exist, how many CPUs there can be, which scheduling
 * classes there are.
 * \param cpus           in: offset and granularity; out: map of the CPUs
 *                       present (Walnut: online)
 * \param cpu_max        out (may be NULL): the most CPUs the kernel supports
 * \param sched_classes  out (may be NULL): L4_SCHEDULER_CLASS_* bits
 * \retval 0           done
 * \retval -L4_ERANGE  the offset is beyond the last CPU */
L4_INLINE l4_msgtag_t l4_scheduler_info_u(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
					  l4_sched_cpu_set_t *cpus, l4_umword_t *sched_classes,
					  l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_SCHEDULER_INFO_OP;
	m->mr[1] = cpus->gran_offset;
	l4_msgtag_t res = l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 2, 0, 0),
				      L4_IPC_NEVER);
	if (l4_msgtag_has_error(res))
		return res;
	cpus->map = m->mr[0];
	if (cpu_max)
		*cpu_max = m->mr[1];
	if (sched_classes)
		*sched_classes = m->mr[2];
	return res;
}
L4_INLINE l4_msgtag_t l4_scheduler_info(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
					l4_sched_cpu_set_t *cpus)
{
	return l4_scheduler_info_u(scheduler, cpu_max, cpus, NULL, l4_utcb());
}
L4_INLINE l4_msgtag_t l4_scheduler_info_with_classes(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
						     l4_sched_cpu_set_t *cpus,
						     l4_umword_t *sched_classes)
{
	return l4_scheduler_info_u(scheduler, cpu_max, cpus, sched_classes, l4_utcb());
}

/* Sets a thread's scheduling parameters and makes it runnable on the first
 * CPU of sp->affinity that is online (its current CPU if that is in the
 * set). A thread bound to a task with a valid ip starts running.
 * \param scheduler  any rights
 * \param thread     the thread (any rights)
 * \retval 0                done
 * \retval -L4_EINVAL       thread is not a thread; prio above
 *                          L4_SCHED_MAX_PRIO; no online CPU in the set
 * \retval -L4_EMSGTOOSHORT fewer than 5 words
 * \retval -L4_EMSGMISSARG  no typed item */
L4_INLINE l4_msgtag_t l4_scheduler_run_thread_u(l4_cap_idx_t scheduler, l4_cap_idx_t thread,
						l4_sched_param_t const *sp, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_SCHEDULER_RUN_THREAD_OP;
	m->mr[1] = sp->affinity.gran_offset;
	m->mr[2] = sp->affinity.map;
	m->mr[3] = sp->prio;
	m->mr[4] = sp->quantum;
	m->mr[5] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	m->mr[6] = l4_obj_fpage(thread, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 5, 1, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_scheduler_run_thread(l4_cap_idx_t scheduler, l4_cap_idx_t thread,
					      l4_sched_param_t const *sp)
{
	return l4_scheduler_run_thread_u(scheduler, thread, sp, l4_utcb());
}

/* The idle time of the first online CPU in cpus, in microseconds.
 * \retval 0           done, *us set
 * \retval -L4_EINVAL  no online CPU in the set */
L4_INLINE l4_msgtag_t l4_scheduler_idle_time_u(l4_cap_idx_t scheduler,
					       l4_sched_cpu_set_t const *cpus,
					       l4_kernel_clock_t *us, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_SCHEDULER_IDLE_TIME_OP;
	m->mr[1] = cpus->gran_offset;
	m->mr[2] = cpus->map;
	l4_msgtag_t res = l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 3, 0, 0),
				      L4_IPC_NEVER);
	if (l4_msgtag_has_error(res))
		return res;
	*us = m->mr64[l4_utcb_mr64_idx(0)];
	return res;
}
L4_INLINE l4_msgtag_t l4_scheduler_idle_time(l4_cap_idx_t scheduler, l4_sched_cpu_set_t const *cpus,
					     l4_kernel_clock_t *us)
{
	return l4_scheduler_idle_time_u(scheduler, cpus, us, l4_utcb());
}

/* Whether CPU cpu is online.
 * \retval 1  online
 * \retval 0  offline, absent, or the query failed */
L4_INLINE int l4_scheduler_is_online_u(l4_cap_idx_t scheduler, l4_umword_t cpu, l4_utcb_t *utcb)
{
	l4_sched_cpu_set_t s;
	s.gran_offset = cpu;
	s.map = 0;
	l4_msgtag_t r = l4_scheduler_info_u(scheduler, NULL, &s, NULL, utcb);
	if (l4_msgtag_has_error(r) || l4_msgtag_label(r) < 0)
		return 0;
	return (int)(s.map & 1);
}
L4_INLINE int l4_scheduler_is_online(l4_cap_idx_t scheduler, l4_umword_t cpu)
{
	return l4_scheduler_is_online_u(scheduler, cpu, l4_utcb());
}

L4_END_DECLS
