/* Sparse four-level radix maps (see kern/radix.h). */
#include <kern/quota.h>
#include <kern/radix.h>
#include <l4/sys/err.h>

#define SLOTS (1u << RADIX_BITS)

static unsigned index_at(u64 key, int level)
{
	return (unsigned)(key >> (RADIX_BITS * level)) & (SLOTS - 1);
}

void *radix_get(const struct radix *r, u64 key)
{
	if (key >= RADIX_MAX_KEY)
		return NULL;
	void **node = r->root;
	for (int l = RADIX_LEVELS - 1; node && l > 0; l--)
		node = node[index_at(key, l)];
	return node ? node[index_at(key, 0)] : NULL;
}

int radix_set(struct radix *r, u64 key, void *value, struct quota *q)
{
	if (key >= RADIX_MAX_KEY)
		return -L4_ERANGE;
	void ***slot = &r->root;
	for (int l = RADIX_LEVELS - 1; l >= 0; l--) {
		if (!*slot && !(*slot = kmem_alloc_q(q, SLOTS * sizeof(void *))))
			return -L4_ENOMEM;
		if (l == 0)
			break;
		slot = (void ***)&(*slot)[index_at(key, l)];
	}
	(*slot)[index_at(key, 0)] = value;
	return 0;
}

void *radix_clear(struct radix *r, u64 key)
{
	if (key >= RADIX_MAX_KEY)
		return NULL;
	void **node = r->root;
	for (int l = RADIX_LEVELS - 1; node && l > 0; l--)
		node = node[index_at(key, l)];
	if (!node)
		return NULL;
	void *old = node[index_at(key, 0)];
	node[index_at(key, 0)] = NULL;
	return old;
}

static u64 next_in(void **node, int level, u64 base, u64 from, u64 limit, void **value)
{
	u64 span = 1ull << (RADIX_BITS * level);
	unsigned first = from > base ? (unsigned)((from - base) / span) : 0;
	for (unsigned i = first; i < SLOTS; i++) {
		u64 b = base + i * span;
		if (b >= limit)
			break;
		if (!node[i])
			continue;
		if (level == 0) {
			*value = node[i];
			return b;
		}
		u64 k = next_in(node[i], level - 1, b, from > b ? from : b, limit, value);
		if (k != RADIX_MAX_KEY)
			return k;
	}
	return RADIX_MAX_KEY;
}

u64 radix_next_below(const struct radix *r, u64 from, u64 limit, void **value)
{
	/* Search below the table's end, but report "none" as the caller's limit. */
	u64 end = MIN(limit, RADIX_MAX_KEY);
	if (!r->root || from >= end)
		return limit;
	u64 k = next_in(r->root, RADIX_LEVELS - 1, 0, from, end, value);
	return k < end ? k : limit;
}

u64 radix_next(const struct radix *r, u64 from, void **value)
{
	return radix_next_below(r, from, RADIX_MAX_KEY, value);
}

static void destroy_level(void **node, int level, struct quota *q)
{
	if (level > 0)
		for (unsigned i = 0; i < SLOTS; i++)
			if (node[i])
				destroy_level(node[i], level - 1, q);
	kmem_free_q(q, node, SLOTS * sizeof(void *));
}

void radix_destroy(struct radix *r, struct quota *q)
{
	if (r->root)
		destroy_level(r->root, RADIX_LEVELS - 1, q);
	r->root = NULL;
}
