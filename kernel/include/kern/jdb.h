/* The kernel debugger on the serial console (debug builds). */
#pragma once

#ifdef CONFIG_KERNEL_DEBUG
/* From the timer tick: enters the debugger when ESC arrived on the console. */
void jdb_poll(void);
/* Runs the debugger's command loop until 'g' (go). */
void jdb_enter(const char *reason);
#else
/* Release builds have no debugger: console input is left alone. */
static inline void jdb_poll(void) {}
static inline void jdb_enter(const char *reason) { (void)reason; }
#endif
