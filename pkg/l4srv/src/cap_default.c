/* The default capability-slot allocator of a server: libl4re's
 * l4re_util_cap_alloc() / l4re_util_cap_free(). */
#include "srv_int.h"

#include <l4/re/c/util/cap_alloc.h>

int l4srv_default_caps(struct l4srv_cap_ops *ops);

static l4_cap_idx_t re_alloc(void *ctx)
{
	(void)ctx;
	return l4re_util_cap_alloc();
}

static void re_free(void *ctx, l4_cap_idx_t cap)
{
	(void)ctx;
	l4re_util_cap_free(cap);
}

/* Always 0: *ops = the l4re allocator. */
int l4srv_default_caps(struct l4srv_cap_ops *ops)
{
	*ops = (struct l4srv_cap_ops){ re_alloc, re_free, 0 };
	return 0;
}
