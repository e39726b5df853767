/* The object registry: registry slot i+1 holds objs[i], its IPC gate has
 * label (i + 1) << 2. Label 0 (IPC through a thread capability) never
 * names an object. */
#include "srv_int.h"

int l4srv_default_caps(struct l4srv_cap_ops *ops);

int l4srv_server_init(struct l4srv_server *s, l4_cap_idx_t thread, l4_cap_idx_t factory,
		      const struct l4srv_cap_ops *caps, struct l4srv_obj **objs,
		      unsigned max_objs)
{
	*s = (struct l4srv_server){ 0 };
	s->thread = thread;
	s->factory = factory;
	s->objs = objs;
	s->cap_objs = objs ? max_objs : 0;
	for (unsigned i = 0; i < s->cap_objs; i++)
		objs[i] = 0;
	s->rcv[0] = s->rcv[1] = L4_INVALID_CAP;
	if (caps)
		s->caps = *caps;
	else if (l4srv_default_caps(&s->caps))
		return -L4_ENOMEM;
	if (!s->caps.alloc || !s->caps.free)
		return -L4_ENOMEM;
	l4srv_rcv_refill(s);
	return l4_is_invalid_cap(s->rcv[0]) ? -L4_ENOMEM : 0;
}

struct l4srv_obj *l4srv_lookup(struct l4srv_server *s, l4_umword_t label)
{
	l4_umword_t slot = label >> 2;
	if (slot == 0 || slot > s->cap_objs)
		return 0;
	return s->objs[slot - 1];
}

int l4srv_register(struct l4srv_server *s, struct l4srv_obj *obj,
		   const struct l4srv_type *t, const char *debug_name)
{
	if (!obj || !t)
		return -L4_EINVAL;
	unsigned i = s->hint;
	while (i < s->cap_objs && s->objs[i])
		i++;
	if (i >= s->cap_objs) /* the hint is the lowest free index */
		return -L4_ENOMEM;
	l4_cap_idx_t cap = s->caps.alloc(s->caps.ctx);
	if (l4_is_invalid_cap(cap))
		return -L4_ENOMEM;
	l4_umword_t label = (l4_umword_t)(i + 1) << 2;
	long r = l4srv_sys_gate_create(s, cap, label, debug_name);
	if (r < 0) {
		s->caps.free(s->caps.ctx, cap);
		return (int)r;
	}
	obj->type = t;
	obj->gate = cap;
	obj->slot = i + 1;
	s->objs[i] = obj;
	s->n_objs++;
	s->hint = i + 1;
	return 0;
}

void l4srv_unregister(struct l4srv_server *s, struct l4srv_obj *obj)
{
	if (!obj || obj->slot == 0 || obj->slot > s->cap_objs || s->objs[obj->slot - 1] != obj)
		return; /* not registered here: nothing to undo */
	unsigned i = obj->slot - 1;
	s->objs[i] = 0;
	s->n_objs--;
	if (i < s->hint)
		s->hint = i;
	if (s->created == obj)
		s->created = 0;
	l4srv_sys_gate_delete(s, obj->gate);
	s->caps.free(s->caps.ctx, obj->gate);
	obj->gate = L4_INVALID_CAP;
	obj->slot = 0;
	if (obj->type->destroy)
		obj->type->destroy(obj);
}
