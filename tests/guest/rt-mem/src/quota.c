/* Quotas: a sub-factory's limit bounds what can be allocated through it;
 * exhaustion is -L4_ENOMEM, and moe keeps serving. */
#include "rt_mem.h"

#include <l4/sys/factory.h>

KTEST(quota_sub_factory_exhaustion)
{
	l4_cap_idx_t sub = l4re_util_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_factory(l4re_env()->mem_alloc, sub, 64 * 1024)), 0);
	l4re_ds_t ds = l4re_util_cap_alloc(), ds2 = l4re_util_cap_alloc();
	KCHECK_EQ(l4re_ma_alloc_align_srv(sub, 128 * 1024, ds, 0, 0), -L4_ENOMEM);
	KCHECK_EQ(l4re_ma_alloc_align_srv(sub, 32 * 1024, ds, 0, 0), 0);
	/* The first took 32 KiB plus its bookkeeping: another 32 KiB is too much. */
	KCHECK_EQ(l4re_ma_alloc_align_srv(sub, 32 * 1024, ds2, 0, 0), -L4_ENOMEM);
	KCHECK_EQ(l4re_ma_alloc_align_srv(sub, 16 * 1024, ds2, 0, 0), 0);
	/* A sub-sub-factory larger than what is left. */
	l4_cap_idx_t subsub = l4re_util_cap_alloc();
	KCHECK_EQ(l4_error(l4_factory_create_factory(sub, subsub, 32 * 1024)), -L4_ENOMEM);
	/* Freeing gives the quota back. */
	KCHECK_EQ(l4re_ma_free_srv(sub, ds), 0);
	KCHECK_EQ(l4re_ma_alloc_align_srv(sub, 32 * 1024, ds, 0, 0), 0);
	/* Not this factory's object. */
	l4re_ds_t other = rt_ds(L4_PAGESIZE, 0, 0);
	KCHECK_EQ(l4re_ma_free_srv(sub, other), -L4_EINVAL);
	rt_free(other);
	/* Deleting the sub-factory deletes its dataspaces. */
	KCHECK_EQ(l4re_ma_free(sub), 0);
	KCHECK_LT((long)l4re_ds_size(ds), 0);
	KCHECK_LT((long)l4re_ds_size(ds2), 0);
	/* The root allocator still works. */
	l4re_ds_t ok = rt_ds(L4_PAGESIZE, 0, 0);
	KCHECK(l4_is_valid_cap(ok));
	rt_free(ok);
}

KTEST(quota_huge_requests)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	KCHECK_EQ(l4re_ma_alloc(1L << 50, ds, 0), -L4_ERANGE);
	KCHECK_EQ(l4re_ma_alloc(0, ds, 0), -L4_ERANGE);
	KCHECK_EQ(l4re_ma_alloc(-4096, ds, 0), -L4_ERANGE);
	KCHECK_EQ(l4re_ma_alloc(4096, ds, 0x100), -L4_EINVAL);
	KCHECK_EQ(l4re_ma_alloc_align(4096, ds, 0, 40), -L4_ERANGE);
	/* More than the machine has: refused, not a crash. */
	KCHECK_EQ(l4re_ma_alloc(1L << 36, ds, L4RE_MA_CONTINUOUS), -L4_ENOMEM);
	KCHECK_EQ(l4re_ma_alloc(1L << 36, ds, L4RE_MA_PINNED), -L4_ENOMEM);
	l4re_util_cap_free(ds);
}
