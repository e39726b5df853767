/* Object spaces: a task's sparse table of capabilities, indexed by capability index.
 *
 * Two levels: a directory page of OBJ_SPACE_DIR_ENTRIES pointers to leaf pages
 * of OBJ_SPACE_LEAF_ENTRIES capability slots, allocated on first use and
 * charged to the task's quota. A lookup is two loads; an empty slot has
 * obj == NULL. obj and rights are kept in the slot (not only in the mapping
 * node) because every system call reads them.
 */
#pragma once

#include <kern/obj.h>
#include <kern/types.h>

struct mapnode;
struct quota;

struct cap_slot {
	struct kobj *obj;
	u32 rights;            /* CAP_RIGHT_* */
	u32 pad;
	struct mapnode *node;  /* its place in the mapping database */
};

#define OBJ_SPACE_LEAF_ENTRIES (PAGE_SIZE / sizeof(struct cap_slot))
#define OBJ_SPACE_DIR_ENTRIES  (PAGE_SIZE / sizeof(struct cap_slot *))
#define OBJ_SPACE_MAX_CAPS     (OBJ_SPACE_LEAF_ENTRIES * OBJ_SPACE_DIR_ENTRIES)

struct obj_space {
	struct cap_slot **dir; /* NULL until the first insert */
};

void obj_space_init(struct obj_space *s);
/* The slot for idx, or NULL when idx is out of range or its leaf is absent.
 * Inline: every system call looks up one. */
static inline struct cap_slot *obj_space_lookup(struct obj_space *s, cap_idx_t idx)
{
	if (idx.v >= OBJ_SPACE_MAX_CAPS || !s->dir)
		return NULL;
	struct cap_slot *leaf = s->dir[idx.v / OBJ_SPACE_LEAF_ENTRIES];
	return leaf ? &leaf[idx.v % OBJ_SPACE_LEAF_ENTRIES] : NULL;
}
/* The slot for idx, allocating its leaf (charged to q). NULL when idx is
 * out of range (*err = -L4_ERANGE) or memory/quota is exhausted (-L4_ENOMEM). */
struct cap_slot *obj_space_slot(struct obj_space *s, cap_idx_t idx, struct quota *q, int *err);
/* The smallest index >= from whose slot holds a capability, or
 * OBJ_SPACE_MAX_CAPS; skips absent leaves. */
u64 obj_space_next(struct obj_space *s, u64 from);
/* The same, looking only below limit (returns limit when none). */
u64 obj_space_next_below(struct obj_space *s, u64 from, u64 limit);
/* Frees the table (not the objects), uncharging q. */
void obj_space_destroy(struct obj_space *s, struct quota *q);
