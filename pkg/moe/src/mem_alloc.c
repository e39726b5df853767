/* moe's memory allocator, which is also its factory (as in L4Re): creates
 * dataspaces, namespaces, region maps, logs, scheduler proxies and
 * sub-factories with their own quota; remembers what it made so that
 * "free" and its own destruction delete those objects. */
#include "moe.h"

#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <minrt_string.h>

struct child {
	struct l4srv_obj *obj;
	struct child *next;
};

struct moe_factory {
	struct l4srv_obj obj;
	struct moe_quota quota;     /* what its objects are charged to */
	unsigned long reserved;     /* charged to quota.parent for this factory */
	struct child *children;     /* objects it made, newest first */
};

extern const struct l4srv_type moe_factory_type;

/* The next vararg as a word (UMWORD, or MWORD >= 0). 0: none left. */
static int next_word(struct l4srv_msg *m, l4_umword_t *w)
{
	struct l4srv_varg v;
	int r = l4srv_varg_next(m, &v);
	if (r <= 0)
		return r;
	if (v.type == L4_VARG_TYPE_UMWORD) {
		*w = v.v.u;
		return 1;
	}
	if (v.type == L4_VARG_TYPE_MWORD)
		return v.v.i < 0 ? -L4_ERANGE : (*w = (l4_umword_t)v.v.i, 1);
	return -L4_EINVAL;
}

/* Up to n optional word arguments (defaults in w); at least need of them. */
static long word_args(struct l4srv_msg *m, l4_umword_t *w, unsigned n, unsigned need)
{
	for (unsigned i = 0; i < n; i++) {
		int r = next_word(m, &w[i]);
		if (r < 0)
			return r;
		if (r == 0)
			return i < need ? -L4_EMSGTOOSHORT : 0;
	}
	struct l4srv_varg v;
	return l4srv_varg_next(m, &v) != 0 ? -L4_EMSGTOOLONG : 0;
}

/* L4Re's log colors: a letter (n none, r g y b m c w; upper case bright)
 * or the number itself. */
static long color_arg(const struct l4srv_varg *v, unsigned *color)
{
	static const char names[] = "nrgybmcw";
	if (v->type == L4_VARG_TYPE_UMWORD || v->type == L4_VARG_TYPE_MWORD) {
		if (v->v.u > 15)
			return -L4_EINVAL;
		*color = (unsigned)v->v.u;
		return 0;
	}
	if (v->type != L4_VARG_TYPE_STRING || v->len == 0)
		return -L4_EINVAL;
	char c = v->v.s.buf[0];
	bool bright = c >= 'A' && c <= 'Z';
	char lc = bright ? (char)(c - 'A' + 'a') : c;
	unsigned i = 0;
	while (i < 8 && names[i] != lc)
		i++;
	if (i == 8)
		return -L4_EINVAL;
	*color = i | ((bright && i) ? 8u : 0u);
	return 0;
}

static long create_log(struct moe_quota *q, struct l4srv_msg *m, struct l4srv_obj **out)
{
	struct l4srv_varg tag, col;
	int r = l4srv_varg_next(m, &tag);
	if (r < 0)
		return r;
	if (r == 0)
		tag.type = L4_VARG_TYPE_STRING, tag.len = 0, tag.v.s.buf[0] = '\0';
	if (tag.type != L4_VARG_TYPE_STRING)
		return -L4_EINVAL;
	unsigned color = 0;
	r = l4srv_varg_next(m, &col);
	if (r < 0)
		return r;
	if (r == 1 && color_arg(&col, &color) < 0)
		return -L4_EINVAL;
	return moe_log_create(q, tag.v.s.buf, color, out);
}

static long create(struct l4srv_obj *fobj, long proto, struct l4srv_msg *m,
		   struct l4srv_obj **out)
{
	struct moe_factory *f = (struct moe_factory *)fobj;
	struct moe_quota *q = &f->quota;
	l4_umword_t w[3] = { 0, 0, 0 };
	long err;
	switch (proto) {
	case L4RE_PROTO_DATASPACE:
		err = word_args(m, w, 3, 1);
		return err < 0 ? err : w[2] > 63 ? -L4_ERANGE : moe_ds_create(q, w[0], w[1], (unsigned)w[2], out);
	case L4RE_PROTO_NAMESPACE:
		err = word_args(m, w, 0, 0);
		return err < 0 ? err : moe_ns_create(q, out);
	case L4RE_PROTO_RM:
		err = word_args(m, w, 0, 0);
		return err < 0 ? err : moe_rm_create(q, out);
	case L4_PROTO_LOG:
		return create_log(q, m, out);
	case L4_PROTO_SCHEDULER:
		w[2] = ~0UL;
		err = word_args(m, w, 3, 2);
		if (err < 0)
			return err;
		if (w[0] > 255 || w[1] > 255)
			return -L4_EINVAL;
		return moe_sched_create(q, (unsigned)w[0], (unsigned)w[1], w[2], out);
	case L4_PROTO_FACTORY:
		err = word_args(m, w, 1, 1);
		return err < 0 ? err : moe_factory_create(q, w[0], out);
	default:
		return -L4_ENODEV;
	}
}

/* Creates the object and remembers it as this factory's child. */
static long create_child(struct l4srv_obj *fobj, long proto, struct l4srv_msg *m,
			 struct l4srv_obj **out)
{
	struct moe_factory *f = (struct moe_factory *)fobj;
	struct child *c = moe_obj_alloc(&f->quota, sizeof(*c));
	if (!c)
		return -L4_ENOMEM;
	long err = create(fobj, proto, m, out);
	if (err < 0) {
		moe_obj_free(&f->quota, c, sizeof(*c));
		return err;
	}
	c->obj = *out;
	c->next = f->children;
	f->children = c;
	return 0;
}

static long factory_any(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	return l4srv_factory_dispatch(obj, m, create_child);
}

/* free + item: an object this factory made. Its gate goes at once. */
static long ma_free(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct moe_factory *f = (struct moe_factory *)obj;
	struct l4srv_obj *victim;
	if (l4srv_words_left(m))
		return -L4_EMSGTOOLONG;
	int err = l4srv_get_cap(m, 0, NULL, &victim, NULL, NULL);
	if (err == -L4_EMSGTOOSHORT)
		return -L4_EMSGMISSARG;
	if (err < 0 || !victim)
		return -L4_EINVAL;
	for (struct child **pp = &f->children; *pp; pp = &(*pp)->next) {
		if ((*pp)->obj != victim)
			continue;
		struct child *c = *pp;
		*pp = c->next;
		moe_obj_free(&f->quota, c, sizeof(*c));
		l4srv_unregister(&moe_srv, victim);
		return 0;
	}
	return -L4_EINVAL;
}

static void factory_destroy(struct l4srv_obj *obj)
{
	struct moe_factory *f = (struct moe_factory *)obj;
	while (f->children) {
		struct child *c = f->children;
		f->children = c->next;
		l4srv_unregister(&moe_srv, c->obj);
		moe_obj_free(&f->quota, c, sizeof(*c));
	}
	moe_quota_release(f->quota.parent, f->reserved);
	moe_obj_free(NULL, f, sizeof(*f));
}

static const struct l4srv_op ma_ops[] = {
	{ L4RE_MA_OP_FREE, 0, ma_free },
};

static const struct l4srv_iface factory_ifaces[] = {
	{ .proto = L4_PROTO_FACTORY, .any = factory_any, .name = "factory" },
	{ .proto = L4RE_PROTO_MEM_ALLOC, .ops = ma_ops, .n_ops = 1, .name = "mem_alloc" },
};

const struct l4srv_type moe_factory_type = {
	.name = "mem_alloc",
	.ifaces = factory_ifaces,
	.n_ifaces = 2,
	.destroy = factory_destroy,
};

long moe_factory_create(struct moe_quota *parent, unsigned long limit, struct l4srv_obj **out)
{
	unsigned long reserve = 0;
	if (parent) {
		if (limit > ~0UL - sizeof(struct moe_factory))
			return -L4_ENOMEM;
		reserve = limit + sizeof(struct moe_factory);
		if (moe_quota_charge(parent, reserve) < 0)
			return -L4_ENOMEM;
	}
	struct moe_factory *f = moe_obj_alloc(NULL, sizeof(*f));
	if (!f) {
		moe_quota_release(parent, reserve);
		return -L4_ENOMEM;
	}
	f->quota.limit = parent ? limit : ~0UL;
	f->quota.parent = parent;
	f->reserved = reserve;
	int err = l4srv_register(&moe_srv, &f->obj, &moe_factory_type, "mem_alloc");
	if (err < 0) {
		moe_obj_free(NULL, f, sizeof(*f));
		moe_quota_release(parent, reserve);
		return err;
	}
	*out = &f->obj;
	return 0;
}
