/* Region-map client (L4Re's C binding <l4/re/c/rm.h>): attach dataspaces
 * to the address space of the calling task, detach them, reserve areas,
 * look regions up. The plain functions use l4re_env()->rm; the _srv
 * variants take the region map. Wire format: doc/runtime.md. */
#pragma once

#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>

EXTERN_C_BEGIN

/* Region and attach flags (L4Re's values). */
enum l4re_rm_flags_values {
	L4RE_RM_F_R   = L4RE_DS_F_R,
	L4RE_RM_F_W   = L4RE_DS_F_W,
	L4RE_RM_F_X   = L4RE_DS_F_X,
	L4RE_RM_F_RX  = L4RE_DS_F_RX,
	L4RE_RM_F_RW  = L4RE_DS_F_RW,
	L4RE_RM_F_RWX = L4RE_DS_F_RWX,

	L4RE_RM_F_NO_ALIAS = 0x200, /* exclusive memory (accepted, no effect) */
	L4RE_RM_F_PAGER    = 0x400, /* region has a pager (Walnut: -L4_ENOSYS) */
	L4RE_RM_F_RESERVED = 0x800, /* region / area is blocked: nothing attaches there */

	L4RE_RM_CACHING_SHIFT = 4,
	L4RE_RM_F_CACHING     = L4RE_DS_F_CACHING_MASK,
	L4RE_RM_REGION_FLAGS  = 0xffff,

	L4RE_RM_F_CACHE_NORMAL   = L4RE_DS_F_NORMAL,
	L4RE_RM_F_CACHE_BUFFERED = L4RE_DS_F_BUFFERABLE,
	L4RE_RM_F_CACHE_UNCACHED = L4RE_DS_F_UNCACHEABLE,

	L4RE_RM_F_SEARCH_ADDR  = 0x20000, /* search a free range from *start up */
	L4RE_RM_F_IN_AREA      = 0x40000, /* attach into the area containing *start */
	L4RE_RM_F_EAGER_MAP    = 0x80000, /* map everything at attach time */
	L4RE_RM_F_ATTACH_FLAGS = 0xf0000,
};

typedef l4_uint32_t l4re_rm_flags_t;
typedef l4_uint64_t l4re_rm_offset_t;

/* Results of a detach (L4Re::Rm::Detach_result). */
enum l4re_rm_detach_result {
	L4RE_RM_DETACHED_DS  = 0, /* the region is gone */
	L4RE_RM_KEPT_DS      = 1, /* part of the region stays (trimmed) */
	L4RE_RM_SPLIT_DS     = 2, /* the region was split in two */
	L4RE_RM_DETACH_RESULT_MASK = 3,
	L4RE_RM_DETACH_AGAIN = 4, /* more regions in the range */
};

/* Detach modes (L4Re::Rm::Detach_flags). */
enum l4re_rm_detach_flags {
	L4RE_RM_DETACH_EXACT   = 1, /* exactly [addr, addr + size) */
	L4RE_RM_DETACH_OVERLAP = 2, /* every region overlapping it, whole */
	L4RE_RM_DETACH_KEEP    = 4,
};

/* Reserves the area [*start, *start + size) (rounded to pages), or with
 * L4RE_RM_F_SEARCH_ADDR the first free one at or above *start aligned to
 * 1 << align (at least a page). flags: L4RE_RM_F_RESERVED for an area
 * where nothing may be attached, else dataspaces attach into it with
 * L4RE_RM_F_IN_AREA.
 * \retval 0 ok, *start = the area  \retval -L4_EADDRNOTAVAIL overlaps
 * another area or no room  \retval -L4_EINVAL size 0, bad flags or align */
L4_CV int l4re_rm_reserve_area_srv(l4_cap_idx_t rm, l4_addr_t *start, unsigned long size,
				   l4re_rm_flags_t flags, unsigned char align) L4_NOTHROW;
/* Frees the area containing addr (regions inside stay attached).
 * \retval 0 ok  \retval -L4_ENOENT no area there */
L4_CV int l4re_rm_free_area_srv(l4_cap_idx_t rm, l4_addr_t addr) L4_NOTHROW;

/* Attaches size bytes (rounded up to pages) of mem from offs (page
 * aligned) at *start (rounded down to a page), or searched (SEARCH_ADDR,
 * aligned to 1 << align), or inside the area containing *start (IN_AREA).
 * flags: rights L4RE_RM_F_R/W/X (the region's access), attach flags.
 * \retval 0 ok, *start = where  \retval -L4_EADDRNOTAVAIL address in use
 * or no room  \retval -L4_ENOENT IN_AREA without an area there
 * \retval -L4_EPERM more rights than the dataspace capability gives
 * \retval -L4_ERANGE offs/size beyond the dataspace  \retval -L4_EINVAL
 * bad arguments or mem is not a dataspace  \retval -L4_ENOMEM quota */
L4_CV int l4re_rm_attach_srv(l4_cap_idx_t rm, void **start, unsigned long size,
			     l4re_rm_flags_t flags, l4re_ds_t mem, l4re_rm_offset_t offs,
			     unsigned char align) L4_NOTHROW;

/* Detaches the region containing addr and unmaps its pages from task
 * (L4_INVALID_CAP: no unmap); *ds (if ds) = the dataspace capability the
 * region was attached with.
 * \retval >=0 an l4re_rm_detach_result  \retval -L4_ENOENT no region */
L4_CV int l4re_rm_detach_srv(l4_cap_idx_t rm, l4_addr_t addr, l4re_ds_t *ds,
			     l4_cap_idx_t task) L4_NOTHROW;

/* Walnut (L4Re's C++ Rm::detach(addr, size, mem, task, flags)): detaches
 * [addr, addr + size) with flags L4RE_RM_DETACH_EXACT (exactly that range:
 * the region is trimmed or split) or L4RE_RM_DETACH_OVERLAP (the whole
 * region overlapping it), unmapping the detached pages from task
 * (L4_INVALID_CAP: no unmap); *ds (if ds) as for l4re_rm_detach_srv().
 * \retval >=0 an l4re_rm_detach_result  \retval -L4_ENOENT no region
 * \retval -L4_EINVAL bad flags or range */
L4_CV int l4re_rm_detach_range_srv(l4_cap_idx_t rm, l4_addr_t addr, unsigned long size,
				   unsigned flags, l4re_ds_t *ds, l4_cap_idx_t task) L4_NOTHROW;

/* The region (or else the area, with L4RE_RM_F_IN_AREA in *flags)
 * overlapping [*addr, *addr + *size): its start, size, offset into the
 * dataspace, flags and dataspace capability.
 * \retval 0 ok  \retval -L4_ENOENT nothing there */
L4_CV int l4re_rm_find_srv(l4_cap_idx_t rm, l4_addr_t *addr, unsigned long *size,
			   l4re_rm_offset_t *offset, l4re_rm_flags_t *flags,
			   l4re_ds_t *m) L4_NOTHROW;

/* The region map prints its regions and areas on the console. */
L4_CV void l4re_rm_show_lists_srv(l4_cap_idx_t rm) L4_NOTHROW;

L4_CV L4_INLINE int l4re_rm_reserve_area(l4_addr_t *start, unsigned long size,
					 l4re_rm_flags_t flags, unsigned char align) L4_NOTHROW
{
	return l4re_rm_reserve_area_srv(l4re_env()->rm, start, size, flags, align);
}

L4_CV L4_INLINE int l4re_rm_free_area(l4_addr_t addr) L4_NOTHROW
{
	return l4re_rm_free_area_srv(l4re_env()->rm, addr);
}

L4_CV L4_INLINE int l4re_rm_attach(void **start, unsigned long size, l4re_rm_flags_t flags,
				   l4re_ds_t mem, l4re_rm_offset_t offs,
				   unsigned char align) L4_NOTHROW
{
	return l4re_rm_attach_srv(l4re_env()->rm, start, size, flags, mem, offs, align);
}

L4_CV L4_INLINE int l4re_rm_detach(void *addr) L4_NOTHROW
{
	return l4re_rm_detach_srv(l4re_env()->rm, (l4_addr_t)addr, 0, L4_BASE_TASK_CAP);
}

L4_CV L4_INLINE int l4re_rm_detach_unmap(l4_addr_t addr, l4_cap_idx_t task) L4_NOTHROW
{
	return l4re_rm_detach_srv(l4re_env()->rm, addr, 0, task);
}

L4_CV L4_INLINE int l4re_rm_detach_ds(void *addr, l4re_ds_t *ds) L4_NOTHROW
{
	return l4re_rm_detach_srv(l4re_env()->rm, (l4_addr_t)addr, ds, L4_BASE_TASK_CAP);
}

L4_CV L4_INLINE int l4re_rm_detach_ds_unmap(void *addr, l4re_ds_t *ds,
					    l4_cap_idx_t task) L4_NOTHROW
{
	return l4re_rm_detach_srv(l4re_env()->rm, (l4_addr_t)addr, ds, task);
}

L4_CV L4_INLINE int l4re_rm_find(l4_addr_t *addr, unsigned long *size,
				 l4re_rm_offset_t *offset, l4re_rm_flags_t *flags,
				 l4re_ds_t *m) L4_NOTHROW
{
	return l4re_rm_find_srv(l4re_env()->rm, addr, size, offset, flags, m);
}

L4_CV L4_INLINE void l4re_rm_show_lists(void) L4_NOTHROW
{
	l4re_rm_show_lists_srv(l4re_env()->rm);
}

EXTERN_C_END
