/* Host tests of moe's region-map structure, pkg/moe/src/rm_tree.c: insert
 * with overlap refusal, lookup, removal with rebalancing, first-fit search
 * with alignment over one or two trees (regions and areas), and ranges at
 * the edges of the address space.
 */
// sources: pkg/moe/src/rm_tree.c
#include "tap.h"
#include "../../pkg/moe/src/rm_tree.h"

#include <stdlib.h>

static struct rm_node *node(unsigned long start, unsigned long end)
{
	struct rm_node *n = calloc(1, sizeof(*n));
	n->start = start;
	n->end = end;
	return n;
}

/* Checks order, disjointness and AVL balance; returns the height. */
static int check_subtree(const struct rm_node *n, unsigned long *prev_end, bool *first,
			 unsigned long *count)
{
	if (!n)
		return 0;
	int l = check_subtree(n->left, prev_end, first, count);
	CHECK(n->start <= n->end);
	if (!*first)
		CHECK(n->start > *prev_end);
	*first = false;
	*prev_end = n->end;
	(*count)++;
	int r = check_subtree(n->right, prev_end, first, count);
	CHECK(abs(l - r) <= 1);
	int h = (l > r ? l : r) + 1;
	CHECK_EQ(n->height, h);
	return h;
}

static void check_tree(const struct rm_tree *t)
{
	unsigned long prev = 0, count = 0;
	bool first = true;
	check_subtree(t->root, &prev, &first, &count);
	CHECK_EQ(count, t->count);
}

static void free_all(struct rm_tree *t)
{
	while (t->root) {
		struct rm_node *n = t->root;
		rm_tree_remove(t, n);
		free(n);
	}
}

TEST(rm_tree_insert_find)
{
	struct rm_tree t;
	rm_tree_init(&t);
	struct rm_node *a = node(0x1000, 0x1fff), *b = node(0x3000, 0x4fff);
	ASSERT(rm_tree_insert(&t, a));
	ASSERT(rm_tree_insert(&t, b));
	CHECK_EQ(rm_tree_find(&t, 0x1000), a);
	CHECK_EQ(rm_tree_find(&t, 0x1fff), a);
	CHECK_EQ(rm_tree_find(&t, 0x2000), NULL);
	CHECK_EQ(rm_tree_find(&t, 0x0fff), NULL);
	CHECK_EQ(rm_tree_find(&t, 0x4fff), b);
	CHECK_EQ(rm_tree_find(&t, 0x5000), NULL);
	CHECK_EQ(rm_tree_next(&t, 0x2000), b);
	CHECK_EQ(rm_tree_next(&t, 0), a);
	CHECK_EQ(rm_tree_next(&t, 0x5000), NULL);
	check_tree(&t);
	free_all(&t);
}

TEST(rm_tree_overlap_refused)
{
	struct rm_tree t;
	rm_tree_init(&t);
	struct rm_node *a = node(0x10000, 0x1ffff);
	ASSERT(rm_tree_insert(&t, a));
	struct rm_node x[] = {
		{ .start = 0x0f000, .end = 0x10000 }, /* touches the first byte */
		{ .start = 0x1ffff, .end = 0x20fff }, /* touches the last byte */
		{ .start = 0x11000, .end = 0x11fff }, /* inside */
		{ .start = 0x00000, .end = 0xfffffff }, /* around */
		{ .start = 0x10000, .end = 0x1ffff }, /* equal */
		{ .start = 0x30000, .end = 0x2ffff }, /* start > end */
	};
	for (unsigned i = 0; i < sizeof(x) / sizeof(x[0]); i++)
		CHECK(!rm_tree_insert(&t, &x[i]));
	CHECK_EQ(t.count, 1);
	struct rm_node *adj_lo = node(0xf000, 0xffff), *adj_hi = node(0x20000, 0x20fff);
	CHECK(rm_tree_insert(&t, adj_lo));
	CHECK(rm_tree_insert(&t, adj_hi));
	CHECK_EQ(rm_tree_first_overlap(&t, 0, 0xf000), adj_lo);
	CHECK_EQ(rm_tree_first_overlap(&t, 0x1ffff, 0x30000), a);
	CHECK_EQ(rm_tree_first_overlap(&t, 0x21000, ~0UL), NULL);
	check_tree(&t);
	free_all(&t);
}

TEST(rm_tree_many_insert_remove_balanced)
{
	struct rm_tree t;
	rm_tree_init(&t);
	enum { N = 1000 };
	static struct rm_node nodes[N];
	/* A scrambled order so both rotations happen. */
	for (unsigned i = 0; i < N; i++) {
		unsigned k = (i * 617) % N;
		nodes[k].start = k * 0x2000UL;
		nodes[k].end = k * 0x2000UL + 0xfff;
		ASSERT(rm_tree_insert(&t, &nodes[k]));
	}
	check_tree(&t);
	CHECK_LE(t.root->height, 15); /* 1.44 log2(1000) ~ 14.4 */
	for (unsigned i = 0; i < N; i++)
		CHECK_EQ(rm_tree_find(&t, i * 0x2000UL + 0x800), &nodes[i]);
	for (unsigned i = 0; i < N; i += 2)
		rm_tree_remove(&t, &nodes[(i * 331) % N]);
	check_tree(&t);
	unsigned found = 0;
	for (unsigned i = 0; i < N; i++)
		found += rm_tree_find(&t, i * 0x2000UL) != NULL;
	CHECK_EQ(found, t.count);
	CHECK_EQ(t.count, N / 2);
	while (t.root)
		rm_tree_remove(&t, t.root);
	CHECK_EQ(t.count, 0);
}

TEST(rm_tree_search_first_fit_and_alignment)
{
	struct rm_tree t;
	rm_tree_init(&t);
	ASSERT(rm_tree_insert(&t, node(0x1000, 0x2fff)));
	ASSERT(rm_tree_insert(&t, node(0x4000, 0x4fff)));
	struct rm_tree *tr[] = { &t };
	unsigned long a = 0;
	CHECK(rm_tree_search(tr, 1, 0x1000, ~0UL, 0x1000, 12, &a));
	CHECK_EQ(a, 0x3000);
	CHECK(rm_tree_search(tr, 1, 0x1000, ~0UL, 0x2000, 12, &a));
	CHECK_EQ(a, 0x5000);
	CHECK(rm_tree_search(tr, 1, 0x1000, ~0UL, 0x1000, 14, &a));
	CHECK_EQ(a, 0x8000);
	CHECK(rm_tree_search(tr, 1, 0, ~0UL, 0x1000, 12, &a));
	CHECK_EQ(a, 0);
	CHECK(rm_tree_search(tr, 1, 0x1000, ~0UL, 0x200000, 21, &a));
	CHECK_EQ(a, 0x200000);
	/* Bounded: nothing fits into [0x1000, 0x4fff] for two pages. */
	CHECK(!rm_tree_search(tr, 1, 0x1000, 0x4fff, 0x2000, 12, &a));
	CHECK(rm_tree_search(tr, 1, 0x1000, 0x3fff, 0x1000, 12, &a));
	CHECK_EQ(a, 0x3000);
	/* Invalid arguments. */
	CHECK(!rm_tree_search(tr, 1, 0x1000, ~0UL, 0, 12, &a));
	CHECK(!rm_tree_search(tr, 1, 0x1000, ~0UL, 0x1000, 64, &a));
	CHECK(!rm_tree_search(tr, 1, 0x5000, 0x4000, 0x1000, 12, &a));
	free_all(&t);
}

TEST(rm_tree_search_two_trees)
{
	struct rm_tree regions, areas;
	rm_tree_init(&regions);
	rm_tree_init(&areas);
	ASSERT(rm_tree_insert(&regions, node(0x10000, 0x10fff)));
	ASSERT(rm_tree_insert(&areas, node(0x11000, 0x1ffff)));
	ASSERT(rm_tree_insert(&regions, node(0x20000, 0x20fff)));
	struct rm_tree *both[] = { &regions, &areas }, *only[] = { &regions, NULL };
	unsigned long a;
	CHECK(rm_tree_search(both, 2, 0x10000, ~0UL, 0x1000, 12, &a));
	CHECK_EQ(a, 0x21000);
	CHECK(rm_tree_search(only, 2, 0x10000, ~0UL, 0x1000, 12, &a));
	CHECK_EQ(a, 0x11000);
	/* Search inside an area (bounds = the area). */
	CHECK(rm_tree_search(only, 1, 0x11000, 0x1ffff, 0x4000, 14, &a));
	CHECK_EQ(a, 0x14000);
	CHECK(!rm_tree_search(only, 1, 0x11000, 0x1ffff, 0x10000, 12, &a));
	free_all(&regions);
	free_all(&areas);
}

TEST(rm_tree_edges_of_the_address_space)
{
	struct rm_tree t;
	rm_tree_init(&t);
	struct rm_node *top = node(~0UL - 0xfff, ~0UL), *bottom = node(0, 0xfff);
	ASSERT(rm_tree_insert(&t, top));
	ASSERT(rm_tree_insert(&t, bottom));
	CHECK_EQ(rm_tree_find(&t, ~0UL), top);
	CHECK_EQ(rm_tree_find(&t, 0), bottom);
	CHECK_EQ(rm_tree_next(&t, ~0UL), top);
	struct rm_tree *tr[] = { &t };
	unsigned long a = 1;
	/* No room above the top node; the search must not wrap around. */
	CHECK(!rm_tree_search(tr, 1, ~0UL - 0xfff, ~0UL, 0x1000, 12, &a));
	CHECK(!rm_tree_search(tr, 1, ~0UL - 0x1fff, ~0UL, 0x2000, 12, &a));
	CHECK(rm_tree_search(tr, 1, 0, ~0UL, 0x1000, 12, &a));
	CHECK_EQ(a, 0x1000);
	/* Alignment that would overflow. */
	CHECK(!rm_tree_search(tr, 1, ~0UL - 0x1fff, ~0UL, 0x1000, 63, &a));
	/* Everything but one page. */
	CHECK(rm_tree_search(tr, 1, 0, ~0UL, ~0UL - 0x1fff, 12, &a));
	CHECK_EQ(a, 0x1000);
	CHECK(!rm_tree_search(tr, 1, 0, ~0UL, ~0UL - 0xfff, 12, &a));
	rm_tree_remove(&t, top);
	CHECK_EQ(rm_tree_find(&t, ~0UL), NULL);
	CHECK(rm_tree_search(tr, 1, 0x1000, ~0UL, 0x1000, 12, &a));
	CHECK_EQ(a, 0x1000);
	free(top);
	free_all(&t);
}
