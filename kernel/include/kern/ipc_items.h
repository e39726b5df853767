/* Typed message items: flexpages mapped or granted during IPC. */
#pragma once

struct thread;

/* Performs the items items that follow words untyped words in s's message
 * against r's buffer registers. Returns 0, or an IPC error code (the send
 * phase's, e.g. L4_IPC_SEMAPFAILED; the receive side's is that | 1). */
unsigned ipc_transfer_items(struct thread *s, struct thread *r, unsigned words, unsigned items);
