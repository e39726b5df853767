/* The kernel debugger on the serial console (debug builds). */
#pragma once

#ifdef CONFIG_KERNEL_DEBUG
/* Runs the debugger's command loop until 'g' (go). */
void jdb_enter(const char *reason);
#else
/* Release builds have no debugger: entering it does nothing. */
static inline void jdb_enter(const char *reason) { (void)reason; }
#endif
