/* Capability-slot allocator of a program (L4Re's l4/re/c/util/cap_alloc.h
 * names). A bitmap over the slots from the environment's first_free_cap
 * (boot tasks: from 0x800) up to L4RE_UTIL_CAP_ALLOC_LAST; safe to call
 * from several threads at once. */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>

L4_BEGIN_DECLS

/* Capability index one past the last slot the allocator manages. */
#define L4RE_UTIL_CAP_ALLOC_END 0x4000UL

/* A free capability slot (a selector), or L4_INVALID_CAP when every slot
 * is taken. The slot is empty unless the program put something there
 * without the allocator. */
L4_CV l4_cap_idx_t l4re_util_cap_alloc(void) L4_NOTHROW;

/* Returns cap to the allocator. The capability in it stays (use
 * l4re_util_cap_free_um() to drop it). A selector the allocator does not
 * manage or that is not allocated is ignored. */
L4_CV void l4re_util_cap_free(l4_cap_idx_t cap) L4_NOTHROW;

/* Removes the capability in slot cap from this task (l4_task_release_cap:
 * the object goes when its last reference goes), then frees the slot. */
L4_CV void l4re_util_cap_free_um(l4_cap_idx_t cap) L4_NOTHROW;

/* The last (highest) selector the allocator can return. */
L4_CV long l4re_util_cap_last(void) L4_NOTHROW;

L4_END_DECLS
