/* Kernel memory quotas: every kernel allocation made on behalf of user land
 * is charged to a quota, so that exhaustion is an error, never a panic.
 *
 * Quotas form a tree (a factory's quota is charged to its parent's as
 * well), so a sub-factory can never hand out more than its creator has. */
#pragma once

#include <kern/types.h>

struct quota {
	u64 limit;           /* bytes */
	u64 used;            /* bytes charged here and in children */
	struct quota *parent;
	/* Called once used drops to zero (set by a deleted factory whose
	 * objects still live on its quota: it frees itself then). */
	void (*on_empty)(struct quota *q);
};

/* The root quota: all of the kernel pool. */
extern struct quota quota_root;

void quota_init(struct quota *q, struct quota *parent, u64 limit);
/* Charges size bytes to q and all its ancestors; false (nothing charged)
 * when any of them would exceed its limit. A NULL q charges nothing. */
bool quota_charge(struct quota *q, u64 size);
void quota_uncharge(struct quota *q, u64 size);

/* What kmem charges for an object of size bytes (its size class). */
u64 kmem_charge_size(size_t size);

/* kmem allocation charged to q: NULL when the quota or memory is exhausted. */
void *kmem_alloc_q(struct quota *q, size_t size);
void kmem_free_q(struct quota *q, void *p, size_t size);
/* Whole pages charged to q (page tables, kernel stacks, UTCBs). */
bool pmem_alloc_q(struct quota *q, unsigned order, paddr_t *out);
void pmem_free_q(struct quota *q, paddr_t p, unsigned order);
