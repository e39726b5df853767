/* Page faults through moe's region map: resolved inside a region, refused
 * (moe prints one line, the thread gets an exception) on a detached
 * address, beyond the end of a dataspace and on a write to a read-only
 * region. A prober thread does the accesses: its pager is the region map,
 * its exception handler ktap's fault handler, which lets it go on. */
#include "rt_mem.h"

#include <ktest_task.h>
#include <ktest_util.h>

static l4_cap_idx_t prober(void)
{
	static l4_cap_idx_t p = L4_INVALID_CAP;
	if (l4_is_invalid_cap(p))
		p = ktt_prober_ex(L4_BASE_TASK_CAP, NULL, l4re_env()->rm, ktt_handler());
	return p;
}

KTEST(fault_resolved_then_detached)
{
	l4re_ds_t ds = rt_ds(L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(ds) && l4_is_valid_cap(prober()));
	void *a = (void *)0x60000000UL;
	KASSERT_EQ(l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_RW, ds, 0, 0), 0);
	KCHECK_EQ(ktt_write(prober(), 0x60000000UL, 42), KTT_OK);
	l4_umword_t v = 0;
	KCHECK_EQ(ktt_read(prober(), 0x60000000UL, &v), KTT_OK);
	KCHECK_EQ(v, 42);
	KCHECK_EQ(l4re_rm_detach(a), L4RE_RM_DETACHED_DS);
	ktt_fault_reset();
	ktap_note("expect moe: page fault at 0x60000000 (read): no region");
	KCHECK_EQ(ktt_read(prober(), 0x60000000UL, &v), KTT_FAULT);
	KCHECK_EQ(ktt_fault.trapno, 14);
	KCHECK_EQ(ktt_fault.pfa & ~0xfffUL, 0x60000000UL);
	rt_free(ds);
}

KTEST(fault_beyond_dataspace)
{
	l4re_ds_t ds = rt_ds(L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(ds) && l4_is_valid_cap(prober()));
	void *a = (void *)0x61000000UL;
	KASSERT_EQ(l4re_rm_attach(&a, 2 * L4_PAGESIZE, L4RE_RM_F_RW, ds, 0, 0), 0);
	l4_umword_t v;
	KCHECK_EQ(ktt_read(prober(), 0x61000000UL, &v), KTT_OK);
	ktap_note("expect moe: page fault at 0x61001008 (read): beyond the end");
	KCHECK_EQ(ktt_read(prober(), 0x61001008UL, &v), KTT_FAULT);
	l4re_rm_detach(a);
	rt_free(ds);
}

KTEST(fault_write_to_read_only_region)
{
	l4re_ds_t ds = rt_ds(L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(ds) && l4_is_valid_cap(prober()));
	void *a = (void *)0x62000000UL;
	KASSERT_EQ(l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_R, ds, 0, 0), 0);
	l4_umword_t v = 1;
	KCHECK_EQ(ktt_read(prober(), 0x62000000UL, &v), KTT_OK);
	KCHECK_EQ(v, 0);
	ktap_note("expect moe: page fault at 0x62000010 (write): read-only");
	KCHECK_EQ(ktt_write(prober(), 0x62000010UL, 3), KTT_FAULT);
	l4re_rm_detach(a);
	rt_free(ds);
}

static volatile int trapped_ran;

static void trapper(void *arg)
{
	(void)arg;
	trapped_ran = 1;
	__asm__ volatile("ud2");
	trapped_ran = 2; /* never: the thread is halted */
}

KTEST(fault_exception_at_region_map_halts_thread)
{
	/* No exception handler: the exception goes to the pager, the region
	 * map, which prints it and refuses; the kernel halts the thread. */
	l4_cap_idx_t t = kt_thread_start_ex(trapper, NULL, 20, l4re_env()->rm, L4_INVALID_CAP);
	KASSERT(l4_is_valid_cap(t));
	kt_wait_flag(&trapped_ran, 1000000);
	kt_sleep_us(20000);
	KCHECK_EQ(trapped_ran, 1);
	/* moe still serves. */
	l4re_ds_t ds = rt_ds(L4_PAGESIZE, 0, 0);
	KCHECK(l4_is_valid_cap(ds));
	rt_free(ds);
}
