/* Host tests of the capability tables, kernel/src/obj_space.c, with the real
 * kmem, pmem and quota code underneath (simulated physical memory,
 * pmem_sim.h): the memory a table takes is counted through pmem_free_pages()
 * and the quota it is charged to; all of it must come back with
 * obj_space_destroy().
 */
// sources: kernel/src/obj_space.c kernel/src/kmem.c kernel/src/pmem.c kernel/src/quota.c
#include "tap.h"
#include "pmem_sim.h"

#include <kern/kmem.h>
#include <kern/obj_space.h>
#include <kern/pmem.h>
#include <kern/quota.h>
#include <l4/sys/err.h>

static const struct pmem_range ranges[] = {
	{ { 0x0100000 }, 0x0f00000 },  /* 1 MiB .. 16 MiB */
	{ { 0x1400000 }, 0x0c00000 },  /* 20 MiB .. 32 MiB */
};
static u64 base_free;

#define LEAF OBJ_SPACE_LEAF_ENTRIES
#define NDIR OBJ_SPACE_DIR_ENTRIES
#define MAXC OBJ_SPACE_MAX_CAPS

/* Objects to put into slots: obj_space only stores the pointers. */
static struct kobj objs[16];

static struct cap_slot *slot(struct obj_space *s, u64 idx, struct quota *q, int *err)
{
	*err = 12345;
	return obj_space_slot(s, cap_idx(idx), q, err);
}

static bool slot_empty(const struct cap_slot *e)
{
	return e->obj == NULL && e->rights == 0 && e->node == NULL;
}

TEST(obj_space_geometry)
{
	/* A leaf and the directory each fit one page. */
	CHECK_LE(LEAF * sizeof(struct cap_slot), PAGE_SIZE);
	CHECK_GT((LEAF + 1) * sizeof(struct cap_slot), PAGE_SIZE);
	CHECK_EQ(NDIR * sizeof(struct cap_slot *), PAGE_SIZE);
	CHECK_EQ(MAXC, LEAF * NDIR);
	tap_note("%zu-byte slots: %llu per leaf, %llu capabilities", sizeof(struct cap_slot),
		 (unsigned long long)LEAF, (unsigned long long)MAXC);
}

TEST(obj_space_empty)
{
	struct obj_space s;
	struct quota q;
	quota_init(&q, NULL, 1 << 20);
	s.dir = (void *)0x1; /* init must set it */
	obj_space_init(&s);
	CHECK_EQ(s.dir, NULL);
	CHECK_EQ(obj_space_lookup(&s, cap_idx(0)), NULL);
	CHECK_EQ(obj_space_lookup(&s, cap_idx(MAXC - 1)), NULL);
	CHECK_EQ(obj_space_next(&s, 0), MAXC);
	CHECK_EQ(obj_space_next_below(&s, 0, 10), 10);
	CHECK_EQ(obj_space_next_below(&s, 0, MAXC + 10), MAXC + 10);
	obj_space_destroy(&s, &q);
	CHECK_EQ(s.dir, NULL);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pmem_free_pages(), base_free); /* nothing was allocated */
}

TEST(obj_space_slot_and_lookup)
{
	struct obj_space s;
	struct quota q;
	quota_init(&q, NULL, 1 << 20);
	obj_space_init(&s);
	int err;
	struct cap_slot *e = slot(&s, 7, &q, &err);
	ASSERT_NE(e, NULL);
	/* The directory and one leaf, charged to q. */
	CHECK_EQ(pmem_free_pages(), base_free - 2);
	CHECK_EQ(q.used, 2 * PAGE_SIZE);
	CHECK(slot_empty(e));
	/* The same slot again, without more memory; lookup agrees. */
	CHECK_EQ(slot(&s, 7, &q, &err), e);
	CHECK_EQ(obj_space_lookup(&s, cap_idx(7)), e);
	CHECK_EQ(q.used, 2 * PAGE_SIZE);
	e->obj = &objs[0];
	e->rights = CAP_RIGHT_R | CAP_RIGHT_W;
	CHECK_EQ(obj_space_lookup(&s, cap_idx(7))->obj, &objs[0]);
	CHECK_EQ(obj_space_lookup(&s, cap_idx(7))->rights, CAP_RIGHT_R | CAP_RIGHT_W);
	/* Every slot of the leaf is present, distinct and empty. */
	for (u64 i = 0; i < LEAF; i++) {
		struct cap_slot *x = obj_space_lookup(&s, cap_idx(i));
		ASSERT_NE(x, NULL);
		CHECK_EQ(x, e + ((s64)i - 7));
		if (i != 7)
			CHECK(slot_empty(x));
	}
	/* The next leaf: absent for lookup, allocated by slot. */
	CHECK_EQ(obj_space_lookup(&s, cap_idx(LEAF)), NULL);
	CHECK_EQ(obj_space_lookup(&s, cap_idx(2 * LEAF - 1)), NULL);
	struct cap_slot *f = slot(&s, LEAF, &q, &err);
	ASSERT_NE(f, NULL);
	CHECK(slot_empty(f));
	CHECK_EQ(pmem_free_pages(), base_free - 3);
	CHECK_EQ(q.used, 3 * PAGE_SIZE);
	CHECK_EQ(obj_space_lookup(&s, cap_idx(2 * LEAF - 1)), f + (LEAF - 1));
	obj_space_destroy(&s, &q);
	CHECK_EQ(s.dir, NULL);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
}

TEST(obj_space_out_of_range)
{
	struct obj_space s;
	struct quota q;
	quota_init(&q, NULL, 1 << 20);
	obj_space_init(&s);
	int err;
	static const u64 bad[] = { MAXC, MAXC + 1, MAXC + LEAF, 1ull << 32, 1ull << 63, ~0ull };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ(slot(&s, bad[i], &q, &err), NULL);
		CHECK_EQ(err, -L4_ERANGE);
		CHECK_EQ(obj_space_lookup(&s, cap_idx(bad[i])), NULL);
	}
	/* Refused before anything was allocated or charged. */
	CHECK_EQ(s.dir, NULL);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
	/* The first and the last valid index. */
	struct cap_slot *first = slot(&s, 0, &q, &err), *last = slot(&s, MAXC - 1, &q, &err);
	ASSERT_NE(first, NULL);
	ASSERT_NE(last, NULL);
	CHECK_EQ(obj_space_lookup(&s, cap_idx(0)), first);
	CHECK_EQ(obj_space_lookup(&s, cap_idx(MAXC - 1)), last);
	CHECK_EQ(pmem_free_pages(), base_free - 3);
	/* With a table present, out of range is still refused. */
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ(slot(&s, bad[i], &q, &err), NULL);
		CHECK_EQ(err, -L4_ERANGE);
		CHECK_EQ(obj_space_lookup(&s, cap_idx(bad[i])), NULL);
	}
	CHECK_EQ(pmem_free_pages(), base_free - 3);
	obj_space_destroy(&s, &q);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
}

/* Takes all of pmem but `leave` pages. */
#define HOARD_MAX 16384
static paddr_t hoard[HOARD_MAX];
static unsigned hoard_order[HOARD_MAX];
static size_t nhoard;
static void hoard_all_but(u64 leave)
{
	nhoard = 0;
	for (int o = PMEM_MAX_ORDER; o >= 0; o--) {
		paddr_t p;
		while (pmem_free_pages() >= leave + (1ull << o) && nhoard < HOARD_MAX &&
		       pmem_alloc((unsigned)o, &p)) {
			hoard[nhoard] = p;
			hoard_order[nhoard++] = (unsigned)o;
		}
	}
}
static void unhoard(void)
{
	while (nhoard) {
		nhoard--;
		pmem_free(hoard[nhoard], hoard_order[nhoard]);
	}
}

TEST(obj_space_out_of_memory)
{
	struct obj_space s;
	struct quota q;
	quota_init(&q, NULL, 1 << 20);
	obj_space_init(&s);
	int err;
	paddr_t spare[2];
	ASSERT(pmem_alloc(0, &spare[0]));
	ASSERT(pmem_alloc(0, &spare[1]));
	hoard_all_but(0);
	ASSERT_EQ(pmem_free_pages(), 0);
	/* No directory: -L4_ENOMEM, nothing stays charged. */
	CHECK_EQ(slot(&s, 1, &q, &err), NULL);
	CHECK_EQ(err, -L4_ENOMEM);
	CHECK_EQ(s.dir, NULL);
	CHECK_EQ(q.used, 0);
	/* A directory but no leaf. */
	pmem_free(spare[0], 0);
	CHECK_EQ(slot(&s, 1, &q, &err), NULL);
	CHECK_EQ(err, -L4_ENOMEM);
	CHECK_NE(s.dir, NULL);
	CHECK_EQ(q.used, PAGE_SIZE); /* the directory, still held */
	CHECK_EQ(obj_space_lookup(&s, cap_idx(1)), NULL);
	CHECK_EQ(obj_space_next(&s, 0), MAXC);
	CHECK_EQ(slot(&s, LEAF * 9, &q, &err), NULL);
	CHECK_EQ(err, -L4_ENOMEM);
	CHECK_EQ(q.used, PAGE_SIZE);
	/* One page more: the leaf. */
	pmem_free(spare[1], 0);
	struct cap_slot *e = slot(&s, 1, &q, &err);
	ASSERT_NE(e, NULL);
	CHECK(slot_empty(e));
	CHECK_EQ(q.used, 2 * PAGE_SIZE);
	CHECK_EQ(slot(&s, 2, &q, &err), e + 1); /* same leaf: no memory needed */
	CHECK_EQ(slot(&s, LEAF + 2, &q, &err), NULL);
	CHECK_EQ(err, -L4_ENOMEM);
	obj_space_destroy(&s, &q);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pmem_free_pages(), 2);
	unhoard();
	CHECK_EQ(pmem_free_pages(), base_free);
}

TEST(obj_space_quota_exhausted)
{
	struct obj_space s;
	struct quota parent, q;
	/* Three pages in the parent, two of them for the child. */
	quota_init(&parent, NULL, 3 * PAGE_SIZE);
	quota_init(&q, &parent, 2 * PAGE_SIZE);
	obj_space_init(&s);
	int err;
	ASSERT_NE(slot(&s, 0, &q, &err), NULL);
	CHECK_EQ(q.used, 2 * PAGE_SIZE);
	CHECK_EQ(parent.used, 2 * PAGE_SIZE);
	/* The child's limit: no second leaf, no memory taken for it. */
	u64 before = pmem_free_pages();
	CHECK_EQ(slot(&s, LEAF, &q, &err), NULL);
	CHECK_EQ(err, -L4_ENOMEM);
	CHECK_EQ(pmem_free_pages(), before);
	CHECK_EQ(q.used, 2 * PAGE_SIZE);
	CHECK_EQ(parent.used, 2 * PAGE_SIZE);
	/* The parent's limit, with the child's raised. */
	q.limit = 10 * PAGE_SIZE;
	struct quota other;
	quota_init(&other, &parent, 10 * PAGE_SIZE);
	ASSERT(quota_charge(&other, PAGE_SIZE)); /* the parent is full now */
	CHECK_EQ(slot(&s, LEAF, &q, &err), NULL);
	CHECK_EQ(err, -L4_ENOMEM);
	CHECK_EQ(q.used, 2 * PAGE_SIZE);  /* rolled back in the child too */
	CHECK_EQ(parent.used, 3 * PAGE_SIZE);
	CHECK_EQ(pmem_free_pages(), before);
	quota_uncharge(&other, PAGE_SIZE);
	ASSERT_NE(slot(&s, LEAF, &q, &err), NULL);
	CHECK_EQ(q.used, 3 * PAGE_SIZE);
	obj_space_destroy(&s, &q);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(parent.used, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
}

TEST(obj_space_next_walks_leaves)
{
	struct obj_space s;
	struct quota q;
	quota_init(&q, NULL, 1 << 30);
	obj_space_init(&s);
	int err;
	/* Capabilities in leaves 0, 2, 3, 6 and the last; leaf 4 exists but is
	 * empty, leaves 1, 5 and 7 on are absent (but the last). Each cap right
	 * after an absent leaf is at the start of its leaf. */
	static const u64 caps[] = {
		0, 5, LEAF - 1, 2 * LEAF, 2 * LEAF + 1, 3 * LEAF + 17, 4 * LEAF - 1,
		6 * LEAF, MAXC - 1,
	};
	for (size_t i = 0; i < ARRAY_SIZE(caps); i++) {
		struct cap_slot *e = slot(&s, caps[i], &q, &err);
		ASSERT_NE(e, NULL);
		e->obj = &objs[i];
	}
	ASSERT_NE(slot(&s, 4 * LEAF + 3, &q, &err), NULL);
	CHECK_EQ(pmem_free_pages(), base_free - 7);
	/* From every index of the first leaves, and around the last. */
	size_t k = 0;
	unsigned wrong = 0;
	char first[160] = "";
	for (u64 from = 0; from < 8 * LEAF; from++) {
		while (k < ARRAY_SIZE(caps) && caps[k] < from)
			k++;
		u64 want = k < ARRAY_SIZE(caps) ? caps[k] : MAXC;
		u64 got = obj_space_next(&s, from);
		if (got != want && !wrong++)
			snprintf(first, sizeof(first), "obj_space_next(%llu) = %llu, want %llu",
				 (unsigned long long)from, (unsigned long long)got,
				 (unsigned long long)want);
		/* Below a limit: the same when it is below the limit, else the
		 * limit itself. */
		const u64 limits[] = { from, from + 1, want, want + 1, from + LEAF, 8 * LEAF };
		for (size_t i = 0; i < ARRAY_SIZE(limits); i++) {
			u64 lim = limits[i], exp = want < lim ? want : lim;
			got = obj_space_next_below(&s, from, lim);
			if (got != exp && !wrong++)
				snprintf(first, sizeof(first), "obj_space_next_below(%llu, %llu) = "
					 "%llu, want %llu", (unsigned long long)from,
					 (unsigned long long)lim, (unsigned long long)got,
					 (unsigned long long)exp);
		}
	}
	CHECK_EQ(obj_space_next(&s, MAXC - LEAF - 5), MAXC - 1);
	CHECK_EQ(obj_space_next(&s, MAXC - 1), MAXC - 1);
	CHECK_EQ(obj_space_next(&s, MAXC), MAXC);
	CHECK_EQ(obj_space_next(&s, ~0ull), MAXC);
	CHECK_EQ(obj_space_next_below(&s, MAXC - LEAF - 5, MAXC), MAXC - 1);
	CHECK_EQ(obj_space_next_below(&s, MAXC - LEAF - 5, MAXC - 1), MAXC - 1);
	CHECK_EQ(obj_space_next_below(&s, MAXC - 1, ~0ull), MAXC - 1);
	/* Nothing below a limit beyond the table: the limit itself, as
	 * kern/obj_space.h says (callers compare the result with their end). */
	CHECK_EQ(obj_space_next_below(&s, MAXC, MAXC + 1), MAXC + 1);
	CHECK_EQ(obj_space_next_below(&s, MAXC + 100, MAXC + 101), MAXC + 101);
	CHECK_EQ(obj_space_next_below(&s, 1ull << 20, 1ull << 40), 1ull << 40);
	CHECK_EQ(obj_space_next_below(&s, 7, 3), 3);
	obj_space_destroy(&s, &q);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
	/* An absent leaf must be skipped to the start of the next one, which is
	 * not align_down(i, LEAF) + LEAF: LEAF is no power of two. */
	if (wrong)
		tap_diag("%u of %llu starting points wrong; first: %s", wrong,
			 (unsigned long long)(8 * LEAF), first);
	CHECK_EQ(wrong, 0);
}

TEST(obj_space_destroy_frees_every_leaf)
{
	struct obj_space s;
	struct quota q;
	quota_init(&q, NULL, 1 << 30);
	obj_space_init(&s);
	int err;
	/* A slot in every leaf: NDIR leaves and the directory. */
	for (u64 d = 0; d < NDIR; d++) {
		struct cap_slot *e = slot(&s, d * LEAF + d % LEAF, &q, &err);
		ASSERT_NE(e, NULL);
		e->obj = &objs[d % 16];
		e->rights = (u32)(d % 16);
	}
	CHECK_EQ(pmem_free_pages(), base_free - NDIR - 1);
	CHECK_EQ(q.used, (NDIR + 1) * PAGE_SIZE);
	for (u64 d = 0; d < NDIR; d++) {
		struct cap_slot *e = obj_space_lookup(&s, cap_idx(d * LEAF + d % LEAF));
		ASSERT_NE(e, NULL);
		CHECK_EQ(e->obj, &objs[d % 16]);
		CHECK_EQ(e->rights, d % 16);
	}
	obj_space_destroy(&s, &q);
	CHECK_EQ(s.dir, NULL);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
	/* Usable again after destroy. */
	CHECK_EQ(obj_space_lookup(&s, cap_idx(0)), NULL);
	ASSERT_NE(slot(&s, 0, &q, &err), NULL);
	obj_space_destroy(&s, &q);
	CHECK_EQ(pmem_free_pages(), base_free);
	CHECK_EQ(sim_bad_virt, 0);
}

/* ---- random operations against a model ---- */

static struct kobj *model[MAXC];
static bool leaf_used[NDIR];

static u64 random_idx(void)
{
	u64 r = sim_rand_below(100);
	if (r < 40)
		return sim_rand_below(4 * LEAF); /* the first leaves, dense */
	if (r < 75)
		return sim_rand_below(MAXC);
	if (r < 90)
		return MAXC - 1 - sim_rand_below(4);
	return MAXC + sim_rand_below(1000); /* out of range */
}

TEST(obj_space_random_against_model)
{
	memset(model, 0, sizeof(model));
	memset(leaf_used, 0, sizeof(leaf_used));
	unsigned leaves = 0, next_wrong = 0;
	struct obj_space s;
	struct quota q;
	quota_init(&q, NULL, 1 << 30);
	obj_space_init(&s);
	sim_srand(0x0b5ace);
	for (unsigned op = 0; op < 50000; op++) {
		u64 idx = random_idx();
		u64 r = sim_rand_below(100);
		int err;
		if (r < 40) {
			/* Install (or replace) an object. */
			struct cap_slot *e = slot(&s, idx, &q, &err);
			if (idx >= MAXC) {
				TAP_ASSERT_EQ(e, NULL);
				TAP_ASSERT_EQ(err, -L4_ERANGE);
				continue;
			}
			TAP_ASSERT_NE(e, NULL);
			TAP_ASSERT_EQ(e->obj, model[idx]);
			struct kobj *o = &objs[sim_rand_below(16)];
			e->obj = model[idx] = o;
			if (!leaf_used[idx / LEAF]) {
				leaf_used[idx / LEAF] = true;
				leaves++;
			}
		} else if (r < 65) {
			/* Empty a slot. */
			struct cap_slot *e = obj_space_lookup(&s, cap_idx(idx));
			if (idx >= MAXC || !leaf_used[idx / LEAF]) {
				TAP_ASSERT_EQ(e, NULL);
				continue;
			}
			TAP_ASSERT_NE(e, NULL);
			TAP_ASSERT_EQ(e->obj, model[idx]);
			e->obj = model[idx] = NULL;
		} else if (r < 85) {
			struct cap_slot *e = obj_space_lookup(&s, cap_idx(idx));
			if (idx >= MAXC || !leaf_used[idx / LEAF]) {
				TAP_ASSERT_EQ(e, NULL);
			} else {
				TAP_ASSERT_NE(e, NULL);
				TAP_ASSERT_EQ(e->obj, model[idx]);
			}
		} else {
			u64 want = idx;
			while (want < MAXC && !model[want])
				want++;
			if (want > MAXC)
				want = MAXC;
			u64 got = obj_space_next(&s, idx);
			if (got != want && next_wrong++ < 3)
				tap_diag("op %u: obj_space_next(%llu) = %llu, the model says %llu", op,
					 (unsigned long long)idx, (unsigned long long)got,
					 (unsigned long long)want);
			u64 lim = idx + sim_rand_below(3 * LEAF);
			u64 exp = want < MAXC && want < lim ? want : lim;
			got = obj_space_next_below(&s, idx, lim);
			if (got != exp && next_wrong++ < 3)
				tap_diag("op %u: obj_space_next_below(%llu, %llu) = %llu, the model "
					 "says %llu", op, (unsigned long long)idx,
					 (unsigned long long)lim, (unsigned long long)got,
					 (unsigned long long)exp);
		}
		TAP_ASSERT_EQ(pmem_free_pages(), base_free - (leaves ? leaves + 1 : 0));
		TAP_ASSERT_EQ(q.used, (leaves ? leaves + 1 : 0) * PAGE_SIZE);
	}
	tap_note("%u leaves in use at the end", leaves);
	for (u64 idx = 0; idx < MAXC; idx++) {
		struct cap_slot *e = obj_space_lookup(&s, cap_idx(idx));
		if (!leaf_used[idx / LEAF])
			TAP_ASSERT_EQ(e, NULL);
		else
			TAP_ASSERT_EQ(e->obj, model[idx]);
	}
	obj_space_destroy(&s, &q);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
	CHECK_EQ(sim_bad_virt, 0);
	CHECK_EQ(next_wrong, 0);
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
