/* Sparse maps from page-sized keys to pointers: four levels of 512 slots,
 * like an x86_64 page table, allocated on demand. Used to find the mapping
 * node of a virtual page in a task. */
#pragma once

#include <kern/types.h>

struct quota;

#define RADIX_LEVELS 4
#define RADIX_BITS   9
#define RADIX_MAX_KEY (1ull << (RADIX_LEVELS * RADIX_BITS)) /* 2^36 keys */

struct radix {
	void **root; /* NULL while empty */
};

static inline void radix_init(struct radix *r) { r->root = 0; }
/* The value stored at key, or NULL. */
void *radix_get(const struct radix *r, u64 key);
/* Stores value (non-NULL) at key, allocating levels charged to q.
 * -L4_ENOMEM when out of memory or quota, -L4_ERANGE for a key too big. */
int radix_set(struct radix *r, u64 key, void *value, struct quota *q);
/* Clears key; returns what was there. Empty levels stay until destroy. */
void *radix_clear(struct radix *r, u64 key);
/* The smallest key >= from that holds a value, or RADIX_MAX_KEY when none;
 * skips empty subtrees, so walking a sparse map is cheap. */
u64 radix_next(const struct radix *r, u64 from, void **value);
/* The same, looking only below limit (returns limit when none): walking a
 * small range costs nothing for what lies beyond it. */
u64 radix_next_below(const struct radix *r, u64 from, u64 limit, void **value);
/* Frees all levels (not the values), returning their memory to q. */
void radix_destroy(struct radix *r, struct quota *q);
