/* sigma0's table of clients: label -> owner id. */
#include "client.h"
#include "mem.h"

/* Boot tasks call sigma0 through a thread capability and all arrive with
 * label 0, so they share one id; a client with its own IPC gate (bound to
 * sigma0's thread with a distinct label) gets its own. */
static l4_umword_t labels[S0_ANON_CLIENT - S0_FIRST_CLIENT];
static unsigned nclients;

unsigned s0_client_id(l4_umword_t label)
{
	label &= ~(l4_umword_t)3;
	for (unsigned i = 0; i < nclients; i++)
		if (labels[i] == label)
			return S0_FIRST_CLIENT + i;
	if (nclients == sizeof(labels) / sizeof(labels[0]))
		return S0_ANON_CLIENT;
	labels[nclients] = label;
	return S0_FIRST_CLIENT + nclients++;
}

l4_umword_t s0_client_label(unsigned id)
{
	if (id < S0_FIRST_CLIENT || id >= S0_FIRST_CLIENT + nclients)
		return 0;
	return labels[id - S0_FIRST_CLIENT];
}
