/* Host tests of the kernel object allocator, kernel/src/kmem.c, on top of the
 * real buddy allocator (kernel/src/pmem.c) over simulated physical memory
 * (pmem_sim.h). The memory is set up once, in main(); every test gives back
 * everything it took, which is checked through pmem_free_pages(): a slab page
 * that is not returned once empty shows up as a leak. Calls that corrupt the
 * allocator's state on purpose run in a forked child.
 */
// sources: kernel/src/kmem.c kernel/src/pmem.c
#include "tap.h"
#include "pmem_sim.h"
#include "pmem_child.h"

#include <kern/kmem.h>
#include <kern/pmem.h>

static const struct pmem_range ranges[] = {
	{ { 0x0100000 }, 0x0f00000 },  /* 1 MiB .. 16 MiB */
	{ { 0x1400000 }, 0x0c00000 },  /* 20 MiB .. 32 MiB */
};
static u64 base_free; /* free pages with nothing allocated */

#define MIN_OBJ 16
/* A slab page starts with its header, which takes whole object slots. Its
 * size is kmem.c's business; this bound keeps the waste in check (at most
 * 3 % of a page for 16-byte objects). */
#define SLAB_HEADER_MAX 128
static size_t class_of(size_t size)
{
	size_t c = MIN_OBJ;
	while (c < size)
		c <<= 1;
	return c;
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++)
		if (c[i])
			return false;
	return true;
}

static bool in_sim(const void *p, size_t n)
{
	const unsigned char *c = p;
	return c >= sim_mem && c + n <= sim_mem + SIM_SIZE && sim_in_ranges((u64)(c - sim_mem)) &&
	       sim_in_ranges((u64)(c + n - 1 - sim_mem));
}

/* A pattern that differs per object and per byte. */
static unsigned char pat(u64 tag, size_t i) { return (unsigned char)((tag * 131 + i * 7 + 1) | 1); }
static void fill(void *p, size_t n, u64 tag)
{
	for (size_t i = 0; i < n; i++)
		((unsigned char *)p)[i] = pat(tag, i);
}
static bool intact(const void *p, size_t n, u64 tag)
{
	for (size_t i = 0; i < n; i++)
		if (((const unsigned char *)p)[i] != pat(tag, i))
			return false;
	return true;
}

static int by_addr(const void *a, const void *b)
{
	const unsigned char *x = *(unsigned char *const *)a, *y = *(unsigned char *const *)b;
	return x < y ? -1 : x > y;
}

static const size_t small_sizes[] = {
	1, 8, 15, 16, 17, 24, 31, 32, 33, 48, 63, 64, 65, 100, 127, 128, 129, 200,
	255, 256, 257, 300, 511, 512, 513, 700, 1000, 1023, 1024, 1025, 1500, 2047, 2048,
};

TEST(kmem_small_zeroed_aligned_disjoint)
{
	enum { PER_SIZE = 150 };
	static void *objs[ARRAY_SIZE(small_sizes) * PER_SIZE];
	static void *sorted[ARRAY_SIZE(small_sizes) * PER_SIZE];
	static size_t sizes[ARRAY_SIZE(small_sizes) * PER_SIZE];
	static u64 tags[ARRAY_SIZE(small_sizes) * PER_SIZE];
	size_t n = 0;
	for (size_t s = 0; s < ARRAY_SIZE(small_sizes); s++) {
		size_t size = small_sizes[s], cls = class_of(size);
		for (unsigned i = 0; i < PER_SIZE; i++) {
			void *p = kmem_alloc(size);
			ASSERT_NE(p, NULL);
			ASSERT(in_sim(p, size));
			/* Aligned to the class size, within one page. */
			CHECK_EQ((uintptr_t)p % cls, 0);
			CHECK_EQ((uintptr_t)p / PAGE_SIZE, ((uintptr_t)p + cls - 1) / PAGE_SIZE);
			/* Zeroed even though simulated memory starts as 0xa5 and freed
			 * objects hold patterns. */
			CHECK(all_zero(p, size));
			fill(p, size, n);
			objs[n] = p;
			sizes[n] = size;
			tags[n] = n;
			n++;
		}
	}
	/* No two live objects overlap: sorted by address, each ends before the
	 * next begins, and every pattern survived all later allocations. */
	memcpy(sorted, objs, n * sizeof(*objs));
	qsort(sorted, n, sizeof(*sorted), by_addr);
	for (size_t i = 0; i + 1 < n; i++)
		ASSERT_NE(sorted[i], sorted[i + 1]);
	size_t broken = 0;
	for (size_t i = 0; i < n; i++)
		broken += !intact(objs[i], sizes[i], i);
	CHECK_EQ(broken, 0);
	/* Free in a shuffled order; each pattern is still intact at its free. */
	sim_srand(77);
	for (size_t i = n; i > 0; i--) {
		size_t k = sim_rand_below(i);
		void *p = objs[k];
		size_t size = sizes[k];
		if (!intact(p, size, tags[k]))
			broken++;
		objs[k] = objs[i - 1];
		sizes[k] = sizes[i - 1];
		tags[k] = tags[i - 1];
		kmem_free(p, size);
	}
	CHECK_EQ(broken, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
	CHECK_EQ(sim_bad_virt, 0);
}

TEST(kmem_fpu_area_alignment)
{
	/* Threads' FXSAVE areas: 512 bytes, 16-byte aligned at least. */
	void *p[20];
	for (int i = 0; i < 20; i++) {
		p[i] = kmem_alloc(512);
		ASSERT_NE(p[i], NULL);
		CHECK_EQ((uintptr_t)p[i] % 16, 0);
		CHECK_EQ((uintptr_t)p[i] % 512, 0);
	}
	for (int i = 0; i < 20; i++)
		kmem_free(p[i], 512);
	CHECK_EQ(pmem_free_pages(), base_free);
}

TEST(kmem_free_then_realloc_reuses_and_zeroes)
{
	for (size_t s = 0; s < ARRAY_SIZE(small_sizes); s++) {
		size_t size = small_sizes[s];
		void *keep = kmem_alloc(size); /* keeps the slab alive */
		void *a = kmem_alloc(size);
		ASSERT_NE(keep, NULL);
		ASSERT_NE(a, NULL);
		memset(a, 0xff, size);
		kmem_free(a, size);
		void *b = kmem_alloc(size);
		CHECK_EQ(b, a); /* the object just freed is the first one reused */
		CHECK(all_zero(b, size));
		kmem_free(b, size);
		kmem_free(keep, size);
	}
	/* A size of the same class may be used to free. */
	void *p = kmem_alloc(20);
	ASSERT_NE(p, NULL);
	kmem_free(p, 32);
	kmem_free(NULL, 64); /* a no-op */
	CHECK_EQ(pmem_free_pages(), base_free);
}

TEST(kmem_slab_pages_come_and_go)
{
	/* One object takes one slab page; the page goes back when it is empty. */
	void *p = kmem_alloc(64);
	ASSERT_NE(p, NULL);
	CHECK_EQ(pmem_free_pages(), base_free - 1);
	kmem_free(p, 64);
	CHECK_EQ(pmem_free_pages(), base_free);
	/* Fill a slab, then one more object needs a second page. */
	static void *objs[300];
	unsigned n = 0;
	while (pmem_free_pages() == base_free - 1 || n == 0) {
		ASSERT_LT(n, 300);
		objs[n] = kmem_alloc(64);
		ASSERT_NE(objs[n], NULL);
		n++;
	}
	CHECK_EQ(pmem_free_pages(), base_free - 2);
	/* 64-byte objects: the header takes at least one slot, at most
	 * SLAB_HEADER_MAX bytes' worth; the rest of the page holds objects. */
	CHECK_LE(n - 1, PAGE_SIZE / 64 - 1);
	CHECK_GE(n - 1, (PAGE_SIZE - SLAB_HEADER_MAX) / 64);
	/* The last one is on the new page, the others all on the first. */
	uintptr_t first_page = (uintptr_t)objs[0] / PAGE_SIZE;
	for (unsigned i = 0; i + 1 < n; i++)
		CHECK_EQ((uintptr_t)objs[i] / PAGE_SIZE, first_page);
	CHECK_NE((uintptr_t)objs[n - 1] / PAGE_SIZE, first_page);
	/* Freeing one object of the full slab makes room there again: the
	 * next allocation takes it rather than a third page. */
	void *hole = objs[3];
	kmem_free(hole, 64);
	void *again = kmem_alloc(64);
	CHECK_EQ(again, hole);
	CHECK_EQ(pmem_free_pages(), base_free - 2);
	for (unsigned i = 0; i < n; i++)
		kmem_free(objs[i], 64);
	CHECK_EQ(pmem_free_pages(), base_free);
}

/* Takes all of pmem except `leave` pages (as order-0 pages where it matters). */
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

TEST(kmem_page_capacity_per_class_and_running_out)
{
	hoard_all_but(1);
	ASSERT_EQ(pmem_free_pages(), 1);
	static void *objs[PAGE_SIZE / MIN_OBJ];
	for (size_t cls = MIN_OBJ; cls <= KMEM_MAX_SMALL; cls <<= 1) {
		unsigned n = 0;
		void *p;
		while ((p = kmem_alloc(cls)) != NULL) {
			ASSERT_LT(n, PAGE_SIZE / cls);
			objs[n++] = p;
		}
		/* All from the one page that was left, after a header of at most
		 * SLAB_HEADER_MAX bytes that takes whole slots. */
		size_t slots = PAGE_SIZE / cls;
		size_t hdr_slots = (SLAB_HEADER_MAX + cls - 1) / cls;
		CHECK_LE(n, slots - 1);
		CHECK_GE(n, slots - hdr_slots);
		CHECK_EQ(pmem_free_pages(), 0);
		for (unsigned i = 0; i < n; i++)
			CHECK_EQ((uintptr_t)objs[i] / PAGE_SIZE, (uintptr_t)objs[0] / PAGE_SIZE);
		/* Still nothing, also for the other classes and large sizes. */
		CHECK_EQ(kmem_alloc(cls), NULL);
		CHECK_EQ(kmem_alloc(cls == 16 ? 32 : 16), NULL);
		CHECK_EQ(kmem_alloc(4096), NULL);
		/* One object back: exactly that one comes out again. */
		void *last = objs[n / 2];
		kmem_free(last, cls);
		CHECK_EQ(kmem_alloc(cls), last);
		CHECK_EQ(kmem_alloc(cls), NULL);
		for (unsigned i = 0; i < n; i++)
			kmem_free(objs[i], cls);
		CHECK_EQ(pmem_free_pages(), 1);
	}
	unhoard();
	CHECK_EQ(pmem_free_pages(), base_free);
}

TEST(kmem_running_out_large)
{
	hoard_all_but(3);
	ASSERT_EQ(pmem_free_pages(), 3);
	CHECK_EQ(kmem_alloc(3 * PAGE_SIZE), NULL); /* order 2: 4 pages */
	void *a = kmem_alloc(2 * PAGE_SIZE);
	void *b = kmem_alloc(PAGE_SIZE);
	/* Three single pages may not form an order-1 block; either way the
	 * free count is exact. */
	u64 used = (a ? 2 : 0) + (b ? 1 : 0);
	CHECK_EQ(pmem_free_pages(), 3 - used);
	CHECK_NE(b, NULL);
	kmem_free(a, 2 * PAGE_SIZE);
	kmem_free(b, PAGE_SIZE);
	CHECK_EQ(pmem_free_pages(), 3);
	unhoard();
	CHECK_EQ(pmem_free_pages(), base_free);
}

TEST(kmem_large_allocations)
{
	static const size_t sizes[] = {
		KMEM_MAX_SMALL + 1, 3000, 4095, 4096, 4097, 8192, 8193, 12288, 65536,
		65537, 1 << 20, (2 << 20) + 5, 4 << 20,
	};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t size = sizes[i];
		unsigned order = 0;
		while ((PAGE_SIZE << order) < size)
			order++;
		u64 before = pmem_free_pages();
		unsigned char *p = kmem_alloc(size);
		ASSERT_NE(p, NULL);
		ASSERT(in_sim(p, size));
		/* Whole buddy blocks: aligned to their size, counted exactly. */
		CHECK_EQ(pmem_phys(p).v % (PAGE_SIZE << order), 0);
		CHECK_EQ(before - pmem_free_pages(), 1ull << order);
		CHECK(all_zero(p, size));
		memset(p, 0xee, size);
		kmem_free(p, size);
		CHECK_EQ(pmem_free_pages(), before);
		/* Dirty pages come back zeroed. */
		p = kmem_alloc(size);
		ASSERT_NE(p, NULL);
		CHECK(all_zero(p, size));
		kmem_free(p, size);
	}
	/* Larger than the largest buddy block. */
	CHECK_EQ(kmem_alloc((4 << 20) + 1), NULL);
	CHECK_EQ(kmem_alloc(64ul << 20), NULL);
	CHECK_EQ(kmem_alloc(1ul << 40), NULL);
	CHECK_EQ(pmem_free_pages(), base_free);
}

static int alloc_huge(void *arg)
{
	void *p = kmem_alloc(*(size_t *)arg);
	return p != NULL;
}

TEST(kmem_alloc_absurd_size)
{
	/* Sizes near SIZE_MAX must be refused like any other too-large one;
	 * an order loop that shifts PAGE_SIZE by 64 or more would never end
	 * (or crash under UBSan): hence the child with a time limit. */
	static const size_t sizes[] = {
		SIZE_MAX, SIZE_MAX - PAGE_SIZE, (size_t)1 << 63, ((size_t)1 << 63) + 1,
		((size_t)1 << 62) + 1,
	};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t size = sizes[i];
		struct child_result r = run_in_child(alloc_huge, &size, 10);
		if (r.outcome != CHILD_RETURNED)
			tap_diag("kmem_alloc(%#zx): outcome %d: %s", size, r.outcome, r.msg);
		CHECK_EQ(r.outcome, CHILD_RETURNED);
		CHECK_EQ(r.ret, 0);
	}
	CHECK_EQ(pmem_free_pages(), base_free);
}

struct bad_free {
	void *p;
	size_t size;
};
static void do_kfree(void *arg)
{
	struct bad_free *b = arg;
	kmem_free(b->p, b->size);
}
static bool kfree_panics(void *p, size_t size)
{
	struct bad_free b = { p, size };
	return catches_panic(do_kfree, &b);
}

TEST(kmem_wrong_size_free_detected)
{
	void *keep = kmem_alloc(32);
	void *p = kmem_alloc(32);
	ASSERT_NE(p, NULL);
	ASSERT_NE(keep, NULL);
	CHECK(kfree_panics(p, 64));   /* another class */
	CHECK(strstr(sim_panic_msg, "BUG") != NULL);
	CHECK(kfree_panics(p, 16));
	CHECK(kfree_panics(p, 2048));
	CHECK(kfree_panics(p, 4096)); /* the large path: not a page */
	/* None of that changed anything: the right free works and the slot is
	 * reused. */
	kmem_free(p, 32);
	CHECK_EQ(kmem_alloc(32), p);
	kmem_free(p, 32);
	kmem_free(keep, 32);
	/* A page-sized allocation freed as a small object: no slab header. */
	void *big = kmem_alloc(8192);
	ASSERT_NE(big, NULL);
	CHECK(kfree_panics(big, 64));
	kmem_free(big, 8192);
	/* Not even a kmem object. */
	static _Alignas(4096) unsigned char outside[PAGE_SIZE];
	CHECK(kfree_panics(outside + 64, 64));
	CHECK_EQ(pmem_free_pages(), base_free);
}

TEST(kmem_large_free_with_any_size_of_its_order)
{
	/* A large block may be freed with any size that needs the same number
	 * of pages, like a small object with any size of its class. (A size
	 * of another order cannot be detected without per-block metadata:
	 * that misuse is the caller's bug and is not tested.) */
	static const struct { size_t alloc, free; } pairs[] = {
		{ KMEM_MAX_SMALL + 1, PAGE_SIZE }, { PAGE_SIZE, 3000 },
		{ PAGE_SIZE + 1, 2 * PAGE_SIZE }, { 2 * PAGE_SIZE, PAGE_SIZE + 1 },
		{ 5 * PAGE_SIZE, 8 * PAGE_SIZE }, { 8 * PAGE_SIZE, 5 * PAGE_SIZE + 3 },
		{ (1 << 20) + 1, 2 << 20 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		u64 before = pmem_free_pages();
		void *p = kmem_alloc(pairs[i].alloc);
		ASSERT_NE(p, NULL);
		kmem_free(p, pairs[i].free);
		CHECK_EQ(pmem_free_pages(), before);
		/* The very same block comes back for the same size. */
		void *q = kmem_alloc(pairs[i].alloc);
		CHECK_EQ(q, p);
		kmem_free(q, pairs[i].alloc);
	}
	CHECK_EQ(pmem_free_pages(), base_free);
}

/* In a child: frees an object twice while two others share its slab;
 * returns 1 when the next two allocations return the same object. */
static int small_double_free(void *arg)
{
	(void)arg;
	void *k1 = kmem_alloc(64), *k2 = kmem_alloc(64), *p = kmem_alloc(64);
	(void)k1;
	(void)k2;
	kmem_free(p, 64);
	kmem_free(p, 64);
	void *a = kmem_alloc(64), *b = kmem_alloc(64);
	return a == b;
}

/* In a child: frees an object twice while one other shares its slab;
 * returns 1 when the slab page was given back to pmem with that other
 * object still allocated in it. */
static int small_double_free_last(void *arg)
{
	(void)arg;
	void *keep = kmem_alloc(64), *p = kmem_alloc(64);
	(void)keep;
	u64 before = pmem_free_pages();
	kmem_free(p, 64);
	kmem_free(p, 64);
	return pmem_free_pages() == before + 1;
}

/* In a child: fills a whole slab of the class *arg, then frees its last
 * object twice (the highest slot of the page). */
static int double_free_last_slot(void *arg)
{
	size_t cls = *(size_t *)arg;
	void *first = kmem_alloc(cls), *p = first, *last = first;
	while (p && (uintptr_t)p / PAGE_SIZE == (uintptr_t)first / PAGE_SIZE) {
		last = p;
		p = kmem_alloc(cls);
	}
	kmem_free(last, cls);
	kmem_free(last, cls);
	return 1;
}

TEST(kmem_double_free)
{
	struct child_result r = run_in_child(small_double_free, NULL, 20);
	struct child_result r2 = run_in_child(small_double_free_last, NULL, 20);
	ASSERT_NE(r.outcome, CHILD_NOFORK);
	ASSERT_NE(r2.outcome, CHILD_NOFORK);
	/* Undetected, the free list gets a cycle and the object is handed out
	 * twice (ret 1); with one other object in its slab, in_use reaches 0
	 * and the slab page goes back to pmem under the live object (ret 1). */
	if (r.outcome != CHILD_PANICKED)
		tap_diag("double free with two other objects in the slab: outcome %d, "
			 "ret %d: %s", r.outcome, r.ret, r.msg);
	if (r2.outcome != CHILD_PANICKED)
		tap_diag("double free with one other object in the slab: outcome %d, "
			 "ret %d: %s", r2.outcome, r2.ret, r2.msg);
	CHECK_EQ(r.outcome, CHILD_PANICKED);
	CHECK(strstr(r.msg, "BUG") != NULL);
	CHECK_EQ(r2.outcome, CHILD_PANICKED);
	CHECK(strstr(r2.msg, "BUG") != NULL);
	/* Every class, at the last slot of a full slab. */
	for (size_t cls = MIN_OBJ; cls <= KMEM_MAX_SMALL; cls <<= 1) {
		struct child_result c = run_in_child(double_free_last_slot, &cls, 20);
		if (c.outcome != CHILD_PANICKED)
			tap_diag("double free of the last %zu-byte object of a slab: outcome %d: %s",
				 cls, c.outcome, c.msg);
		CHECK_EQ(c.outcome, CHILD_PANICKED);
	}
}

TEST(kmem_zero_size)
{
	void *p = kmem_alloc(0);
	ASSERT_NE(p, NULL);
	CHECK_EQ((uintptr_t)p % MIN_OBJ, 0);
	kmem_free(p, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
}

/* ---- random operations, patterns checked ---- */

struct live {
	unsigned char *p;
	size_t size;
	u64 tag;
};
#define LIVE_MAX 4000
static struct live live[LIVE_MAX];

static size_t random_size(void)
{
	u64 r = sim_rand_below(100);
	if (r < 60)
		return 1 + sim_rand_below(128);
	if (r < 90)
		return 1 + sim_rand_below(KMEM_MAX_SMALL);
	if (r < 98)
		return KMEM_MAX_SMALL + 1 + sim_rand_below(3 * PAGE_SIZE);
	return 1 + sim_rand_below(64 * PAGE_SIZE);
}

/* Random allocations and frees; with leave != 0 only that many pages are
 * left to kmem, so that allocations fail now and then. */
static void random_ops(u64 seed, unsigned ops, u64 leave)
{
	if (leave)
		hoard_all_but(leave);
	u64 start = pmem_free_pages();
	sim_srand(seed);
	size_t nlive = 0;
	unsigned allocs = 0, fails = 0, frees = 0;
	u64 tag = 1;
	for (unsigned op = 0; op < ops; op++) {
		if (nlive < LIVE_MAX && (nlive == 0 || sim_rand_below(100) < 55)) {
			size_t size = random_size();
			u64 before = pmem_free_pages();
			unsigned char *p = kmem_alloc(size);
			if (!p) {
				/* A small object is refused only when pmem has not
				 * a single page left for a new slab. */
				if (size <= KMEM_MAX_SMALL)
					TAP_ASSERT_EQ(before, 0);
				TAP_ASSERT_EQ(pmem_free_pages(), before);
				fails++;
				continue;
			}
			allocs++;
			TAP_ASSERT(in_sim(p, size));
			TAP_ASSERT(all_zero(p, size));
			TAP_ASSERT_EQ((uintptr_t)p % (size > KMEM_MAX_SMALL ? PAGE_SIZE : class_of(size)), 0);
			fill(p, size, tag);
			live[nlive++] = (struct live){ p, size, tag++ };
		} else {
			size_t k = sim_rand_below(nlive);
			struct live l = live[k];
			live[k] = live[--nlive];
			TAP_ASSERT(intact(l.p, l.size, l.tag));
			kmem_free(l.p, l.size);
			frees++;
		}
		if (op % 1000 == 999)
			for (size_t i = 0; i < nlive; i++)
				TAP_ASSERT(intact(live[i].p, live[i].size, live[i].tag));
	}
	tap_note("%u allocations (%u refused), %u frees, %zu live at the end", allocs, fails,
		 frees, nlive);
	if (leave)
		TAP_CHECK_GT(fails, 0);
	while (nlive) {
		nlive--;
		TAP_ASSERT(intact(live[nlive].p, live[nlive].size, live[nlive].tag));
		kmem_free(live[nlive].p, live[nlive].size);
	}
	TAP_CHECK_EQ(pmem_free_pages(), start);
	if (leave)
		unhoard();
	TAP_CHECK_EQ(pmem_free_pages(), base_free);
	TAP_CHECK_EQ(sim_bad_virt, 0);
}

TEST(kmem_random_against_patterns)
{
	random_ops(0xc0ffee, 30000, 0);
}

TEST(kmem_random_little_memory)
{
	random_ops(0xbadcafe, 30000, 48);
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
