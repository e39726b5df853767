/* Dataspace client: the L4RE_PROTO_DATASPACE requests (doc/runtime.md). */
#include <l4/re/c/dataspace.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

static long ds_call(l4re_ds_t ds, l4_utcb_t *u, unsigned words, unsigned items)
{
	return l4_error_u(l4_ipc_call(ds, u, l4_msgtag(L4RE_PROTO_DATASPACE, words, items, 0),
				      L4_IPC_NEVER), u);
}

/* The largest flexpage order around addr inside [min_addr, max_addr). */
static unsigned window_order(l4_addr_t addr, l4_addr_t min_addr, l4_addr_t max_addr)
{
	unsigned o = L4_PAGESHIFT;
	while (o < 47) {
		l4_addr_t base = l4_trunc_size(addr, (unsigned char)(o + 1));
		if (base < min_addr || base + (1UL << (o + 1)) - 1 > max_addr - 1)
			break;
		o++;
	}
	return o;
}

/* One map request; *order = log2 of what landed at local_addr's page. */
static int ds_map_one(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
		      l4_addr_t local_addr, l4_addr_t min_addr, l4_addr_t max_addr,
		      unsigned *order)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	l4_buf_regs_t *br = l4_utcb_br_u(u);
	min_addr = l4_trunc_page(min_addr);
	max_addr = l4_round_page(max_addr);
	if (local_addr < min_addr || local_addr >= max_addr)
		min_addr = l4_trunc_page(local_addr), max_addr = min_addr + L4_PAGESIZE;
	unsigned wo = window_order(local_addr, min_addr, max_addr);
	mr->mr[0] = L4RE_DS_OP_MAP;
	mr->mr[1] = offset;
	mr->mr[2] = local_addr;
	mr->mr[3] = flags;
	br->bdr = 0;
	br->br[0] = L4_ITEM_MAP;
	br->br[1] = l4_fpage(l4_trunc_size(local_addr, (unsigned char)wo), wo, L4_FPAGE_RWX).raw;
	l4_msgtag_t tag = l4_ipc_call(ds, u, l4_msgtag(L4RE_PROTO_DATASPACE, 4, 0, 0),
				      L4_IPC_NEVER);
	long err = l4_error_u(tag, u);
	if (err < 0)
		return (int)err;
	if (l4_msgtag_items(tag) < 1)
		return -L4_EINVAL; /* a server that answers without memory */
	unsigned fo = l4_fpage_size((l4_fpage_t){ .raw = mr->mr[l4_msgtag_words(tag) + 1] });
	*order = fo < wo ? fo : wo;
	return 0;
}

int l4re_ds_map(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
		l4re_ds_map_addr_t local_addr, l4re_ds_map_addr_t min_addr,
		l4re_ds_map_addr_t max_addr)
{
	unsigned order;
	return ds_map_one(ds, offset, flags, local_addr, min_addr, max_addr, &order);
}

int l4re_ds_map_region(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
		       l4re_ds_map_addr_t min_addr, l4re_ds_map_addr_t max_addr)
{
	offset = l4_trunc_page(offset);
	min_addr = l4_trunc_page(min_addr);
	max_addr = l4_round_page(max_addr);
	for (l4_addr_t a = min_addr; a < max_addr;) {
		unsigned order;
		int err = ds_map_one(ds, offset + (a - min_addr), flags, a, a, max_addr, &order);
		if (err < 0)
			return err;
		a = l4_trunc_size(a, (unsigned char)order) + (1UL << order);
	}
	return 0;
}

long l4re_ds_clear(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	mr->mr[0] = L4RE_DS_OP_CLEAR;
	mr->mr[1] = offset;
	mr->mr[2] = size;
	return ds_call(ds, u, 3, 0);
}

long l4re_ds_allocate(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	mr->mr[0] = L4RE_DS_OP_ALLOCATE;
	mr->mr[1] = offset;
	mr->mr[2] = size;
	return ds_call(ds, u, 3, 0);
}

int l4re_ds_copy_in(l4re_ds_t ds, l4re_ds_offset_t dst_offs, l4re_ds_t src,
		    l4re_ds_offset_t src_offs, l4re_ds_size_t size)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	mr->mr[0] = L4RE_DS_OP_COPY_IN;
	mr->mr[1] = dst_offs;
	mr->mr[2] = src_offs;
	mr->mr[3] = size;
	mr->mr[4] = l4_map_obj_control(0, 0);
	mr->mr[5] = l4_obj_fpage(src, 0, L4_CAP_FPAGE_RWS).raw;
	return (int)ds_call(ds, u, 4, 1);
}

int l4re_ds_info(l4re_ds_t ds, l4re_ds_stats_t *stats)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	mr->mr[0] = L4RE_DS_OP_INFO;
	long err = ds_call(ds, u, 1, 0);
	if (err < 0)
		return (int)err;
	stats->size = mr->mr[0];
	stats->flags = mr->mr[1];
	return 0;
}

l4re_ds_size_t l4re_ds_size(l4re_ds_t ds)
{
	l4re_ds_stats_t st = { 0, 0 };
	int err = l4re_ds_info(ds, &st);
	return err < 0 ? (l4re_ds_size_t)(long)err : st.size;
}

l4re_ds_flags_t l4re_ds_flags(l4re_ds_t ds)
{
	l4re_ds_stats_t st = { 0, 0 };
	int err = l4re_ds_info(ds, &st);
	return err < 0 ? (l4re_ds_flags_t)(long)err : st.flags;
}

int l4re_ds_phys(l4re_ds_t ds, l4re_ds_offset_t offset, l4_addr_t *phys, l4_size_t *contig)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	mr->mr[0] = L4RE_DS_OP_PHYS;
	mr->mr[1] = offset;
	long err = ds_call(ds, u, 2, 0);
	if (err < 0)
		return (int)err;
	*phys = mr->mr[0];
	*contig = mr->mr[1];
	return 0;
}
