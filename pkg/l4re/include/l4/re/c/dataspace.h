/* Dataspace client (L4Re's C binding <l4/re/c/dataspace.h>): memory-like
 * objects served by moe (anonymous RAM, boot modules) that can be mapped,
 * cleared, copied and queried. Wire format: doc/runtime.md. */
#pragma once

#include <l4/sys/types.h>

EXTERN_C_BEGIN

typedef l4_cap_idx_t l4re_ds_t;
typedef l4_uint64_t l4re_ds_size_t;
typedef l4_uint64_t l4re_ds_offset_t;
typedef l4_uint64_t l4re_ds_map_addr_t;
typedef unsigned long l4re_ds_flags_t;

/* What l4re_ds_info() reports. */
typedef struct {
	l4re_ds_size_t size;   /* bytes */
	l4re_ds_flags_t flags; /* L4RE_DS_F_*: the rights the dataspace grants */
} l4re_ds_stats_t;

/* Rights and caching of a mapping (and of a dataspace, in its flags). */
enum l4re_ds_map_flags {
	L4RE_DS_F_R   = L4_FPAGE_RO,
	L4RE_DS_F_W   = L4_FPAGE_W,
	L4RE_DS_F_X   = L4_FPAGE_X,
	L4RE_DS_F_RW  = L4_FPAGE_RW,
	L4RE_DS_F_RX  = L4_FPAGE_RX,
	L4RE_DS_F_RWX = L4_FPAGE_RWX,

	L4RE_DS_F_RIGHTS_MASK = 0x0f,

	L4RE_DS_F_NORMAL        = 0x00,
	L4RE_DS_F_CACHEABLE     = L4RE_DS_F_NORMAL,
	L4RE_DS_F_BUFFERABLE    = 0x10,
	L4RE_DS_F_UNCACHEABLE   = 0x20,
	L4RE_DS_F_CACHING_MASK  = 0x30,
	L4RE_DS_F_CACHING_SHIFT = 4,
};

/* Maps the largest flexpage of ds around offset that fits into
 * [min_addr, max_addr) and covers local_addr, at local_addr's place in the
 * calling task (the receive window is [min_addr, max_addr) rounded to a
 * flexpage around local_addr).
 * \retval 0 ok  \retval -L4_ERANGE offset beyond the dataspace
 * \retval -L4_EPERM more rights asked than the capability or dataspace give
 * \retval -L4_ENOMEM no memory for the page  \retval <0 IPC errors */
L4_CV int l4re_ds_map(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
		      l4re_ds_map_addr_t local_addr, l4re_ds_map_addr_t min_addr,
		      l4re_ds_map_addr_t max_addr) L4_NOTHROW;

/* Maps [min_addr, max_addr) of the calling task from ds starting at offset,
 * page by page (offset and min_addr rounded down, max_addr up to pages).
 * Errors as l4re_ds_map(); parts mapped before an error stay mapped. */
L4_CV int l4re_ds_map_region(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
			     l4re_ds_map_addr_t min_addr,
			     l4re_ds_map_addr_t max_addr) L4_NOTHROW;

/* Zeroes [offset, offset + size) (clipped to the dataspace's size).
 * \retval 0 ok  \retval -L4_ERANGE offset beyond the size
 * \retval -L4_EACCESS no W right on the capability or a read-only dataspace */
L4_CV long l4re_ds_clear(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size) L4_NOTHROW;

/* Backs [offset, offset + size) with memory now (instead of on first touch).
 * \retval 0 ok  \retval -L4_ERANGE outside the dataspace
 * \retval -L4_ENOMEM no memory */
L4_CV long l4re_ds_allocate(l4re_ds_t ds, l4re_ds_offset_t offset,
			    l4re_ds_size_t size) L4_NOTHROW;

/* Copies size bytes from src at src_offs into ds at dst_offs. Both must be
 * moe's dataspaces.
 * \retval 0 ok  \retval -L4_EACCESS no W right on ds or ds is read-only
 * \retval -L4_ERANGE a range outside its dataspace
 * \retval -L4_EINVAL src is not a dataspace of the same server */
L4_CV int l4re_ds_copy_in(l4re_ds_t ds, l4re_ds_offset_t dst_offs, l4re_ds_t src,
			  l4re_ds_offset_t src_offs, l4re_ds_size_t size) L4_NOTHROW;

/* The size in bytes, or a negative error (cast) on failure. */
L4_CV l4re_ds_size_t l4re_ds_size(l4re_ds_t ds) L4_NOTHROW;

/* The flags (L4RE_DS_F_*), or a negative error (cast) on failure. */
L4_CV l4re_ds_flags_t l4re_ds_flags(l4re_ds_t ds) L4_NOTHROW;

/* Size and flags. \retval 0 ok  \retval <0 IPC errors */
L4_CV int l4re_ds_info(l4re_ds_t ds, l4re_ds_stats_t *stats) L4_NOTHROW;

/* Walnut extension: the physical address of offset and how many bytes
 * from there are physically contiguous (for DMA and tests).
 * \retval 0 ok  \retval -L4_ERANGE offset beyond the size
 * \retval -L4_ENOMEM no memory to back the page */
L4_CV int l4re_ds_phys(l4re_ds_t ds, l4re_ds_offset_t offset, l4_addr_t *phys,
		       l4_size_t *contig) L4_NOTHROW;

EXTERN_C_END
