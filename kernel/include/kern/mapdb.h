/* The mapping database: one derivation tree per physical page and per kernel
 * object, so that revoking a mapping revokes everything derived from it.
 *
 * A node stands for one mapping: a virtual page in a task (memory), a
 * capability slot in a task (objects) or an I/O port in a task. Mapping
 * from a task creates a child of the source node; unmap walks the subtree.
 * Roots are mappings the kernel made itself (sigma0's memory, boot
 * capabilities, the creator's capability of a new object).
 */
#pragma once

#include <kern/list.h>
#include <kern/types.h>

struct task;
struct quota;

enum map_kind { MAP_MEM = 1, MAP_OBJ = 2, MAP_IO = 3 };

struct mapnode {
	struct mapnode *parent;    /* NULL for a root */
	struct list children;      /* struct mapnode.sibling */
	struct list sibling;
	struct task *task;         /* where this mapping lives */
	u64 target;                /* physical address (mem) or struct kobj * (obj) */
	/* One word for the rest keeps a node at 64 bytes (the kmem class it
	 * lands in): every mapped page of every task costs one node. */
	u64 key : 48;              /* page number (< 2^36), capability index (< 2^40) or port */
	u64 kind : 8;              /* enum map_kind */
	u64 rights : 8;            /* VM_* for memory, CAP_RIGHT_* for objects */
};
_Static_assert(sizeof(struct mapnode) == 64, "a mapping node fills one 64-byte kmem object");

/* What revoking does to the hardware or capability tables of a node. */
struct mapdb_ops {
	/* Removes the mapping of n from its task (n is freed afterwards). */
	void (*remove)(struct mapnode *n);
	/* Takes rights away from the mapping of n (n->rights already reduced). */
	void (*reduce)(struct mapnode *n);
};

/* Creates a node (root when parent is NULL), charged to q. NULL when out of
 * memory or quota. The caller installs it in the task's lookup structure. */
struct mapnode *mapnode_new(struct mapnode *parent, struct task *task, enum map_kind kind,
			    u64 key, u64 target, unsigned rights, struct quota *q);

/* Revokes rights from everything derived from n, and from n too when
 * include_self. Removing the read right (or all rights) removes a mapping;
 * removed nodes are freed (their memory uncharged from their task's
 * quota). Returns the number of mappings removed. */
unsigned mapdb_revoke(struct mapnode *n, unsigned rights, bool include_self,
		      const struct mapdb_ops *ops);

/* Moves n's position in the tree to a new owner (grant): the node keeps its
 * parent and children and now lives at task/key. */
void mapnode_move(struct mapnode *n, struct task *task, u64 key);

/* The quota a node's memory is charged to (its task's). */
struct quota *mapnode_quota(const struct mapnode *n);
