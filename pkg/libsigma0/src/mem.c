/* l4sigma0_map_mem() and l4sigma0_map_iomem(): a physical range, piece by
 * piece, into a virtual range of this task. */
#include "request.h"
#include <l4/sigma0/sigma0.h>

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
	return l4sigma0_request_map(sigma0, req, l4_fpage(phys, order, L4_FPAGE_RWX),
				    l4_fpage(virt, order, L4_FPAGE_RWX), NULL);
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
