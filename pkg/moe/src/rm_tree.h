/* The address-range structure behind a region map: disjoint, inclusive
 * ranges [start, end] in an intrusive AVL tree ordered by start, with
 * lookup, overlap queries and a first-fit search for free space. Pure data
 * structure (no system calls, no allocation), so it is host-tested
 * (tests/host/rm_tree.c). */
#pragma once

#include <stdbool.h>

/* Embed in the caller's region or area record. */
struct rm_node {
	unsigned long start, end;  /* inclusive: a range never wraps */
	struct rm_node *left, *right;
	int height;
};

struct rm_tree {
	struct rm_node *root;
	unsigned long count;
};

void rm_tree_init(struct rm_tree *t);

/* Inserts n (start <= end set by the caller). Returns false, leaving the
 * tree unchanged, when n overlaps a node already in t or start > end. */
bool rm_tree_insert(struct rm_tree *t, struct rm_node *n);

/* Removes n, which must be in t. */
void rm_tree_remove(struct rm_tree *t, struct rm_node *n);

/* The node containing addr, or NULL. */
struct rm_node *rm_tree_find(const struct rm_tree *t, unsigned long addr);

/* The lowest node overlapping [start, end], or NULL (start <= end). */
struct rm_node *rm_tree_first_overlap(const struct rm_tree *t, unsigned long start,
				      unsigned long end);

/* The lowest node whose end is >= addr (iteration: pass prev->end + 1;
 * stop when prev->end is ~0UL), or NULL. */
struct rm_node *rm_tree_next(const struct rm_tree *t, unsigned long addr);

/* First fit: the lowest address a >= lo, a multiple of 1 << align, with
 * [a, a + size - 1] inside [lo, hi] and overlapping no node of any of the
 * n trees (NULL entries are skipped). size > 0, align < 64.
 * Returns false when there is no such place. */
bool rm_tree_search(struct rm_tree *const *trees, unsigned n, unsigned long lo,
		    unsigned long hi, unsigned long size, unsigned align,
		    unsigned long *out);
