/* l4sigma0_map_mem() and l4sigma0_map_iomem(): a physical range, piece by
 * piece, into a virtual range of this task. */
#include <l4/sigma0/sigma0.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

/* The largest order <= 63 to which a, b and the size n are all aligned
 * / fit (a piece of that order starts at both a and b and fits in n). */
static unsigned piece_order(l4_addr_t a, l4_addr_t b, l4_addr_t n)
{
	unsigned o = L4_PAGESHIFT;
	while (o < 63) {
		l4_addr_t next = 1UL << (o + 1);
		if (((a | b) & (next - 1)) || next > n)
			break;
		o++;
	}
	return o;
}

/* One request for [phys, phys + 2^order), received at virt. */
static int map_piece(l4_cap_idx_t sigma0, l4_umword_t req, l4_addr_t phys, l4_addr_t virt,
		     unsigned order)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *m = l4_utcb_mr_u(u);
	l4_buf_regs_t *b = l4_utcb_br_u(u);
	m->mr[0] = req;
	m->mr[1] = l4_fpage(phys, order, L4_FPAGE_RWX).raw;
	b->bdr = 0;
	b->br[0] = L4_ITEM_MAP;
	b->br[1] = l4_fpage(virt, order, L4_FPAGE_RWX).raw;
	l4_msgtag_t tag = l4_ipc_call(sigma0, u, l4_msgtag(L4_PROTO_SIGMA0, 2, 0, 0), L4_IPC_NEVER);
	if (l4_ipc_error(tag, u))
		return -L4SIGMA0_IPCERROR;
	if (l4_msgtag_label(tag) < 0 || l4_msgtag_items(tag) != 1)
		return -L4SIGMA0_NOFPAGE;
	return 0;
}

static int map_range(l4_cap_idx_t sigma0, l4_umword_t req, l4_addr_t phys, l4_addr_t virt,
		     l4_addr_t size)
{
	if (((phys | virt | size) & (L4_PAGESIZE - 1)) || size == 0)
		return -L4SIGMA0_NOTALIGNED;
	while (size) {
		unsigned o = piece_order(phys, virt, size);
		int r = map_piece(sigma0, req, phys, virt, o);
		if (r < 0)
			return r;
		phys += 1UL << o;
		virt += 1UL << o;
		size -= 1UL << o;
	}
	return 0;
}

L4_CV int l4sigma0_map_mem(l4_cap_idx_t sigma0, l4_addr_t phys, l4_addr_t virt, l4_addr_t size)
{
	return map_range(sigma0, SIGMA0_REQ_FPAGE_RAM, phys, virt, size);
}

L4_CV int l4sigma0_map_iomem(l4_cap_idx_t sigma0, l4_addr_t phys, l4_addr_t virt,
			     l4_addr_t size, int cached)
{
	return map_range(sigma0, cached ? SIGMA0_REQ_FPAGE_IOMEM_CACHED : SIGMA0_REQ_FPAGE_IOMEM,
			 phys, virt, size);
}
