/* Unhandled faults of a µApp: a handler thread per task receives the
 * exceptions of all its threads, prints what happened with a backtrace and
 * ends the program (exit status 128 + signal number, as a shell shows). */
#pragma once

#include <l4/sys/types.h>

/* The capability every thread of this task should have as its exception
 * handler (l4_thread_control_exc_handler()); L4_INVALID_CAP if the handler
 * thread could not be started. */
l4_cap_idx_t wn_fault_handler_cap(void);
