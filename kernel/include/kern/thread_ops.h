/* The Thread protocol (L4_PROTO_THREAD): control, ex_regs, yield, switch,
 * stats, vCPU (unsupported). */
#pragma once

#include <kern/types.h>

struct invocation;
struct thread;

u64 thread_op(struct invocation *inv, struct thread *t);
