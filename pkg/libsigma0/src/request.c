/* l4sigma0_request_map(): one sigma0 request answered with a map item. */
#include "request.h"
#include <l4/sigma0/sigma0.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

int l4sigma0_request_map(l4_cap_idx_t sigma0, l4_umword_t req, l4_fpage_t fp,
			 l4_fpage_t window, l4_addr_t *phys)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *m = l4_utcb_mr_u(u);
	l4_buf_regs_t *b = l4_utcb_br_u(u);
	m->mr[0] = req;
	m->mr[1] = fp.raw;
	b->bdr = 0;
	b->br[0] = L4_ITEM_MAP;
	b->br[1] = window.raw;
	l4_msgtag_t tag = l4_ipc_call(sigma0, u, l4_msgtag(L4_PROTO_SIGMA0, 2, 0, 0), L4_IPC_NEVER);
	if (l4_ipc_error(tag, u))
		return -L4SIGMA0_IPCERROR;
	if (l4_msgtag_label(tag) < 0 || l4_msgtag_items(tag) != 1)
		return -L4SIGMA0_NOFPAGE;
	/* The send base is the physical address. */
	if (phys)
		*phys = m->mr[0] & L4_PAGEMASK;
	return 0;
}
