/* Host tests of the mapping database, kernel/src/mapdb.c: derivation trees
 * over several tasks, recursive revocation through a callback table, rights
 * reduction, grants (mapnode_move), against a model of the trees. The real
 * quota, kmem and pmem code is underneath (simulated physical memory,
 * pmem_sim.h); mapnode_quota(), the kernel's in map.c, is provided here:
 * a node's quota is its task's, as in the kernel.
 *
 * Each node's target holds the index of its record in the model, so the
 * callbacks know which node they are given. They never end a test (no
 * ASSERT inside mapdb's loops): they count what is wrong, and the tests
 * check the counts afterwards.
 */
// sources: kernel/src/mapdb.c kernel/src/quota.c kernel/src/kmem.c kernel/src/pmem.c
#include "tap.h"
#include "pmem_sim.h"

#include <pthread.h>

#include <kern/kmem.h>
#include <kern/mapdb.h>
#include <kern/obj.h>
#include <kern/pmem.h>
#include <kern/quota.h>
#include <kern/task.h>
#include <kern/vm.h>

static const struct pmem_range ranges[] = {
	{ { 0x0100000 }, 0x3f00000 }, /* 1 MiB .. 64 MiB */
};
static u64 base_free;

/* ---- tasks: only their quota matters to mapdb ---- */

#define NTASKS 4
static struct task tasks[NTASKS];
static struct quota tq[NTASKS];

struct quota *mapnode_quota(const struct mapnode *n) { return n->task->quota; }

#define NODE_CHARGE kmem_charge_size(sizeof(struct mapnode))

static void reset_tasks(u64 limit)
{
	memset(tasks, 0, sizeof(tasks));
	for (unsigned i = 0; i < NTASKS; i++) {
		quota_init(&tq[i], NULL, limit);
		tasks[i].quota = &tq[i];
	}
}

/* ---- the model ---- */

#define MAXN 110000
#define NONE (-1)

struct rec {
	struct mapnode *n;
	int parent;
	int first, last, prev, next; /* live children, in creation order */
	int nchildren;
	unsigned task;
	u64 key;
	u8 rights;
	bool live;
	/* what the callbacks saw during the last revoke */
	unsigned removes, reduces;
};
static struct rec recs[MAXN];
static int nrec;
static u64 live_in_task[NTASKS];

static void reset_model(void)
{
	nrec = 0;
	memset(live_in_task, 0, sizeof(live_in_task));
}

/* Creates a node through mapdb and records it; the index, or NONE when
 * mapnode_new refused (which must change nothing). */
static int add(int parent, unsigned task, u64 key, unsigned rights)
{
	TAP_FATAL_LT(nrec, MAXN);
	int id = nrec;
	struct mapnode *pn = parent == NONE ? NULL : recs[parent].n;
	struct mapnode *n = mapnode_new(pn, &tasks[task], MAP_MEM, key, (u64)id, rights,
					tasks[task].quota);
	if (!n)
		return NONE;
	nrec++;
	recs[id] = (struct rec){ n, parent, NONE, NONE, NONE, NONE, 0, task, key, (u8)rights,
				 true, 0, 0 };
	if (parent != NONE) {
		struct rec *p = &recs[parent];
		recs[id].prev = p->last;
		if (p->last != NONE)
			recs[p->last].next = id;
		else
			p->first = id;
		p->last = id;
		p->nchildren++;
	}
	live_in_task[task]++;
	return id;
}

static void model_unlink(int id)
{
	struct rec *r = &recs[id];
	if (r->parent != NONE) {
		struct rec *p = &recs[r->parent];
		if (r->prev != NONE)
			recs[r->prev].next = r->next;
		else
			p->first = r->next;
		if (r->next != NONE)
			recs[r->next].prev = r->prev;
		else
			p->last = r->prev;
		p->nchildren--;
	}
	r->live = false;
	live_in_task[r->task]--;
}

/* ---- the callbacks ---- */

static unsigned cb_errors, cb_removes, cb_reduces;
static unsigned cb_revoking; /* the rights being revoked */
static char cb_first_error[200];
static int removal_order[MAXN]; /* ids in the order remove() saw them */

static void cb_error(const char *what, u64 id)
{
	if (!cb_errors++)
		snprintf(cb_first_error, sizeof(cb_first_error), "%s (node %llu)", what,
			 (unsigned long long)id);
}

/* The record of n, or NULL (counted as an error) when n is no live node. */
static struct rec *rec_of(struct mapnode *n)
{
	u64 id = n->target;
	if (id >= (u64)nrec || recs[id].n != n) {
		cb_error("a callback got an unknown node", id);
		return NULL;
	}
	if (!recs[id].live) {
		cb_error("a callback got a node that was already removed", id);
		return NULL;
	}
	return &recs[id];
}

static void cb_remove(struct mapnode *n)
{
	struct rec *r = rec_of(n);
	if (!r)
		return;
	/* Children before parents: none of its children is left, in the
	 * model or in the kernel's list. */
	if (r->nchildren || !list_empty(&n->children))
		cb_error("remove() of a node whose children were not removed yet", n->target);
	if (n->parent != (r->parent == NONE ? NULL : recs[r->parent].n))
		cb_error("remove() of a node with a wrong parent", n->target);
	/* The callback must still find the mapping: task and key intact. */
	if (n->task != &tasks[r->task] || n->key != r->key)
		cb_error("remove() of a node without its task or key", n->target);
	r->removes++;
	removal_order[cb_removes++] = (int)n->target;
	model_unlink((int)n->target);
}

static void cb_reduce(struct mapnode *n)
{
	struct rec *r = rec_of(n);
	if (!r)
		return;
	/* The rights are already reduced when reduce() is called. */
	if (n->rights & cb_revoking)
		cb_error("reduce() of a node that still has a revoked right", n->target);
	if ((n->rights | cb_revoking) != (r->rights | cb_revoking))
		cb_error("reduce() of a node that lost other rights too", n->target);
	r->reduces++;
	cb_reduces++;
}

static const struct mapdb_ops ops = { cb_remove, cb_reduce };

/* ---- revoking with the model's expectations ---- */

static bool in_subtree(int id, int top)
{
	for (; id != NONE; id = recs[id].parent)
		if (id == top)
			return true;
	return false;
}

/* Revokes through mapdb and checks everything against the model: which
 * nodes were removed (each once, children first) or reduced (exactly those
 * that lost rights, with their rights already reduced), the count returned,
 * and the quotas. */
static void revoke_checked(int id, unsigned rights, bool self)
{
	static bool expect_removed[MAXN];
	static u8 expect_rights[MAXN];
	unsigned want_removed = 0, want_reduced = 0;
	bool removing = rights & VM_R;
	u64 task_removed[NTASKS] = { 0 };
	for (int i = 0; i < nrec; i++) {
		recs[i].removes = recs[i].reduces = 0;
		expect_removed[i] = false;
		expect_rights[i] = recs[i].rights;
		if (!recs[i].live || !in_subtree(i, id) || (i == id && !self))
			continue;
		if (removing) {
			expect_removed[i] = true;
			task_removed[recs[i].task]++;
			want_removed++;
		} else if (recs[i].rights & rights) {
			expect_rights[i] = (u8)(recs[i].rights & ~rights);
			want_reduced++;
		}
	}
	u64 used_before[NTASKS];
	for (unsigned t = 0; t < NTASKS; t++)
		used_before[t] = tq[t].used;
	cb_errors = cb_removes = cb_reduces = 0;
	cb_revoking = rights;
	unsigned got = mapdb_revoke(recs[id].n, rights, self, &ops);
	if (cb_errors)
		tap_diag("revoke of node %d (rights %#x, self %d): %u callback errors; first: %s",
			 id, rights, self, cb_errors, cb_first_error);
	TAP_CHECK_EQ(cb_errors, 0);
	TAP_CHECK_EQ(got, want_removed);
	TAP_CHECK_EQ(cb_removes, want_removed);
	TAP_CHECK_EQ(cb_reduces, want_reduced);
	unsigned wrong = 0;
	for (int i = 0; i < nrec; i++) {
		bool bad = recs[i].removes != (expect_removed[i] ? 1u : 0u);
		if (!expect_removed[i] && recs[i].live) {
			bool lost = expect_rights[i] != recs[i].rights;
			bad |= recs[i].reduces != (lost ? 1u : 0u);
			bad |= recs[i].n->rights != expect_rights[i];
			recs[i].rights = expect_rights[i];
		}
		if (bad && wrong++ < 3)
			tap_diag("node %d: removed %u times (want %d), reduced %u times, rights %#x "
				 "(want %#x)", i, recs[i].removes, expect_removed[i], recs[i].reduces,
				 recs[i].live ? recs[i].n->rights : 0, expect_rights[i]);
	}
	TAP_CHECK_EQ(wrong, 0);
	for (unsigned t = 0; t < NTASKS; t++) {
		TAP_CHECK_EQ(used_before[t] - tq[t].used, task_removed[t] * NODE_CHARGE);
		TAP_CHECK_EQ(tq[t].used, live_in_task[t] * NODE_CHARGE);
	}
}

/* The kernel's trees equal the model's: every live node's fields, parent and
 * list of children (both directions, creation order). */
static bool tree_matches(void)
{
	unsigned bad = 0;
	for (int i = 0; i < nrec && bad < 3; i++) {
		struct rec *r = &recs[i];
		if (!r->live)
			continue;
		struct mapnode *n = r->n;
		if (n->parent != (r->parent == NONE ? NULL : recs[r->parent].n) ||
		    n->task != &tasks[r->task] || n->key != r->key || n->target != (u64)i ||
		    n->kind != MAP_MEM || n->rights != r->rights) {
			tap_diag("node %d: fields differ from the model", i);
			bad++;
			continue;
		}
		int c = r->first;
		const struct list *prev = &n->children;
		list_for_each(it, &n->children) {
			struct mapnode *k = list_entry(it, struct mapnode, sibling);
			if (c == NONE || k != recs[c].n || it->prev != prev) {
				tap_diag("node %d: its list of children differs from the model", i);
				bad++;
				break;
			}
			prev = it;
			c = recs[c].next;
		}
		if (c != NONE || n->children.prev != prev) {
			tap_diag("node %d: children missing from its list", i);
			bad++;
		}
	}
	return bad == 0;
}

static bool quotas_match(void)
{
	for (unsigned t = 0; t < NTASKS; t++)
		if (tq[t].used != live_in_task[t] * NODE_CHARGE) {
			tap_diag("task %u: quota used %llu, %llu live nodes of %llu bytes", t,
				 (unsigned long long)tq[t].used, (unsigned long long)live_in_task[t],
				 (unsigned long long)NODE_CHARGE);
			return false;
		}
	return true;
}

static bool all_freed(void)
{
	for (unsigned t = 0; t < NTASKS; t++)
		if (tq[t].used != 0)
			return false;
	return pmem_free_pages() == base_free;
}

/* ---- tests ---- */

TEST(mapdb_new_builds_trees)
{
	reset_tasks(1 << 30);
	reset_model();
	int root = add(NONE, 0, 0x100, VM_R | VM_W | VM_X);
	ASSERT_NE(root, NONE);
	struct mapnode *n = recs[root].n;
	CHECK_EQ(n->parent, NULL);
	CHECK(list_empty(&n->children));
	CHECK_EQ(n->task, &tasks[0]);
	CHECK_EQ(n->key, 0x100);
	CHECK_EQ(n->target, (u64)root);
	CHECK_EQ(n->kind, MAP_MEM);
	CHECK_EQ(n->rights, VM_R | VM_W | VM_X);
	CHECK_EQ(tq[0].used, NODE_CHARGE);
	/* Children in tasks 1 and 2, grandchildren in all tasks, a second root. */
	int a = add(root, 1, 0x200, VM_R | VM_W);
	int b = add(root, 2, 0x300, VM_R);
	int c = add(root, 1, 0x201, VM_R | VM_X);
	int a1 = add(a, 3, 0x400, VM_R);
	int a2 = add(a, 0, 0x101, VM_R | VM_W);
	int b1 = add(b, 3, 0x401, VM_R);
	int a11 = add(a1, 2, 0x301, VM_R);
	int other = add(NONE, 3, 0x500, VM_R);
	ASSERT(a != NONE && b != NONE && c != NONE && a1 != NONE && a2 != NONE && b1 != NONE &&
	       a11 != NONE && other != NONE);
	CHECK(tree_matches());
	CHECK(quotas_match());
	CHECK_EQ(tq[1].used, 2 * NODE_CHARGE);
	CHECK_EQ(recs[a11].n->parent->parent->parent, n);
	tap_note("a node takes %zu bytes, charged %llu", sizeof(struct mapnode),
		 (unsigned long long)NODE_CHARGE);
	/* Out of quota: NULL, nothing charged, the parent's children as before. */
	tq[2].limit = tq[2].used + NODE_CHARGE - 1;
	CHECK_EQ(add(a, 2, 0x302, VM_R), NONE);
	CHECK_EQ(add(NONE, 2, 0x303, VM_R), NONE);
	CHECK_EQ(tq[2].used, 2 * NODE_CHARGE);
	CHECK(tree_matches());
	tq[2].limit = 1 << 30;
	/* Everything back. */
	revoke_checked(root, VM_R | VM_W | VM_X, true);
	revoke_checked(other, VM_R, true);
	CHECK(all_freed());
}

/* root
 *  +- a (t1)         +- a1 (t3) +- a11 (t2)
 *  |                 |          +- a12 (t0)
 *  |                 +- a2 (t0)
 *  +- b (t2)         +- b1 (t3)
 *  +- c (t1)
 */
static int T_root, T_a, T_b, T_c, T_a1, T_a2, T_b1, T_a11, T_a12;
static void build_sample(void)
{
	reset_tasks(1 << 30);
	reset_model();
	T_root = add(NONE, 0, 1, VM_R | VM_W | VM_X);
	T_a = add(T_root, 1, 2, VM_R | VM_W);
	T_b = add(T_root, 2, 3, VM_R | VM_X);
	T_c = add(T_root, 1, 4, VM_R);
	T_a1 = add(T_a, 3, 5, VM_R | VM_W);
	T_a2 = add(T_a, 0, 6, VM_R);
	T_b1 = add(T_b, 3, 7, VM_R | VM_X);
	T_a11 = add(T_a1, 2, 8, VM_R | VM_W);
	T_a12 = add(T_a1, 0, 9, VM_R);
	TAP_ASSERT(T_root != NONE && T_a != NONE && T_b != NONE && T_c != NONE && T_a1 != NONE &&
		   T_a2 != NONE && T_b1 != NONE && T_a11 != NONE && T_a12 != NONE);
	TAP_ASSERT(tree_matches());
}

static int position(int id)
{
	for (unsigned i = 0; i < cb_removes; i++)
		if (removal_order[i] == id)
			return (int)i;
	return -1;
}

TEST(mapdb_revoke_subtree_including_self)
{
	build_sample();
	/* a's subtree: a, a1, a2, a11, a12, children before their parents. */
	revoke_checked(T_a, VM_R, true);
	CHECK_EQ(cb_removes, 5);
	CHECK_LT(position(T_a11), position(T_a1));
	CHECK_LT(position(T_a12), position(T_a1));
	CHECK_LT(position(T_a1), position(T_a));
	CHECK_LT(position(T_a2), position(T_a));
	CHECK_EQ(position(T_a), 4);
	/* The rest is untouched: root with b and c, b with b1. */
	CHECK(tree_matches());
	CHECK(quotas_match());
	CHECK_EQ(recs[T_root].nchildren, 2);
	CHECK_EQ(recs[T_root].n->children.next, &recs[T_b].n->sibling);
	/* A leaf, including itself: only it. */
	revoke_checked(T_b1, VM_R | VM_W, true);
	CHECK_EQ(cb_removes, 1);
	CHECK(tree_matches());
	/* The root: everything left. */
	revoke_checked(T_root, VM_R, true);
	CHECK_EQ(cb_removes, 3);
	CHECK_EQ(position(T_root), 2);
	CHECK(all_freed());
}

TEST(mapdb_revoke_derived_only)
{
	build_sample();
	/* Without self: a's descendants go, a stays with no children. */
	revoke_checked(T_a, VM_R, false);
	CHECK_EQ(cb_removes, 4);
	CHECK(recs[T_a].live);
	CHECK(list_empty(&recs[T_a].n->children));
	CHECK_EQ(recs[T_a].n->rights, VM_R | VM_W); /* its own rights untouched */
	CHECK(tree_matches());
	/* A leaf without self: nothing at all. */
	revoke_checked(T_c, VM_R | VM_W | VM_X, false);
	CHECK_EQ(cb_removes, 0);
	CHECK_EQ(cb_reduces, 0);
	revoke_checked(T_a, VM_R, false); /* a is a leaf now */
	CHECK_EQ(cb_removes, 0);
	/* New children can be derived from a again. */
	int x = add(T_a, 2, 10, VM_R);
	int y = add(x, 3, 11, VM_R);
	ASSERT(x != NONE && y != NONE);
	CHECK(tree_matches());
	/* The root without self: the whole tree below it, root alone stays. */
	revoke_checked(T_root, VM_R, false);
	CHECK_EQ(cb_removes, 6); /* a, b, c, b1, x, y */
	CHECK(recs[T_root].live);
	CHECK(list_empty(&recs[T_root].n->children));
	CHECK_EQ(tq[0].used, NODE_CHARGE);
	CHECK(quotas_match());
	revoke_checked(T_root, VM_R, true);
	CHECK(all_freed());
}

TEST(mapdb_reduce_rights_without_read)
{
	build_sample();
	/* Taking W from a's subtree, without self: a1 and a11 had it. */
	revoke_checked(T_a, VM_W, false);
	CHECK_EQ(cb_reduces, 2);
	CHECK_EQ(recs[T_a1].reduces, 1);
	CHECK_EQ(recs[T_a11].reduces, 1);
	CHECK_EQ(recs[T_a].n->rights, VM_R | VM_W);
	CHECK_EQ(recs[T_a1].n->rights, VM_R);
	CHECK_EQ(recs[T_a11].n->rights, VM_R);
	CHECK_EQ(cb_removes, 0);
	/* Again: nobody has W any more below a, no callbacks. */
	revoke_checked(T_a, VM_W, false);
	CHECK_EQ(cb_reduces, 0);
	/* With self: a loses W too. */
	revoke_checked(T_a, VM_W, true);
	CHECK_EQ(cb_reduces, 1);
	CHECK_EQ(recs[T_a].reduces, 1);
	CHECK_EQ(recs[T_a].n->rights, VM_R);
	/* W and X from the root with self: root (W, X), b (X), b1 (X); the
	 * reduce callback sees the rights already reduced. */
	revoke_checked(T_root, VM_W | VM_X, true);
	CHECK_EQ(cb_reduces, 3);
	CHECK_EQ(recs[T_root].n->rights, VM_R);
	CHECK_EQ(recs[T_b1].n->rights, VM_R);
	/* Rights nobody has (and none at all): nothing happens. */
	revoke_checked(T_root, VM_W | VM_X | VM_UNCACHED, true);
	CHECK_EQ(cb_reduces, 0);
	revoke_checked(T_root, 0, true);
	CHECK_EQ(cb_reduces, 0);
	CHECK_EQ(cb_removes, 0);
	/* Every node is still there, in place. */
	CHECK(tree_matches());
	CHECK(quotas_match());
	/* R among other rights removes. */
	revoke_checked(T_root, VM_R | VM_W, true);
	CHECK_EQ(cb_removes, 9);
	CHECK(all_freed());
}

TEST(mapdb_move_keeps_the_tree)
{
	build_sample();
	/* A grant moves a1 to task 0 at key 99; its charge moves along (map.c
	 * does that, mapdb frees nodes against their current task's quota). */
	mapnode_move(recs[T_a1].n, &tasks[0], 99);
	quota_uncharge(&tq[3], NODE_CHARGE);
	ASSERT(quota_charge(&tq[0], NODE_CHARGE));
	live_in_task[3]--;
	live_in_task[0]++;
	recs[T_a1].task = 0;
	recs[T_a1].key = 99;
	CHECK(tree_matches()); /* parent, position among siblings, children */
	CHECK_EQ(recs[T_a1].n->parent, recs[T_a].n);
	CHECK_EQ(recs[T_a].n->children.next, &recs[T_a1].n->sibling);
	/* Moving the root of a tree. */
	mapnode_move(recs[T_root].n, &tasks[0], 1234);
	recs[T_root].key = 1234;
	CHECK(tree_matches());
	/* Revoking reaches the moved node and its children and uncharges the
	 * quota it belongs to now. */
	revoke_checked(T_a, VM_R, false);
	CHECK_EQ(cb_removes, 4);
	CHECK(quotas_match());
	revoke_checked(T_root, VM_R, true);
	CHECK(all_freed());
}

/* ---- a deep derivation chain, on a small stack ---- */

#define CHAIN 100000
#define SMALL_STACK (256 * 1024)

struct chain_job {
	int top;
	unsigned rights;
	bool self;
	unsigned result;
};

static void *chain_revoke(void *arg)
{
	struct chain_job *j = arg;
	j->result = mapdb_revoke(recs[j->top].n, j->rights, j->self, &ops);
	return NULL;
}

/* Runs one revoke on a thread whose stack is far smaller than a recursion
 * over the chain would need (ASan reports the overflow otherwise). */
static bool revoke_on_small_stack(int top, unsigned rights, bool self, unsigned *result)
{
	pthread_attr_t attr;
	pthread_t th;
	struct chain_job j = { top, rights, self, 0 };
	if (pthread_attr_init(&attr) || pthread_attr_setstacksize(&attr, SMALL_STACK))
		return false;
	cb_errors = cb_removes = cb_reduces = 0;
	cb_revoking = rights;
	bool ok = pthread_create(&th, &attr, chain_revoke, &j) == 0 && pthread_join(th, NULL) == 0;
	pthread_attr_destroy(&attr);
	*result = j.result;
	return ok;
}

static int build_chain(int top, int count)
{
	int id = top;
	for (int i = 0; i < count; i++) {
		id = add(id, (unsigned)(i % NTASKS), (u64)i, VM_R | VM_W | VM_X);
		if (id == NONE)
			return NONE;
	}
	return id;
}

TEST(mapdb_deep_chain)
{
	reset_tasks(~0ull);
	reset_model();
	int root = add(NONE, 0, 0, VM_R | VM_W | VM_X);
	ASSERT_NE(root, NONE);
	ASSERT_NE(build_chain(root, CHAIN - 1), NONE);
	CHECK(quotas_match());
	tap_note("%d nodes in one chain, %llu pages", nrec,
		 (unsigned long long)(base_free - pmem_free_pages()));
	unsigned got;
	/* Reducing the whole chain. */
	ASSERT(revoke_on_small_stack(root, VM_W, true, &got));
	CHECK_EQ(cb_errors, 0);
	CHECK_EQ(got, 0);
	CHECK_EQ(cb_reduces, CHAIN);
	unsigned wrong = 0;
	for (int i = 0; i < nrec; i++)
		wrong += recs[i].n->rights != (VM_R | VM_X) || recs[i].reduces != 1;
	CHECK_EQ(wrong, 0);
	for (int i = 0; i < nrec; i++)
		recs[i].rights = VM_R | VM_X;
	/* Removing all but the root: deepest first, i.e. in reverse order. */
	ASSERT(revoke_on_small_stack(root, VM_R, false, &got));
	if (cb_errors)
		tap_diag("first callback error: %s", cb_first_error);
	CHECK_EQ(cb_errors, 0);
	CHECK_EQ(got, CHAIN - 1);
	CHECK_EQ(cb_removes, CHAIN - 1);
	wrong = 0;
	for (unsigned i = 0; i < cb_removes; i++)
		wrong += removal_order[i] != CHAIN - 1 - (int)i;
	CHECK_EQ(wrong, 0);
	CHECK(list_empty(&recs[root].n->children));
	CHECK(quotas_match());
	CHECK_EQ(tq[0].used, NODE_CHARGE);
	revoke_checked(root, VM_R, true);
	CHECK(all_freed());
	/* A new chain, then everything including the root. */
	reset_model();
	root = add(NONE, 1, 0, VM_R);
	ASSERT_NE(build_chain(root, CHAIN - 1), NONE);
	ASSERT(revoke_on_small_stack(root, VM_R | VM_W, true, &got));
	if (cb_errors)
		tap_diag("first callback error: %s", cb_first_error);
	CHECK_EQ(cb_errors, 0);
	CHECK_EQ(got, CHAIN);
	CHECK_EQ(cb_removes, CHAIN);
	wrong = 0;
	for (unsigned i = 0; i < cb_removes; i++)
		wrong += removal_order[i] != CHAIN - 1 - (int)i;
	CHECK_EQ(wrong, 0);
	CHECK(quotas_match());
	CHECK(all_freed());
}

/* ---- random forests against the model ---- */

static unsigned random_rights(void)
{
	return VM_R | (unsigned)sim_rand_below(4) << 0 | (sim_rand_below(4) == 0 ? VM_UNCACHED : 0);
}

static int random_live(void)
{
	for (int tries = 0; tries < 50 && nrec; tries++) {
		int id = (int)sim_rand_below((u64)nrec);
		if (recs[id].live)
			return id;
	}
	for (int id = nrec - 1; id >= 0; id--)
		if (recs[id].live)
			return id;
	return NONE;
}

TEST(mapdb_random_against_model)
{
	reset_tasks(200 * NODE_CHARGE);
	reset_model();
	sim_srand(0x3a9db);
	unsigned adds = 0, refused = 0, revokes = 0, reduces = 0, removed = 0, moves = 0;
	for (unsigned op = 0; op < 30000 && nrec < MAXN - 10; op++) {
		u64 r = sim_rand_below(100);
		unsigned task = (unsigned)sim_rand_below(NTASKS);
		if (r < 55) {
			int parent = sim_rand_below(10) == 0 ? NONE : random_live();
			if (add(parent, task, op, random_rights()) == NONE) {
				TAP_ASSERT_GT(tq[task].used + NODE_CHARGE, tq[task].limit);
				refused++;
			} else {
				adds++;
			}
		} else if (r < 90) {
			int id = random_live();
			if (id == NONE)
				continue;
			unsigned rights = (unsigned)sim_rand_below(16);
			bool self = sim_rand_below(2);
			revoke_checked(id, rights, self);
			TAP_ASSERT_EQ(cb_errors, 0);
			removed += cb_removes;
			reduces += cb_reduces;
			revokes++;
		} else {
			/* A grant: to another task, with the charge. */
			int id = random_live();
			if (id == NONE || recs[id].task == task ||
			    !quota_charge(&tq[task], NODE_CHARGE))
				continue;
			mapnode_move(recs[id].n, &tasks[task], op);
			quota_uncharge(&tq[recs[id].task], NODE_CHARGE);
			live_in_task[recs[id].task]--;
			live_in_task[task]++;
			recs[id].task = task;
			recs[id].key = op;
			moves++;
		}
		TAP_ASSERT(quotas_match());
		if (op % 500 == 0)
			TAP_ASSERT(tree_matches());
	}
	TAP_ASSERT(tree_matches());
	tap_note("%u nodes created (%u refused), %u revokes: %u removed, %u reduced; %u moves",
		 adds, refused, revokes, removed, reduces, moves);
	CHECK_GT(refused, 0);
	/* Revoke every root: nothing may be left. */
	for (int i = 0; i < nrec; i++)
		if (recs[i].live && recs[i].parent == NONE)
			revoke_checked(i, VM_R, true);
	for (int i = 0; i < nrec; i++)
		TAP_ASSERT(!recs[i].live);
	CHECK(all_freed());
	CHECK_EQ(sim_bad_virt, 0);
}

int main(int argc, char **argv)
{
	if (!sim_setup(ranges, ARRAY_SIZE(ranges))) {
		printf("Bail out! pmem_init failed on the simulated memory\n");
		return 1;
	}
	base_free = pmem_free_pages();
	return tap_main(argc, argv);
}
