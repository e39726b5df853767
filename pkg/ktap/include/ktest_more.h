/* More helpers for kernel tests (next to ktest_util.h): comparison levels
 * ktap.h lacks, capability copies with fewer rights, deleting objects,
 * waiting without starving lower priorities, CPU time and priorities. */
#pragma once

#include <ktap.h>
#include <l4/sys/types.h>

#define KCHECK_LE(a, b)    KTAP__CMP(KTAP__GO_ON, a, <=, b)
#define KCHECK_GT(a, b)    KTAP__CMP(KTAP__GO_ON, a, >, b)
#define KASSERT_LT(a, b)   KTAP__CMP(KTAP__LEAVE, a, <, b)
#define KASSERT_LE(a, b)   KTAP__CMP(KTAP__LEAVE, a, <=, b)
#define KASSERT_GT(a, b)   KTAP__CMP(KTAP__LEAVE, a, >, b)

/* The IPC error code of an IPC result tag in this thread's UTCB (0: none). */
#define KT_IPC_ERR(tag) ((long)l4_ipc_error((tag), l4_utcb()))

/* A copy of this task's capability cap in a fresh slot of this task, with
 * rights (L4_CAP_FPAGE_*) and object attribute bits attr (L4_FPAGE_C_*, 0
 * for none) in the map control word. Returns the new slot, or
 * L4_INVALID_CAP (and prints why) when the map failed. */
l4_cap_idx_t kt_cap_copy(l4_cap_idx_t cap, unsigned rights, unsigned attr);

/* Deletes the object behind cap (l4_task_delete_obj() on this task);
 * returns l4_error() of that. */
long kt_delete(l4_cap_idx_t cap);

/* Sleeps 1 ms at a time until *flag != 0 or timeout_us passed; unlike
 * kt_wait_flag() it lets threads of lower priority run. Returns *flag != 0. */
int kt_wait_flag_sleep(volatile int *flag, l4_uint64_t timeout_us);

/* Busy-waits at least us microseconds (KIP clock). */
void kt_spin_us(l4_uint64_t us);

/* CPU time thread consumed in microseconds (l4_thread_stats_time()), or
 * ~0ULL when the operation failed. */
l4_uint64_t kt_cpu_time_us(l4_cap_idx_t thread);

/* Sets thread's priority (l4_scheduler_run_thread() on any CPU, default
 * quantum); returns l4_error() of that. */
long kt_set_prio(l4_cap_idx_t thread, unsigned prio);
