/* sigma0's clients, told apart by the label their messages arrive with. */
#pragma once

#include <l4/sys/types.h>

/* The owner id (S0_FIRST_CLIENT..) of the client whose messages carry
 * label; a new label gets the next id, S0_ANON_CLIENT once the table is
 * full. Bits 0-1 (an IPC gate's W/S rights) do not identify the client. */
unsigned s0_client_id(l4_umword_t label);

/* The label of client id (for the dump); 0 for unknown ids. */
l4_umword_t s0_client_label(unsigned id);
