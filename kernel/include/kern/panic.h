/* Panic and assertions: a broken kernel invariant stops the machine loudly. */
#pragma once

#include <kern/types.h>

/* Prints "KERNEL PANIC: <msg>" (the pattern the test harness fails fast on),
 * a backtrace of frame pointers, and halts this CPU forever. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#define ASSERT(cond)                                                           \
	do {                                                                   \
		if (IS_ENABLED(CONFIG_KERNEL_DEBUG) && unlikely(!(cond)))      \
			panic("assertion '%s' failed at %s:%d", #cond,         \
			      __FILE__, __LINE__);                             \
	} while (0)

/* Checks that stay in release builds: invariants whose failure would corrupt memory. */
#define BUG_ON(cond)                                                           \
	do {                                                                   \
		if (unlikely(cond))                                            \
			panic("BUG: '%s' at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)
