/* Kernel memory quotas (see kern/quota.h). */
#include <kern/kmem.h>
#include <kern/pmem.h>
#include <kern/quota.h>

struct quota quota_root = { .limit = ~0ull };

void quota_init(struct quota *q, struct quota *parent, u64 limit)
{
	q->limit = limit;
	q->used = 0;
	q->parent = parent;
	q->on_empty = NULL;
}

bool quota_charge(struct quota *q, u64 size)
{
	struct quota *failed = NULL;
	for (struct quota *p = q; p; p = p->parent) {
		if (p->used + size > p->limit || p->used + size < p->used) {
			failed = p;
			break;
		}
		p->used += size;
	}
	if (!failed)
		return true;
	/* Roll back what was charged below the quota that said no. */
	for (struct quota *p = q; p != failed; p = p->parent)
		p->used -= size;
	return false;
}

void quota_uncharge(struct quota *q, u64 size)
{
	for (struct quota *p = q; p; p = p->parent)
		p->used -= size;
	/* An ancestor of a non-empty quota is not empty either, so at most
	 * the first empty one with a handler needs it; the handler frees its
	 * owner, which uncharges further up by itself. */
	for (struct quota *p = q; p && p->used == 0; p = p->parent) {
		if (p->on_empty) {
			void (*fn)(struct quota *) = p->on_empty;
			p->on_empty = NULL;
			fn(p);
			return;
		}
	}
}

/* Memory is charged at the size the allocator really uses. */
u64 kmem_charge_size(size_t size)
{
	if (size > (PAGE_SIZE << PMEM_MAX_ORDER))
		return ~0ull; /* no allocator can give that: no quota covers it */
	if (size > KMEM_MAX_SMALL) {
		u64 s = PAGE_SIZE; /* whole power-of-two page blocks */
		while (s < size)
			s <<= 1;
		return s;
	}
	u64 s = 16;
	while (s < size)
		s <<= 1;
	return s;
}

void *kmem_alloc_q(struct quota *q, size_t size)
{
	if (!quota_charge(q, kmem_charge_size(size)))
		return NULL;
	void *p = kmem_alloc(size);
	if (!p)
		quota_uncharge(q, kmem_charge_size(size));
	return p;
}

void kmem_free_q(struct quota *q, void *p, size_t size)
{
	if (!p)
		return;
	kmem_free(p, size);
	quota_uncharge(q, kmem_charge_size(size));
}

bool pmem_alloc_q(struct quota *q, unsigned order, paddr_t *out)
{
	if (!quota_charge(q, PAGE_SIZE << order))
		return false;
	if (pmem_alloc(order, out))
		return true;
	quota_uncharge(q, PAGE_SIZE << order);
	return false;
}

void pmem_free_q(struct quota *q, paddr_t p, unsigned order)
{
	pmem_free(p, order);
	quota_uncharge(q, PAGE_SIZE << order);
}
