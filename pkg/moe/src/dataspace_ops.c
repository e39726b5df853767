/* The dataspace protocol (L4RE_PROTO_DATASPACE, L4Re's opcodes): map,
 * clear, info, copy_in, allocate, and Walnut's phys. Every request is
 * checked for its exact word count, its ranges and the caller's rights. */
#include "dataspace.h"

#include <l4/re/protocols.h>
#include <l4/re/c/dataspace.h>
#include <l4/sys/err.h>
#include <minrt_string.h>

/* Reads exactly n argument words. */
static int args(struct l4srv_msg *m, l4_umword_t *a, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (l4srv_get_word(m, &a[i]) < 0)
			return -L4_EMSGTOOSHORT;
	return l4srv_words_left(m) ? -L4_EMSGTOOLONG : 0;
}

/* [off, off + size) inside the dataspace (size > 0, no wrap). */
static bool in_range(const struct moe_ds *ds, unsigned long off, unsigned long size)
{
	return off < ds->size && size <= ds->size - off;
}

/* map(offset, hot spot, flags): the largest flexpage around offset. */
static long ds_map(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_ds *ds = (struct moe_ds *)obj;
	l4_umword_t a[3];
	int err = args(m, a, 3);
	if (err < 0)
		return err;
	unsigned want = a[2] & L4RE_DS_F_RWX;
	if (!want)
		want = L4RE_DS_F_R;
	if ((want & ~ds->rights) || ((want & L4_FPAGE_W) && !(m->rights & L4_CAP_FPAGE_W)))
		return -L4_EPERM;
	l4_addr_t va;
	unsigned order;
	long r = moe_ds_page(ds, a[0], a[1], 30, &va, &order);
	if (r < 0)
		return r;
	l4srv_put_item(m, l4_map_control(a[1] & ~((1UL << order) - 1), 0, L4_MAP_ITEM_MAP),
		       l4_fpage(va, order, (unsigned char)want));
	return 0;
}

/* Caller may write: W on the capability and a writable dataspace. */
static bool may_write(const struct moe_ds *ds, const struct l4srv_msg *m)
{
	return (m->rights & L4_CAP_FPAGE_W) && (ds->rights & L4_FPAGE_W);
}

static long ds_clear(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_ds *ds = (struct moe_ds *)obj;
	l4_umword_t a[2];
	int err = args(m, a, 2);
	if (err < 0)
		return err;
	if (!may_write(ds, m))
		return -L4_EACCESS;
	if (a[0] >= ds->size)
		return -L4_ERANGE;
	unsigned long off = a[0], end = a[1] > ds->size - off ? ds->size : off + a[1];
	while (off < end) {
		unsigned long avail;
		char *p = moe_ds_ptr(ds, off, false, &avail);
		unsigned long n = avail < end - off ? avail : end - off;
		if (p) /* absent units read as zeros already */
			memset(p, 0, n);
		off += n;
	}
	return 0;
}

static long ds_info(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_ds *ds = (struct moe_ds *)obj;
	int err = args(m, NULL, 0);
	if (err < 0)
		return err;
	l4srv_put_word(m, ds->size);
	l4srv_put_word(m, ds->rights | L4RE_DS_F_NORMAL);
	return 0;
}

/* Copies n bytes between two dataspaces, unit piece by unit piece. */
static long copy(struct moe_ds *dst, unsigned long doff, struct moe_ds *src,
		 unsigned long soff, unsigned long n)
{
	while (n) {
		unsigned long davail, savail;
		char *d = moe_ds_ptr(dst, doff, true, &davail);
		if (!d)
			return -L4_ENOMEM;
		char *s = moe_ds_ptr(src, soff, false, &savail);
		unsigned long c = n < davail ? n : davail;
		if (c > savail)
			c = savail;
		if (s)
			memmove(d, s, c);
		else
			memset(d, 0, c);
		doff += c, soff += c, n -= c;
	}
	return 0;
}

/* copy_in(dst_offs, src_offs, size) + item: the source dataspace. */
static long ds_copy_in(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_ds *ds = (struct moe_ds *)obj;
	l4_umword_t a[3];
	int err = args(m, a, 3);
	if (err < 0)
		return err;
	struct l4srv_obj *so;
	err = l4srv_get_cap(m, 0, &moe_ds_type, &so, NULL, NULL);
	if (err == -L4_EMSGTOOSHORT)
		return -L4_EMSGMISSARG;
	if (err < 0)
		return -L4_EINVAL; /* not one of moe's dataspaces */
	if (!may_write(ds, m))
		return -L4_EACCESS;
	struct moe_ds *src = (struct moe_ds *)so;
	if (a[2] == 0)
		return 0;
	if (!in_range(ds, a[0], a[2]) || !in_range(src, a[1], a[2]))
		return -L4_ERANGE;
	return copy(ds, a[0], src, a[1], a[2]);
}

static long ds_allocate(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_ds *ds = (struct moe_ds *)obj;
	l4_umword_t a[2];
	int err = args(m, a, 2);
	if (err < 0)
		return err;
	if (a[1] == 0)
		return a[0] <= ds->size ? 0 : -L4_ERANGE;
	if (!in_range(ds, a[0], a[1]))
		return -L4_ERANGE;
	for (unsigned long off = a[0]; off < a[0] + a[1];) {
		unsigned long avail;
		if (!moe_ds_ptr(ds, off, true, &avail))
			return -L4_ENOMEM;
		off += avail;
	}
	return 0;
}

static long ds_phys(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_ds *ds = (struct moe_ds *)obj;
	l4_umword_t a[1];
	int err = args(m, a, 1);
	if (err < 0)
		return err;
	if (a[0] >= ds->size)
		return -L4_ERANGE;
	unsigned long avail;
	char *p = moe_ds_ptr(ds, a[0], true, &avail);
	if (!p)
		return -L4_ENOMEM;
	l4srv_put_word(m, moe_virt_to_phys(p));
	l4srv_put_word(m, avail);
	return 0;
}

static const struct l4srv_op ds_ops[] = {
	{ L4RE_DS_OP_MAP, 0, ds_map },
	{ L4RE_DS_OP_CLEAR, 0, ds_clear },
	{ L4RE_DS_OP_INFO, 0, ds_info },
	{ L4RE_DS_OP_COPY_IN, 0, ds_copy_in },
	{ L4RE_DS_OP_ALLOCATE, 0, ds_allocate },
	{ L4RE_DS_OP_PHYS, 0, ds_phys },
};

static const struct l4srv_iface ds_ifaces[] = {
	{ .proto = L4RE_PROTO_DATASPACE, .ops = ds_ops, .n_ops = sizeof(ds_ops) / sizeof(ds_ops[0]),
	  .name = "dataspace" },
};

const struct l4srv_type moe_ds_type = {
	.name = "dataspace",
	.ifaces = ds_ifaces,
	.n_ifaces = 1,
	.destroy = moe_ds_destroy,
};
