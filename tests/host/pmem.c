/* Host tests of the buddy allocator, kernel/src/pmem.c, against a model.
 *
 * Physical memory is simulated by pmem_sim.h (64 MiB, physical address p at
 * sim_mem + p, holes and memory the test owns poisoned for ASan). The model
 * knows which pages pmem must hand out (every whole page of the ranges except
 * the metadata area at the start of the first range large enough for it) and
 * which the test holds; every allocation is checked against it: alignment,
 * inside the usable pages, no overlap, exact free counts, and that an
 * allocation fails exactly when no naturally aligned free run of pages of
 * that size exists (which the eager merging of a buddy system guarantees).
 */
// sources: kernel/src/pmem.c
#include "tap.h"
#include "pmem_sim.h"
#include "pmem_child.h"

#include <kern/pmem.h>

#define SIM_PAGES (SIM_SIZE >> PAGE_SHIFT)
#define NORDERS (PMEM_MAX_ORDER + 1)

/* ---- the model ---- */

static bool usable[SIM_PAGES]; /* pmem must hand out exactly these pages */
static bool owned[SIM_PAGES];  /* ...and the test holds these */
static u64 usable_count, owned_count;
static u64 meta_lo, meta_hi;   /* the metadata area, physical [lo, hi) */
static u64 meta_frames;        /* bytes of it in use: one per frame */

/* What pmem_init must make of the ranges (see kern/pmem.h and pmem.c):
 * metadata of one byte per frame from the first range's frame to the last
 * range's last whole frame, page-rounded, at the start of the first range
 * larger than it; every other whole page of the ranges is free. */
static bool model_init(const struct pmem_range *r, unsigned n)
{
	memset(usable, 0, sizeof(usable));
	memset(owned, 0, sizeof(owned));
	usable_count = owned_count = 0;
	meta_lo = meta_hi = 0;
	u64 lo = r[0].base.v, hi = r[n - 1].base.v + r[n - 1].size;
	u64 frames = (align_down(hi, PAGE_SIZE) >> PAGE_SHIFT) - (lo >> PAGE_SHIFT);
	u64 meta_bytes = align_up(frames, PAGE_SIZE);
	meta_frames = frames;
	unsigned host = n;
	for (unsigned i = 0; i < n; i++)
		if (r[i].size > meta_bytes) {
			host = i;
			break;
		}
	if (host == n)
		return false;
	meta_lo = r[host].base.v;
	meta_hi = align_up(r[host].base.v, PAGE_SIZE) + meta_bytes;
	for (unsigned i = 0; i < n; i++) {
		u64 b = align_up(r[i].base.v, PAGE_SIZE), e = align_down(r[i].base.v + r[i].size, PAGE_SIZE);
		if (i == host)
			b += meta_bytes;
		for (u64 pa = b; pa < e; pa += PAGE_SIZE) {
			usable[pa >> PAGE_SHIFT] = true;
			usable_count++;
		}
	}
	return true;
}

static u64 model_free(void) { return usable_count - owned_count; }

/* Sets up pmem and the model for the same ranges; both must agree. */
static void setup(const struct pmem_range *r, unsigned n)
{
	bool m = model_init(r, n);
	bool p = sim_setup(r, n);
	TAP_ASSERT_EQ(p, m);
	/* The metadata page's tail after the last frame's byte is no
	 * metadata: pmem reading it would be an off-by-one. */
	sim_own(meta_lo + meta_frames, meta_hi - meta_lo - meta_frames);
	TAP_ASSERT_EQ(pmem_total_pages(), usable_count);
	TAP_ASSERT_EQ(pmem_free_pages(), usable_count);
}

/* Checks a block pmem just returned and takes it into the model. */
static bool take(u64 pa, unsigned order)
{
	u64 pages = 1ull << order;
	if (!is_aligned(pa, PAGE_SIZE << order)) {
		tap_diag("block %#llx of order %u is not aligned to its size",
			 (unsigned long long)pa, order);
		return false;
	}
	if (pa >= SIM_SIZE || pa + (PAGE_SIZE << order) > SIM_SIZE) {
		tap_diag("block %#llx of order %u is outside memory", (unsigned long long)pa, order);
		return false;
	}
	if (pa < meta_hi && pa + (PAGE_SIZE << order) > meta_lo) {
		tap_diag("block %#llx of order %u overlaps the metadata [%#llx, %#llx)",
			 (unsigned long long)pa, order, (unsigned long long)meta_lo,
			 (unsigned long long)meta_hi);
		return false;
	}
	for (u64 i = 0; i < pages; i++) {
		u64 f = (pa >> PAGE_SHIFT) + i;
		if (!usable[f]) {
			tap_diag("block %#llx of order %u: page %#llx is not usable memory",
				 (unsigned long long)pa, order, (unsigned long long)(f << PAGE_SHIFT));
			return false;
		}
		if (owned[f]) {
			tap_diag("block %#llx of order %u: page %#llx is already allocated",
				 (unsigned long long)pa, order, (unsigned long long)(f << PAGE_SHIFT));
			return false;
		}
	}
	for (u64 i = 0; i < pages; i++)
		owned[(pa >> PAGE_SHIFT) + i] = true;
	owned_count += pages;
	sim_own(pa, PAGE_SIZE << order);
	return true;
}

static void give_back(u64 pa, unsigned order)
{
	for (u64 i = 0; i < (1ull << order); i++)
		owned[(pa >> PAGE_SHIFT) + i] = false;
	owned_count -= 1ull << order;
	sim_release(pa, PAGE_SIZE << order);
	pmem_free(paddr(pa), order);
}

/* Whether the model has a naturally aligned run of 2^order free pages. */
static bool model_has_free_block(unsigned order)
{
	u64 pages = 1ull << order;
	for (u64 f = 0; f < SIM_PAGES; f += pages) {
		u64 i = 0;
		while (i < pages && usable[f + i] && !owned[f + i])
			i++;
		if (i == pages)
			return true;
	}
	return false;
}

/* The counts per order of the maximal free buddy blocks of the model: what a
 * buddy allocator with everything merged must hold. */
static void model_profile(u64 count[NORDERS])
{
	for (unsigned o = 0; o < NORDERS; o++)
		count[o] = 0;
	static bool covered[SIM_PAGES];
	memset(covered, 0, sizeof(covered));
	for (int o = PMEM_MAX_ORDER; o >= 0; o--) {
		u64 pages = 1ull << o;
		for (u64 f = 0; f < SIM_PAGES; f += pages) {
			u64 i = 0;
			while (i < pages && usable[f + i] && !owned[f + i] && !covered[f + i])
				i++;
			if (i < pages)
				continue;
			count[o]++;
			for (i = 0; i < pages; i++)
				covered[f + i] = true;
		}
	}
}

struct block {
	u64 pa;
	unsigned order;
};
#define MAX_BLOCKS (SIM_PAGES + 16)
static struct block blocks[MAX_BLOCKS];
static size_t nblocks;

/* Allocates greedily, the largest order first, until nothing is left; every
 * block is checked and kept in blocks[]. count[] gets the blocks per order. */
static bool drain(u64 count[NORDERS])
{
	for (int o = PMEM_MAX_ORDER; o >= 0; o--) {
		count[o] = 0;
		paddr_t p;
		while (pmem_alloc((unsigned)o, &p)) {
			if (!take(p.v, (unsigned)o) || nblocks == MAX_BLOCKS)
				return false;
			blocks[nblocks++] = (struct block){ p.v, (unsigned)o };
			count[o]++;
		}
	}
	return true;
}

/* Frees every block in blocks[] in a shuffled order. */
static void release_all(u64 seed)
{
	sim_srand(seed);
	for (size_t i = nblocks; i > 1; i--) {
		size_t j = sim_rand_below(i);
		struct block t = blocks[i - 1];
		blocks[i - 1] = blocks[j];
		blocks[j] = t;
	}
	for (size_t i = 0; i < nblocks; i++)
		give_back(blocks[i].pa, blocks[i].order);
	nblocks = 0;
}

/* drain(), checking that pmem held exactly the maximal free buddy blocks of
 * the model: as many of each order as the model says. */
static bool drain_checked(u64 count[NORDERS])
{
	u64 want[NORDERS];
	model_profile(want);
	if (!drain(count))
		return false;
	for (unsigned o = 0; o < NORDERS; o++) {
		if (count[o] != want[o])
			tap_diag("order %u: %llu free blocks, the model has %llu", o,
				 (unsigned long long)count[o], (unsigned long long)want[o]);
		TAP_CHECK_EQ(count[o], want[o]);
	}
	return true;
}

/* ---- layouts ---- */

#define R(b, s) { { (b) }, (s) }
/* Page-aligned ranges with holes, like a PC's memory below 64 MiB. */
static const struct pmem_range aligned_ranges[] = {
	R(0x0100000, 0x02ff000),  /* 1 MiB .. 4 MiB - 4 KiB: hosts the metadata */
	R(0x0500000, 0x0b00000),  /* 5 MiB .. 16 MiB */
	R(0x2000000, 0x1800000),  /* 32 MiB .. 56 MiB */
};
/* Unaligned edges (the first base is page aligned, see the test of an
 * unaligned first base below). */
static const struct pmem_range unaligned_ranges[] = {
	R(0x0100000, 0x0003321),  /* too small for the metadata; 3 whole pages */
	R(0x0200800, 0x0a00000),  /* base and end inside a page */
	R(0x0c00010, 0x00007f0),  /* less than a page: nothing usable */
	R(0x0d00000, 0x1300000 + 0x321),
	R(0x3000000 + 0x10, 0x0c00000 - 0x10 + 0x7ff),
};

/* ---- tests ---- */

TEST(pmem_init_counts_aligned)
{
	setup(aligned_ranges, ARRAY_SIZE(aligned_ranges));
	/* (56 MiB - 1 MiB) / 4 KiB = 14080 frames: 4 pages of metadata. */
	CHECK_EQ(meta_hi - meta_lo, 4 * PAGE_SIZE);
	CHECK_EQ(pmem_total_pages(), 0x2ffu - 4 + 0xb00 + 0x1800);
	CHECK_EQ(sim_bad_virt, 0);
}

TEST(pmem_init_counts_unaligned_edges)
{
	setup(unaligned_ranges, ARRAY_SIZE(unaligned_ranges));
	CHECK_EQ(meta_lo, 0x200800);
	/* 3 + (0xa00 - 1 - 4 (metadata)) + 0 + 0x1300 + (0xc00 - 1) */
	CHECK_EQ(pmem_total_pages(), 3u + 0x9ff - 4 + 0x1300 + 0xbff);
	CHECK_EQ(sim_bad_virt, 0);
}

TEST(pmem_init_refuses)
{
	/* No range at all. */
	CHECK(!pmem_init(aligned_ranges, 0));
	/* 40 MiB of frames need 10 KiB of metadata, 3 pages; no range is
	 * larger (the last is exactly as large, which is not enough). */
	static const struct pmem_range tiny[] = {
		R(0x0100000, 0x2000), R(0x1000000, 0x2000), R(0x2900000, 0x3000),
	};
	CHECK(!model_init(tiny, ARRAY_SIZE(tiny)));
	CHECK(!sim_setup(tiny, ARRAY_SIZE(tiny)));
	/* A range exactly as large as the metadata cannot host it (nothing
	 * would be left of it); the next one does. */
	static const struct pmem_range exact[] = {
		R(0x0100000, 0x2000), R(0x1100000, 0x1000), R(0x1200000, 0x3000),
	};
	/* frames: 0x100 .. 0x1203 = 0x1103 -> 2 pages of metadata */
	setup(exact, ARRAY_SIZE(exact));
	CHECK_EQ(meta_lo, 0x1200000);
	CHECK_EQ(pmem_total_pages(), 2u + 1 + 1);
	CHECK_EQ(sim_bad_virt, 0);
}

TEST(pmem_init_again_resets)
{
	setup(aligned_ranges, ARRAY_SIZE(aligned_ranges));
	paddr_t p;
	ASSERT(pmem_alloc(5, &p));
	ASSERT(take(p.v, 5));
	CHECK_EQ(pmem_free_pages(), usable_count - 32);
	setup(unaligned_ranges, ARRAY_SIZE(unaligned_ranges));
	CHECK_EQ(pmem_free_pages(), pmem_total_pages());
	u64 count[NORDERS];
	nblocks = 0;
	ASSERT(drain_checked(count));
	release_all(1);
	CHECK_EQ(pmem_free_pages(), pmem_total_pages());
}

TEST(pmem_exhaust_order0_exact_set)
{
	setup(aligned_ranges, ARRAY_SIZE(aligned_ranges));
	u64 start = pmem_free_pages();
	nblocks = 0;
	paddr_t p;
	while (pmem_alloc(0, &p)) {
		ASSERT(take(p.v, 0));
		ASSERT_LT(nblocks, MAX_BLOCKS);
		blocks[nblocks++] = (struct block){ p.v, 0 };
		ASSERT_EQ(pmem_free_pages(), model_free());
	}
	/* Every usable page exactly once (take() refuses any other), none of the
	 * metadata: the count says all of them came out. */
	CHECK_EQ(nblocks, usable_count);
	CHECK_EQ(pmem_free_pages(), 0);
	for (unsigned o = 0; o < NORDERS; o++)
		CHECK(!pmem_alloc(o, &p));
	/* Freeing everything (shuffled) merges back to the initial blocks. */
	release_all(42);
	CHECK_EQ(pmem_free_pages(), start);
	u64 count[NORDERS];
	ASSERT(drain_checked(count));
	release_all(43);
	CHECK_EQ(pmem_free_pages(), start);
	CHECK_EQ(sim_bad_virt, 0);
}

TEST(pmem_exhaust_unaligned_edges)
{
	setup(unaligned_ranges, ARRAY_SIZE(unaligned_ranges));
	u64 count[NORDERS];
	nblocks = 0;
	ASSERT(drain_checked(count));
	u64 pages = 0;
	for (unsigned o = 0; o < NORDERS; o++)
		pages += count[o] << o;
	CHECK_EQ(pages, usable_count);
	CHECK_EQ(pmem_free_pages(), 0);
	release_all(7);
	CHECK_EQ(pmem_free_pages(), usable_count);
	/* Now a second drain must find the same maximal blocks again. */
	u64 again[NORDERS];
	ASSERT(drain_checked(again));
	for (unsigned o = 0; o < NORDERS; o++)
		CHECK_EQ(again[o], count[o]);
	release_all(8);
	CHECK_EQ(sim_bad_virt, 0);
}

TEST(pmem_every_order_aligned_and_counted)
{
	setup(aligned_ranges, ARRAY_SIZE(aligned_ranges));
	nblocks = 0;
	for (unsigned round = 0; round < 2; round++) {
		for (unsigned o = 0; o <= PMEM_MAX_ORDER; o++) {
			u64 before = pmem_free_pages();
			paddr_t p = paddr(1);
			ASSERT(pmem_alloc(o, &p));
			ASSERT(take(p.v, o));
			blocks[nblocks++] = (struct block){ p.v, o };
			CHECK_EQ(before - pmem_free_pages(), 1ull << o);
			CHECK_EQ(pmem_free_pages(), model_free());
		}
	}
	/* Largest blocks: 4 MiB aligned, and there are exactly this many. */
	u64 want[NORDERS];
	model_profile(want);
	paddr_t p;
	u64 big = 0;
	while (pmem_alloc(PMEM_MAX_ORDER, &p)) {
		ASSERT(take(p.v, PMEM_MAX_ORDER));
		blocks[nblocks++] = (struct block){ p.v, PMEM_MAX_ORDER };
		big++;
	}
	CHECK_EQ(big, want[PMEM_MAX_ORDER]);
	release_all(3);
	CHECK_EQ(pmem_free_pages(), pmem_total_pages());
	CHECK_EQ(sim_bad_virt, 0);
}

TEST(pmem_order_too_large_refused)
{
	setup(aligned_ranges, ARRAY_SIZE(aligned_ranges));
	u64 before = pmem_free_pages();
	paddr_t p = paddr(0x1234);
	CHECK(!pmem_alloc(PMEM_MAX_ORDER + 1, &p));
	CHECK(!pmem_alloc(63, &p));
	CHECK(!pmem_alloc(~0u, &p));
	CHECK_EQ(p.v, 0x1234);
	CHECK_EQ(pmem_free_pages(), before);
	CHECK(pmem_alloc(PMEM_MAX_ORDER, &p));
	CHECK(take(p.v, PMEM_MAX_ORDER));
	give_back(p.v, PMEM_MAX_ORDER);
	CHECK_EQ(pmem_free_pages(), before);
}

TEST(pmem_exhaustion_does_not_corrupt)
{
	setup(aligned_ranges, ARRAY_SIZE(aligned_ranges));
	u64 count[NORDERS];
	nblocks = 0;
	ASSERT(drain_checked(count));
	paddr_t p = paddr(0x5555000);
	for (unsigned round = 0; round < 3; round++)
		for (unsigned o = 0; o < NORDERS; o++)
			CHECK(!pmem_alloc(o, &p));
	CHECK_EQ(p.v, 0x5555000);
	CHECK_EQ(pmem_free_pages(), 0);
	/* Give back one order-3 block: orders 0..3 work again, 4 does not, and
	 * the pages come from that block. */
	size_t k = nblocks;
	for (size_t i = 0; i < nblocks; i++)
		if (blocks[i].order == 3) {
			k = i;
			break;
		}
	ASSERT_LT(k, nblocks);
	u64 b = blocks[k].pa;
	blocks[k] = blocks[--nblocks];
	give_back(b, 3);
	CHECK_EQ(pmem_free_pages(), 8);
	CHECK(!pmem_alloc(4, &p));
	ASSERT(pmem_alloc(2, &p));
	CHECK(p.v >= b && p.v < b + 8 * PAGE_SIZE);
	ASSERT(take(p.v, 2));
	blocks[nblocks++] = (struct block){ p.v, 2 };
	ASSERT(pmem_alloc(1, &p));
	CHECK(p.v >= b && p.v < b + 8 * PAGE_SIZE);
	ASSERT(take(p.v, 1));
	blocks[nblocks++] = (struct block){ p.v, 1 };
	for (int i = 0; i < 2; i++) {
		ASSERT(pmem_alloc(0, &p));
		CHECK(p.v >= b && p.v < b + 8 * PAGE_SIZE);
		ASSERT(take(p.v, 0));
		blocks[nblocks++] = (struct block){ p.v, 0 };
	}
	CHECK(!pmem_alloc(0, &p));
	CHECK_EQ(pmem_free_pages(), 0);
	release_all(11);
	CHECK_EQ(pmem_free_pages(), pmem_total_pages());
	u64 again[NORDERS];
	ASSERT(drain(again));
	for (unsigned o = 0; o < NORDERS; o++)
		CHECK_EQ(again[o], count[o]);
	release_all(12);
}

TEST(pmem_merge_across_adjacent_ranges)
{
	/* The metadata goes into the first range; the next two are adjacent
	 * halves of one 4 MiB-aligned region and must merge into one block. */
	static const struct pmem_range r[] = {
		R(0x0100000, 0x40000), R(0x0400000, 0x200000), R(0x0600000, 0x200000),
	};
	setup(r, ARRAY_SIZE(r));
	paddr_t p;
	ASSERT(pmem_alloc(PMEM_MAX_ORDER, &p));
	CHECK_EQ(p.v, 0x400000);
	ASSERT(take(p.v, PMEM_MAX_ORDER));
	CHECK(!pmem_alloc(PMEM_MAX_ORDER, &p));
	CHECK(!pmem_alloc(PMEM_MAX_ORDER - 1, &p));
	give_back(0x400000, PMEM_MAX_ORDER);
	/* Split it into pages and merge again. */
	nblocks = 0;
	for (unsigned i = 0; i < 1024; i++) {
		u64 before = pmem_free_pages();
		ASSERT(pmem_alloc(0, &p));
		ASSERT(take(p.v, 0));
		ASSERT_EQ(before - 1, pmem_free_pages());
		blocks[nblocks++] = (struct block){ p.v, 0 };
	}
	release_all(5);
	u64 count[NORDERS];
	ASSERT(drain_checked(count));
	CHECK_EQ(count[PMEM_MAX_ORDER], 1);
	release_all(6);
}

/* ---- misuse: pmem_free's BUG_ONs ---- */

struct free_args {
	u64 pa;
	unsigned order;
};
static void do_free(void *p)
{
	struct free_args *a = p;
	pmem_free(paddr(a->pa), a->order);
}
static bool free_panics(u64 pa, unsigned order)
{
	struct free_args a = { pa, order };
	return catches_panic(do_free, &a);
}

static int child_free(void *p)
{
	do_free(p);
	return 0;
}
/* A free that must be refused, tried in a child so that an undetected one
 * cannot corrupt this process's allocator: true when pmem_free panicked
 * with a BUG message (diagnostics otherwise). */
static bool free_caught(u64 pa, unsigned order)
{
	struct free_args a = { pa, order };
	struct child_result r = run_in_child(child_free, &a, 10);
	if (r.outcome == CHILD_PANICKED && strstr(r.msg, "BUG"))
		return true;
	tap_diag("pmem_free(%#llx, %u) was not refused: outcome %d %s", (unsigned long long)pa,
		 order, r.outcome, r.msg);
	return false;
}

/* Two allocated order-0 buddies (lower first); everything else free. */
static void buddy_pair(u64 *lo, u64 *hi)
{
	paddr_t p;
	nblocks = 0;
	*lo = *hi = 0;
	for (unsigned i = 0; i < 64; i++) {
		TAP_ASSERT(pmem_alloc(0, &p));
		TAP_ASSERT(take(p.v, 0));
		blocks[nblocks++] = (struct block){ p.v, 0 };
	}
	for (size_t i = 0; i < nblocks && !*lo; i++)
		for (size_t j = 0; j < nblocks; j++)
			if (blocks[j].pa == (blocks[i].pa ^ PAGE_SIZE)) {
				*lo = MIN(blocks[i].pa, blocks[j].pa);
				*hi = MAX(blocks[i].pa, blocks[j].pa);
				break;
			}
	TAP_ASSERT_NE(*lo, 0);
	/* Free the others. */
	size_t k = 0;
	for (size_t i = 0; i < nblocks; i++)
		if (blocks[i].pa == *lo || blocks[i].pa == *hi)
			blocks[k++] = blocks[i];
		else
			give_back(blocks[i].pa, 0);
	nblocks = k;
}

TEST(pmem_double_free_detected)
{
	setup(aligned_ranges, ARRAY_SIZE(aligned_ranges));
	u64 lo, hi;
	buddy_pair(&lo, &hi);
	u64 start = pmem_free_pages();
	/* Free the lower page while its buddy is in use: it stays a block of
	 * its own, and freeing it again must be caught. */
	give_back(lo, 0);
	CHECK_EQ(pmem_free_pages(), start + 1);
	CHECK(free_caught(lo, 0));
	CHECK_EQ(pmem_free_pages(), start + 1);
	/* Freeing the buddy merges them; the lower one heads the merged block,
	 * so freeing it once more must still be caught. */
	give_back(hi, 0);
	CHECK_EQ(pmem_free_pages(), start + 2);
	CHECK(free_caught(lo, 0));
	CHECK_EQ(pmem_free_pages(), start + 2);
	/* Whatever was caught, nothing is corrupted: all memory is intact. */
	nblocks = 0;
	u64 count[NORDERS];
	ASSERT(drain(count));
	u64 pages = 0;
	for (unsigned o = 0; o < NORDERS; o++)
		pages += count[o] << o;
	CHECK_EQ(pages, pmem_total_pages());
	release_all(9);
}

TEST(pmem_double_free_of_merged_upper_buddy)
{
	setup(aligned_ranges, ARRAY_SIZE(aligned_ranges));
	u64 lo, hi;
	buddy_pair(&lo, &hi);
	give_back(lo, 0);
	give_back(hi, 0); /* merged into the block headed by lo */
	nblocks = 0;
	u64 before = pmem_free_pages();
	/* hi is inside a free block now, but is not a block head: freeing it
	 * again would put a page that is already free on a free list a second
	 * time (it would be handed out twice). It must be caught. */
	CHECK(free_caught(hi, 0));
	CHECK_EQ(pmem_free_pages(), before);
	/* The same for a page deep inside a large free block, and for a
	 * smaller block inside it. */
	u64 count[NORDERS];
	paddr_t p;
	ASSERT(pmem_alloc(PMEM_MAX_ORDER, &p));
	u64 big = p.v;
	pmem_free(p, PMEM_MAX_ORDER);
	CHECK(free_caught(big + 37 * PAGE_SIZE, 0));
	CHECK(free_caught(big + 64 * PAGE_SIZE, 6));
	CHECK(free_caught(big, PMEM_MAX_ORDER));
	CHECK_EQ(pmem_free_pages(), before);
	/* Nothing was corrupted: the free blocks are exactly the model's. */
	ASSERT(drain_checked(count));
	release_all(10);
	CHECK_EQ(pmem_free_pages(), pmem_total_pages());
}

TEST(pmem_free_misuse_detected)
{
	setup(aligned_ranges, ARRAY_SIZE(aligned_ranges));
	u64 lo, hi;
	buddy_pair(&lo, &hi);
	u64 before = pmem_free_pages();
	/* Not aligned to the order's size. */
	CHECK(free_caught(hi, 1)); /* hi is the upper buddy: an odd page */
	CHECK(free_caught(lo + 0x800, 0));
	/* Outside the frames pmem manages: below the first and past the last. */
	CHECK(free_caught(0x0, 0));
	CHECK(free_caught(0x3800000, 0));
	CHECK(free_caught(0x3c00000, PMEM_MAX_ORDER));
	/* Orders beyond the largest. */
	CHECK(free_caught(0x400000, PMEM_MAX_ORDER + 1));
	CHECK(free_caught(0x0, 40));
	CHECK_EQ(pmem_free_pages(), before);
	give_back(lo, 0);
	give_back(hi, 0);
	nblocks = 0;
	CHECK_EQ(pmem_free_pages(), pmem_total_pages());
	CHECK_EQ(sim_bad_virt, 0);
}

static int free_order_64(void *arg)
{
	pmem_free(paddr(*(u64 *)arg), 64);
	return 0;
}

TEST(pmem_free_huge_order_no_ub)
{
	setup(aligned_ranges, ARRAY_SIZE(aligned_ranges));
	paddr_t p;
	ASSERT(pmem_alloc(0, &p));
	u64 pa = p.v;
	/* BUG_ON must catch order 64 as "order > PMEM_MAX_ORDER" before
	 * anything computes PAGE_SIZE << 64 (undefined behaviour, which UBSan
	 * turns into a crash; hence the child). */
	struct child_result r = run_in_child(free_order_64, &pa, 10);
	if (r.outcome != CHILD_PANICKED)
		tap_diag("pmem_free(%#llx, 64): outcome %d: %s", (unsigned long long)pa,
			 r.outcome, r.msg);
	CHECK_EQ(r.outcome, CHILD_PANICKED);
	CHECK(strstr(r.msg, "order > PMEM_MAX_ORDER") != NULL);
	pmem_free(p, 0);
	CHECK_EQ(pmem_free_pages(), pmem_total_pages());
}

/* ---- the unaligned first range and physical page 0 ---- */

TEST(pmem_unaligned_first_base)
{
	/* The first range starts in the middle of a page; its first whole page
	 * is the next one. The last page of the last range must be managed like
	 * any other: allocated, freed, merged. */
	static const struct pmem_range r[] = {
		R(0x0100800, 0x0400000), R(0x0800000, 0x0400000),
	};
	setup(r, ARRAY_SIZE(r));
	CHECK_EQ(pmem_total_pages(), usable_count);
	nblocks = 0;
	paddr_t p;
	while (pmem_alloc(0, &p)) {
		ASSERT(take(p.v, 0));
		blocks[nblocks++] = (struct block){ p.v, 0 };
	}
	CHECK_EQ(nblocks, usable_count);
	u64 last = 0xbff000;
	bool panicked = false;
	char msg[256] = "";
	for (size_t i = 0; i < nblocks; i++) {
		owned[blocks[i].pa >> PAGE_SHIFT] = false;
		owned_count--;
		sim_release(blocks[i].pa, PAGE_SIZE);
		if (free_panics(blocks[i].pa, 0)) {
			panicked = true;
			snprintf(msg, sizeof(msg), "freeing %#llx: %.40s...",
				 (unsigned long long)blocks[i].pa, sim_panic_msg);
		}
	}
	nblocks = 0;
	/* pmem_init once computed nr_frames as (hi - lo) >> PAGE_SHIFT: with an
	 * unaligned first base the last page was handed out but not covered. */
	if (panicked)
		tap_diag("page %#llx (the last) or another one cannot be freed: %s",
			 (unsigned long long)last, msg);
	CHECK(!panicked);
	CHECK(usable[last >> PAGE_SHIFT]);
	CHECK_EQ(pmem_free_pages(), usable_count);
	u64 count[NORDERS];
	ASSERT(drain_checked(count));
	CHECK_EQ(count[PMEM_MAX_ORDER], 1); /* [8 MiB, 12 MiB) merged again */
	release_all(21);
}

TEST(pmem_physical_page_zero)
{
	/* Page 0 is ordinary memory by the interface; the metadata goes into
	 * the second range, so page 0 is a free block of its own, and it must
	 * be handed out like any other page (the free lists end with NIL, not
	 * with address 0). */
	static const struct pmem_range r[] = {
		R(0x0000000, 0x1000), R(0x0100000, 0x0100000),
	};
	setup(r, ARRAY_SIZE(r));
	CHECK(usable[0]);
	CHECK_EQ(pmem_total_pages(), usable_count);
	nblocks = 0;
	paddr_t p;
	while (pmem_alloc(0, &p)) {
		ASSERT(take(p.v, 0));
		blocks[nblocks++] = (struct block){ p.v, 0 };
	}
	CHECK(owned[0]);
	CHECK_EQ(nblocks, usable_count);
	CHECK_EQ(pmem_free_pages(), 0);
	release_all(31);
	CHECK_EQ(pmem_free_pages(), usable_count);
	/* A block of a higher order at address 0 splits and merges through
	 * it: 4 pages at 0, too small for the 4 pages of metadata that 64 MiB
	 * of frames need (those go to the second range). */
	static const struct pmem_range z[] = {
		R(0x0000000, 0x0004000), R(0x3f00000, 0x0100000),
	};
	setup(z, ARRAY_SIZE(z));
	CHECK_EQ(meta_lo, 0x3f00000);
	u64 count[NORDERS];
	ASSERT(drain_checked(count));
	bool at_zero = false;
	for (size_t i = 0; i < nblocks; i++)
		at_zero |= blocks[i].pa == 0 && blocks[i].order == 2;
	CHECK(at_zero);
	release_all(32);
	/* Split into pages and merged again. */
	nblocks = 0;
	while (pmem_alloc(0, &p)) {
		ASSERT(take(p.v, 0));
		blocks[nblocks++] = (struct block){ p.v, 0 };
	}
	CHECK(owned[0] && owned[1] && owned[2] && owned[3]);
	release_all(33);
	ASSERT(drain_checked(count));
	release_all(34);
	CHECK_EQ(pmem_free_pages(), pmem_total_pages());
	CHECK_EQ(sim_bad_virt, 0);
}

/* ---- random operations against the model ---- */

#define LIVE_MAX 3000
static struct block live[LIVE_MAX];

static unsigned random_order(void)
{
	u64 r = sim_rand_below(100);
	if (r < 40)
		return 0;
	if (r < 60)
		return 1;
	if (r < 72)
		return 2;
	if (r < 82)
		return 3;
	return 4 + (unsigned)sim_rand_below(PMEM_MAX_ORDER - 3);
}

static void random_ops(const struct pmem_range *r, unsigned n, u64 seed, unsigned ops)
{
	setup(r, n);
	u64 start = pmem_free_pages();
	size_t nlive = 0;
	unsigned allocs = 0, fails = 0, frees = 0;
	sim_srand(seed);
	for (unsigned i = 0; i < ops; i++) {
		bool alloc = nlive == 0 || (nlive < LIVE_MAX && sim_rand_below(100) < 55);
		if (alloc) {
			unsigned o = random_order();
			paddr_t p = paddr(0xdead000);
			if (pmem_alloc(o, &p)) {
				TAP_ASSERT(take(p.v, o));
				live[nlive++] = (struct block){ p.v, o };
				allocs++;
			} else {
				/* Failing is right only when no aligned free run exists. */
				TAP_ASSERT(!model_has_free_block(o));
				TAP_ASSERT_EQ(p.v, 0xdead000);
				fails++;
			}
		} else {
			size_t k = sim_rand_below(nlive);
			struct block b = live[k];
			live[k] = live[--nlive];
			give_back(b.pa, b.order);
			frees++;
		}
		TAP_ASSERT_EQ(pmem_free_pages(), model_free());
	}
	tap_note("seed %#llx: %u allocations, %u refused, %u frees, %zu live at the end",
		 (unsigned long long)seed, allocs, fails, frees, nlive);
	TAP_CHECK_GT(fails, 0);
	/* Everything back: the blocks must have merged to the initial ones. */
	while (nlive)
		give_back(live[nlive - 1].pa, live[nlive - 1].order), nlive--;
	TAP_CHECK_EQ(pmem_free_pages(), start);
	u64 count[NORDERS];
	nblocks = 0;
	TAP_ASSERT(drain_checked(count));
	release_all(seed);
	TAP_CHECK_EQ(sim_bad_virt, 0);
}

TEST(pmem_random_aligned)
{
	random_ops(aligned_ranges, ARRAY_SIZE(aligned_ranges), 0x5eed0001, 20000);
}

TEST(pmem_random_unaligned)
{
	random_ops(unaligned_ranges, ARRAY_SIZE(unaligned_ranges), 0x5eed0002, 20000);
}

TEST(pmem_random_small_memory)
{
	/* Little memory: allocations fail often, merging is exercised hard. */
	static const struct pmem_range r[] = {
		R(0x0100000, 0x0080000), R(0x0400000, 0x0040000), R(0x0480000, 0x0100000),
	};
	random_ops(r, ARRAY_SIZE(r), 0x5eed0003, 30000);
}

int main(int argc, char **argv)
{
	sim_alloc_buffer();
	return tap_main(argc, argv);
}
