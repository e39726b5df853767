/* sigma0's message handling: the sigma0 protocol, page faults, I/O page
 * faults and the meta protocol (doc/protocols.md "sigma0 protocol"). */
#pragma once

#include <l4/sys/types.h>

/* Handles the message in this thread's UTCB (tag, sender label) and
 * leaves the reply in the UTCB; returns the reply's tag. */
l4_msgtag_t s0_serve(l4_msgtag_t tag, l4_umword_t label);
