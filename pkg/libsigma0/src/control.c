/* l4sigma0_debug_dump() and l4sigma0_new_client(): sigma0 requests that
 * map no memory. */
#include <l4/sigma0/sigma0.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

L4_CV void l4sigma0_debug_dump(l4_cap_idx_t sigma0)
{
	l4_utcb_t *u = l4_utcb();
	l4_utcb_mr_u(u)->mr[0] = SIGMA0_REQ_DEBUG_DUMP;
	l4_ipc_call(sigma0, u, l4_msgtag(L4_PROTO_SIGMA0, 1, 0, 0), L4_IPC_NEVER);
}

L4_CV int l4sigma0_new_client(l4_cap_idx_t sigma0, l4_cap_idx_t gate)
{
	l4_utcb_t *u = l4_utcb();
	l4_buf_regs_t *b = l4_utcb_br_u(u);
	l4_utcb_mr_u(u)->mr[0] = SIGMA0_REQ_NEW_CLIENT;
	b->bdr = 0;
	b->br[0] = gate | L4_RCV_ITEM_SINGLE_CAP;
	l4_msgtag_t tag = l4_ipc_call(sigma0, u, l4_msgtag(L4_PROTO_SIGMA0, 1, 0, 0), L4_IPC_NEVER);
	if (l4_ipc_error(tag, u))
		return -L4SIGMA0_IPCERROR;
	if (l4_msgtag_label(tag) < 0 || l4_msgtag_items(tag) != 1)
		return -L4SIGMA0_NOFPAGE;
	return 0;
}
