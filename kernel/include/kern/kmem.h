/* Kernel object memory: power-of-two size classes on top of pmem pages. */
#pragma once

#include <kern/types.h>

/* Returns zeroed memory of at least size bytes, or NULL when out of memory.
 * Sizes up to KMEM_MAX_SMALL come from per-class slabs, larger ones are
 * whole pages from pmem. */
void *kmem_alloc(size_t size);
void kmem_free(void *p, size_t size);

#define KMEM_MAX_SMALL 2048
