/* Declarations shared by pkg/pthread's source files: the thread
 * descriptor, the internal lock, deadlines and the thread registry. */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <walnut/futex.h>
#include <walnut/tcb.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>

/* --- the internal lock ---------------------------------------------------
 * A futex mutex (0 free, 1 held, 2 held and waited for) for the library's
 * own state; same algorithm as pthread_mutex_t's default type. */
struct pt_lock {
	int word;
};

void pt_lock_slow(int *word);

/* The same on a bare lock word (inside the public types). */
static inline void pt_word_lock(int *word)
{
	int free = 0;
	if (!__atomic_compare_exchange_n(word, &free, 1, false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		pt_lock_slow(word);
}

static inline void pt_word_unlock(int *word)
{
	if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2)
		wn_futex_wake(word, 1);
}

static inline void pt_lock(struct pt_lock *l) { pt_word_lock(&l->word); }
static inline void pt_unlock(struct pt_lock *l) { pt_word_unlock(&l->word); }

/* Sleeps in wn_futex_wait() until woken or the deadline; when the thread
 * cannot block (no wake-up Irq) it yields instead. Returns 0 or ETIMEDOUT
 * (positive, POSIX style); EAGAIN counts as a wake-up. */
int pt_wait(int *word, int expected, uint64_t deadline_ns);

/* --- deadlines -------------------------------------------------------------
 * POSIX absolute times on clock to a deadline on the monotonic clock that
 * wn_futex_wait() takes (never 0). 0 or EINVAL (tv_nsec out of range,
 * NULL, a clock other than CLOCK_REALTIME/CLOCK_MONOTONIC). */
int pt_deadline(clockid_t clock, const struct timespec *abstime, uint64_t *deadline_ns);

/* True once the deadline has passed. */
bool pt_expired(uint64_t deadline_ns);

/* The identity of the calling thread for lock owners: its UTCB address
 * (cheap: one load through %gs; valid before the TCB exists). */
static inline void *pt_owner_id(void)
{
	return (void *)l4_utcb();
}

/* --- thread descriptors --------------------------------------------------- */

enum pt_kind {
	PT_CREATED, /* made by pthread_create(): all its resources are ours */
	PT_MAIN,    /* the program's main thread (static descriptor) */
	PT_ADOPTED, /* another thread that asked for pthread_self() */
};

enum pt_state { PT_RUNNING = 0, PT_EXITED = 1 };

/* A thread's stack: [base, base + size) usable; when the library made it,
 * mem/mem_size is the whole allocation (guard pages included). */
struct pt_stack {
	void *base;
	size_t size;
	void *mem;
	size_t mem_size;
	size_t guard;
	l4_cap_idx_t ds;  /* its dataspace, invalid for a caller's stack */
};

struct pt_tsd {
	void *value;
	unsigned gen; /* the key's generation the value belongs to */
};

struct __pthread {
	/* Set before the thread runs, constant afterwards. */
	enum pt_kind kind;
	l4_cap_idx_t cap;
	l4_utcb_t *utcb;
	struct wn_tcb *tcb;
	struct pt_stack stack;
	void *(*start)(void *);
	void *arg;
	bool started;           /* false until run (PTHREAD_L4_ATTR_NO_START) */

	/* lock protects detached, joining and the registry links. */
	struct pt_lock lock;
	bool detached;
	bool joining;           /* a pthread_join() claimed it */
	int state;              /* enum pt_state; the futex word joiners wait on */
	int gone;               /* 1: it touches nothing of its own any more */
	void *retval;

	/* Its own business (only the thread itself touches them). */
	int policy;
	int priority;           /* sched_priority as set (policy's range) */
	int cancel_state, cancel_type;
	struct __pthread_cleanup *cleanup;
	struct pt_tsd tsd[PTHREAD_KEYS_MAX];
	char name[16];

	/* registry (pt_registry_lock) */
	struct __pthread *next, **pprev;
	struct __pthread *next_zombie;
};

/* The calling thread's descriptor; made on first use for the main thread
 * and for threads the library did not start. Never NULL (aborts when no
 * memory is left for an adopted thread's descriptor). */
struct __pthread *pt_self(void);

/* Registry of descriptors (for ESRCH checks and for_each_thread). */
extern struct pt_lock pt_registry_lock;
void pt_registry_add(struct __pthread *t);  /* lock held */
void pt_registry_remove(struct __pthread *t); /* lock held */
/* Whether t is a live descriptor (lock held). */
bool pt_registry_has(struct __pthread *t);
/* Runs fn(t) for every registered descriptor (lock held). */
void pt_registry_each(void (*fn)(struct __pthread *t, void *ctx), void *ctx);

/* Threads alive that count for "the process ends with its last thread":
 * the main thread plus every created one until it exits. */
void pt_live_inc(void);
/* Returns the number left. */
int pt_live_dec(void);

/* --- pieces of thread start and end (thread_l4.c, stack.c, tsd.c) -------- */

/* Stacks: a dataspace with guard pages below it, cached for reuse. */
int pt_stack_alloc(struct pt_stack *s, size_t size, size_t guard);
void pt_stack_free(struct pt_stack *s);

/* Creates t's kernel thread (cap, UTCB, control, FS base) without
 * starting it. 0 or an error number. */
int pt_kthread_create(struct __pthread *t);
/* Starts t at its entry with its scheduling parameters. 0 or error. */
int pt_kthread_start(struct __pthread *t);
/* Deletes t's kernel thread and frees its UTCB and slot. */
void pt_kthread_destroy(struct __pthread *t);

/* Runs the destructors of t's thread-specific data (at thread exit). */
void pt_tsd_run_destructors(struct __pthread *t);

/* Frees everything of an exited thread that the library made. */
void pt_reap(struct __pthread *t);
/* Reaps detached threads that have exited. */
void pt_reap_zombies(void);

/* Scheduling: the L4 priority for (policy, sched_priority), or -1 when
 * the pair is not valid. */
int pt_l4_prio(int policy, int priority);
/* Applies (policy, priority) to t's kernel thread. 0 or error. */
int pt_sched_apply(struct __pthread *t, int policy, int priority);

/* The trampoline a created thread starts in. */
__attribute__((noreturn)) void pt_thread_entry(void);
