/* rt-mem: tests of moe's memory allocator, dataspaces and region maps. */
#include "rt_mem.h"

l4re_ds_t rt_ds(long size, unsigned long flags, unsigned long align)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	long err = l4re_ma_alloc_align(size, ds, flags, align);
	if (err < 0) {
		ktap_note("alloc of %ld bytes (flags %#lx) failed: %ld", size, flags, err);
		l4re_util_cap_free(ds);
		return L4_INVALID_CAP;
	}
	return ds;
}

void *rt_attach(l4re_ds_t ds, unsigned long size, unsigned flags)
{
	void *a = 0;
	int err = l4re_rm_attach(&a, size, flags | L4RE_RM_F_SEARCH_ADDR, ds, 0, L4_PAGESHIFT);
	if (err < 0) {
		ktap_note("attach failed: %d", err);
		return 0;
	}
	return a;
}

void rt_free(l4re_ds_t ds)
{
	l4re_ma_free(ds);
	l4re_util_cap_free(ds);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
