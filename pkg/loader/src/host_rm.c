/* The default loader host: dataspaces attached to the starter's own region
 * map, capability slots from the l4re allocator. */
#include <l4/loader/loader.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>

static long rm_attach(void *ctx, l4re_ds_t ds, unsigned long size, int rw, void **addr)
{
	(void)ctx;
	*addr = 0;
	return l4re_rm_attach(addr, size, L4RE_RM_F_SEARCH_ADDR | (rw ? L4RE_RM_F_RW : L4RE_RM_F_R),
			      ds, 0, 0);
}

static void rm_detach(void *ctx, void *addr, unsigned long size)
{
	(void)ctx;
	(void)size;
	l4re_rm_detach(addr);
}

static l4_cap_idx_t cap_alloc(void *ctx)
{
	(void)ctx;
	return l4re_util_cap_alloc();
}

static void cap_free(void *ctx, l4_cap_idx_t cap)
{
	(void)ctx;
	l4re_util_cap_free(cap);
}

const struct ldr_host ldr_host_rm = {
	.attach = rm_attach, .detach = rm_detach, .cap_alloc = cap_alloc, .cap_free = cap_free,
};
