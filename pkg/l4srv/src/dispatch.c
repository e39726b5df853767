/* Dispatch of one request: object by label, interface by protocol, operation
 * by opcode with its rights check; the meta protocol; the generic factory
 * protocol; building the reply in the UTCB (no system calls). */
#include "srv_int.h"

#include <l4/sys/meta.h>
#include <minrt_string.h>

static long call_op(struct l4srv_obj *obj, const struct l4srv_iface *ifc, struct l4srv_msg *m)
{
	if (!ifc->ops)
		return ifc->any ? ifc->any(obj, m) : -L4_ENOSYS;
	l4_umword_t opcode;
	if (l4srv_get_word(m, &opcode))
		return -L4_EMSGTOOSHORT;
	for (unsigned i = 0; i < ifc->n_ops; i++) {
		const struct l4srv_op *op = &ifc->ops[i];
		if (op->opcode != opcode)
			continue;
		unsigned need = op->rights & (L4_CAP_FPAGE_W | L4_CAP_FPAGE_S);
		if (need & ~m->rights)
			return -L4_EPERM;
		return op->fn ? op->fn(obj, m) : -L4_ENOSYS;
	}
	return -L4_ENOSYS;
}

static long call_obj(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	const struct l4srv_type *t = obj->type;
	long proto = l4_msgtag_label(m->tag);
	for (unsigned i = 0; i < t->n_ifaces; i++)
		if (t->ifaces[i].proto == proto)
			return call_op(obj, &t->ifaces[i], m);
	if (proto == L4_PROTO_META)
		return l4srv_meta(obj, m);
	return -L4_EBADPROTO;
}

long l4srv_meta(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	const struct l4srv_type *t = obj->type;
	l4_umword_t opcode, arg;
	if (l4srv_get_word(m, &opcode))
		return -L4_EMSGTOOSHORT;
	switch (opcode) {
	case L4_META_NUM_INTERFACES_OP:
		return t->n_ifaces;
	case L4_META_INTERFACE_OP: {
		if (l4srv_get_word(m, &arg))
			return -L4_EMSGTOOSHORT;
		if (arg >= t->n_ifaces)
			return -L4_ERANGE;
		const struct l4srv_iface *ifc = &t->ifaces[arg];
		const char *name = ifc->name ? ifc->name : t->name ? t->name : "";
		/* mr0 = protocol, mr1 = length with the NUL, then the name. */
		if (l4srv_put_word(m, (l4_umword_t)ifc->proto) ||
		    l4srv_put_string(m, name, strlen(name) + 1))
			return -L4_EMSGTOOLONG;
		return 0;
	}
	case L4_META_SUPPORTS_OP: {
		if (l4srv_get_word(m, &arg))
			return -L4_EMSGTOOSHORT;
		if ((l4_mword_t)arg == L4_PROTO_META)
			return 1;
		for (unsigned i = 0; i < t->n_ifaces; i++)
			if (t->ifaces[i].proto == (l4_mword_t)arg)
				return 1;
		return 0;
	}
	default:
		return -L4_ENOSYS;
	}
}

/* Copies the reply built in m into the UTCB and returns its tag. */
static l4_msgtag_t reply(struct l4srv_server *s, struct l4srv_msg *m, long r)
{
	if (r == L4SRV_NO_REPLY) {
		s->served++;
		return l4_msgtag(L4SRV_NO_REPLY, 0, 0, 0);
	}
	if (r >= 0 && m->overflow)
		r = -L4_EMSGTOOLONG; /* a put failed and the handler did not say */
	if (r < 0) {
		s->rejected++;
		return l4_msgtag(r, 0, 0, 0);
	}
	s->served++;
	l4_umword_t *mr = l4_utcb_mr_u(m->utcb)->mr;
	memcpy(mr, m->out, m->wpos * sizeof(l4_umword_t));
	memcpy(mr + m->wpos, m->out_items, m->witems * 2 * sizeof(l4_umword_t));
	return l4_msgtag(r, m->wpos, m->witems, 0);
}

l4_msgtag_t l4srv_dispatch_u(struct l4srv_server *s, l4_msgtag_t tag, l4_umword_t label,
			     l4_utcb_t *utcb)
{
	struct l4srv_msg m;
	long r;
	s->created = 0;
	if (l4srv_msg_init(&m, s, utcb, tag, label)) {
		r = -L4_EMSGTOOLONG;
	} else {
		struct l4srv_obj *obj = l4srv_lookup(s, label);
		/* obj may be gone after the handler (unregistered): not used again. */
		r = obj ? call_obj(obj, &m) : -L4_ENOENT;
	}
	l4srv_rcv_cleanup(s, &m);
	return reply(s, &m, r);
}

long l4srv_factory_dispatch(struct l4srv_obj *factory, struct l4srv_msg *m,
			    l4srv_create_t create)
{
	if (!(m->rights & L4_CAP_FPAGE_S))
		return -L4_EPERM;
	l4_mword_t proto;
	if (l4srv_get_sword(m, &proto))
		return -L4_EMSGTOOSHORT;
	struct l4srv_obj *out = 0;
	long r = create(factory, proto, m, &out);
	if (r < 0)
		return r;
	if (!out)
		return -L4_ENOMEM;
	/* Only the new capability in the reply (like the kernel's factory). */
	m->wpos = m->witems = 0;
	m->overflow = 0;
	if (l4srv_put_cap(m, out->gate, L4_CAP_FPAGE_RWS)) {
		if (m->srv)
			l4srv_unregister(m->srv, out);
		return -L4_EMSGTOOLONG;
	}
	if (m->srv)
		m->srv->created = out; /* the loop drops it if the reply fails */
	return 0;
}
