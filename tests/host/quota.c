/* Host tests of the kernel memory quotas, kernel/src/quota.c, with the real
 * kmem and pmem underneath (simulated physical memory, pmem_sim.h): charging
 * along the quota tree with roll-back, and that what kmem_alloc_q charges is
 * what the allocation really takes from pmem.
 */
// sources: kernel/src/quota.c kernel/src/kmem.c kernel/src/pmem.c
#include "tap.h"
#include "pmem_sim.h"
#include "pmem_child.h"

#include <kern/kmem.h>
#include <kern/pmem.h>
#include <kern/quota.h>

static const struct pmem_range ranges[] = {
	{ { 0x0100000 }, 0x0f00000 },
	{ { 0x1400000 }, 0x0c00000 },
};
static u64 base_free;

TEST(quota_charge_tree)
{
	struct quota root, mid, leaf;
	quota_init(&root, NULL, 1000);
	quota_init(&mid, &root, 600);
	quota_init(&leaf, &mid, 500);
	CHECK_EQ(leaf.used, 0);
	CHECK_EQ(leaf.parent, &mid);
	ASSERT(quota_charge(&leaf, 300));
	CHECK_EQ(leaf.used, 300);
	CHECK_EQ(mid.used, 300);
	CHECK_EQ(root.used, 300);
	/* The leaf's own limit. */
	CHECK(!quota_charge(&leaf, 201));
	CHECK_EQ(leaf.used, 300);
	CHECK_EQ(mid.used, 300);
	CHECK_EQ(root.used, 300);
	ASSERT(quota_charge(&leaf, 200)); /* exactly up to the limit */
	CHECK_EQ(leaf.used, 500);
	/* The middle one's limit, through a sibling: rolled back below it. */
	struct quota sib;
	quota_init(&sib, &mid, 1000);
	CHECK(!quota_charge(&sib, 101));
	CHECK_EQ(sib.used, 0);
	CHECK_EQ(mid.used, 500);
	CHECK_EQ(root.used, 500);
	ASSERT(quota_charge(&sib, 100));
	CHECK_EQ(mid.used, 600);
	/* The root's limit, from a quota two levels down. */
	struct quota other, deep;
	quota_init(&other, &root, 1000);
	quota_init(&deep, &other, 1000);
	CHECK(!quota_charge(&deep, 401));
	CHECK_EQ(deep.used, 0);
	CHECK_EQ(other.used, 0);
	CHECK_EQ(root.used, 600);
	ASSERT(quota_charge(&deep, 400));
	CHECK_EQ(root.used, 1000);
	/* Uncharging frees it along the path again. */
	quota_uncharge(&deep, 400);
	quota_uncharge(&sib, 100);
	quota_uncharge(&leaf, 500);
	CHECK_EQ(deep.used, 0);
	CHECK_EQ(other.used, 0);
	CHECK_EQ(sib.used, 0);
	CHECK_EQ(leaf.used, 0);
	CHECK_EQ(mid.used, 0);
	CHECK_EQ(root.used, 0);
}

TEST(quota_overflow_and_null)
{
	struct quota q;
	quota_init(&q, NULL, ~0ull);
	ASSERT(quota_charge(&q, ~0ull - 10));
	CHECK(!quota_charge(&q, 11));  /* would wrap around */
	CHECK(!quota_charge(&q, ~0ull));
	CHECK_EQ(q.used, ~0ull - 10);
	CHECK(quota_charge(&q, 10));
	quota_uncharge(&q, ~0ull);
	CHECK_EQ(q.used, 0);
	/* NULL charges nothing and always succeeds. */
	CHECK(quota_charge(NULL, ~0ull));
	quota_uncharge(NULL, 5);
}

TEST(quota_root_is_unlimited)
{
	CHECK_EQ(quota_root.limit, ~0ull);
	CHECK_EQ(quota_root.parent, NULL);
}

TEST(quota_kmem_charges_class_size)
{
	struct quota q;
	quota_init(&q, NULL, 1 << 30);
	static const size_t sizes[] = { 0, 1, 16, 17, 100, 512, 513, 2048 };
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t cls = 16;
		while (cls < sizes[i])
			cls <<= 1;
		CHECK_EQ(kmem_charge_size(sizes[i]), cls);
		void *p = kmem_alloc_q(&q, sizes[i]);
		ASSERT_NE(p, NULL);
		CHECK_EQ(q.used, cls);
		kmem_free_q(&q, p, sizes[i]);
		CHECK_EQ(q.used, 0);
	}
	kmem_free_q(&q, NULL, 64); /* nothing to uncharge */
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
}

TEST(quota_kmem_charges_what_pmem_gives)
{
	/* A large allocation takes a whole buddy block of 2^order pages; the
	 * charge must be that, or a quota holder gets more than its limit. */
	struct quota q;
	quota_init(&q, NULL, 1 << 30);
	static const size_t sizes[] = {
		2049, 4096, 4097, 8192, 8193, 12288, 16384, 20480, 65536 + 1, 1 << 20,
		(1 << 20) + 1, 3 << 20, 4 << 20,
	};
	unsigned wrong = 0;
	char first[200] = "";
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		u64 before = pmem_free_pages();
		void *p = kmem_alloc_q(&q, sizes[i]);
		ASSERT_NE(p, NULL);
		u64 taken = (before - pmem_free_pages()) * PAGE_SIZE;
		if (q.used != taken && !wrong++)
			snprintf(first, sizeof(first), "kmem_alloc_q(%zu) charges %llu bytes but "
				 "takes %llu from pmem", sizes[i], (unsigned long long)q.used,
				 (unsigned long long)taken);
		kmem_free_q(&q, p, sizes[i]);
		CHECK_EQ(q.used, 0);
		CHECK_EQ(pmem_free_pages(), before);
	}
	if (wrong)
		tap_diag("%u of %zu sizes charged wrongly; first: %s", wrong, ARRAY_SIZE(sizes),
			 first);
	CHECK_EQ(wrong, 0);
}

static int alloc_q_huge(void *arg)
{
	struct quota q;
	quota_init(&q, NULL, ~0ull);
	void *p = kmem_alloc_q(&q, *(size_t *)arg);
	return (p != NULL) | (q.used != 0) << 1;
}

TEST(quota_kmem_absurd_size)
{
	/* Sizes that no allocation can satisfy: refused (NULL), nothing left
	 * charged, and in finite time (a size-class loop doubling a 64-bit
	 * value past 2^63 wraps to 0 and never ends: hence the child). */
	static const size_t sizes[] = {
		(4 << 20) + 1, (size_t)1 << 40, ((size_t)1 << 62) + 1, (size_t)1 << 63,
		((size_t)1 << 63) + 1, SIZE_MAX,
	};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t size = sizes[i];
		struct child_result r = run_in_child(alloc_q_huge, &size, 5);
		if (r.outcome != CHILD_RETURNED || r.ret != 0)
			tap_diag("kmem_alloc_q(q, %#zx): outcome %d, ret %d %s", size, r.outcome,
				 r.ret, r.msg);
		CHECK_EQ(r.outcome, CHILD_RETURNED);
		CHECK_EQ(r.ret, 0);
	}
}

TEST(quota_kmem_refused)
{
	struct quota parent, q;
	quota_init(&parent, NULL, 100);
	quota_init(&q, &parent, 1000);
	u64 before = pmem_free_pages();
	CHECK_EQ(kmem_alloc_q(&q, 128), NULL);    /* over the parent's limit */
	CHECK_EQ(q.used, 0);
	CHECK_EQ(parent.used, 0);
	CHECK_EQ(pmem_free_pages(), before);      /* no memory taken */
	void *p = kmem_alloc_q(&q, 64);
	ASSERT_NE(p, NULL);
	CHECK_EQ(parent.used, 64);
	CHECK_EQ(kmem_alloc_q(&q, 64), NULL);     /* 128 > 100 */
	CHECK_EQ(parent.used, 64);
	kmem_free_q(&q, p, 64);
	CHECK_EQ(parent.used, 0);
	/* Out of memory, not of quota: the charge is rolled back. */
	quota_init(&q, NULL, ~0ull);
	CHECK_EQ(kmem_alloc_q(&q, 8u << 20), NULL); /* larger than any block */
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
}

TEST(quota_pmem_pages)
{
	struct quota q;
	quota_init(&q, NULL, 6 * PAGE_SIZE);
	paddr_t a, b, c = paddr(0x77);
	ASSERT(pmem_alloc_q(&q, 2, &a));
	CHECK_EQ(q.used, 4 * PAGE_SIZE);
	ASSERT(pmem_alloc_q(&q, 1, &b));
	CHECK_EQ(q.used, 6 * PAGE_SIZE);
	CHECK(!pmem_alloc_q(&q, 0, &c));
	CHECK_EQ(c.v, 0x77);
	CHECK_EQ(q.used, 6 * PAGE_SIZE);
	CHECK_EQ(pmem_free_pages(), base_free - 6);
	pmem_free_q(&q, a, 2);
	CHECK_EQ(q.used, 2 * PAGE_SIZE);
	pmem_free_q(&q, b, 1);
	CHECK_EQ(q.used, 0);
	/* pmem refuses (order too large): nothing stays charged. */
	quota_init(&q, NULL, ~0ull);
	CHECK(!pmem_alloc_q(&q, PMEM_MAX_ORDER + 1, &c));
	CHECK_EQ(q.used, 0);
	CHECK_EQ(pmem_free_pages(), base_free);
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
