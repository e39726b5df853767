/* Helpers for kernel tests (see ktest_util.h). */
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <ktest_util.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/kprint.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

void kt_thread_entry(void);
void kt_thread_exit(void);

#define STACK_SIZE 16384
#define MAX_STACKS 64
#define BOOT_UTCB_AREA 0x00007fffffe00000UL
#define BOOT_UTCBS     64

static char stacks[MAX_STACKS][STACK_SIZE] __attribute__((aligned(16)));
static unsigned stacks_used;
static unsigned utcbs_used = 1; /* slot 0 is the main thread's */

/* From libl4re's allocator, so tests started by a loader (whose free
 * slots begin right after the named capabilities) and the runtime
 * libraries they call never hand out the same slot twice. */
l4_cap_idx_t kt_cap_alloc(void)
{
	return l4re_util_cap_alloc();
}

l4_utcb_t *kt_utcb_alloc(void)
{
	if (utcbs_used >= BOOT_UTCBS)
		return 0;
	return (l4_utcb_t *)(BOOT_UTCB_AREA + L4_UTCB_OFFSET * utcbs_used++);
}

void kt_thread_exit(void)
{
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

static unsigned long prepare_stack(void (*fn)(void *), void *arg)
{
	if (stacks_used >= MAX_STACKS)
		return 0;
	unsigned long *sp = (unsigned long *)(stacks[stacks_used++] + STACK_SIZE);
	*--sp = 0;               /* keeps the entry's pops 16-byte aligned */
	*--sp = (unsigned long)arg;
	*--sp = (unsigned long)fn;
	return (unsigned long)sp;
}

static long check(const char *what, l4_msgtag_t tag)
{
	long err = l4_error(tag);
	if (err < 0)
		l4_kprintf("# ktest_util: %s failed: %ld\n", what, err);
	return err;
}

static l4_cap_idx_t start_in(l4_cap_idx_t task, l4_utcb_t *utcb, void (*fn)(void *), void *arg,
			     unsigned prio, l4_cap_idx_t pager, l4_cap_idx_t exc)
{
	l4_cap_idx_t th = kt_cap_alloc();
	unsigned long sp = prepare_stack(fn, arg);
	if (!utcb || !sp) {
		l4_kprintf("# ktest_util: out of UTCBs or stacks\n");
		return L4_INVALID_CAP;
	}
	if (check("create thread", l4_factory_create_thread(L4_BASE_FACTORY_CAP, th)) < 0)
		return L4_INVALID_CAP;
	l4_thread_control_start();
	l4_thread_control_pager(pager);
	l4_thread_control_exc_handler(exc);
	l4_thread_control_bind(utcb, task);
	if (check("thread control", l4_thread_control_commit(th)) < 0)
		return L4_INVALID_CAP;
	l4_sched_param_t sp_ = l4_sched_param(prio, 0);
	if (check("run thread", l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, th, &sp_)) < 0)
		return L4_INVALID_CAP;
	if (check("ex_regs", l4_thread_ex_regs(th, (l4_addr_t)kt_thread_entry, sp, 0)) < 0)
		return L4_INVALID_CAP;
	return th;
}

l4_cap_idx_t kt_thread_start_ex(void (*fn)(void *), void *arg, unsigned prio,
				l4_cap_idx_t pager, l4_cap_idx_t exc_handler)
{
	return start_in(L4_BASE_TASK_CAP, kt_utcb_alloc(), fn, arg, prio, pager, exc_handler);
}

/* In a program started by a loader, the region map pages the new thread
 * (its stack is in bss, attached lazily); boot tasks have no region map
 * and their threads no pager. */
l4_cap_idx_t kt_thread_start(void (*fn)(void *), void *arg, unsigned prio)
{
	return kt_thread_start_ex(fn, arg, prio, l4re_env()->rm, L4_INVALID_CAP);
}

extern char __executable_start[], _end[];

l4_cap_idx_t kt_task_create(void)
{
	l4_cap_idx_t task = kt_cap_alloc();
	l4_fpage_t area = l4_fpage(KT_CHILD_UTCB_AREA, L4_PAGESHIFT + 2, L4_FPAGE_RW);
	if (check("create task", l4_factory_create_task(L4_BASE_FACTORY_CAP, task, area)) < 0)
		return L4_INVALID_CAP;
	/* This program's image, page by page (it is not flexpage aligned). */
	for (unsigned long a = (unsigned long)__executable_start & L4_PAGEMASK;
	     a < (unsigned long)_end; a += L4_PAGESIZE)
		if (check("map image", l4_task_map(task, L4_BASE_TASK_CAP,
						   l4_fpage(a, L4_PAGESHIFT, L4_FPAGE_RWX), a)) < 0)
			return L4_INVALID_CAP;
	if (check("map log", l4_task_map(task, L4_BASE_TASK_CAP,
					 l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RW),
					 L4_BASE_LOG_CAP)) < 0)
		return L4_INVALID_CAP;
	return task;
}

l4_cap_idx_t kt_task_thread_start(l4_cap_idx_t task, unsigned utcb_slot, void (*fn)(void *),
				  void *arg, unsigned prio, l4_cap_idx_t pager,
				  l4_cap_idx_t exc_handler)
{
	l4_utcb_t *u = (l4_utcb_t *)(KT_CHILD_UTCB_AREA + L4_UTCB_OFFSET * utcb_slot);
	return start_in(task, u, fn, arg, prio, pager, exc_handler);
}

l4_uint64_t kt_now_us(void) { return l4_kip_clock(l4_kip()); }

void kt_sleep_us(l4_uint64_t us)
{
	l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(us)));
}

int kt_wait_flag(volatile int *flag, l4_uint64_t timeout_us)
{
	l4_uint64_t end = kt_now_us() + timeout_us;
	while (!*flag && kt_now_us() < end)
		__asm__ volatile("pause");
	return *flag != 0;
}
