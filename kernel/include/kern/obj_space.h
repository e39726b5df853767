/* Object spaces: a task's sparse table of capabilities, indexed by capability index.
 *
 * Two levels: a directory page of OBJ_SPACE_DIR_ENTRIES pointers to leaf pages
 * of OBJ_SPACE_LEAF_ENTRIES capability slots, allocated on first insert. A
 * lookup is two loads; an empty slot reads as no object.
 */
#pragma once

#include <kern/obj.h>
#include <kern/types.h>

struct cap_slot {
	struct kobj *obj;
	u64 rights; /* CAP_RIGHT_* */
};

#define OBJ_SPACE_LEAF_ENTRIES (PAGE_SIZE / sizeof(struct cap_slot))
#define OBJ_SPACE_DIR_ENTRIES  (PAGE_SIZE / sizeof(struct cap_slot *))
#define OBJ_SPACE_MAX_CAPS     (OBJ_SPACE_LEAF_ENTRIES * OBJ_SPACE_DIR_ENTRIES)

struct obj_space {
	struct cap_slot **dir; /* NULL until the first insert */
};

void obj_space_init(struct obj_space *s);
/* The slot for idx, or NULL when idx is out of range or its leaf is absent. */
struct cap_slot *obj_space_lookup(struct obj_space *s, cap_idx_t idx);
/* Installs obj with rights at idx, replacing nothing: -L4_EEXIST when taken,
 * -L4_ERANGE when idx is out of range, -L4_ENOMEM when a leaf cannot be had. */
int obj_space_insert(struct obj_space *s, cap_idx_t idx, struct kobj *obj, unsigned rights);
/* Empties idx and returns the object that was there (NULL if none). */
struct kobj *obj_space_remove(struct obj_space *s, cap_idx_t idx);
/* Frees the table (not the objects). */
void obj_space_destroy(struct obj_space *s);
