/* Capability arguments: which receive slot an item went to, local ids of
 * the server's own objects, keeping a received capability, and releasing
 * the ones nobody kept. */
#include "srv_int.h"

int l4srv_item_rcv_index(const struct l4srv_msg *m, unsigned idx)
{
	int b = -1;
	int cont = 0; /* the previous item had L4_ITEM_CONT: same buffer */
	for (unsigned i = 0; i <= idx && i < m->items; i++) {
		l4_umword_t ctl = m->in[m->words + 2 * i];
		if (!(ctl & L4_ITEM_MAP)) {
			if (i == idx)
				return -1; /* a void item: the kernel skipped it */
			continue;
		}
		if (!cont)
			b++;
		cont = (ctl & L4_ITEM_CONT) != 0;
		if (i == idx)
			return (ctl & L4_RCV_ITEM_LOCAL_ID) || b >= (int)L4SRV_RCV_SLOTS ? -1 : b;
	}
	return -1;
}

/* One of s's objects behind the capability in slot (no local ids from the
 * kernel: compare with every gate). */
static struct l4srv_obj *scan_own(struct l4srv_server *s, l4_cap_idx_t slot,
				  const struct l4srv_type *want)
{
	for (unsigned i = 0; i < s->cap_objs; i++) {
		struct l4srv_obj *o = s->objs[i];
		if (o && (!want || o->type == want) && l4srv_sys_cap_equal(s, slot, o->gate))
			return o;
	}
	return 0;
}

int l4srv_get_cap(struct l4srv_msg *m, unsigned idx, const struct l4srv_type *want,
		  struct l4srv_obj **obj, l4_cap_idx_t *cap, unsigned *rights)
{
	struct l4srv_obj *o = 0;
	struct l4srv_server *s = m->srv;
	if (obj)
		*obj = 0;
	if (cap)
		*cap = L4_INVALID_CAP;
	if (rights)
		*rights = 0;
	if (idx >= m->items)
		return -L4_EMSGTOOSHORT;
	l4_umword_t ctl = m->in[m->words + 2 * idx], w1 = m->in[m->words + 2 * idx + 1];
	if (!(ctl & L4_ITEM_MAP) || !s)
		return -L4_EINVAL;
	if (ctl & L4_RCV_ITEM_LOCAL_ID) {
		/* Nothing mapped; w1 = the gate's label | the sender's rights. */
		s->local_ids = 1;
		o = l4srv_lookup(s, w1);
		if (!o || (want && o->type != want))
			return -L4_EINVAL;
		if (obj)
			*obj = o;
		if (rights)
			*rights = (unsigned)(w1 & 3);
		return 0;
	}
	int b = l4srv_item_rcv_index(m, idx);
	if (b < 0 || l4_fpage_type((l4_fpage_t){ .raw = w1 }) != L4_FPAGE_OBJ)
		return -L4_EINVAL;
	l4_cap_idx_t slot = s->rcv[b];
	if (l4_is_invalid_cap(slot) || !l4srv_sys_cap_valid(s, slot))
		return -L4_EINVAL; /* the sender had nothing in its slot */
	if (!s->local_ids)
		o = scan_own(s, slot, want);
	if (o) {
		/* Our own gate, mapped: the sender's rights are unknown here. */
		if (obj)
			*obj = o;
		return 0;
	}
	if (want)
		return -L4_EINVAL;
	if (cap)
		*cap = slot;
	return 0;
}

void l4srv_take_cap(struct l4srv_msg *m, unsigned idx)
{
	if (idx >= m->items)
		return;
	int b = l4srv_item_rcv_index(m, idx);
	if (b >= 0 && (m->used & (1u << b)))
		m->taken |= 1u << b;
}

void l4srv_rcv_refill(struct l4srv_server *s)
{
	for (unsigned b = 0; b < L4SRV_RCV_SLOTS; b++)
		if (l4_is_invalid_cap(s->rcv[b]) && s->caps.alloc)
			s->rcv[b] = s->caps.alloc(s->caps.ctx);
	/* Valid slots first: the receive buffer list ends at the first gap. */
	if (l4_is_invalid_cap(s->rcv[0]) && !l4_is_invalid_cap(s->rcv[1])) {
		s->rcv[0] = s->rcv[1];
		s->rcv[1] = L4_INVALID_CAP;
	}
}

void l4srv_rcv_cleanup(struct l4srv_server *s, struct l4srv_msg *m)
{
	for (unsigned b = 0; b < L4SRV_RCV_SLOTS; b++) {
		if (!(m->used & (1u << b)) || l4_is_invalid_cap(s->rcv[b]))
			continue;
		if (m->taken & (1u << b))
			s->rcv[b] = L4_INVALID_CAP; /* the handler owns it now */
		else
			l4srv_sys_cap_release(s, s->rcv[b]);
	}
	m->used = m->taken = 0;
	l4srv_rcv_refill(s);
}
