/* moe's region maps: one per task, its pager. The region protocol
 * (L4RE_PROTO_RM, L4Re's opcodes): attach, detach, find, reserve_area,
 * free_area; creation and deletion. Faults: region_map_fault.c. */
#include "region_map.h"

#include <l4/re/c/rm.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/kprint.h>
#include <fmt.h>
#include <minrt_string.h>

static unsigned long rm_count;

/* Reads exactly n argument words. */
static int args(struct l4srv_msg *m, l4_umword_t *a, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (l4srv_get_word(m, &a[i]) < 0)
			return -L4_EMSGTOOSHORT;
	return l4srv_words_left(m) ? -L4_EMSGTOOLONG : 0;
}

/* The dataspace argument of attach: moe's own only. */
static long attach_ds(struct l4srv_msg *m, unsigned rights, struct moe_ds **out)
{
	struct l4srv_obj *obj;
	l4_cap_idx_t cap;
	unsigned cr;
	int err = l4srv_get_cap(m, 0, NULL, &obj, &cap, &cr);
	if (err == -L4_EMSGTOOSHORT)
		return -L4_EINVAL; /* no dataspace given */
	if (err < 0)
		return err;
	if (!obj)
		return -L4_ENOSYS; /* a dataspace of another server: not supported */
	struct moe_ds *ds = moe_ds_of(obj);
	if (!ds)
		return -L4_EINVAL;
	if ((rights & ~moe_ds_rights(ds)) || ((rights & L4_FPAGE_W) && !(cr & L4_CAP_FPAGE_W)))
		return -L4_EPERM;
	*out = ds;
	return 0;
}

/* Where [*start, +size) goes: fixed, searched, or in an area. */
static long place(struct moe_rm *rm, l4_addr_t *start, unsigned long size, unsigned flags,
		  unsigned align)
{
	l4_addr_t lo = MOE_RM_MIN, hi = MOE_RM_MAX, a = *start;
	struct rm_tree *trees[2] = { &rm->regions, &rm->areas };
	if (flags & L4RE_RM_F_IN_AREA) {
		struct rm_area *ar = (struct rm_area *)rm_tree_find(&rm->areas, a);
		if (!ar)
			return -L4_ENOENT;
		if (ar->flags & L4RE_RM_F_RESERVED)
			return -L4_EADDRNOTAVAIL;
		lo = ar->n.start, hi = ar->n.end;
		trees[1] = NULL; /* inside the area: only regions are in the way */
	}
	if (flags & L4RE_RM_F_SEARCH_ADDR) {
		if (!(flags & L4RE_RM_F_IN_AREA) && a < MOE_RM_SEARCH_MIN)
			a = MOE_RM_SEARCH_MIN;
		if (a > lo)
			lo = a;
		return rm_tree_search(trees, 2, lo, hi, size, align, start) ? 0 : -L4_EADDRNOTAVAIL;
	}
	if (a < lo || a > hi || hi - a < size - 1)
		return (flags & L4RE_RM_F_IN_AREA) ? -L4_ERANGE : -L4_EADDRNOTAVAIL;
	for (unsigned i = 0; i < 2; i++)
		if (trees[i] && rm_tree_first_overlap(trees[i], a, a + size - 1))
			return -L4_EADDRNOTAVAIL;
	return 0;
}

/* attach(start, size, flags, offset, align, client cap) [+ dataspace] */
static long rm_attach(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_rm *rm = (struct moe_rm *)obj;
	l4_umword_t a[6];
	int err = args(m, a, 6);
	if (err < 0)
		return err;
	unsigned long size = l4_round_page(a[1]);
	unsigned flags = (unsigned)a[2];
	if (a[1] == 0 || size == 0 || (a[3] & ~L4_PAGEMASK) || a[4] > 47 || (a[2] >> 32))
		return -L4_EINVAL;
	if (flags & L4RE_RM_F_PAGER)
		return -L4_ENOSYS;
	struct moe_ds *ds = NULL;
	if (!(flags & L4RE_RM_F_RESERVED)) {
		long e = attach_ds(m, flags & L4RE_RM_F_RWX, &ds);
		if (e < 0)
			return e;
		if (a[3] >= l4_round_page(moe_ds_size(ds)))
			return -L4_ERANGE;
	}
	l4_addr_t start = l4_trunc_page(a[0]);
	long e = place(rm, &start, size, flags, a[4] < L4_PAGESHIFT ? L4_PAGESHIFT : (unsigned)a[4]);
	if (e < 0)
		return e;
	struct rm_region *r = moe_obj_alloc(rm->q, sizeof(*r));
	if (!r)
		return -L4_ENOMEM;
	r->n.start = start;
	r->n.end = start + size - 1;
	r->ds = ds;
	r->offset = a[3];
	r->flags = flags & (L4RE_RM_REGION_FLAGS & ~L4RE_RM_F_PAGER);
	r->client_cap = a[5];
	rm_tree_insert(&rm->regions, &r->n); /* place() found it free */
	if (ds)
		moe_ds_get(ds);
	l4srv_put_word(m, start);
	return 0;
}

static void region_free(struct moe_rm *rm, struct rm_region *r)
{
	rm_tree_remove(&rm->regions, &r->n);
	if (r->ds)
		moe_ds_put(r->ds);
	moe_obj_free(rm->q, r, sizeof(*r));
}

/* Exact detach of [lo, hi] from r, which overlaps it only partly. */
static long detach_part(struct moe_rm *rm, struct rm_region *r, l4_addr_t lo, l4_addr_t hi,
			l4_addr_t *gone_lo, l4_addr_t *gone_hi)
{
	if (lo > r->n.start && hi < r->n.end) { /* a hole: split in two */
		struct rm_region *t = moe_obj_alloc(rm->q, sizeof(*t));
		if (!t)
			return -L4_ENOMEM;
		*t = *r;
		t->n.start = hi + 1;
		t->offset = r->offset + (hi + 1 - r->n.start);
		r->n.end = lo - 1;
		rm_tree_insert(&rm->regions, &t->n);
		if (t->ds)
			moe_ds_get(t->ds);
		*gone_lo = lo, *gone_hi = hi;
		return L4RE_RM_SPLIT_DS;
	}
	if (lo <= r->n.start) { /* the head goes */
		rm_tree_remove(&rm->regions, &r->n);
		*gone_lo = r->n.start, *gone_hi = hi;
		r->offset += hi + 1 - r->n.start;
		r->n.start = hi + 1;
		rm_tree_insert(&rm->regions, &r->n);
	} else { /* the tail goes */
		*gone_lo = lo, *gone_hi = r->n.end;
		r->n.end = lo - 1;
	}
	return L4RE_RM_KEPT_DS;
}

/* detach(addr, size, mode) -> start, size, client cap of the dataspace */
static long rm_detach(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_rm *rm = (struct moe_rm *)obj;
	l4_umword_t a[3];
	int err = args(m, a, 3);
	if (err < 0)
		return err;
	unsigned long size = a[1] ? a[1] : 1;
	if (size - 1 > ~0UL - a[0])
		return -L4_EINVAL;
	l4_addr_t lo = a[0], hi = a[0] + size - 1;
	struct rm_region *r = (struct rm_region *)rm_tree_first_overlap(&rm->regions, lo, hi);
	if (!r)
		return -L4_ENOENT;
	l4_addr_t gone_lo = r->n.start, gone_hi = r->n.end;
	l4_cap_idx_t cap = r->client_cap;
	long res = L4RE_RM_DETACHED_DS;
	if ((a[2] & L4RE_RM_DETACH_EXACT) && (lo > r->n.start || hi < r->n.end))
		res = detach_part(rm, r, l4_trunc_page(lo), l4_round_page(hi + 1) - 1, &gone_lo,
				  &gone_hi);
	else
		region_free(rm, r);
	if (res < 0)
		return res;
	if (hi > gone_hi && rm_tree_first_overlap(&rm->regions, gone_hi + 1, hi))
		res |= L4RE_RM_DETACH_AGAIN;
	l4srv_put_word(m, gone_lo);
	l4srv_put_word(m, gone_hi - gone_lo + 1);
	l4srv_put_word(m, cap);
	return res;
}

/* find(addr, size) -> start, size, offset, flags, client cap */
static long rm_find(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_rm *rm = (struct moe_rm *)obj;
	l4_umword_t a[2];
	int err = args(m, a, 2);
	if (err < 0)
		return err;
	unsigned long size = a[1] ? a[1] : 1;
	l4_addr_t hi = size - 1 > ~0UL - a[0] ? ~0UL : a[0] + size - 1;
	struct rm_node *n = rm_tree_first_overlap(&rm->regions, a[0], hi);
	if (n) {
		struct rm_region *r = (struct rm_region *)n;
		l4srv_put_word(m, n->start);
		l4srv_put_word(m, n->end - n->start + 1);
		l4srv_put_word(m, r->offset);
		l4srv_put_word(m, r->flags);
		l4srv_put_word(m, r->ds ? r->client_cap : L4_INVALID_CAP);
		return 0;
	}
	n = rm_tree_first_overlap(&rm->areas, a[0], hi);
	if (!n)
		return -L4_ENOENT;
	l4srv_put_word(m, n->start);
	l4srv_put_word(m, n->end - n->start + 1);
	l4srv_put_word(m, 0);
	l4srv_put_word(m, ((struct rm_area *)n)->flags | L4RE_RM_F_IN_AREA);
	l4srv_put_word(m, L4_INVALID_CAP);
	return 0;
}

/* reserve_area(start, size, flags, align) -> start */
static long rm_reserve_area(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_rm *rm = (struct moe_rm *)obj;
	l4_umword_t a[4];
	int err = args(m, a, 4);
	if (err < 0)
		return err;
	unsigned long size = l4_round_page(a[1]);
	unsigned flags = (unsigned)a[2];
	if (a[1] == 0 || size == 0 || a[3] > 47 || (a[2] >> 32) ||
	    (flags & ~(L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RESERVED | L4RE_RM_F_RWX |
		       L4RE_RM_F_CACHING)))
		return -L4_EINVAL;
	l4_addr_t start = l4_trunc_page(a[0]);
	unsigned align = a[3] < L4_PAGESHIFT ? L4_PAGESHIFT : (unsigned)a[3];
	if (flags & L4RE_RM_F_SEARCH_ADDR) {
		struct rm_tree *trees[2] = { &rm->areas, &rm->regions };
		l4_addr_t lo = start < MOE_RM_SEARCH_MIN ? MOE_RM_SEARCH_MIN : start;
		if (!rm_tree_search(trees, 2, lo, MOE_RM_MAX, size, align, &start))
			return -L4_EADDRNOTAVAIL;
	} else if (start < MOE_RM_MIN || start > MOE_RM_MAX || MOE_RM_MAX - start < size - 1 ||
		   rm_tree_first_overlap(&rm->areas, start, start + size - 1)) {
		return -L4_EADDRNOTAVAIL;
	}
	struct rm_area *ar = moe_obj_alloc(rm->q, sizeof(*ar));
	if (!ar)
		return -L4_ENOMEM;
	ar->n.start = start;
	ar->n.end = start + size - 1;
	ar->flags = flags & L4RE_RM_F_RESERVED;
	rm_tree_insert(&rm->areas, &ar->n);
	l4srv_put_word(m, start);
	return 0;
}

static long rm_free_area(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_rm *rm = (struct moe_rm *)obj;
	l4_umword_t a[1];
	int err = args(m, a, 1);
	if (err < 0)
		return err;
	struct rm_node *n = rm_tree_find(&rm->areas, a[0]);
	if (!n)
		return -L4_ENOENT;
	rm_tree_remove(&rm->areas, n);
	moe_obj_free(rm->q, n, sizeof(struct rm_area));
	return 0;
}

static long rm_dump(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_rm *rm = (struct moe_rm *)obj;
	(void)m;
	l4_kprintf("moe: rm '%s': %lu regions, %lu areas, %lu faults\n", rm->name,
		   rm->regions.count, rm->areas.count, rm->faults);
	for (struct rm_node *n = rm_tree_next(&rm->regions, 0); n;
	     n = n->end == ~0UL ? NULL : rm_tree_next(&rm->regions, n->end + 1)) {
		struct rm_region *r = (struct rm_region *)n;
		l4_kprintf("moe:   region [%#lx, %#lx] flags %#x offset %#lx\n", n->start, n->end,
			   r->flags, r->offset);
	}
	for (struct rm_node *n = rm_tree_next(&rm->areas, 0); n;
	     n = n->end == ~0UL ? NULL : rm_tree_next(&rm->areas, n->end + 1))
		l4_kprintf("moe:   area [%#lx, %#lx] flags %#x\n", n->start, n->end,
			   ((struct rm_area *)n)->flags);
	return 0;
}

static void rm_destroy(struct l4srv_obj *obj)
{
	struct moe_rm *rm = (struct moe_rm *)obj;
	while (rm->regions.root)
		region_free(rm, (struct rm_region *)rm->regions.root);
	while (rm->areas.root) {
		struct rm_node *n = rm->areas.root;
		rm_tree_remove(&rm->areas, n);
		moe_obj_free(rm->q, n, sizeof(struct rm_area));
	}
	moe_obj_free(rm->q, rm, sizeof(*rm));
}

static const struct l4srv_op rm_ops[] = {
	{ L4RE_RM_OP_ATTACH, 0, rm_attach },
	{ L4RE_RM_OP_DETACH, 0, rm_detach },
	{ L4RE_RM_OP_FIND, 0, rm_find },
	{ L4RE_RM_OP_RESERVE_AREA, 0, rm_reserve_area },
	{ L4RE_RM_OP_FREE_AREA, 0, rm_free_area },
};

static const struct l4srv_op rm_debug_ops[] = {
	{ L4RE_DEBUG_OP_DUMP, 0, rm_dump },
};

static const struct l4srv_iface rm_ifaces[] = {
	{ .proto = L4RE_PROTO_RM, .ops = rm_ops, .n_ops = sizeof(rm_ops) / sizeof(rm_ops[0]),
	  .name = "rm" },
	{ .proto = L4_PROTO_PAGE_FAULT, .any = moe_rm_page_fault, .name = "pager" },
	{ .proto = L4_PROTO_EXCEPTION, .any = moe_rm_exception, .name = "exception" },
	{ .proto = L4RE_PROTO_DEBUG, .ops = rm_debug_ops, .n_ops = 1, .name = "debug" },
};

const struct l4srv_type moe_rm_type = {
	.name = "rm",
	.ifaces = rm_ifaces,
	.n_ifaces = sizeof(rm_ifaces) / sizeof(rm_ifaces[0]),
	.destroy = rm_destroy,
};

long moe_rm_create(struct moe_quota *q, struct l4srv_obj **out)
{
	struct moe_rm *rm = moe_obj_alloc(q, sizeof(*rm));
	if (!rm)
		return -L4_ENOMEM;
	rm->q = q;
	rm_tree_init(&rm->regions);
	rm_tree_init(&rm->areas);
	fmt_snprintf(rm->name, sizeof(rm->name), "rm#%lu", ++rm_count);
	int err = l4srv_register(&moe_srv, &rm->obj, &moe_rm_type, "rm");
	if (err < 0) {
		moe_obj_free(q, rm, sizeof(*rm));
		return err;
	}
	*out = &rm->obj;
	return 0;
}

void moe_rm_set_name(struct l4srv_obj *obj, const char *name)
{
	if (obj && obj->type == &moe_rm_type)
		strlcpy(((struct moe_rm *)obj)->name, name, sizeof(((struct moe_rm *)obj)->name));
}
