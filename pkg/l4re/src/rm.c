/* Region-map client: the L4RE_PROTO_RM requests (doc/runtime.md); detach
 * unmaps the region's pages in the caller's task itself. */
#include <l4/re/c/rm.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/sys/utcb.h>

static long rm_call(l4_cap_idx_t rm, l4_utcb_t *u, unsigned words, unsigned items,
		    long label)
{
	return l4_error_u(l4_ipc_call(rm, u, l4_msgtag(label, words, items, 0), L4_IPC_NEVER), u);
}

int l4re_rm_reserve_area_srv(l4_cap_idx_t rm, l4_addr_t *start, unsigned long size,
			     l4re_rm_flags_t flags, unsigned char align)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	mr->mr[0] = L4RE_RM_OP_RESERVE_AREA;
	mr->mr[1] = *start;
	mr->mr[2] = size;
	mr->mr[3] = flags;
	mr->mr[4] = align;
	long err = rm_call(rm, u, 5, 0, L4RE_PROTO_RM);
	if (err < 0)
		return (int)err;
	*start = mr->mr[0];
	return 0;
}

int l4re_rm_free_area_srv(l4_cap_idx_t rm, l4_addr_t addr)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	mr->mr[0] = L4RE_RM_OP_FREE_AREA;
	mr->mr[1] = addr;
	return (int)rm_call(rm, u, 2, 0, L4RE_PROTO_RM);
}

int l4re_rm_attach_srv(l4_cap_idx_t rm, void **start, unsigned long size,
		       l4re_rm_flags_t flags, l4re_ds_t mem, l4re_rm_offset_t offs,
		       unsigned char align)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	int has_ds = !(flags & L4RE_RM_F_RESERVED) && l4_is_valid_cap(mem);
	mr->mr[0] = L4RE_RM_OP_ATTACH;
	mr->mr[1] = (l4_addr_t)*start;
	mr->mr[2] = size;
	mr->mr[3] = flags;
	mr->mr[4] = offs;
	mr->mr[5] = align;
	mr->mr[6] = mem; /* the client's selector, returned by find and detach */
	if (has_ds) {
		mr->mr[7] = l4_map_obj_control(0, 0);
		mr->mr[8] = l4_obj_fpage(mem, 0, L4_CAP_FPAGE_RWS).raw;
	}
	long err = rm_call(rm, u, 7, has_ds ? 1 : 0, L4RE_PROTO_RM);
	if (err < 0)
		return (int)err;
	l4_addr_t at = mr->mr[0];
	*start = (void *)at;
	if ((flags & L4RE_RM_F_EAGER_MAP) && has_ds) {
		int e = l4re_ds_map_region(mem, offs, flags & L4RE_RM_F_RWX, at,
					   at + l4_round_page(size));
		if (e < 0)
			return e;
	}
	return 0;
}

/* Unmaps [start, start + size) from task, as naturally aligned flexpages. */
static void unmap_range(l4_cap_idx_t task, l4_addr_t start, unsigned long size)
{
	l4_addr_t end = start + size;
	while (start < end) {
		unsigned o = L4_PAGESHIFT;
		while (o < 47 && !(start & ((1UL << (o + 1)) - 1)) && start + (1UL << (o + 1)) <= end)
			o++;
		l4_task_unmap(task, l4_fpage(start, o, L4_FPAGE_RWX), L4_FP_ALL_SPACES);
		start += 1UL << o;
	}
}

int l4re_rm_detach_range_srv(l4_cap_idx_t rm, l4_addr_t addr, unsigned long size,
			     unsigned flags, l4re_ds_t *ds, l4_cap_idx_t task)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	mr->mr[0] = L4RE_RM_OP_DETACH;
	mr->mr[1] = addr;
	mr->mr[2] = size;
	mr->mr[3] = flags;
	long res = rm_call(rm, u, 4, 0, L4RE_PROTO_RM);
	if (res < 0)
		return (int)res;
	l4_addr_t start = mr->mr[0];
	unsigned long len = mr->mr[1];
	l4_cap_idx_t cap = mr->mr[2];
	if (ds)
		*ds = cap;
	if (l4_is_valid_cap(task))
		unmap_range(task, start, len);
	return (int)res;
}

int l4re_rm_detach_srv(l4_cap_idx_t rm, l4_addr_t addr, l4re_ds_t *ds, l4_cap_idx_t task)
{
	return l4re_rm_detach_range_srv(rm, addr, 1, L4RE_RM_DETACH_OVERLAP, ds, task);
}

int l4re_rm_find_srv(l4_cap_idx_t rm, l4_addr_t *addr, unsigned long *size,
		     l4re_rm_offset_t *offset, l4re_rm_flags_t *flags, l4re_ds_t *m)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	mr->mr[0] = L4RE_RM_OP_FIND;
	mr->mr[1] = *addr;
	mr->mr[2] = *size;
	long err = rm_call(rm, u, 3, 0, L4RE_PROTO_RM);
	if (err < 0)
		return (int)err;
	*addr = mr->mr[0];
	*size = mr->mr[1];
	*offset = mr->mr[2];
	*flags = (l4re_rm_flags_t)mr->mr[3];
	*m = mr->mr[4];
	return 0;
}

void l4re_rm_show_lists_srv(l4_cap_idx_t rm)
{
	l4_utcb_t *u = l4_utcb();
	l4_utcb_mr_u(u)->mr[0] = L4RE_DEBUG_OP_DUMP;
	rm_call(rm, u, 1, 0, L4RE_PROTO_DEBUG);
}
