/* The Task protocol (L4_PROTO_TASK). */
#pragma once

#include <kern/types.h>

struct invocation;

u64 task_invoke(struct invocation *inv);
