/* Object spaces: two-level sparse capability tables (see kern/obj_space.h). */
#include <kern/kmem.h>
#include <kern/obj_space.h>
#include <kern/string.h>
#include <l4/sys/err.h>

void obj_space_init(struct obj_space *s) { s->dir = NULL; }

static bool split(cap_idx_t idx, u64 *d, u64 *l)
{
	if (idx.v >= OBJ_SPACE_MAX_CAPS)
		return false;
	*d = idx.v / OBJ_SPACE_LEAF_ENTRIES;
	*l = idx.v % OBJ_SPACE_LEAF_ENTRIES;
	return true;
}

struct cap_slot *obj_space_lookup(struct obj_space *s, cap_idx_t idx)
{
	u64 d, l;
	if (!split(idx, &d, &l) || !s->dir || !s->dir[d])
		return NULL;
	return &s->dir[d][l];
}

int obj_space_insert(struct obj_space *s, cap_idx_t idx, struct kobj *obj, unsigned rights)
{
	u64 d, l;
	if (!split(idx, &d, &l))
		return -L4_ERANGE;
	if (!s->dir && !(s->dir = kmem_alloc(PAGE_SIZE)))
		return -L4_ENOMEM;
	if (!s->dir[d] && !(s->dir[d] = kmem_alloc(PAGE_SIZE)))
		return -L4_ENOMEM;
	struct cap_slot *slot = &s->dir[d][l];
	if (slot->obj)
		return -L4_EEXIST;
	slot->obj = obj;
	slot->rights = rights;
	obj->refs++;
	return 0;
}

struct kobj *obj_space_remove(struct obj_space *s, cap_idx_t idx)
{
	struct cap_slot *slot = obj_space_lookup(s, idx);
	if (!slot || !slot->obj)
		return NULL;
	struct kobj *o = slot->obj;
	slot->obj = NULL;
	slot->rights = 0;
	o->refs--;
	return o;
}

void obj_space_destroy(struct obj_space *s)
{
	if (!s->dir)
		return;
	for (u64 d = 0; d < OBJ_SPACE_DIR_ENTRIES; d++)
		kmem_free(s->dir[d], PAGE_SIZE);
	kmem_free(s->dir, PAGE_SIZE);
	s->dir = NULL;
}
