/* Memory-allocator client (L4Re's C binding <l4/re/c/mem_alloc.h>): new
 * dataspaces from moe's allocator (a factory: create(L4RE_PROTO_DATASPACE,
 * size, flags, align)). The plain functions use l4re_env()->mem_alloc. */
#pragma once

#include <l4/re/env.h>
#include <l4/sys/consts.h>
#include <l4/re/c/dataspace.h>

EXTERN_C_BEGIN

/* Allocation flags (L4Re's values). Memory is always zero-filled. */
enum l4re_ma_flags {
	L4RE_MA_CONTINUOUS  = 0x01, /* physically contiguous, allocated at once */
	L4RE_MA_PINNED      = 0x02, /* allocated at once, never paged out */
	L4RE_MA_SUPER_PAGES = 0x04, /* 2 MiB pages (size rounded up to them) */
};

/* Allocates a dataspace of size bytes (> 0) with flags, aligned to
 * 1 << align bytes physically and in its mappings (at least a page, with
 * L4RE_MA_SUPER_PAGES at least 2 MiB), into the capability slot mem.
 * \retval 0 ok  \retval -L4_ENOMEM over the allocator's quota or out of
 * memory  \retval -L4_ERANGE size 0, negative or too large, align too big
 * \retval -L4_EINVAL unknown flags  \retval <0 IPC errors */
L4_CV long l4re_ma_alloc_align_srv(l4_cap_idx_t srv, long size, l4re_ds_t const mem,
				   unsigned long flags, unsigned long align) L4_NOTHROW;

/* Frees a dataspace this allocator made: its capability stops working
 * everywhere, its memory returns to the allocator's quota (pages stay
 * until the last region map detaches it).
 * \retval 0 ok  \retval -L4_EINVAL mem is not an object of this allocator
 * \retval <0 IPC errors */
L4_CV long l4re_ma_free_srv(l4_cap_idx_t srv, l4re_ds_t const mem) L4_NOTHROW;

L4_CV L4_INLINE long l4re_ma_alloc(long size, l4re_ds_t const mem,
				   unsigned long flags) L4_NOTHROW
{
	return l4re_ma_alloc_align_srv(l4re_env()->mem_alloc, size, mem, flags, 0);
}

L4_CV L4_INLINE long l4re_ma_alloc_align(long size, l4re_ds_t const mem, unsigned long flags,
					 unsigned long align) L4_NOTHROW
{
	return l4re_ma_alloc_align_srv(l4re_env()->mem_alloc, size, mem, flags, align);
}

L4_CV L4_INLINE long l4re_ma_free(l4re_ds_t const mem) L4_NOTHROW
{
	return l4re_ma_free_srv(l4re_env()->mem_alloc, mem);
}

EXTERN_C_END
