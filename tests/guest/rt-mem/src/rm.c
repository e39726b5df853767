/* Region maps: fixed and searched attaches, areas, find, detach, rights. */
#include "rt_mem.h"

#include <l4/sys/task.h>

#define FIXED 0x30000000UL

KTEST(rm_attach_fixed_find_detach)
{
	l4re_ds_t ds = rt_ds(2 * L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(ds));
	void *a = (void *)FIXED;
	KASSERT_EQ(l4re_rm_attach(&a, 2 * L4_PAGESIZE, L4RE_RM_F_RW, ds, L4_PAGESIZE, 0), 0);
	KCHECK_EQ((l4_addr_t)a, FIXED);
	/* Occupied: the same place again, and an overlap. */
	void *b = (void *)(FIXED + L4_PAGESIZE);
	KCHECK_EQ(l4re_rm_attach(&b, L4_PAGESIZE, L4RE_RM_F_R, ds, 0, 0), -L4_EADDRNOTAVAIL);
	l4_addr_t addr = FIXED + 100;
	unsigned long size = 1;
	l4re_rm_offset_t off = 7;
	l4re_rm_flags_t fl = 0;
	l4re_ds_t m = L4_INVALID_CAP;
	KASSERT_EQ(l4re_rm_find(&addr, &size, &off, &fl, &m), 0);
	KCHECK_EQ(addr, FIXED);
	KCHECK_EQ(size, 2 * L4_PAGESIZE);
	KCHECK_EQ(off, L4_PAGESIZE);
	KCHECK_EQ(fl & L4RE_RM_F_RWX, L4RE_RM_F_RW);
	KCHECK_EQ(m, ds);
	l4re_ds_t got = L4_INVALID_CAP;
	KCHECK_EQ(l4re_rm_detach_ds(a, &got), L4RE_RM_DETACHED_DS);
	KCHECK_EQ(got, ds);
	addr = FIXED, size = 1;
	KCHECK_EQ(l4re_rm_find(&addr, &size, &off, &fl, &m), -L4_ENOENT);
	KCHECK_EQ(l4re_rm_detach(a), -L4_ENOENT);
	rt_free(ds);
}

KTEST(rm_attach_search_aligned)
{
	l4re_ds_t ds = rt_ds(L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(ds));
	void *a = (void *)0x40000000UL, *b = (void *)0x40000000UL;
	KASSERT_EQ(l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_R | L4RE_RM_F_SEARCH_ADDR, ds, 0, 20), 0);
	KASSERT_EQ(l4re_rm_attach(&b, L4_PAGESIZE, L4RE_RM_F_R | L4RE_RM_F_SEARCH_ADDR, ds, 0, 20), 0);
	KCHECK_EQ((l4_addr_t)a & 0xfffff, 0);
	KCHECK_EQ((l4_addr_t)b & 0xfffff, 0);
	KCHECK_GE((l4_addr_t)a, 0x40000000UL);
	KCHECK_NE(a, b);
	l4re_rm_detach(a);
	l4re_rm_detach(b);
	rt_free(ds);
}

KTEST(rm_areas)
{
	l4re_ds_t ds = rt_ds(L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(ds));
	l4_addr_t area = 0x50000000UL;
	KASSERT_EQ(l4re_rm_reserve_area(&area, 16 * L4_PAGESIZE, L4RE_RM_F_SEARCH_ADDR, 16), 0);
	KCHECK_EQ(area & 0xffff, 0);
	/* Outside IN_AREA nothing attaches there; inside it does. */
	void *a = (void *)(area + L4_PAGESIZE);
	KCHECK_EQ(l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_RW, ds, 0, 0), -L4_EADDRNOTAVAIL);
	KCHECK_EQ(l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_RW | L4RE_RM_F_IN_AREA, ds, 0, 0), 0);
	KCHECK_EQ((l4_addr_t)a, area + L4_PAGESIZE);
	void *s = (void *)area;
	KCHECK_EQ(l4re_rm_attach(&s, L4_PAGESIZE, L4RE_RM_F_RW | L4RE_RM_F_IN_AREA |
				 L4RE_RM_F_SEARCH_ADDR, ds, 0, 0), 0);
	KCHECK_EQ((l4_addr_t)s, area);
	*(volatile int *)a = 5;
	KCHECK_EQ(*(volatile int *)s, 5); /* the same page of ds */
	/* A second area over the first, and IN_AREA without an area. */
	l4_addr_t again = area + 2 * L4_PAGESIZE;
	KCHECK_EQ(l4re_rm_reserve_area(&again, L4_PAGESIZE, 0, 0), -L4_EADDRNOTAVAIL);
	void *n = (void *)0x7000000000UL;
	KCHECK_EQ(l4re_rm_attach(&n, L4_PAGESIZE, L4RE_RM_F_RW | L4RE_RM_F_IN_AREA, ds, 0, 0),
		  -L4_ENOENT);
	l4_addr_t fa = area + 5 * L4_PAGESIZE;
	unsigned long fs = 1;
	l4re_rm_offset_t fo;
	l4re_rm_flags_t ff = 0;
	l4re_ds_t fm;
	KCHECK_EQ(l4re_rm_find(&fa, &fs, &fo, &ff, &fm), 0);
	KCHECK_EQ(fa, area);
	KCHECK(ff & L4RE_RM_F_IN_AREA);
	KCHECK_EQ(l4re_rm_free_area(area + 3), 0);
	KCHECK_EQ(l4re_rm_free_area(area), -L4_ENOENT);
	l4re_rm_detach(a);
	l4re_rm_detach(s);
	rt_free(ds);
}

KTEST(rm_rights_limited_by_capability)
{
	l4re_ds_t ds = rt_ds(L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(ds));
	l4_cap_idx_t ro = l4re_util_cap_alloc();
	KASSERT_EQ(l4_error(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
					l4_obj_fpage(ds, 0, L4_CAP_FPAGE_RO), ro)), 0);
	void *a = 0;
	KCHECK_EQ(l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, ro, 0, 0),
		  -L4_EPERM);
	KCHECK_EQ(l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_R | L4RE_RM_F_SEARCH_ADDR, ro, 0, 0), 0);
	KCHECK_EQ(l4re_ds_clear(ro, 0, 1), -L4_EACCESS);
	l4re_rm_detach(a);
	l4_task_release_cap(L4_BASE_TASK_CAP, ro);
	rt_free(ds);
}
