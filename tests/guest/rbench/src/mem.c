/* rbench's memory benchmarks: page faults served by moe's region map,
 * l4re_ds_map_region, dataspace allocation and region attach/detach. */
#include "rbench.h"

#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/task.h>

l4re_ds_t rb_ds_new(unsigned long size)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(ds))
		rb_fail("no capability slot", -L4_ENOMEM);
	long err = l4re_ma_alloc((long)size, ds, 0);
	if (err < 0)
		rb_fail("l4re_ma_alloc", err);
	return ds;
}

static void ds_drop(l4re_ds_t ds)
{
	l4re_ma_free(ds);
	l4re_util_cap_free(ds);
}

/* Attaches size bytes of ds (RW) at a free place aligned to 2^align. */
static char *attach(l4re_ds_t ds, unsigned long size, unsigned char align)
{
	void *a = 0;
	int err = l4re_rm_attach(&a, size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, align);
	if (err < 0)
		rb_fail("l4re_rm_attach", err);
	return a;
}

/* Writes to pages [from, to) of base, timing each access into
 * rb_samples[page - skip] for pages >= skip. */
static void touch_pages(char *base, unsigned from, unsigned to, unsigned skip)
{
	for (unsigned p = from; p < to; p++) {
		volatile char *a = base + ((unsigned long)p << L4_PAGESHIFT);
		uint64_t t0 = bench_cycles();
		*a = 1;
		uint64_t dt = bench_cycles() - t0;
		if (p >= skip)
			rb_samples[p - skip] = dt;
	}
}

/* A 16 MiB dataspace, attached naturally aligned so that one flexpage
 * covers it. First pass: every write faults on a page moe has not
 * allocated yet (allocation, zeroing, map). Then the whole range is
 * unmapped from this task; the second pass faults on pages moe already
 * holds (region lookup and map only). */
void rb_bench_faults(void)
{
	enum { ORDER = 24 }; /* log2(RB_PF_PAGES * 4 KiB) */
	_Static_assert((RB_PF_PAGES << L4_PAGESHIFT) == 1UL << ORDER, "fault range size");
	unsigned long size = 1UL << ORDER;
	l4re_ds_t ds = rb_ds_new(size);
	char *base = attach(ds, size, ORDER);
	unsigned n = RB_PF_PAGES - RB_PF_WARMUP;
	touch_pages(base, 0, RB_PF_PAGES, RB_PF_WARMUP);
	rb_report("page fault, fresh page (alloc+zero+map)", rb_samples, n);

	l4_task_unmap(L4RE_THIS_TASK_CAP, l4_fpage((l4_addr_t)base, ORDER, L4_FPAGE_RWX),
		      L4_FP_ALL_SPACES);
	touch_pages(base, 0, RB_PF_PAGES, RB_PF_WARMUP);
	rb_report("page fault, page already backed (map)", rb_samples, n);

	l4re_rm_detach(base);
	ds_drop(ds);
}

/* Maps one page (backed already) into its own region again after
 * unmapping it, untimed, so each request installs a fresh mapping. */
void rb_bench_map_region(void)
{
	l4re_ds_t ds = rb_ds_new(L4_PAGESIZE);
	char *a = attach(ds, L4_PAGESIZE, L4_PAGESHIFT);
	l4_addr_t addr = (l4_addr_t)a;
	*(volatile char *)a = 1;
	for (unsigned i = 0; i < RB_WARMUP + RB_ROUNDS; i++) {
		l4_task_unmap(L4RE_THIS_TASK_CAP, l4_fpage(addr, L4_PAGESHIFT, L4_FPAGE_RWX),
			      L4_FP_ALL_SPACES);
		uint64_t t0 = bench_cycles();
		int err = l4re_ds_map_region(ds, 0, L4RE_DS_F_RW, addr, addr + L4_PAGESIZE);
		uint64_t dt = bench_cycles() - t0;
		if (err < 0)
			rb_fail("l4re_ds_map_region", err);
		if (i >= RB_WARMUP)
			rb_samples[i - RB_WARMUP] = dt;
	}
	if (*(volatile char *)a != 1)
		rb_fail("l4re_ds_map_region mapped the wrong page", -L4_EINVAL);
	rb_report("l4re_ds_map_region, 1 page", rb_samples, RB_ROUNDS);
	l4re_rm_detach(a);
	ds_drop(ds);
}

/* Allocates a 4 KiB dataspace into the same slot and frees it again (moe
 * creates and deletes an IPC gate each time). */
void rb_bench_alloc_free(void)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(ds))
		rb_fail("no capability slot", -L4_ENOMEM);
	for (unsigned i = 0; i < RB_WARMUP + RB_ROUNDS; i++) {
		uint64_t t0 = bench_cycles();
		long err = l4re_ma_alloc(L4_PAGESIZE, ds, 0);
		uint64_t t1 = bench_cycles();
		long err2 = l4re_ma_free(ds);
		uint64_t t2 = bench_cycles();
		if (err < 0 || err2 < 0)
			rb_fail("l4re_ma_alloc/l4re_ma_free", err < 0 ? err : err2);
		if (i >= RB_WARMUP) {
			rb_samples[i - RB_WARMUP] = t2 - t0;
			rb_first[i - RB_WARMUP] = t1 - t0;
			rb_second[i - RB_WARMUP] = t2 - t1;
		}
	}
	rb_report("l4re_ma_alloc + l4re_ma_free, 4 KiB", rb_samples, RB_ROUNDS);
	rb_report("l4re_ma_alloc, 4 KiB", rb_first, RB_ROUNDS);
	rb_report("l4re_ma_free, 4 KiB", rb_second, RB_ROUNDS);
	l4re_util_cap_free(ds);
}

/* Attaches one page of a dataspace (search for a free place) and detaches
 * it again; detach also unmaps the (unmapped) range from this task. */
void rb_bench_attach_detach(void)
{
	l4re_ds_t ds = rb_ds_new(L4_PAGESIZE);
	for (unsigned i = 0; i < RB_WARMUP + RB_ROUNDS; i++) {
		void *a = 0;
		uint64_t t0 = bench_cycles();
		int err = l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW,
					 ds, 0, L4_PAGESHIFT);
		uint64_t t1 = bench_cycles();
		int err2 = err < 0 ? err : l4re_rm_detach(a);
		uint64_t t2 = bench_cycles();
		if (err2 < 0)
			rb_fail("l4re_rm_attach/l4re_rm_detach", err2);
		if (i >= RB_WARMUP) {
			rb_samples[i - RB_WARMUP] = t2 - t0;
			rb_first[i - RB_WARMUP] = t1 - t0;
			rb_second[i - RB_WARMUP] = t2 - t1;
		}
	}
	rb_report("l4re_rm_attach + l4re_rm_detach, 1 page", rb_samples, RB_ROUNDS);
	rb_report("l4re_rm_attach (search), 1 page", rb_first, RB_ROUNDS);
	rb_report("l4re_rm_detach, 1 page", rb_second, RB_ROUNDS);
	ds_drop(ds);
}
