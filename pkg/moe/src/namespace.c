/* Namespace objects: names -> capabilities with rights, for clients
 * (query, register, link, unlink; L4Re's protocol) and for moe itself
 * (the rom namespace, init's named capabilities). */
#include "moe.h"

#include <l4/re/c/namespace.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/task.h>
#include <minrt_string.h>

/* A capability entries refer to. Links share it (a copy made with
 * l4_task_map would be revoked together with the original's slot). */
struct ns_cap {
	l4_cap_idx_t cap;      /* selector in moe's task */
	unsigned refs;         /* entries using it */
	bool owned;            /* moe's own slot: released with the last entry */
	struct moe_quota *q;   /* charged for this struct */
};

/* One name. A reserved entry (registered without a capability) has
 * c == NULL until someone registers an object under it. */
struct ns_entry {
	struct ns_entry *next;
	struct ns_cap *c;
	unsigned rights;       /* L4_CAP_FPAGE_* a query hands out (R at least) */
	bool internal;         /* moe_ns_register_cap(): clients cannot remove it */
	unsigned len;
	char name[L4RE_NS_NAME_MAX + 1];
};

struct moe_ns {
	struct l4srv_obj obj;  /* first: the framework's view */
	struct moe_quota *q;   /* entries are charged here */
	struct ns_entry *entries;
};

static const struct l4srv_type ns_type;

/* Printable ASCII without blanks and without '/' (the separator). */
static bool name_char_ok(char c)
{
	return c > ' ' && c <= '~' && c != '/';
}

/* \retval 0 a valid name component  \retval -L4_EINVAL otherwise */
static int check_name(const char *s, unsigned long len)
{
	if (len == 0 || len > L4RE_NS_NAME_MAX)
		return -L4_EINVAL;
	for (unsigned long i = 0; i < len; i++)
		if (!name_char_ok(s[i]))
			return -L4_EINVAL;
	return 0;
}

static struct ns_entry *find(struct moe_ns *ns, const char *s, unsigned long len)
{
	for (struct ns_entry *e = ns->entries; e; e = e->next)
		if (e->len == len && memcmp(e->name, s, len) == 0)
			return e;
	return NULL;
}

static l4_cap_idx_t slot_alloc(void)
{
	return moe_srv.caps.alloc ? moe_srv.caps.alloc(moe_srv.caps.ctx) : L4_INVALID_CAP;
}

/* Gives slot cap (moe's) back, with what is in it. */
static void slot_release(l4_cap_idx_t cap)
{
	l4_task_release_cap(L4_BASE_TASK_CAP, cap);
	if (moe_srv.caps.free)
		moe_srv.caps.free(moe_srv.caps.ctx, cap);
}

/* A new holder of cap (one reference), or NULL without memory. */
static struct ns_cap *cap_new(struct moe_quota *q, l4_cap_idx_t cap, bool owned)
{
	struct ns_cap *c = moe_obj_alloc(q, sizeof(*c));
	if (!c)
		return NULL;
	c->cap = cap;
	c->refs = 1;
	c->owned = owned;
	c->q = q;
	return c;
}

/* Drops the entry's reference to its capability. */
static void entry_drop_cap(struct ns_entry *e)
{
	struct ns_cap *c = e->c;
	e->c = NULL;
	if (!c || --c->refs)
		return;
	if (c->owned)
		slot_release(c->cap);
	moe_obj_free(c->q, c, sizeof(*c));
}

static void entry_unlink(struct moe_ns *ns, struct ns_entry *e)
{
	for (struct ns_entry **p = &ns->entries; *p; p = &(*p)->next)
		if (*p == e) {
			*p = e->next;
			break;
		}
	entry_drop_cap(e);
	moe_obj_free(ns->q, e, sizeof(*e));
}

static struct ns_entry *entry_new(struct moe_ns *ns, const char *s, unsigned long len)
{
	struct ns_entry *e = moe_obj_alloc(ns->q, sizeof(*e));
	if (!e)
		return NULL;
	memcpy(e->name, s, len);
	e->name[len] = 0;
	e->len = (unsigned)len;
	e->c = NULL;
	e->next = ns->entries;
	ns->entries = e;
	return e;
}

/* A copy of one of moe's gates in a new slot of moe's task (the entry
 * then owns it; the gate's deletion ends it); L4_INVALID_CAP if out of
 * slots. */
static l4_cap_idx_t copy_cap(l4_cap_idx_t cap)
{
	l4_cap_idx_t c = slot_alloc();
	if (l4_is_invalid_cap(c))
		return c;
	if (l4_error(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
				 l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWS), c | L4_ITEM_MAP)) < 0) {
		slot_release(c);
		return L4_INVALID_CAP;
	}
	return c;
}

/* Rights an entry gets from the register flags: R always, W and S as asked. */
static unsigned flag_rights(l4_umword_t flags)
{
	return L4_CAP_FPAGE_R | (unsigned)(flags & (L4_CAP_FPAGE_W | L4_CAP_FPAGE_S));
}

/* --- client operations --------------------------------------------------- */

/* query(name): the first component's capability. The answer: mr0 = bytes
 * of name used (the component and its '/'), label 0 when that was all,
 * L4RE_NS_PARTLY_RESOLVED when the client must go on in the capability. */
static long ns_query(struct l4srv_obj *o, struct l4srv_msg *m)
{
	struct moe_ns *ns = (struct moe_ns *)o;
	char name[L4RE_NS_PATH_MAX + 1];
	unsigned long len;
	int err = l4srv_get_string(m, name, sizeof(name), &len);
	if (err)
		return err;
	unsigned long comp = 0;
	while (comp < len && name[comp] != '/')
		comp++;
	if (check_name(name, comp))
		return -L4_EINVAL;
	struct ns_entry *e = find(ns, name, comp);
	if (!e)
		return -L4_ENOENT;
	if (!e->c)
		return -L4_EAGAIN; /* reserved, not yet registered */
	/* the object may be gone (deleted, or the capability revoked by the
	 * client that registered it): then so is the name */
	if (l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, e->c->cap)) != 1)
		return -L4_ENOENT;
	unsigned long used = comp < len ? comp + 1 : comp;
	long label = used < len ? L4RE_NS_PARTLY_RESOLVED : 0;
	if (l4srv_put_word(m, used) || l4srv_put_cap(m, e->c->cap, e->rights))
		return -L4_EMSGTOOLONG;
	return label;
}

/* The capability argument of register/link as (cap, rights), or the
 * error. A moe object's gate is copied; a foreign capability is kept. */
static int take_obj(struct l4srv_msg *m, unsigned rights, l4_cap_idx_t *cap, unsigned *out_r)
{
	struct l4srv_obj *obj;
	l4_cap_idx_t rcv;
	unsigned sender_r;
	int err = l4srv_get_cap(m, 0, NULL, &obj, &rcv, &sender_r);
	if (err)
		return err;
	if (obj) {
		/* our own object: the sender may pass on only what it holds */
		*cap = copy_cap(obj->gate);
		*out_r = rights & (L4_CAP_FPAGE_R | sender_r);
		return l4_is_invalid_cap(*cap) ? -L4_ENOMEM : 0;
	}
	l4srv_take_cap(m, 0); /* the kernel already limited its rights */
	*cap = rcv;
	*out_r = rights;
	return 0;
}

/* register(flags, name[, cap]): no cap reserves the name. */
static long ns_register(struct l4srv_obj *o, struct l4srv_msg *m)
{
	struct moe_ns *ns = (struct moe_ns *)o;
	l4_umword_t flags;
	char name[L4RE_NS_NAME_MAX + 1];
	unsigned long len;
	if (l4srv_get_word(m, &flags))
		return -L4_EMSGTOOSHORT;
	int err = l4srv_get_string(m, name, sizeof(name), &len);
	if (err)
		return err;
	if (check_name(name, len))
		return -L4_EINVAL;
	bool with_cap = m->items > 0;
	struct ns_entry *e = find(ns, name, len);
	if (e) {
		bool fill = !e->c && with_cap && !e->internal;
		bool over = (flags & L4RE_NS_REGISTER_OVERWRITE) && !e->internal;
		if (!fill && !over)
			return -L4_EEXIST;
	}
	/* decoded and checked: from here on the request takes effect */
	l4_cap_idx_t cap = L4_INVALID_CAP;
	unsigned rights = flag_rights(flags);
	struct ns_cap *c = NULL;
	if (with_cap) {
		if ((err = take_obj(m, rights, &cap, &rights)) < 0)
			return err;
		if (!(c = cap_new(ns->q, cap, true))) {
			slot_release(cap);
			return -L4_ENOMEM;
		}
	}
	if (!e && !(e = entry_new(ns, name, len))) {
		struct ns_entry tmp = { .c = c };
		entry_drop_cap(&tmp);
		return -L4_ENOMEM;
	}
	entry_drop_cap(e);
	e->c = c;
	e->rights = rights;
	return 0;
}

/* link(flags, name, src_name[, src namespace]): name refers to what
 * src_name in the source namespace (this one without an item) refers to. */
static long ns_link(struct l4srv_obj *o, struct l4srv_msg *m)
{
	struct moe_ns *ns = (struct moe_ns *)o, *src = ns;
	l4_umword_t flags;
	char name[L4RE_NS_NAME_MAX + 1], src_name[L4RE_NS_NAME_MAX + 1];
	unsigned long len, src_len;
	int err;
	if (l4srv_get_word(m, &flags))
		return -L4_EMSGTOOSHORT;
	if ((err = l4srv_get_string(m, name, sizeof(name), &len)) ||
	    (err = l4srv_get_string(m, src_name, sizeof(src_name), &src_len)))
		return err;
	if (check_name(name, len) || check_name(src_name, src_len))
		return -L4_EINVAL;
	if (m->items > 0) {
		struct l4srv_obj *so;
		if ((err = l4srv_get_cap(m, 0, &ns_type, &so, NULL, NULL)) < 0)
			return err;
		src = (struct moe_ns *)so;
	}
	struct ns_entry *s = find(src, src_name, src_len);
	if (!s)
		return -L4_ENOENT;
	if (!s->c)
		return -L4_EAGAIN;
	struct ns_entry *e = find(ns, name, len);
	if (e && (e->internal || !(flags & L4RE_NS_REGISTER_OVERWRITE)))
		return -L4_EEXIST;
	if (e == s)
		return 0; /* linking an entry onto itself changes nothing */
	if (!e && !(e = entry_new(ns, name, len)))
		return -L4_ENOMEM;
	struct ns_cap *c = s->c;
	c->refs++; /* first: dropping e's old capability may drop c's last other ref */
	entry_drop_cap(e);
	e->c = c;
	e->rights = s->rights & flag_rights(flags);
	return 0;
}

/* unlink(name): removes the entry (moe's own entries stay: -L4_EACCESS). */
static long ns_unlink(struct l4srv_obj *o, struct l4srv_msg *m)
{
	struct moe_ns *ns = (struct moe_ns *)o;
	char name[L4RE_NS_NAME_MAX + 1];
	unsigned long len;
	int err = l4srv_get_string(m, name, sizeof(name), &len);
	if (err)
		return err;
	if (check_name(name, len))
		return -L4_EINVAL;
	struct ns_entry *e = find(ns, name, len);
	if (!e)
		return -L4_ENOENT;
	if (e->internal)
		return -L4_EACCESS;
	entry_unlink(ns, e);
	return 0;
}

static void ns_destroy(struct l4srv_obj *o)
{
	struct moe_ns *ns = (struct moe_ns *)o;
	while (ns->entries)
		entry_unlink(ns, ns->entries);
	moe_obj_free(ns->q, ns, sizeof(*ns));
}

static const struct l4srv_op ns_ops[] = {
	{ L4RE_NS_OP_QUERY,    0,              ns_query },
	{ L4RE_NS_OP_REGISTER, L4_CAP_FPAGE_W, ns_register },
	{ L4RE_NS_OP_LINK,     L4_CAP_FPAGE_W, ns_link },
	{ L4RE_NS_OP_UNLINK,   L4_CAP_FPAGE_W, ns_unlink },
};

static const struct l4srv_iface ns_ifaces[] = {
	{ .proto = L4RE_PROTO_NAMESPACE, .ops = ns_ops,
	  .n_ops = sizeof(ns_ops) / sizeof(ns_ops[0]) },
};

static const struct l4srv_type ns_type = {
	.name = "namespace",
	.ifaces = ns_ifaces,
	.n_ifaces = 1,
	.destroy = ns_destroy,
};

/* --- moe's interface ----------------------------------------------------- */

long moe_ns_create(struct moe_quota *q, struct l4srv_obj **out)
{
	struct moe_ns *ns = moe_obj_alloc(q, sizeof(*ns));
	if (!ns)
		return -L4_ENOMEM;
	ns->q = q;
	if (l4srv_register(&moe_srv, &ns->obj, &ns_type, "namespace") < 0) {
		moe_obj_free(q, ns, sizeof(*ns));
		return -L4_ENOMEM;
	}
	*out = &ns->obj;
	return 0;
}

long moe_ns_register_cap(struct l4srv_obj *o, const char *name, l4_cap_idx_t cap,
			 unsigned rights)
{
	if (!o || o->type != &ns_type || !name)
		return -L4_EINVAL;
	struct moe_ns *ns = (struct moe_ns *)o;
	unsigned long len = strnlen(name, L4RE_NS_NAME_MAX + 1);
	if (check_name(name, len))
		return -L4_EINVAL;
	if (find(ns, name, len))
		return -L4_EEXIST;
	struct ns_entry *e = entry_new(ns, name, len);
	if (!e)
		return -L4_ENOMEM;
	if (!(e->c = cap_new(ns->q, cap, false))) {
		entry_unlink(ns, e);
		return -L4_ENOMEM;
	}
	e->rights = L4_CAP_FPAGE_R | (rights & (L4_CAP_FPAGE_W | L4_CAP_FPAGE_S));
	e->internal = true;
	return 0;
}
