/* Memory quotas of moe's clients. A sub-factory's whole limit is charged
 * to its parent when it is made (as the kernel does for its factories), so
 * a charge only ever touches one quota: no overcommitment, no walk. */
#include "moe.h"

#include <l4/sys/err.h>

int moe_quota_charge(struct moe_quota *q, unsigned long size)
{
	if (!q)
		return 0;
	if (size > q->limit || q->used > q->limit - size)
		return -L4_ENOMEM;
	q->used += size;
	return 0;
}

void moe_quota_release(struct moe_quota *q, unsigned long size)
{
	if (!q)
		return;
	q->used = size > q->used ? 0 : q->used - size;
}
