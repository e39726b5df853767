/* Object spaces: two-level sparse capability tables (see kern/obj_space.h). */
#include <kern/obj_space.h>
#include <kern/quota.h>
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


struct cap_slot *obj_space_slot(struct obj_space *s, cap_idx_t idx, struct quota *q, int *err)
{
	u64 d, l;
	if (!split(idx, &d, &l)) {
		*err = -L4_ERANGE;
		return NULL;
	}
	if ((!s->dir && !(s->dir = kmem_alloc_q(q, PAGE_SIZE))) ||
	    (!s->dir[d] && !(s->dir[d] = kmem_alloc_q(q, PAGE_SIZE)))) {
		*err = -L4_ENOMEM;
		return NULL;
	}
	return &s->dir[d][l];
}

u64 obj_space_next(struct obj_space *s, u64 from)
{
	return obj_space_next_below(s, from, OBJ_SPACE_MAX_CAPS);
}

u64 obj_space_next_below(struct obj_space *s, u64 from, u64 limit)
{
	/* Search below the table's end, but report "none" as the caller's limit. */
	u64 end = MIN(limit, (u64)OBJ_SPACE_MAX_CAPS);
	if (!s->dir)
		return limit;
	for (u64 i = from; i < end;) {
		struct cap_slot *leaf = s->dir[i / OBJ_SPACE_LEAF_ENTRIES];
		if (!leaf) {
			i = (i / OBJ_SPACE_LEAF_ENTRIES + 1) * OBJ_SPACE_LEAF_ENTRIES;
			continue;
		}
		if (leaf[i % OBJ_SPACE_LEAF_ENTRIES].obj)
			return i;
		i++;
	}
	return limit;
}

void obj_space_destroy(struct obj_space *s, struct quota *q)
{
	if (!s->dir)
		return;
	for (u64 d = 0; d < OBJ_SPACE_DIR_ENTRIES; d++)
		kmem_free_q(q, s->dir[d], PAGE_SIZE);
	kmem_free_q(q, s->dir, PAGE_SIZE);
	s->dir = NULL;
}
