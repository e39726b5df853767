/* Disjoint address ranges in an intrusive AVL tree (see rm_tree.h). */
#include "rm_tree.h"

#include <stddef.h>

void rm_tree_init(struct rm_tree *t)
{
	t->root = NULL;
	t->count = 0;
}

static int height(const struct rm_node *n)
{
	return n ? n->height : 0;
}

static void fix_height(struct rm_node *n)
{
	int l = height(n->left), r = height(n->right);
	n->height = (l > r ? l : r) + 1;
}

static struct rm_node *rotate_right(struct rm_node *n)
{
	struct rm_node *l = n->left;
	n->left = l->right;
	l->right = n;
	fix_height(n);
	fix_height(l);
	return l;
}

static struct rm_node *rotate_left(struct rm_node *n)
{
	struct rm_node *r = n->right;
	n->right = r->left;
	r->left = n;
	fix_height(n);
	fix_height(r);
	return r;
}

/* Restores the AVL property at n (children are balanced already). */
static struct rm_node *balance(struct rm_node *n)
{
	fix_height(n);
	int bf = height(n->left) - height(n->right);
	if (bf > 1) {
		if (height(n->left->left) < height(n->left->right))
			n->left = rotate_left(n->left);
		return rotate_right(n);
	}
	if (bf < -1) {
		if (height(n->right->right) < height(n->right->left))
			n->right = rotate_right(n->right);
		return rotate_left(n);
	}
	return n;
}

static struct rm_node *insert_at(struct rm_node *root, struct rm_node *n)
{
	if (!root)
		return n;
	if (n->start < root->start)
		root->left = insert_at(root->left, n);
	else
		root->right = insert_at(root->right, n);
	return balance(root);
}

bool rm_tree_insert(struct rm_tree *t, struct rm_node *n)
{
	if (n->start > n->end || rm_tree_first_overlap(t, n->start, n->end))
		return false;
	n->left = n->right = NULL;
	n->height = 1;
	t->root = insert_at(t->root, n);
	t->count++;
	return true;
}

/* Unlinks the minimum of root into *min; returns the new subtree. */
static struct rm_node *remove_min(struct rm_node *root, struct rm_node **min)
{
	if (!root->left) {
		*min = root;
		return root->right;
	}
	root->left = remove_min(root->left, min);
	return balance(root);
}

static struct rm_node *remove_at(struct rm_node *root, struct rm_node *n)
{
	if (!root)
		return NULL; /* not in the tree: the caller broke the contract */
	if (n->start < root->start) {
		root->left = remove_at(root->left, n);
	} else if (n->start > root->start) {
		root->right = remove_at(root->right, n);
	} else {
		struct rm_node *l = root->left, *r = root->right, *min;
		if (!r)
			return l;
		r = remove_min(r, &min);
		min->left = l;
		min->right = r;
		return balance(min);
	}
	return balance(root);
}

void rm_tree_remove(struct rm_tree *t, struct rm_node *n)
{
	t->root = remove_at(t->root, n);
	t->count--;
	n->left = n->right = NULL;
}

struct rm_node *rm_tree_next(const struct rm_tree *t, unsigned long addr)
{
	struct rm_node *cur = t->root, *best = NULL;
	while (cur) {
		if (cur->end >= addr) {
			/* Disjoint and ordered: ends are ordered like starts. */
			best = cur;
			cur = cur->left;
		} else {
			cur = cur->right;
		}
	}
	return best;
}

struct rm_node *rm_tree_find(const struct rm_tree *t, unsigned long addr)
{
	struct rm_node *n = rm_tree_next(t, addr);
	return (n && n->start <= addr) ? n : NULL;
}

struct rm_node *rm_tree_first_overlap(const struct rm_tree *t, unsigned long start,
				      unsigned long end)
{
	struct rm_node *n = rm_tree_next(t, start);
	return (n && n->start <= end) ? n : NULL;
}

/* a rounded up to a multiple of 1 << align; false on overflow. */
static bool align_up(unsigned long a, unsigned align, unsigned long *out)
{
	unsigned long mask = (1UL << align) - 1;
	if (a > ~0UL - mask)
		return false;
	*out = (a + mask) & ~mask;
	return true;
}

bool rm_tree_search(struct rm_tree *const *trees, unsigned n, unsigned long lo,
		    unsigned long hi, unsigned long size, unsigned align,
		    unsigned long *out)
{
	if (size == 0 || align >= 64 || lo > hi)
		return false;
	unsigned long a = lo;
	for (;;) {
		if (!align_up(a, align, &a) || a > hi || hi - a < size - 1)
			return false;
		unsigned long end = a + size - 1, last = 0;
		bool clash = false;
		for (unsigned i = 0; i < n; i++) {
			struct rm_node *o = trees[i] ? rm_tree_first_overlap(trees[i], a, end) : NULL;
			/* Skip every node of this tree that overlaps the candidate. */
			while (o && o->start <= end) {
				clash = true;
				if (o->end > last)
					last = o->end;
				if (o->end == ~0UL)
					break;
				o = rm_tree_next(trees[i], o->end + 1);
			}
		}
		if (!clash) {
			*out = a;
			return true;
		}
		if (last == ~0UL)
			return false;
		a = last + 1;
	}
}
