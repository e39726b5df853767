/* Dataspaces: allocate, size, flags, zero fill, map, copy_in, clear,
 * allocate, contiguous and super-page memory, free. */
#include "rt_mem.h"

#include <l4/sys/task.h>
#include <minrt_string.h>

KTEST(ds_alloc_size_flags)
{
	l4re_ds_t ds = rt_ds(10000, 0, 0);
	KASSERT(l4_is_valid_cap(ds));
	KCHECK_EQ(l4re_ds_size(ds), 10000);
	KCHECK_EQ(l4re_ds_flags(ds) & L4RE_DS_F_RIGHTS_MASK, L4RE_DS_F_RWX);
	l4re_ds_stats_t st;
	KCHECK_EQ(l4re_ds_info(ds, &st), 0);
	KCHECK_EQ(st.size, 10000);
	rt_free(ds);
}

KTEST(ds_zero_filled_and_persistent)
{
	l4re_ds_t ds = rt_ds(3 * L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(ds));
	unsigned long *p = rt_attach(ds, 3 * L4_PAGESIZE, L4RE_RM_F_RW);
	KASSERT(p);
	unsigned long nonzero = 0;
	for (unsigned i = 0; i < 3 * L4_PAGESIZE / sizeof(long); i++)
		nonzero += p[i] != 0;
	KCHECK_EQ(nonzero, 0);
	p[0] = 0x1234;
	p[1000] = 0x5678;
	KCHECK_EQ(l4re_rm_detach(p), 0);
	unsigned long *q = rt_attach(ds, 3 * L4_PAGESIZE, L4RE_RM_F_R);
	KASSERT(q);
	KCHECK_EQ(q[0], 0x1234);
	KCHECK_EQ(q[1000], 0x5678);
	l4re_rm_detach(q);
	rt_free(ds);
}

KTEST(ds_map_region_into_area)
{
	l4re_ds_t ds = rt_ds(4 * L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(ds));
	l4_addr_t area = 0;
	KASSERT_EQ(l4re_rm_reserve_area(&area, 4 * L4_PAGESIZE, L4RE_RM_F_SEARCH_ADDR |
					L4RE_RM_F_RESERVED, 14), 0);
	KCHECK_EQ(l4re_ds_map_region(ds, 0, L4RE_DS_F_RW, area, area + 4 * L4_PAGESIZE), 0);
	volatile unsigned long *p = (unsigned long *)area;
	p[0] = 77;
	p[3 * L4_PAGESIZE / sizeof(long)] = 78;
	unsigned long *q = rt_attach(ds, 4 * L4_PAGESIZE, L4RE_RM_F_R);
	KASSERT(q);
	KCHECK_EQ(q[0], 77);
	KCHECK_EQ(q[3 * L4_PAGESIZE / sizeof(long)], 78);
	l4re_rm_detach(q);
	/* Offset beyond the size, and a write map of a read-only capability. */
	KCHECK_EQ(l4re_ds_map(ds, 4 * L4_PAGESIZE, L4RE_DS_F_R, area, area, area + L4_PAGESIZE),
		  -L4_ERANGE);
	l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(area, 14, L4_FPAGE_RWX), L4_FP_ALL_SPACES);
	KCHECK_EQ(l4re_rm_free_area(area), 0);
	rt_free(ds);
}

KTEST(ds_copy_in_clear_allocate)
{
	l4re_ds_t a = rt_ds(2 * L4_PAGESIZE, 0, 0), b = rt_ds(2 * L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(a) && l4_is_valid_cap(b));
	char *pa = rt_attach(a, 2 * L4_PAGESIZE, L4RE_RM_F_RW);
	char *pb = rt_attach(b, 2 * L4_PAGESIZE, L4RE_RM_F_RW);
	KASSERT(pa && pb);
	for (unsigned i = 0; i < 2 * L4_PAGESIZE; i++)
		pa[i] = (char)(i * 7);
	KCHECK_EQ(l4re_ds_copy_in(b, 100, a, 50, 5000), 0);
	KCHECK_EQ(pb[99], 0);
	KCHECK_EQ(pb[100], (char)(50 * 7));
	KCHECK_EQ(pb[5099], (char)(5049 * 7));
	KCHECK_EQ(pb[5100], 0);
	/* Beyond either end. */
	KCHECK_EQ(l4re_ds_copy_in(b, 2 * L4_PAGESIZE - 10, a, 0, 11), -L4_ERANGE);
	KCHECK_EQ(l4re_ds_copy_in(b, 0, a, 2 * L4_PAGESIZE, 1), -L4_ERANGE);
	/* Clear a middle part. */
	KCHECK_EQ(l4re_ds_clear(a, 10, 4096), 0);
	KCHECK_EQ(pa[9], (char)(9 * 7));
	KCHECK_EQ(pa[10], 0);
	KCHECK_EQ(pa[4105], 0);
	KCHECK_EQ(pa[4106], (char)(4106 * 7));
	KCHECK_EQ(l4re_ds_clear(a, 2 * L4_PAGESIZE, 1), -L4_ERANGE);
	KCHECK_EQ(l4re_ds_allocate(a, 0, 2 * L4_PAGESIZE), 0);
	KCHECK_EQ(l4re_ds_allocate(a, L4_PAGESIZE, 2 * L4_PAGESIZE), -L4_ERANGE);
	l4re_rm_detach(pa);
	l4re_rm_detach(pb);
	rt_free(a);
	rt_free(b);
}

KTEST(ds_contiguous)
{
	l4re_ds_t ds = rt_ds(64 * 1024 + 100, L4RE_MA_CONTINUOUS, 16);
	KASSERT(l4_is_valid_cap(ds));
	l4_addr_t p0, p1;
	l4_size_t c0, c1;
	KASSERT_EQ(l4re_ds_phys(ds, 0, &p0, &c0), 0);
	KCHECK_EQ(p0 & 0xffff, 0);
	KCHECK_GE(c0, 64 * 1024 + 100);
	KASSERT_EQ(l4re_ds_phys(ds, 40000, &p1, &c1), 0);
	KCHECK_EQ(p1, p0 + 40000);
	rt_free(ds);
}

KTEST(ds_super_pages)
{
	l4re_ds_t ds = rt_ds(3 << 20, L4RE_MA_SUPER_PAGES, 0);
	KASSERT(l4_is_valid_cap(ds));
	KCHECK_EQ(l4re_ds_size(ds), 3 << 20);
	l4_addr_t p;
	l4_size_t c;
	KASSERT_EQ(l4re_ds_phys(ds, 0, &p, &c), 0);
	KCHECK_EQ(p & (L4_SUPERPAGESIZE - 1), 0);
	KCHECK_EQ(c, L4_SUPERPAGESIZE);
	void *a = 0;
	KASSERT_EQ(l4re_rm_attach(&a, 3 << 20, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, ds, 0,
				  L4_SUPERPAGESHIFT), 0);
	KCHECK_EQ((l4_addr_t)a & (L4_SUPERPAGESIZE - 1), 0);
	volatile char *b = a;
	b[0] = 1;
	b[(2 << 20) + 5] = 2;
	KCHECK_EQ(b[0] + b[(2 << 20) + 5], 3);
	l4re_rm_detach(a);
	rt_free(ds);
}

KTEST(ds_pinned_and_freed)
{
	l4re_ds_t ds = rt_ds(8 * L4_PAGESIZE, L4RE_MA_PINNED, 0);
	KASSERT(l4_is_valid_cap(ds));
	KCHECK_EQ(l4re_ds_size(ds), 8 * L4_PAGESIZE);
	KCHECK_EQ(l4re_ma_free(ds), 0);
	/* The gate is gone: the capability is empty now. */
	KCHECK_LT((long)l4re_ds_size(ds), 0);
	KCHECK_LT(l4re_ma_free(ds), 0);
	l4re_util_cap_free(ds);
}
