/* l4sigma0_map_kip(): where the kernel info page is. */
#include <l4/sigma0/sigma0.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

L4_CV l4_kernel_info_t *l4sigma0_map_kip(l4_cap_idx_t sigma0, void *addr, unsigned log2_size)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *m = l4_utcb_mr_u(u);
	l4_buf_regs_t *b = l4_utcb_br_u(u);
	l4_addr_t window = l4_trunc_size((l4_addr_t)addr, (unsigned char)log2_size);
	m->mr[0] = SIGMA0_REQ_KIP;
	b->bdr = 0;
	b->br[0] = L4_ITEM_MAP;
	b->br[1] = l4_fpage(window, log2_size, L4_FPAGE_RX).raw;
	l4_msgtag_t tag = l4_ipc_call(sigma0, u, l4_msgtag(L4_PROTO_SIGMA0, 1, 0, 0), L4_IPC_NEVER);
	if (l4_ipc_error(tag, u) || l4_msgtag_label(tag) < 0 || l4_msgtag_items(tag) != 1)
		return 0;
	l4_umword_t item = m->mr[0];
	/* A void item (Walnut's sigma0): the KIP is already mapped at its send
	 * base. A real map item landed in the window at base mod its size. */
	if (!(item & L4_ITEM_MAP))
		return (l4_kernel_info_t *)(item & L4_PAGEMASK);
	l4_addr_t off = (item & L4_PAGEMASK) &
			(log2_size >= 64 ? ~0UL : (1UL << log2_size) - 1);
	return (l4_kernel_info_t *)(window + off);
}
