/* UTCBs for the threads a program creates, from its UTCB area. */
#pragma once

#include <l4/sys/utcb.h>

/* A free UTCB of this task (thread-safe); NULL when the area is full. */
l4_utcb_t *wn_utcb_alloc(void);

/* Returns u (from wn_utcb_alloc()) once its thread is gone. */
void wn_utcb_free(l4_utcb_t *u);
