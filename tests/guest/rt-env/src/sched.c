/* Scheduler proxies from the factory: priorities shifted by the offset
 * and capped at the limit (seen in the order threads run on one CPU),
 * CPU masks, and bad requests. */
#include "rt_env.h"

#include <ktap.h>
#include <ktest_util.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>

/* Main runs at 10 here, below moe's server thread (the kernel's default
 * 16): a thread made ready with a priority above 10 runs before main
 * continues (at once if above moe's too), one below 10 only when main
 * blocks. */
#define MAIN_PRIO 10

/* A proxy with limit, offset and CPU mask; L4_INVALID_CAP and *err on failure. */
static l4_cap_idx_t new_proxy(long limit, long offset, l4_umword_t cpus, long *err)
{
	l4_utcb_t *u = l4_utcb();
	l4_cap_idx_t c = l4re_util_cap_alloc();
	l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_SCHEDULER, c, u);
	l4_factory_create_add_int_u(limit, &t, u);
	l4_factory_create_add_int_u(offset, &t, u);
	l4_factory_create_add_uint_u(cpus, &t, u);
	*err = l4_error(l4_factory_create_commit_u(l4re_env()->mem_alloc, t, u));
	if (*err < 0) {
		l4re_util_cap_free(c);
		return L4_INVALID_CAP;
	}
	return c;
}

static void set_flag(void *arg)
{
	*(volatile int *)arg = 1;
}

/* Runs a new thread that sets *flag through proxy at prio; returns
 * whether it ran before this call returned (main runs at MAIN_PRIO). */
static int runs_at_once(l4_cap_idx_t proxy, unsigned prio, volatile int *flag,
			l4_cap_idx_t *th)
{
	*flag = 0;
	*th = rt_thread_new(set_flag, (void *)flag);
	if (l4_is_invalid_cap(*th))
		return -1;
	l4_sched_param_t sp = l4_sched_param(prio, 0);
	long err = l4_error(l4_scheduler_run_thread(proxy, *th, &sp));
	if (err < 0) {
		ktap_note("run_thread: %ld", err);
		return -1;
	}
	return *flag;
}

/* Puts the main thread at MAIN_PRIO through a proxy of its own. */
static int main_prio(void)
{
	long err;
	l4_cap_idx_t p0 = new_proxy(100, 0, ~0UL, &err);
	if (l4_is_invalid_cap(p0))
		return (int)err;
	l4_sched_param_t sp = l4_sched_param(MAIN_PRIO, 0);
	err = l4_error(l4_scheduler_run_thread(p0, l4re_env()->main_thread, &sp));
	l4re_util_cap_free_um(p0);
	return (int)err;
}

static volatile int flags[4];

KTEST(sched_proxy_clamps_priority)
{
	KASSERT_EQ(main_prio(), 0);
	long err;
	l4_cap_idx_t low = new_proxy(5, 0, 1, &err);
	KASSERT_EQ(err, 0);
	l4_cap_idx_t high = new_proxy(200, 0, 1, &err);
	KASSERT_EQ(err, 0);
	l4_cap_idx_t shifted = new_proxy(200, 8, 1, &err);
	KASSERT_EQ(err, 0);
	l4_cap_idx_t capped = new_proxy(8, 5, 1, &err);
	KASSERT_EQ(err, 0);
	l4_cap_idx_t th[4];
	/* 200 asked, 5 given: below main, waits until main blocks */
	KCHECK_EQ(runs_at_once(low, 200, &flags[0], &th[0]), 0);
	/* 100 within the limit: above main, runs at once */
	KCHECK_EQ(runs_at_once(high, 100, &flags[1], &th[1]), 1);
	/* 4 + offset 8 = 12: above main (4 alone would not be) */
	KCHECK_EQ(runs_at_once(shifted, 4, &flags[2], &th[2]), 1);
	/* 20 + offset 5 = 25, capped at 8: below main */
	KCHECK_EQ(runs_at_once(capped, 20, &flags[3], &th[3]), 0);
	kt_sleep_us(20000); /* main blocks: the low ones run */
	KCHECK_EQ(flags[0], 1);
	KCHECK_EQ(flags[3], 1);
	for (unsigned i = 0; i < 4; i++)
		if (l4_is_valid_cap(th[i]))
			rt_thread_del(th[i]);
	l4re_util_cap_free_um(low);
	l4re_util_cap_free_um(high);
	l4re_util_cap_free_um(shifted);
	l4re_util_cap_free_um(capped);
}

KTEST(sched_proxy_info_and_idle)
{
	long err;
	l4_cap_idx_t p = new_proxy(100, 0, 1, &err);
	KASSERT_EQ(err, 0);
	l4_umword_t max = 0;
	l4_sched_cpu_set_t cs = l4_sched_cpu_set(0, 0, 0);
	KCHECK_EQ(l4_error(l4_scheduler_info(p, &max, &cs)), 0);
	KCHECK_EQ(cs.map, 1);
	KCHECK_GE(max, 1);
	cs = l4_sched_cpu_set(4096, 0, 0);
	KCHECK_EQ(l4_error(l4_scheduler_info(p, &max, &cs)), -L4_ERANGE);
	l4_kernel_clock_t us = 0;
	cs = l4_sched_cpu_set(0, 0, 1);
	KCHECK_EQ(l4_error(l4_scheduler_idle_time(p, &cs, &us)), 0);
	cs = l4_sched_cpu_set(1, 0, 1); /* CPU 1 is not in the mask */
	KCHECK_EQ(l4_error(l4_scheduler_idle_time(p, &cs, &us)), -L4_EINVAL);
	l4re_util_cap_free_um(p);
}

KTEST(sched_proxy_bad_requests)
{
	long err;
	l4_cap_idx_t p = new_proxy(100, 0, 1, &err);
	KASSERT_EQ(err, 0);
	l4_cap_idx_t th = rt_thread_new(set_flag, (void *)&flags[0]);
	KASSERT(l4_is_valid_cap(th));
	/* only CPU 1 asked, the mask has CPU 0 */
	l4_sched_param_t sp = l4_sched_param(5, 0);
	sp.affinity = l4_sched_cpu_set(1, 0, 1);
	KCHECK_EQ(l4_error(l4_scheduler_run_thread(p, th, &sp)), -L4_EINVAL);
	/* not a thread: a namespace of moe and a kernel Irq */
	l4_cap_idx_t ns;
	KASSERT_EQ(rt_factory_create(0x4001 /* L4RE_PROTO_NAMESPACE */, &ns), 0);
	sp = l4_sched_param(5, 0);
	KCHECK_EQ(l4_error(l4_scheduler_run_thread(p, ns, &sp)), -L4_EINVAL);
	l4_cap_idx_t irq = l4re_util_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_irq(l4re_env()->factory, irq)), 0);
	KCHECK_EQ(l4_error(l4_scheduler_run_thread(p, irq, &sp)), -L4_EINVAL);
	/* no thread item, too few words */
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4_SCHEDULER_RUN_THREAD_OP;
	mr->mr[1] = 0; mr->mr[2] = 1; mr->mr[3] = 5; mr->mr[4] = 0;
	KCHECK_EQ(l4_error(l4_ipc_call(p, l4_utcb(), l4_msgtag(L4_PROTO_SCHEDULER, 5, 0, 0),
				       L4_IPC_NEVER)), -L4_EMSGMISSARG);
	mr->mr[0] = L4_SCHEDULER_RUN_THREAD_OP;
	KCHECK_EQ(l4_error(l4_ipc_call(p, l4_utcb(), l4_msgtag(L4_PROTO_SCHEDULER, 3, 0, 0),
				       L4_IPC_NEVER)), -L4_EMSGTOOSHORT);
	mr->mr[0] = 7;
	KCHECK_EQ(l4_error(l4_ipc_call(p, l4_utcb(), l4_msgtag(L4_PROTO_SCHEDULER, 1, 0, 0),
				       L4_IPC_NEVER)), -L4_ENOSYS);
	/* bad proxies: limit above 255, offset above the limit, no CPUs */
	KCHECK(l4_is_invalid_cap(new_proxy(300, 0, 1, &err)));
	KCHECK_EQ(err, -L4_EINVAL);
	KCHECK(l4_is_invalid_cap(new_proxy(10, 20, 1, &err)));
	KCHECK_EQ(err, -L4_EINVAL);
	KCHECK(l4_is_invalid_cap(new_proxy(10, 0, 0, &err)));
	KCHECK_EQ(err, -L4_EINVAL);
	rt_thread_del(th);
	l4re_util_cap_free_um(irq);
	l4re_util_cap_free_um(ns);
	l4re_util_cap_free_um(p);
}
