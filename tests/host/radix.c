/* Host tests of the sparse radix maps, kernel/src/radix.c, with the real
 * quota, kmem and pmem code underneath (simulated physical memory,
 * pmem_sim.h). Every level is one page charged to the map's quota; the
 * tests count them exactly (through the quota and pmem_free_pages()) and
 * check that radix_destroy() gives all of them back, also after sets that
 * failed half-way for want of quota or memory.
 */
// sources: kernel/src/radix.c kernel/src/quota.c kernel/src/kmem.c kernel/src/pmem.c
#include "tap.h"
#include "pmem_sim.h"

#include <kern/kmem.h>
#include <kern/pmem.h>
#include <kern/quota.h>
#include <kern/radix.h>
#include <l4/sys/err.h>

static const struct pmem_range ranges[] = {
	{ { 0x0100000 }, 0x3f00000 }, /* 1 MiB .. 64 MiB */
};
static u64 base_free;

#define MAXK RADIX_MAX_KEY
#define LEVEL_BYTES ((u64)PAGE_SIZE) /* 512 pointers */

/* Values are never dereferenced by radix.c: any non-NULL pointer will do,
 * and one derived from the key shows which key a value belongs to. */
static void *val(u64 key, unsigned gen) { return (void *)(uintptr_t)((key << 8) | 0x80 | gen); }

static u64 pages_used(void) { return base_free - pmem_free_pages(); }

/* The pages a map holding exactly these keys needs: the root, and one node
 * per distinct key >> 27, key >> 18 and key >> 9. keys[] must be sorted. */
static u64 levels_for(const u64 *keys, size_t n)
{
	if (!n)
		return 0;
	u64 pages = 1;
	for (unsigned shift = 9; shift <= 27; shift += 9)
		for (size_t i = 0; i < n; i++)
			if (i == 0 || keys[i] >> shift != keys[i - 1] >> shift)
				pages++;
	return pages;
}

TEST(radix_geometry)
{
	CHECK_EQ(MAXK, 1ull << 36);
	CHECK_EQ((1u << RADIX_BITS) * sizeof(void *), PAGE_SIZE);
	CHECK_EQ(kmem_charge_size(LEVEL_BYTES), PAGE_SIZE);
}

TEST(radix_empty)
{
	struct radix r;
	struct quota q;
	quota_init(&q, NULL, 1 << 20);
	r.root = (void **)0x1;
	radix_init(&r);
	CHECK_EQ(r.root, NULL);
	static const u64 keys[] = { 0, 1, 511, 512, MAXK - 1, MAXK, ~0ull };
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		CHECK_EQ(radix_get(&r, keys[i]), NULL);
		CHECK_EQ(radix_clear(&r, keys[i]), NULL);
		void *v = (void *)0x1234;
		CHECK_EQ(radix_next(&r, keys[i], &v), MAXK);
		CHECK_EQ(radix_next_below(&r, keys[i], keys[i] + 100, &v), keys[i] + 100);
	}
	radix_destroy(&r, &q);
	CHECK_EQ(r.root, NULL);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pages_used(), 0);
}

TEST(radix_set_get_clear_edges)
{
	struct radix r;
	struct quota q;
	quota_init(&q, NULL, 1 << 30);
	radix_init(&r);
	/* Keys at the edges of every level's index, up to the last valid key. */
	static const u64 edge[] = {
		0, 1, 511, 512, 513, (1ull << 18) - 1, 1ull << 18, (1ull << 27) - 1, 1ull << 27,
		(1ull << 27) + (1ull << 18) + 512 + 1, (1ull << 35) + 12345, MAXK - 512, MAXK - 2,
		MAXK - 1,
	};
	u64 sorted[ARRAY_SIZE(edge)];
	for (size_t i = 0; i < ARRAY_SIZE(edge); i++) {
		ASSERT_EQ(radix_set(&r, edge[i], val(edge[i], 1), &q), 0);
		/* Exactly the levels the edge so far need, charged to q. */
		sorted[i] = edge[i]; /* edge[] is ascending */
		CHECK_EQ(pages_used(), levels_for(sorted, i + 1));
		CHECK_EQ(q.used, pages_used() * PAGE_SIZE);
		for (size_t j = 0; j <= i; j++)
			CHECK_EQ(radix_get(&r, edge[j]), val(edge[j], 1));
	}
	tap_note("%zu keys need %llu levels", ARRAY_SIZE(edge), (unsigned long long)pages_used());
	/* Neighbours not set are empty. */
	static const u64 empty[] = { 2, 510, 514, 1ull << 19, (1ull << 27) + 1, MAXK - 3, MAXK - 513 };
	for (size_t i = 0; i < ARRAY_SIZE(empty); i++)
		CHECK_EQ(radix_get(&r, empty[i]), NULL);
	/* Replacing a value needs no memory. */
	u64 before = pages_used();
	for (size_t i = 0; i < ARRAY_SIZE(edge); i++)
		ASSERT_EQ(radix_set(&r, edge[i], val(edge[i], 2), &q), 0);
	CHECK_EQ(pages_used(), before);
	/* Clearing returns the value, once; the levels stay until destroy. */
	for (size_t i = 0; i < ARRAY_SIZE(edge); i += 2) {
		CHECK_EQ(radix_clear(&r, edge[i]), val(edge[i], 2));
		CHECK_EQ(radix_clear(&r, edge[i]), NULL);
		CHECK_EQ(radix_get(&r, edge[i]), NULL);
	}
	for (size_t i = 1; i < ARRAY_SIZE(edge); i += 2)
		CHECK_EQ(radix_get(&r, edge[i]), val(edge[i], 2));
	CHECK_EQ(pages_used(), before);
	CHECK_EQ(q.used, before * PAGE_SIZE);
	/* Cleared edge can be set again, without memory. */
	ASSERT_EQ(radix_set(&r, MAXK - 1, val(MAXK - 1, 3), &q), 0);
	CHECK_EQ(radix_get(&r, MAXK - 1), val(MAXK - 1, 3));
	CHECK_EQ(pages_used(), before);
	radix_destroy(&r, &q);
	CHECK_EQ(r.root, NULL);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pages_used(), 0);
	/* Usable again after destroy. */
	ASSERT_EQ(radix_set(&r, 7, val(7, 1), &q), 0);
	CHECK_EQ(radix_get(&r, 7), val(7, 1));
	CHECK_EQ(pages_used(), 4);
	radix_destroy(&r, &q);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pages_used(), 0);
	CHECK_EQ(sim_bad_virt, 0);
}

TEST(radix_out_of_range)
{
	struct radix r;
	struct quota q;
	quota_init(&q, NULL, 1 << 30);
	radix_init(&r);
	static const u64 bad[] = { MAXK, MAXK + 1, MAXK + 512, 1ull << 40, 1ull << 63, ~0ull };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ(radix_set(&r, bad[i], val(1, 1), &q), -L4_ERANGE);
		CHECK_EQ(radix_get(&r, bad[i]), NULL);
		CHECK_EQ(radix_clear(&r, bad[i]), NULL);
	}
	/* Refused before anything was allocated or charged. */
	CHECK_EQ(r.root, NULL);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pages_used(), 0);
	/* With levels present: a key beyond the range must not alias a valid
	 * one (MAXK + k has the same low 36 bits as k). */
	ASSERT_EQ(radix_set(&r, 0, val(0, 1), &q), 0);
	ASSERT_EQ(radix_set(&r, 5, val(5, 1), &q), 0);
	ASSERT_EQ(radix_set(&r, MAXK - 1, val(MAXK - 1, 1), &q), 0);
	u64 used = pages_used();
	CHECK_EQ(radix_set(&r, MAXK + 5, val(9, 9), &q), -L4_ERANGE);
	CHECK_EQ(radix_get(&r, MAXK + 5), NULL);
	CHECK_EQ(radix_clear(&r, MAXK + 5), NULL);
	CHECK_EQ(radix_get(&r, 5), val(5, 1));
	CHECK_EQ(radix_set(&r, MAXK, val(9, 9), &q), -L4_ERANGE);
	CHECK_EQ(radix_get(&r, 0), val(0, 1));
	void *v = NULL;
	CHECK_EQ(radix_next(&r, MAXK, &v), MAXK);
	CHECK_EQ(radix_next(&r, MAXK + 5, &v), MAXK);
	CHECK_EQ(radix_next(&r, ~0ull, &v), MAXK);
	CHECK_EQ(radix_next(&r, 1ull << 59, &v), MAXK); /* / 2^27 = 2^32 */
	CHECK_EQ(radix_next(&r, MAXK - 1, &v), MAXK - 1);
	CHECK_EQ(v, val(MAXK - 1, 1));
	/* Looking below a limit beyond the range: nothing there, so the limit
	 * itself (kern/radix.h), which callers compare with their end. */
	CHECK_EQ(radix_next_below(&r, MAXK, MAXK + 10, &v), MAXK + 10);
	CHECK_EQ(radix_next_below(&r, MAXK + 5, MAXK + 10, &v), MAXK + 10);
	CHECK_EQ(radix_next_below(&r, 1ull << 40, (1ull << 40) + 1, &v), (1ull << 40) + 1);
	CHECK_EQ(radix_next_below(&r, MAXK - 1, ~0ull, &v), MAXK - 1);
	CHECK_EQ(radix_next_below(&r, 6, ~0ull, &v), MAXK - 1);
	CHECK_EQ(radix_next_below(&r, 6, MAXK - 1, &v), MAXK - 1);
	CHECK_EQ(radix_next_below(&r, 1, 5, &v), 5);
	CHECK_EQ(radix_next_below(&r, 1, 6, &v), 5);
	CHECK_EQ(radix_next_below(&r, 5, 5, &v), 5);
	CHECK_EQ(radix_next_below(&r, 9, 3, &v), 3);
	CHECK_EQ(pages_used(), used);
	radix_destroy(&r, &q);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pages_used(), 0);
}

/* ---- running out of quota or memory ---- */

TEST(radix_quota_too_small)
{
	/* A first key needs 4 levels. With room for fewer, radix_set fails with
	 * -L4_ENOMEM; the levels it did get are charged and kept (the map may
	 * use them later) and all come back with radix_destroy. */
	for (u64 limit = 0; limit < 4; limit++) {
		struct radix r;
		struct quota parent, q;
		quota_init(&parent, NULL, 100 * PAGE_SIZE);
		ASSERT(quota_charge(&parent, 7)); /* something else uses the parent */
		quota_init(&q, &parent, limit * PAGE_SIZE);
		radix_init(&r);
		CHECK_EQ(radix_set(&r, 0x123456789ull, val(1, 1), &q), -L4_ENOMEM);
		CHECK_EQ(q.used, limit * PAGE_SIZE);
		CHECK_EQ(parent.used, 7 + limit * PAGE_SIZE);
		CHECK_EQ(pages_used(), limit);
		CHECK_EQ(radix_get(&r, 0x123456789ull), NULL);
		void *v = NULL;
		CHECK_EQ(radix_next(&r, 0, &v), MAXK);
		/* Again: no progress, nothing more charged or leaked. */
		CHECK_EQ(radix_set(&r, 0x123456789ull, val(1, 1), &q), -L4_ENOMEM);
		CHECK_EQ(radix_set(&r, 0, val(1, 1), &q), -L4_ENOMEM);
		CHECK_EQ(q.used, limit * PAGE_SIZE);
		CHECK_EQ(pages_used(), limit);
		radix_destroy(&r, &q);
		CHECK_EQ(r.root, NULL);
		CHECK_EQ(q.used, 0);
		CHECK_EQ(parent.used, 7);
		CHECK_EQ(pages_used(), 0);
	}
	/* Enough for one key, not for a second one elsewhere; more quota then
	 * lets the second set complete on the levels already there. */
	struct radix r;
	struct quota q;
	quota_init(&q, NULL, 5 * PAGE_SIZE);
	radix_init(&r);
	ASSERT_EQ(radix_set(&r, 1, val(1, 1), &q), 0);
	CHECK_EQ(q.used, 4 * PAGE_SIZE);
	ASSERT_EQ(radix_set(&r, 2, val(2, 1), &q), 0); /* same leaf */
	u64 far = (1ull << 27) * 3 + 77;               /* needs 3 new levels */
	CHECK_EQ(radix_set(&r, far, val(far, 1), &q), -L4_ENOMEM);
	CHECK_EQ(q.used, 5 * PAGE_SIZE);
	CHECK_EQ(radix_get(&r, far), NULL);
	CHECK_EQ(radix_get(&r, 1), val(1, 1));
	CHECK_EQ(radix_get(&r, 2), val(2, 1));
	void *v = NULL;
	CHECK_EQ(radix_next(&r, 3, &v), MAXK);
	q.limit = 6 * PAGE_SIZE;
	CHECK_EQ(radix_set(&r, far, val(far, 1), &q), -L4_ENOMEM);
	CHECK_EQ(q.used, 6 * PAGE_SIZE);
	q.limit = 7 * PAGE_SIZE;
	ASSERT_EQ(radix_set(&r, far, val(far, 1), &q), 0);
	CHECK_EQ(q.used, 7 * PAGE_SIZE);
	CHECK_EQ(radix_get(&r, far), val(far, 1));
	CHECK_EQ(pages_used(), 7);
	radix_destroy(&r, &q);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pages_used(), 0);
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

TEST(radix_out_of_memory)
{
	/* Quota to spare, but pmem runs out: the same, and the quota charged
	 * for the level that could not be had is rolled back. */
	for (u64 leave = 0; leave < 4; leave++) {
		struct radix r;
		struct quota q;
		quota_init(&q, NULL, 1 << 30);
		radix_init(&r);
		hoard_all_but(leave);
		ASSERT_EQ(pmem_free_pages(), leave);
		CHECK_EQ(radix_set(&r, MAXK - 1, val(1, 1), &q), -L4_ENOMEM);
		CHECK_EQ(q.used, leave * PAGE_SIZE);
		CHECK_EQ(pmem_free_pages(), 0);
		CHECK_EQ(radix_get(&r, MAXK - 1), NULL);
		radix_destroy(&r, &q);
		CHECK_EQ(q.used, 0);
		CHECK_EQ(pmem_free_pages(), leave);
		unhoard();
		CHECK_EQ(pages_used(), 0);
	}
}

/* ---- many keys against a model ---- */

#define NKEYS 6000
static u64 keys[NKEYS];
static bool present[NKEYS];

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;
	return x < y ? -1 : x > y;
}

/* Sorted, distinct keys: spread over the whole range, in a few dense runs,
 * and at the edges. */
static size_t make_keys(u64 seed)
{
	sim_srand(seed);
	size_t n = 0;
	for (unsigned i = 0; i < 2000; i++)
		keys[n++] = sim_rand_below(MAXK);
	for (unsigned run = 0; run < 8; run++) {
		u64 start = sim_rand_below(MAXK - 4096);
		for (unsigned i = 0; i < 400; i++)
			keys[n++] = start + sim_rand_below(4096);
	}
	for (u64 k = 0; k < 300; k++)
		keys[n++] = k * 3;
	for (u64 k = 1; k <= 300; k++)
		keys[n++] = MAXK - k * 2;
	keys[n++] = MAXK - 1;
	qsort(keys, n, sizeof(keys[0]), cmp_u64);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || keys[i] != keys[m - 1])
			keys[m++] = keys[i];
	return m;
}

/* The first present key >= from, by binary search and a scan. */
static u64 model_next(size_t n, u64 from, size_t *at)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (keys[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo < n && !present[lo])
		lo++;
	*at = lo;
	return lo < n ? keys[lo] : MAXK;
}

/* radix_next from `from` agrees with the model, and so does radix_next_below
 * for limits around the answer and the range's end: the first key in
 * [from, limit), or limit itself when there is none (as kern/radix.h says,
 * also for a limit beyond RADIX_MAX_KEY). Counts disagreements. */
static unsigned next_wrong;
static void check_below(struct radix *r, u64 from, u64 limit, u64 want)
{
	u64 expect = want < MAXK && want < limit ? want : limit; /* want MAXK: none */
	void *v = (void *)0x1;
	u64 got = radix_next_below(r, from, limit, &v);
	bool ok = got == expect && (expect == limit || v == val(expect, 1));
	if (!ok && next_wrong++ < 5)
		tap_diag("radix_next_below(%#llx, limit %#llx) = %#llx (value %p), the model "
			 "says %#llx", (unsigned long long)from, (unsigned long long)limit,
			 (unsigned long long)got, v, (unsigned long long)expect);
}

static void check_next(struct radix *r, size_t n, u64 from)
{
	size_t at;
	u64 want = model_next(n, from, &at);
	void *v = (void *)0x1;
	u64 got = radix_next(r, from, &v);
	bool ok = got == want && (want == MAXK || v == val(want, 1));
	if (!ok && next_wrong++ < 5)
		tap_diag("radix_next(%#llx) = %#llx (value %p), the model says %#llx",
			 (unsigned long long)from, (unsigned long long)got, v,
			 (unsigned long long)want);
	const u64 limits[] = {
		from, from + 1, want, want + 1, from + sim_rand_below(1 << 20),
		from + sim_rand_below(MAXK), MAXK - 1, MAXK, MAXK + 1, MAXK + sim_rand_below(MAXK),
		~0ull,
	};
	for (size_t i = 0; i < ARRAY_SIZE(limits); i++)
		check_below(r, from, limits[i], want);
}

TEST(radix_next_random_against_model)
{
	size_t n = make_keys(0x7ad1c5);
	tap_note("%zu distinct keys", n);
	struct radix r;
	struct quota q;
	quota_init(&q, NULL, ~0ull);
	radix_init(&r);
	/* Inserted in a shuffled order. */
	static size_t order[NKEYS];
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = n; i > 1; i--) {
		size_t j = sim_rand_below(i), t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	memset(present, 0, sizeof(present));
	for (size_t i = 0; i < n; i++) {
		ASSERT_EQ(radix_set(&r, keys[order[i]], val(keys[order[i]], 1), &q), 0);
		present[order[i]] = true;
	}
	u64 levels = levels_for(keys, n);
	tap_note("%llu levels (%llu KiB)", (unsigned long long)levels,
		 (unsigned long long)(levels * PAGE_SIZE >> 10));
	CHECK_EQ(pages_used(), levels);
	CHECK_EQ(q.used, levels * PAGE_SIZE);
	for (size_t i = 0; i < n; i++)
		TAP_ASSERT_EQ(radix_get(&r, keys[i]), val(keys[i], 1));

	/* A walk over the whole map yields exactly the keys, in order. */
	next_wrong = 0;
	size_t seen = 0;
	void *v;
	for (u64 k = radix_next(&r, 0, &v); k < MAXK; k = radix_next(&r, k + 1, &v)) {
		if (seen >= n || k != keys[seen] || v != val(k, 1)) {
			tap_diag("walk: key %zu is %#llx, the model says %#llx", seen,
				 (unsigned long long)k, (unsigned long long)(seen < n ? keys[seen] : MAXK));
			break;
		}
		seen++;
	}
	CHECK_EQ(seen, n);
	/* From every key, its neighbours and random points. */
	for (size_t i = 0; i < n; i++) {
		check_next(&r, n, keys[i]);
		check_next(&r, n, keys[i] + 1);
		if (keys[i])
			check_next(&r, n, keys[i] - 1);
		/* The start of the key's leaf and of its level-1 and -2 nodes. */
		check_next(&r, n, align_down(keys[i], 512));
		check_next(&r, n, align_down(keys[i], 1ull << 18));
		check_next(&r, n, align_down(keys[i], 1ull << 27));
	}
	for (unsigned i = 0; i < 20000; i++)
		check_next(&r, n, sim_rand_below(MAXK));
	CHECK_EQ(next_wrong, 0);

	/* Clear two thirds of the keys (their levels stay, empty): the walk
	 * must skip the empty leaves and nodes. */
	for (size_t i = 0; i < n; i++)
		if (i % 3) {
			TAP_ASSERT_EQ(radix_clear(&r, keys[i]), val(keys[i], 1));
			present[i] = false;
		}
	CHECK_EQ(pages_used(), levels);
	for (size_t i = 0; i < n; i++) {
		TAP_ASSERT_EQ(radix_get(&r, keys[i]), present[i] ? val(keys[i], 1) : NULL);
		check_next(&r, n, keys[i]);
		check_next(&r, n, keys[i] + 1);
	}
	for (unsigned i = 0; i < 20000; i++)
		check_next(&r, n, sim_rand_below(MAXK));
	CHECK_EQ(next_wrong, 0);
	/* All cleared: nothing is found from anywhere. */
	for (size_t i = 0; i < n; i++)
		if (present[i]) {
			TAP_ASSERT_EQ(radix_clear(&r, keys[i]), val(keys[i], 1));
			present[i] = false;
		}
	CHECK_EQ(radix_next(&r, 0, &v), MAXK);
	for (unsigned i = 0; i < 30; i++) /* each walks all the empty levels */
		check_next(&r, n, sim_rand_below(MAXK));
	CHECK_EQ(next_wrong, 0);

	radix_destroy(&r, &q);
	CHECK_EQ(r.root, NULL);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pages_used(), 0);
	CHECK_EQ(sim_bad_virt, 0);
}

TEST(radix_random_ops_with_failures)
{
	/* Random sets and clears under a quota that runs out now and then:
	 * a failed set leaves every key as it was, and destroy returns it all. */
	size_t n = make_keys(0x5eed);
	memset(present, 0, sizeof(present));
	struct radix r;
	struct quota parent, q;
	quota_init(&parent, NULL, ~0ull);
	quota_init(&q, &parent, 600 * PAGE_SIZE);
	radix_init(&r);
	unsigned sets = 0, fails = 0, clears = 0;
	for (unsigned op = 0; op < 30000; op++) {
		size_t i = sim_rand_below(n);
		if (sim_rand_below(100) < 60) {
			int err = radix_set(&r, keys[i], val(keys[i], 1), &q);
			if (err) {
				TAP_ASSERT_EQ(err, -L4_ENOMEM);
				/* It took every level it could get. */
				TAP_ASSERT_EQ(q.used, q.limit);
				TAP_ASSERT_EQ(radix_get(&r, keys[i]), present[i] ? val(keys[i], 1) : NULL);
				fails++;
			} else {
				present[i] = true;
				sets++;
			}
		} else {
			TAP_ASSERT_EQ(radix_clear(&r, keys[i]), present[i] ? val(keys[i], 1) : NULL);
			present[i] = false;
			clears++;
		}
		TAP_ASSERT_EQ(q.used, pages_used() * PAGE_SIZE);
		TAP_ASSERT_EQ(parent.used, q.used);
		if (op % 5000 == 4999) {
			next_wrong = 0;
			for (size_t k = 0; k < n; k++) {
				TAP_ASSERT_EQ(radix_get(&r, keys[k]), present[k] ? val(keys[k], 1) : NULL);
				check_next(&r, n, keys[k]);
			}
			TAP_CHECK_EQ(next_wrong, 0);
		}
	}
	tap_note("%u sets (%u refused), %u clears, %llu levels at the end", sets, fails, clears,
		 (unsigned long long)pages_used());
	CHECK_GT(fails, 0);
	radix_destroy(&r, &q);
	CHECK_EQ(q.used, 0);
	CHECK_EQ(parent.used, 0);
	CHECK_EQ(pages_used(), 0);
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
