/* l4sigma0_map_anypage(): any free RAM block of a given size. */
#include <l4/sigma0/sigma0.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

L4_CV int l4sigma0_map_anypage(l4_cap_idx_t sigma0, l4_addr_t map_area, unsigned log2_map_size,
			       l4_addr_t *base, unsigned sz)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *m = l4_utcb_mr_u(u);
	l4_buf_regs_t *b = l4_utcb_br_u(u);
	m->mr[0] = SIGMA0_REQ_FPAGE_ANY;
	m->mr[1] = l4_fpage(0, sz, 0).raw;
	b->bdr = 0;
	b->br[0] = L4_ITEM_MAP;
	b->br[1] = l4_fpage(map_area, log2_map_size, L4_FPAGE_RWX).raw;
	l4_msgtag_t tag = l4_ipc_call(sigma0, u, l4_msgtag(L4_PROTO_SIGMA0, 2, 0, 0), L4_IPC_NEVER);
	if (l4_ipc_error(tag, u))
		return -L4SIGMA0_IPCERROR;
	if (l4_msgtag_label(tag) < 0 || l4_msgtag_items(tag) != 1)
		return -L4SIGMA0_NOFPAGE;
	/* The send base is the physical address. */
	*base = m->mr[0] & L4_PAGEMASK;
	return 0;
}
