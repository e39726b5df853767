/* Synchronous IPC. */
#pragma once

#include <kern/types.h>

struct thread;

/* The receive phase of an open wait or sleep (no partner object): blocks per
 * the receive timeout in timeouts (l4_timeout_t). Returns the tag to deliver
 * (an error tag with L4_IPC_RETIMEOUT when the timeout expired) and stores
 * the received label in *label. */
u64 ipc_receive_open(struct thread *t, u64 timeouts, u64 *label);
