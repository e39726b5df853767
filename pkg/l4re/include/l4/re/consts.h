/* Constants of the L4Re runtime (L4Re's l4/re/consts.h names and values). */
#pragma once

#include <l4/sys/consts.h>

enum {
	/* The task's own capability, the same slot in every program. */
	L4RE_THIS_TASK_CAP = L4_BASE_TASK_CAP,
};

/* Priorities local to a program: the scheduler a program got adds its
 * base (a scheduler proxy's offset) to these. */
enum {
	L4RE_MAIN_THREAD_PRIO = 2, /* the main thread, as the loader starts it */
};
