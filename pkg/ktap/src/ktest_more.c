/* More helpers for kernel tests (see ktest_more.h). */
#include <ktest_more.h>
#include <ktest_util.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kprint.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

l4_cap_idx_t kt_cap_copy(l4_cap_idx_t cap, unsigned rights, unsigned attr)
{
	l4_cap_idx_t slot = kt_cap_alloc();
	long err = l4_error(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
					l4_obj_fpage(cap, 0, rights), slot | attr));
	if (err < 0) {
		l4_kprintf("# ktest_more: copying capability %#lx failed: %ld\n",
			   (unsigned long)cap, err);
		return L4_INVALID_CAP;
	}
	return slot;
}

long kt_delete(l4_cap_idx_t cap)
{
	return l4_error(l4_task_delete_obj(L4_BASE_TASK_CAP, cap));
}

int kt_wait_flag_sleep(volatile int *flag, l4_uint64_t timeout_us)
{
	l4_uint64_t end = kt_now_us() + timeout_us;
	while (!*flag && kt_now_us() < end)
		kt_sleep_us(1000);
	return *flag != 0;
}

void kt_spin_us(l4_uint64_t us)
{
	l4_uint64_t end = kt_now_us() + us;
	while (kt_now_us() < end)
		__asm__ volatile("pause");
}

l4_uint64_t kt_cpu_time_us(l4_cap_idx_t thread)
{
	l4_kernel_clock_t us = 0;
	if (l4_error(l4_thread_stats_time(thread, &us)) < 0)
		return ~0ULL;
	return us;
}

long kt_set_prio(l4_cap_idx_t thread, unsigned prio)
{
	l4_sched_param_t sp = l4_sched_param(prio, 0);
	return l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, thread, &sp));
}
