/* Helpers for kernel tests running as the root task without a runtime:
 * threads in this task, child tasks sharing this program's image, and a
 * bump allocator for capability slots and UTCBs. */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>

/* A fresh capability slot (never reused). */
l4_cap_idx_t kt_cap_alloc(void);
/* The next free UTCB of this task's UTCB area (boot tasks have 64). */
l4_utcb_t *kt_utcb_alloc(void);

/* A new thread in this task running fn(arg) at priority prio on its own
 * stack; when fn returns the thread sleeps forever. Returns its capability,
 * or L4_INVALID_CAP (and prints why) when something failed. */
l4_cap_idx_t kt_thread_start(void (*fn)(void *), void *arg, unsigned prio);
/* The same, with pager and exception handler set (L4_INVALID_CAP: none). */
l4_cap_idx_t kt_thread_start_ex(void (*fn)(void *), void *arg, unsigned prio,
				l4_cap_idx_t pager, l4_cap_idx_t exc_handler);

/* A child task that shares this program's image (text, data, bss mapped at
 * the same addresses, so data is shared memory) and has the log capability
 * at L4_BASE_LOG_CAP. Its UTCB area is at KT_CHILD_UTCB_AREA. */
#define KT_CHILD_UTCB_AREA 0x00007fffff000000UL
l4_cap_idx_t kt_task_create(void);
/* A thread in child task task running fn(arg); its UTCB is the task's
 * slot utcb_slot. pager/exc_handler are selectors in the child task. */
l4_cap_idx_t kt_task_thread_start(l4_cap_idx_t task, unsigned utcb_slot, void (*fn)(void *),
				  void *arg, unsigned prio, l4_cap_idx_t pager,
				  l4_cap_idx_t exc_handler);

/* Current kernel time in microseconds (KIP clock). */
l4_uint64_t kt_now_us(void);
/* Sleeps at least us microseconds. */
void kt_sleep_us(l4_uint64_t us);
/* Spins (busy) until *flag != 0 or timeout_us passed; returns *flag != 0. */
int kt_wait_flag(volatile int *flag, l4_uint64_t timeout_us);
