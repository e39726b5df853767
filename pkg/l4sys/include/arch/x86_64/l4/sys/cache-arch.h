/* x86_64 part of <l4/sys/cache.h>: the caches are coherent with each other,
 * with instruction fetch and with DMA, so there is nothing to do. Each
 * function returns 0. */
#pragma once

#ifndef L4_SYS_CACHE_H_INSIDE
# error "include <l4/sys/cache.h> instead"
#endif

/* Writes dirty lines of [start, end) back to memory. */
L4_INLINE int l4_cache_clean_data(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	return 0;
}
/* Writes back and invalidates [start, end). */
L4_INLINE int l4_cache_flush_data(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	return 0;
}
/* Invalidates [start, end) without writing back. */
L4_INLINE int l4_cache_inv_data(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	return 0;
}
/* Makes instruction fetch see data written to [start, end). */
L4_INLINE int l4_cache_coherent(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	return 0;
}
/* Makes [start, end) coherent for DMA. */
L4_INLINE int l4_cache_dma_coherent(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	return 0;
}
/* Makes all memory coherent for DMA. */
L4_INLINE int l4_cache_dma_coherent_full(void) { return 0; }
