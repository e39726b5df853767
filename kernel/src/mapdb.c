/* Mapping database: derivation trees and recursive revocation. */
#include <kern/mapdb.h>
#include <kern/panic.h>
#include <kern/quota.h>

struct mapnode *mapnode_new(struct mapnode *parent, struct task *task, enum map_kind kind,
			    u64 key, u64 target, unsigned rights, struct quota *q)
{
	struct mapnode *n = kmem_alloc_q(q, sizeof(*n));
	if (!n)
		return NULL;
	n->parent = parent;
	list_init(&n->children);
	list_init(&n->sibling);
	n->task = task;
	n->key = key;
	n->target = target;
	n->kind = (u8)kind;
	n->rights = (u8)rights;
	if (parent)
		list_push_back(&parent->children, &n->sibling);
	return n;
}

void mapnode_move(struct mapnode *n, struct task *task, u64 key)
{
	n->task = task;
	n->key = key;
}

/* Frees n after its subtree is gone. */
static void free_node(struct mapnode *n)
{
	ASSERT(list_empty(&n->children));
	list_remove(&n->sibling);
	kmem_free_q(mapnode_quota(n), n, sizeof(*n));
}

/* Removing a node's mapping removes its subtree: children first, deepest
 * first, iteratively so a long derivation chain cannot overflow the kernel
 * stack. */
static unsigned remove_subtree(struct mapnode *top, const struct mapdb_ops *ops)
{
	unsigned removed = 0;
	struct mapnode *n = top;
	for (;;) {
		while (!list_empty(&n->children))
			n = list_entry(n->children.next, struct mapnode, sibling);
		struct mapnode *parent = n->parent;
		ops->remove(n);
		bool last = n == top;
		free_node(n);
		removed++;
		if (last)
			return removed;
		n = parent;
	}
}

/* The node after n in a pre-order walk of top's subtree (top excluded), or
 * NULL at the end; iterative, so deep derivation chains are no problem. */
static struct mapnode *next_preorder(struct mapnode *n, struct mapnode *top)
{
	if (!list_empty(&n->children))
		return list_entry(n->children.next, struct mapnode, sibling);
	while (n != top) {
		struct mapnode *p = n->parent;
		if (n->sibling.next != &p->children)
			return list_entry(n->sibling.next, struct mapnode, sibling);
		n = p;
	}
	return NULL;
}

static void reduce_subtree(struct mapnode *top, unsigned rights, const struct mapdb_ops *ops)
{
	for (struct mapnode *c = next_preorder(top, top); c; c = next_preorder(c, top)) {
		if (c->rights & rights) {
			c->rights &= (u8)~rights;
			ops->reduce(c);
		}
	}
}

unsigned mapdb_revoke(struct mapnode *n, unsigned rights, bool include_self,
		      const struct mapdb_ops *ops)
{
	/* The read right is what makes a mapping: without it nothing is left. */
	const unsigned essential = 4; /* VM_R == CAP_RIGHT_R */
	unsigned removed = 0;
	if (rights & essential) {
		if (include_self)
			return remove_subtree(n, ops);
		while (!list_empty(&n->children))
			removed += remove_subtree(list_entry(n->children.next, struct mapnode, sibling), ops);
		return removed;
	}
	if (include_self && (n->rights & rights)) {
		n->rights &= (u8)~rights;
		ops->reduce(n);
	}
	reduce_subtree(n, rights, ops);
	return 0;
}
