/* Host tests of the run queue of kernel/src/sched.c (the part outside
 * #ifndef HOST_TEST): runqueue_init/enqueue/dequeue/pick, against a model.
 */
// sources: kernel/src/sched.c
#include "tap.h"

#include <string.h>

#include <kern/sched.h>
#include <kern/thread.h>

/* ---- the model: per priority, the threads in FIFO order ---- */

#define NTHREADS 300
static struct thread threads[NTHREADS];
static struct runqueue rq;

struct model {
	unsigned order[SCHED_PRIOS][NTHREADS]; /* indices into threads[] */
	unsigned count[SCHED_PRIOS];
	bool queued[NTHREADS];
	unsigned total;
};
static struct model m;

static void reset(void)
{
	memset(threads, 0x5a, sizeof(threads)); /* only prio and rq_link matter */
	memset(&m, 0, sizeof(m));
	memset(&rq, 0xa5, sizeof(rq));
	runqueue_init(&rq);
}

static void enq(unsigned i, unsigned prio)
{
	threads[i].prio = (u8)prio;
	runqueue_enqueue(&rq, &threads[i]);
	m.order[prio][m.count[prio]++] = i;
	m.queued[i] = true;
	m.total++;
}

static void deq(unsigned i)
{
	unsigned prio = threads[i].prio;
	runqueue_dequeue(&rq, &threads[i]);
	unsigned k = 0;
	while (k < m.count[prio] && m.order[prio][k] != i)
		k++;
	memmove(&m.order[prio][k], &m.order[prio][k + 1], (m.count[prio] - k - 1) * sizeof(unsigned));
	m.count[prio]--;
	m.queued[i] = false;
	m.total--;
}

static struct thread *model_pick(void)
{
	for (int p = SCHED_PRIOS - 1; p >= 0; p--)
		if (m.count[p])
			return &threads[m.order[p][0]];
	return NULL;
}

/* The whole run queue equals the model: pick, bitmap, counts, and every
 * per-priority list in both directions. */
static bool consistent(void)
{
	bool ok = true;
	if (runqueue_pick(&rq) != model_pick()) {
		tap_diag("pick: %p, the model says %p", (void *)runqueue_pick(&rq), (void *)model_pick());
		ok = false;
	}
	if (rq.nr_ready != m.total) {
		tap_diag("nr_ready %u, the model has %u", rq.nr_ready, m.total);
		ok = false;
	}
	for (unsigned p = 0; p < SCHED_PRIOS; p++) {
		bool bit = rq.bitmap[p / 64] >> (p % 64) & 1;
		if (bit != (m.count[p] != 0)) {
			tap_diag("priority %u: bitmap bit %d, %u threads queued", p, bit, m.count[p]);
			ok = false;
		}
		unsigned k = 0;
		const struct list *prev = &rq.queue[p];
		list_for_each(it, &rq.queue[p]) {
			struct thread *t = list_entry(it, struct thread, rq_link);
			if (k >= m.count[p] || t != &threads[m.order[p][k]] || it->prev != prev) {
				tap_diag("priority %u: list entry %u is wrong", p, k);
				return false;
			}
			prev = it;
			k++;
		}
		if (k != m.count[p] || rq.queue[p].prev != prev) {
			tap_diag("priority %u: %u threads listed, the model has %u", p, k, m.count[p]);
			ok = false;
		}
	}
	return ok;
}

TEST(runqueue_empty)
{
	reset();
	CHECK_EQ(runqueue_pick(&rq), NULL);
	CHECK_EQ(rq.nr_ready, 0);
	for (unsigned w = 0; w < SCHED_PRIOS / 64; w++)
		CHECK_EQ(rq.bitmap[w], 0);
	for (unsigned p = 0; p < SCHED_PRIOS; p++)
		CHECK(list_empty(&rq.queue[p]));
}

TEST(runqueue_every_priority_alone)
{
	reset();
	for (unsigned p = 0; p < SCHED_PRIOS; p++) {
		enq(0, p);
		CHECK_EQ(runqueue_pick(&rq), &threads[0]);
		CHECK_EQ(rq.bitmap[p / 64], 1ull << (p % 64));
		for (unsigned w = 0; w < SCHED_PRIOS / 64; w++)
			if (w != p / 64)
				CHECK_EQ(rq.bitmap[w], 0);
		CHECK_EQ(rq.nr_ready, 1);
		deq(0);
		CHECK_EQ(runqueue_pick(&rq), NULL);
		CHECK_EQ(rq.bitmap[p / 64], 0);
		CHECK_EQ(rq.nr_ready, 0);
	}
}

TEST(runqueue_highest_priority_wins)
{
	reset();
	/* Rising, then each word's edges, in a mixed order. */
	static const unsigned prios[] = { 0, 1, 63, 64, 65, 127, 128, 191, 192, 254, 255 };
	for (size_t i = 0; i < ARRAY_SIZE(prios); i++) {
		enq((unsigned)i, prios[i]);
		CHECK_EQ(runqueue_pick(&rq), &threads[i]);
	}
	ASSERT(consistent());
	/* Taking the best away exposes the next best, down to none. */
	for (size_t i = ARRAY_SIZE(prios); i-- > 0;) {
		CHECK_EQ(runqueue_pick(&rq), &threads[i]);
		deq((unsigned)i);
		ASSERT(consistent());
	}
	CHECK_EQ(runqueue_pick(&rq), NULL);
	/* Falling order of insertion: the first stays the pick. */
	reset();
	for (size_t i = 0; i < ARRAY_SIZE(prios); i++) {
		enq((unsigned)i, prios[ARRAY_SIZE(prios) - 1 - i]);
		CHECK_EQ(runqueue_pick(&rq), &threads[0]);
	}
	ASSERT(consistent());
}

TEST(runqueue_fifo_within_priority)
{
	reset();
	for (unsigned i = 0; i < 10; i++)
		enq(i, 100);
	for (unsigned i = 10; i < 15; i++)
		enq(i, 50);
	ASSERT(consistent());
	/* Round robin: the head goes to the back, the next one is picked. */
	for (unsigned round = 0; round < 25; round++) {
		struct thread *t = runqueue_pick(&rq);
		CHECK_EQ(t, &threads[round % 10]);
		deq((unsigned)(t - threads));
		enq((unsigned)(t - threads), 100);
		ASSERT(consistent());
	}
	/* Draining gives FIFO order within each priority, best first. */
	unsigned expect[15];
	for (unsigned i = 0; i < 10; i++)
		expect[i] = (5 + i) % 10;
	for (unsigned i = 0; i < 5; i++)
		expect[10 + i] = 10 + i;
	for (unsigned i = 0; i < 15; i++) {
		struct thread *t = runqueue_pick(&rq);
		CHECK_EQ(t, &threads[expect[i]]);
		deq((unsigned)(t - threads));
	}
	CHECK_EQ(runqueue_pick(&rq), NULL);
	ASSERT(consistent());
}

TEST(runqueue_bitmap_after_removals)
{
	reset();
	enq(0, 70);
	enq(1, 70);
	enq(2, 70);
	enq(3, 5);
	/* Removing from the middle and the tail keeps the priority's bit. */
	deq(1);
	CHECK(rq.bitmap[1] & (1ull << 6));
	CHECK_EQ(runqueue_pick(&rq), &threads[0]);
	deq(2);
	CHECK(rq.bitmap[1] & (1ull << 6));
	ASSERT(consistent());
	/* Removing the last one clears it; the other priority is untouched. */
	deq(0);
	CHECK_EQ(rq.bitmap[1], 0);
	CHECK_EQ(rq.bitmap[0], 1ull << 5);
	CHECK_EQ(runqueue_pick(&rq), &threads[3]);
	ASSERT(consistent());
	/* Requeued at another priority. */
	deq(3);
	enq(3, 255);
	CHECK_EQ(rq.bitmap[0], 0);
	CHECK_EQ(rq.bitmap[3], 1ull << 63);
	CHECK_EQ(runqueue_pick(&rq), &threads[3]);
	ASSERT(consistent());
}

TEST(runqueue_random_against_model)
{
	reset();
	u64 x = 0x12345678;
	unsigned ops = 0, enqs = 0, deqs = 0;
	for (unsigned op = 0; op < 200000; op++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		unsigned i = (unsigned)(x % NTHREADS);
		unsigned r = (unsigned)((x >> 20) % 100);
		if (!m.queued[i]) {
			/* A few priorities crowd, the rest spread over 0..255. */
			unsigned prio = r < 50 ? (unsigned)((x >> 32) % 4) * 64 + 63 :
						 (unsigned)((x >> 32) % SCHED_PRIOS);
			enq(i, prio);
			enqs++;
		} else if (r < 70) {
			deq(i);
			deqs++;
		} else {
			/* The scheduler's yield: to the back of its priority. */
			unsigned prio = threads[i].prio;
			deq(i);
			enq(i, prio);
		}
		ops++;
		if (op % 97 == 0 || m.total < 3)
			TAP_ASSERT(consistent());
		else
			TAP_ASSERT_EQ(runqueue_pick(&rq), model_pick());
	}
	TAP_ASSERT(consistent());
	tap_note("%u operations: %u enqueues, %u dequeues, %u ready at the end", ops, enqs, deqs,
		 m.total);
	/* Drain in pick order. */
	while (m.total) {
		struct thread *t = runqueue_pick(&rq);
		TAP_ASSERT_EQ(t, model_pick());
		deq((unsigned)(t - threads));
	}
	CHECK(consistent());
	CHECK_EQ(runqueue_pick(&rq), NULL);
}
