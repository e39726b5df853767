/* Scheduler proxies: the kernel Scheduler protocol served for a client
 * whose priorities are shifted by an offset and capped at a limit, and
 * whose threads may run only on the CPUs of a mask. Requests that pass go
 * on to moe's own (the kernel's) scheduler. */
#include "moe.h"

#include <l4/sys/err.h>
#include <l4/sys/scheduler.h>

#define CPU_BITS (sizeof(l4_umword_t) * 8) /* CPUs a proxy can name: 0..63 */

struct moe_sched {
	struct l4srv_obj obj;  /* first: the framework's view */
	struct moe_quota *q;
	unsigned prio_limit;   /* highest priority a thread gets */
	unsigned prio_offset;  /* added to every requested priority */
	l4_umword_t cpus;      /* bit i: the client may use CPU i */
};

/* The CPUs 0..63 a set names (bit i of the result = CPU i). */
static l4_umword_t set_to_cpus(l4_sched_cpu_set_t s)
{
	unsigned gran = (unsigned)(s.gran_offset >> 24) & 0xff;
	unsigned long offset = s.gran_offset & 0xffffff;
	l4_umword_t cpus = 0;
	if (offset >= CPU_BITS)
		return 0;
	if (gran >= CPU_BITS) /* bit 0 covers every CPU from offset on */
		return (s.map & 1) ? ~0UL << offset : 0;
	for (unsigned long c = offset; c < CPU_BITS; c++)
		if (s.map & (1UL << ((c - offset) >> gran)))
			cpus |= 1UL << c;
	return cpus;
}

/* The map of cpus (bit i = CPU i) in the granularity and offset of s. */
static l4_umword_t cpus_to_map(l4_umword_t cpus, l4_umword_t gran_offset)
{
	unsigned gran = (unsigned)(gran_offset >> 24) & 0xff;
	unsigned long offset = gran_offset & 0xffffff;
	l4_umword_t map = 0;
	for (unsigned long c = offset; c < CPU_BITS; c++) {
		if (!(cpus & (1UL << c)))
			continue;
		unsigned long bit = gran >= CPU_BITS ? 0 : (c - offset) >> gran;
		if (bit < CPU_BITS)
			map |= 1UL << bit;
	}
	return map;
}

/* The online CPUs the kernel reports (0..63) and its CPU maximum. */
static long online_cpus(l4_umword_t *cpus, l4_umword_t *cpu_max, l4_umword_t *classes)
{
	l4_sched_cpu_set_t all = l4_sched_cpu_set(0, 0, 0);
	long err = l4_error(l4_scheduler_info_with_classes(L4_BASE_SCHEDULER_CAP, cpu_max, &all,
							   classes));
	if (err < 0)
		return err;
	*cpus = all.map;
	return 0;
}

/* info(gran_offset): the client's CPUs (online and in the mask). */
static long sched_info(struct l4srv_obj *o, struct l4srv_msg *m)
{
	struct moe_sched *s = (struct moe_sched *)o;
	l4_umword_t gran_offset, online, cpu_max, classes;
	if (l4srv_get_word(m, &gran_offset))
		return -L4_EMSGTOOSHORT;
	long err = online_cpus(&online, &cpu_max, &classes);
	if (err < 0)
		return err;
	if (cpu_max > CPU_BITS)
		cpu_max = CPU_BITS;
	if ((gran_offset & 0xffffff) >= cpu_max)
		return -L4_ERANGE;
	if (l4srv_put_word(m, cpus_to_map(online & s->cpus, gran_offset)) ||
	    l4srv_put_word(m, cpu_max) || l4srv_put_word(m, classes))
		return -L4_EMSGTOOLONG;
	return 0;
}

/* run_thread(affinity, prio, quantum; thread): priority prio + offset,
 * at most the limit; CPUs the affinity and the mask have in common. The
 * thread capability the client sent is released by the framework after
 * this request (it is not kept). */
static long sched_run_thread(struct l4srv_obj *o, struct l4srv_msg *m)
{
	struct moe_sched *s = (struct moe_sched *)o;
	l4_sched_param_t sp;
	l4_umword_t prio;
	if (l4srv_get_word(m, &sp.affinity.gran_offset) || l4srv_get_word(m, &sp.affinity.map) ||
	    l4srv_get_word(m, &prio) || l4srv_get_word(m, &sp.quantum))
		return -L4_EMSGTOOSHORT;
	if (m->items < 1)
		return -L4_EMSGMISSARG;
	struct l4srv_obj *own;
	l4_cap_idx_t thread;
	int err = l4srv_get_cap(m, 0, NULL, &own, &thread, NULL);
	if (err < 0)
		return err == -L4_EMSGTOOSHORT ? -L4_EMSGMISSARG : -L4_EINVAL;
	if (own)
		return -L4_EINVAL; /* one of moe's objects, not a thread */
	l4_umword_t cpus = set_to_cpus(sp.affinity) & s->cpus;
	if (!cpus)
		return -L4_EINVAL;
	sp.affinity = l4_sched_cpu_set(0, 0, cpus);
	/* prio + offset, saturating at the limit (no wrap-around) */
	sp.prio = prio > s->prio_limit - s->prio_offset ? s->prio_limit : prio + s->prio_offset;
	return l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, thread, &sp));
}

/* idle_time(cpus): the kernel's answer for the client's part of the set. */
static long sched_idle_time(struct l4srv_obj *o, struct l4srv_msg *m)
{
	struct moe_sched *s = (struct moe_sched *)o;
	l4_sched_cpu_set_t set;
	if (l4srv_get_word(m, &set.gran_offset) || l4srv_get_word(m, &set.map))
		return -L4_EMSGTOOSHORT;
	l4_umword_t cpus = set_to_cpus(set) & s->cpus;
	if (!cpus)
		return -L4_EINVAL;
	set = l4_sched_cpu_set(0, 0, cpus);
	l4_kernel_clock_t us;
	long err = l4_error(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &set, &us));
	if (err < 0)
		return err;
	if (l4srv_put_word(m, (l4_umword_t)us))
		return -L4_EMSGTOOLONG;
	return 0;
}

static void sched_destroy(struct l4srv_obj *o)
{
	struct moe_sched *s = (struct moe_sched *)o;
	moe_obj_free(s->q, s, sizeof(*s));
}

static const struct l4srv_op sched_ops[] = {
	{ L4_SCHEDULER_INFO_OP,       0, sched_info },
	{ L4_SCHEDULER_RUN_THREAD_OP, 0, sched_run_thread },
	{ L4_SCHEDULER_IDLE_TIME_OP,  0, sched_idle_time },
};

static const struct l4srv_iface sched_ifaces[] = {
	{ .proto = L4_PROTO_SCHEDULER, .ops = sched_ops,
	  .n_ops = sizeof(sched_ops) / sizeof(sched_ops[0]) },
};

static const struct l4srv_type sched_type = {
	.name = "scheduler",
	.ifaces = sched_ifaces,
	.n_ifaces = 1,
	.destroy = sched_destroy,
};

long moe_sched_create(struct moe_quota *q, unsigned prio_limit, unsigned prio_offset,
		      l4_umword_t cpus, struct l4srv_obj **out)
{
	if (prio_limit > L4_SCHED_MAX_PRIO || prio_offset > prio_limit || !cpus)
		return -L4_EINVAL;
	struct moe_sched *s = moe_obj_alloc(q, sizeof(*s));
	if (!s)
		return -L4_ENOMEM;
	s->q = q;
	s->prio_limit = prio_limit;
	s->prio_offset = prio_offset;
	s->cpus = cpus;
	if (l4srv_register(&moe_srv, &s->obj, &sched_type, "scheduler") < 0) {
		moe_obj_free(q, s, sizeof(*s));
		return -L4_ENOMEM;
	}
	*out = &s->obj;
	return 0;
}
