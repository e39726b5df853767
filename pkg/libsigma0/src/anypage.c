/* l4sigma0_map_anypage(): any free RAM block of a given size. */
#include "request.h"
#include <l4/sigma0/sigma0.h>

L4_CV int l4sigma0_map_anypage(l4_cap_idx_t sigma0, l4_addr_t map_area, unsigned log2_map_size,
			       l4_addr_t *base, unsigned sz)
{
	return l4sigma0_request_map(sigma0, SIGMA0_REQ_FPAGE_ANY, l4_fpage(0, sz, 0),
				    l4_fpage(map_area, log2_map_size, L4_FPAGE_RWX), base);
}
