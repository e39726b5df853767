/* Shared helpers of the rt-env tests. */
#pragma once

#include <l4/sys/types.h>

/* argc/argv as crt0 passed them to main. */
extern int rt_argc;
extern char **rt_argv;

/* A new thread of this task that will run fn(arg) once scheduled (not
 * yet: run it with l4_scheduler_run_thread() on any scheduler). Its pager
 * is the region map. Returns its capability or L4_INVALID_CAP. */
l4_cap_idx_t rt_thread_new(void (*fn)(void *), void *arg);
/* Deletes a thread made by rt_thread_new (its slot goes back too). */
void rt_thread_del(l4_cap_idx_t th);

/* An object made by env->mem_alloc's factory protocol; the slot is new.
 * Returns the l4_error() of the create; *cap is valid only on 0. */
long rt_factory_create(long proto, l4_cap_idx_t *cap);
