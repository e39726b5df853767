/* Page-granular memory straight from the memory allocator and the region
 * map, for the C library's internals that cannot use malloc. */
#include "libc_internal.h"
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>

void *wn_pages_alloc(size_t size)
{
	size = l4_round_page(size);
	if (!size || size > (1UL << 40))
		return NULL;
	l4re_ds_t ds = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(ds))
		return NULL;
	if (l4re_ma_alloc((long)size, ds, 0) < 0) {
		l4re_util_cap_free(ds);
		return NULL;
	}
	void *addr = 0;
	if (l4re_rm_attach(&addr, size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0,
			   L4_PAGESHIFT) < 0) {
		l4re_ma_free(ds);
		l4re_util_cap_free_um(ds);
		return NULL;
	}
	return addr;
}

long wn_pages_free(void *p)
{
	l4re_ds_t ds = L4_INVALID_CAP;
	int r = l4re_rm_detach_ds(p, &ds);
	if (r < 0)
		return r;
	if (l4_is_valid_cap(ds)) {
		l4re_ma_free(ds);
		l4re_util_cap_free_um(ds);
	}
	return 0;
}
