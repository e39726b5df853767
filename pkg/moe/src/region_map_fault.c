/* Page faults and exceptions arriving at a region map (it is the task's
 * pager): a fault inside a region is answered with a mapping from the
 * attached dataspace; anything else is refused with a negative label (the
 * kernel turns it into an exception) after one line on the console. */
#include "region_map.h"

#include <l4/re/c/rm.h>
#include <l4/sys/err.h>
#include <l4/sys/kprint.h>
#include <l4/sys/utcb.h>

static long refuse(struct moe_rm *rm, l4_umword_t pfa, l4_umword_t ip, const char *why)
{
	const char *access = (pfa & 4) ? "execute" : (pfa & 2) ? "write" : "read";
	l4_kprintf("moe: rm '%s': page fault at %#lx (%s) ip %#lx: %s\n", rm->name,
		   pfa & ~7UL, access, ip, why);
	return -L4_EFAULT;
}

/* The largest order of a block around addr that stays inside r. */
static unsigned region_order(const struct rm_region *r, l4_addr_t addr)
{
	unsigned o = L4_PAGESHIFT;
	while (o < 30) {
		l4_addr_t lo = l4_trunc_size(addr, (unsigned char)(o + 1));
		if (lo < r->n.start || lo + (1UL << (o + 1)) - 1 > r->n.end)
			break;
		o++;
	}
	return o;
}

long moe_rm_page_fault(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_rm *rm = (struct moe_rm *)obj;
	l4_umword_t pfa, ip;
	if (l4srv_get_word(m, &pfa) < 0 || l4srv_get_word(m, &ip) < 0)
		return -L4_EMSGTOOSHORT;
	l4_addr_t addr = pfa & ~7UL;
	struct rm_region *r = (struct rm_region *)rm_tree_find(&rm->regions, addr);
	if (!r)
		return refuse(rm, pfa, ip, "no region attached there");
	if (!r->ds)
		return refuse(rm, pfa, ip, "reserved region");
	if ((pfa & 2) && !(r->flags & L4RE_RM_F_W))
		return refuse(rm, pfa, ip, "region is read-only");
	if ((pfa & 4) && !(r->flags & L4RE_RM_F_X))
		return refuse(rm, pfa, ip, "region is not executable");
	unsigned long off = r->offset + (addr - r->n.start);
	l4_addr_t va;
	unsigned order;
	long err = moe_ds_page(r->ds, off, addr, region_order(r, addr), &va, &order);
	if (err == -L4_ERANGE)
		return refuse(rm, pfa, ip, "beyond the end of the dataspace");
	if (err < 0)
		return refuse(rm, pfa, ip, "out of memory");
	unsigned rights = r->flags & moe_ds_rights(r->ds) & L4RE_RM_F_RWX;
	rm->faults++;
	l4srv_put_item(m, l4_map_control(l4_trunc_size(addr, (unsigned char)order), 0,
					 L4_MAP_ITEM_MAP),
		       l4_fpage(va, order, (unsigned char)(rights | L4_FPAGE_RO)));
	return 0;
}

long moe_rm_exception(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_rm *rm = (struct moe_rm *)obj;
	l4_umword_t w[L4_UTCB_EXCEPTION_REGS_SIZE];
	for (unsigned i = 0; i < L4_UTCB_EXCEPTION_REGS_SIZE; i++)
		if (l4srv_get_word(m, &w[i]) < 0)
			return -L4_EMSGTOOSHORT;
	/* Word positions of l4_exc_regs_t: pfa 11, trapno 16, err 17, ip 18. */
	l4_kprintf("moe: rm '%s': exception %lu (error %#lx) at ip %#lx%s: no handler, "
		   "thread halted\n", rm->name, w[16], w[17], w[18],
		   w[16] == 14 ? " (the page fault refused above)" : "");
	return -L4_EPERM;
}
