/* Address-keyed wait and wake (<walnut/futex.h>) on the threads' wake-up
 * Irqs: a hash table of buckets, each a short spin lock and a FIFO of the
 * TCBs waiting on addresses that hash there.
 *
 * No wake-up is lost and none is left over:
 *  - a waiter enqueues itself, then (after a full fence) compares *addr; a
 *    waker changes *addr, then (after a full fence) looks at the queue. One
 *    of the two sees the other's write (Dekker), so either the waiter does
 *    not sleep or the waker finds it.
 *  - the waker dequeues a waiter under the bucket lock and triggers its Irq
 *    exactly once, after unlocking. A waiter whose receive ended without
 *    that trigger (timeout, cancel) takes the bucket lock: still queued, it
 *    leaves; already dequeued, the trigger is on its way and it receives it
 *    before returning. So every trigger is consumed by the wait it was
 *    meant for and no stale hit stays pending on an Irq. */
#include <walnut/futex.h>
#include <walnut/clock.h>
#include <walnut/tcb.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/thread.h>

enum {
	BUCKET_BITS = 6,
	WAKE_BATCH = 16,  /* Irqs triggered per pass over a bucket */
	SPIN_PAUSES = 16, /* before giving the CPU to the lock holder */
	SPIN_SWITCHES = 64, /* then sleep: the holder may wait for its pager */
	HOLDER_UNKNOWN = 1,
};

/* lock: 0 when free, else the holder's thread capability (HOLDER_UNKNOWN
 * for a thread without one), so that a waiter can hand the CPU to a
 * preempted holder of any priority. head/tail: protected by lock. */
struct bucket {
	l4_cap_idx_t lock;
	struct wn_tcb *head;
	struct wn_tcb **tail;
};

static struct bucket buckets[1u << BUCKET_BITS];

static struct bucket *bucket_of(volatile int *addr)
{
	uint64_t h = ((uintptr_t)addr >> 2) * 0x9e3779b97f4a7c15ull;
	return &buckets[h >> (64 - BUCKET_BITS)];
}

static void bucket_lock(struct bucket *b, struct wn_tcb *self)
{
	l4_cap_idx_t me = l4_is_valid_cap(self->thread) ? self->thread : HOLDER_UNKNOWN;
	for (unsigned spins = 0;; spins++) {
		l4_cap_idx_t holder = 0;
		if (__atomic_compare_exchange_n(&b->lock, &holder, me, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return;
		if (spins < SPIN_PAUSES)
			__builtin_ia32_pause();
		else if (spins > SPIN_PAUSES + SPIN_SWITCHES)
			l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(1000)));
		else if (holder != HOLDER_UNKNOWN)
			l4_thread_switch(holder); /* runs it even at a lower priority */
		else
			l4_thread_yield();
	}
}

static void bucket_unlock(struct bucket *b)
{
	__atomic_store_n(&b->lock, 0, __ATOMIC_RELEASE);
}

/* Appends t (lock held). */
static void enqueue(struct bucket *b, struct wn_tcb *t, volatile int *addr)
{
	if (!b->tail)
		b->tail = &b->head;
	t->fx_addr = addr;
	t->fx_next = NULL;
	t->fx_pprev = b->tail;
	__atomic_store_n(b->tail, t, __ATOMIC_RELAXED);
	b->tail = &t->fx_next;
}

/* Removes t (lock held); fx_pprev == NULL marks "not queued". */
static void dequeue(struct bucket *b, struct wn_tcb *t)
{
	if (t->fx_next)
		t->fx_next->fx_pprev = t->fx_pprev;
	else
		b->tail = t->fx_pprev;
	__atomic_store_n(t->fx_pprev, t->fx_next, __ATOMIC_RELAXED);
	__atomic_store_n(&t->fx_pprev, NULL, __ATOMIC_RELEASE);
}

static bool queued(const struct wn_tcb *t)
{
	return __atomic_load_n(&t->fx_pprev, __ATOMIC_ACQUIRE) != NULL;
}

/* Blocks on irq until a waker's trigger or the deadline. */
static int sleep_queued(struct bucket *b, struct wn_tcb *self, l4_cap_idx_t irq,
			uint64_t deadline_ns)
{
	for (;;) {
		l4_msgtag_t tag = l4_irq_receive(irq, wn_timeout_until(deadline_ns));
		l4_umword_t err = l4_ipc_error(tag, l4_utcb());
		if (!err && !queued(self))
			return 0;
		if (!err)
			continue; /* a hit nobody owes us: cannot happen, but stay safe */
		/* The kernel's timeout may end up to a tick early. */
		if (err == L4_IPC_RETIMEOUT && deadline_ns && wn_clock_ns() < deadline_ns)
			continue;
		bucket_lock(b, self);
		bool still = queued(self);
		if (still)
			dequeue(b, self);
		bucket_unlock(b);
		if (still)
			return err == L4_IPC_RETIMEOUT ? -ETIMEDOUT : 0;
		/* Dequeued by a waker just now: its trigger comes; take it. */
		while (l4_ipc_error(l4_irq_receive(irq, L4_IPC_NEVER), l4_utcb()))
			;
		return 0;
	}
}

int wn_futex_wait(volatile int *addr, int expected, uint64_t deadline_ns)
{
	struct wn_tcb *self = wn_tcb_self();
	l4_cap_idx_t irq = wn_tcb_wake_irq(self);
	if (l4_is_invalid_cap(irq))
		return -ENOMEM;
	struct bucket *b = bucket_of(addr);
	bucket_lock(b, self);
	enqueue(b, self, addr);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(addr, __ATOMIC_RELAXED) != expected) {
		dequeue(b, self);
		bucket_unlock(b);
		return -EAGAIN;
	}
	bucket_unlock(b);
	return sleep_queued(b, self, irq, deadline_ns);
}

/* Dequeues up to max waiters on addr into irqs (lock held). */
static unsigned take_waiters(struct bucket *b, volatile int *addr, l4_cap_idx_t *irqs,
			     unsigned max)
{
	unsigned k = 0;
	struct wn_tcb *t = b->head, *next;
	for (; t && k < max; t = next) {
		next = t->fx_next;
		if (t->fx_addr != addr)
			continue;
		irqs[k++] = t->wake_irq;
		dequeue(b, t);
	}
	return k;
}

int wn_futex_wake(volatile int *addr, int n)
{
	struct bucket *b = bucket_of(addr);
	/* Pairs with the waiter's fence: our caller's change of *addr is
	 * visible before we look at the queue. No waiter: no lock, no call. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (n <= 0 || !__atomic_load_n(&b->head, __ATOMIC_RELAXED))
		return 0;
	struct wn_tcb *self = wn_tcb_self();
	int woken = 0;
	for (;;) {
		l4_cap_idx_t irqs[WAKE_BATCH];
		unsigned max = (unsigned)(n - woken) < WAKE_BATCH ? (unsigned)(n - woken) : WAKE_BATCH;
		bucket_lock(b, self);
		unsigned k = take_waiters(b, addr, irqs, max);
		bucket_unlock(b);
		/* Each dequeued waiter gets exactly one trigger (see top). */
		for (unsigned i = 0; i < k; i++)
			l4_irq_trigger(irqs[i]);
		woken += (int)k;
		if (k < WAKE_BATCH || woken >= n)
			return woken;
	}
}
