/* The one map request every libsigma0 call that receives memory makes. */
#pragma once

#include <l4/sys/types.h>

/* Asks sigma0 (request req, flexpage fp) for one map item received in
 * window; *phys (may be NULL) gets the physical address sigma0 sent.
 * \retval 0 ok  \retval -L4SIGMA0_IPCERROR  \retval -L4SIGMA0_NOFPAGE */
int l4sigma0_request_map(l4_cap_idx_t sigma0, l4_umword_t req, l4_fpage_t fp,
			 l4_fpage_t window, l4_addr_t *phys);
