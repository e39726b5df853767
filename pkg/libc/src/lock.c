/* newlib's retargetable locks (<sys/lock.h>) on the futex, so that stdio,
 * malloc, atexit, the environment and the time zone are thread-safe with or
 * without libpthread; and POSIX's flockfile() family on the FILE's lock
 * (newlib has them only for Linux). An uncontended acquire or release is
 * one atomic instruction and no system call.
 *
 * The lock word: 0 free, 1 held, 2 held and maybe waited for (waiters
 * sleep in wn_futex_wait(); a release that finds 2 wakes one). Owners of
 * recursive locks are told apart by their UTCB address, which every thread
 * has from its first instruction on (the TCB comes later in start-up). */
#include <walnut/futex.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/lock.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>

struct __lock {
	int word;
	unsigned count;          /* recursion depth; the holder's business */
	void *owner;             /* holder's UTCB (recursive acquires only) */
	struct __lock *next_free; /* in the pool of dynamic locks */
};

/* The static locks newlib refers to by name; all-zero is "free". */
struct __lock __lock___sinit_recursive_mutex;
struct __lock __lock___sfp_recursive_mutex;
struct __lock __lock___atexit_recursive_mutex;
struct __lock __lock___at_quick_exit_mutex;
struct __lock __lock___malloc_recursive_mutex;
struct __lock __lock___env_recursive_mutex;
struct __lock __lock___tz_mutex;
struct __lock __lock___dd_hash_mutex;
struct __lock __lock___arc4random_mutex;

static void lock_slow(struct __lock *l)
{
	/* 2: whoever releases next must wake somebody. */
	while (__atomic_exchange_n(&l->word, 2, __ATOMIC_ACQUIRE) != 0) {
		if (wn_futex_wait(&l->word, 2, 0) == -ENOMEM)
			l4_thread_yield(); /* cannot block: poll instead */
	}
}

static void lock_word(struct __lock *l)
{
	int free = 0;
	if (!__atomic_compare_exchange_n(&l->word, &free, 1, false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		lock_slow(l);
}

static bool trylock_word(struct __lock *l)
{
	int free = 0;
	return __atomic_compare_exchange_n(&l->word, &free, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static void unlock_word(struct __lock *l)
{
	if (__atomic_exchange_n(&l->word, 0, __ATOMIC_RELEASE) == 2)
		wn_futex_wake(&l->word, 1);
}

static bool held_by_me(struct __lock *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) == (void *)l4_utcb();
}

static void set_owner(struct __lock *l, void *owner)
{
	__atomic_store_n(&l->owner, owner, __ATOMIC_RELAXED);
}

/* --- dynamic locks (FILEs, directories) ---------------------------------
 * vfprintf() makes and closes one for every output to an unbuffered stream,
 * so they come from a pool that only grows. If even the pool cannot grow,
 * every such lock is the one shared fallback: slower, still correct (it is
 * recursive, and ordinary locks are never held across another FILE's). */

enum { POOL_CHUNK = 32 };

static struct __lock pool_lock, fallback_lock;
static struct __lock *pool_free;

static struct __lock *pool_get(void)
{
	lock_word(&pool_lock);
	struct __lock *l = pool_free;
	if (l)
		pool_free = l->next_free;
	unlock_word(&pool_lock);
	if (l)
		return l;
	struct __lock *chunk = calloc(POOL_CHUNK, sizeof(*chunk));
	if (!chunk)
		return &fallback_lock;
	lock_word(&pool_lock);
	for (unsigned i = 1; i < POOL_CHUNK; i++) {
		chunk[i].next_free = pool_free;
		pool_free = &chunk[i];
	}
	unlock_word(&pool_lock);
	return &chunk[0];
}

static void pool_put(struct __lock *l)
{
	if (!l || l == &fallback_lock)
		return;
	l->word = 0;
	l->count = 0;
	l->owner = NULL;
	lock_word(&pool_lock);
	l->next_free = pool_free;
	pool_free = l;
	unlock_word(&pool_lock);
}

void __retarget_lock_init(_LOCK_T *lock)
{
	*lock = pool_get();
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	*lock = pool_get();
}

void __retarget_lock_close(_LOCK_T lock)
{
	pool_put(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	pool_put(lock);
}

/* --- acquire and release -------------------------------------------------
 * The fallback lock stands in for several locks, some of them meant to be
 * ordinary: it is always taken recursively. */

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
	if (held_by_me(lock)) {
		lock->count++;
		return;
	}
	lock_word(lock);
	set_owner(lock, l4_utcb());
	lock->count = 1;
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
	if (--lock->count)
		return;
	set_owner(lock, NULL);
	unlock_word(lock);
}

/* 1 when acquired, 0 when another thread holds it (newlib's default
 * returns 1: the single-threaded lock is always free). */
int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	if (held_by_me(lock)) {
		lock->count++;
		return 1;
	}
	if (!trylock_word(lock))
		return 0;
	set_owner(lock, l4_utcb());
	lock->count = 1;
	return 1;
}

void __retarget_lock_acquire(_LOCK_T lock)
{
	if (lock == &fallback_lock)
		__retarget_lock_acquire_recursive(lock);
	else
		lock_word(lock);
}

void __retarget_lock_release(_LOCK_T lock)
{
	if (lock == &fallback_lock)
		__retarget_lock_release_recursive(lock);
	else
		unlock_word(lock);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
	if (lock == &fallback_lock)
		return __retarget_lock_try_acquire_recursive(lock);
	return trylock_word(lock) ? 1 : 0;
}

/* --- flockfile(), ftrylockfile(), funlockfile() ---------------------------
 * The lock stdio's own functions take around each call (recursive, so a
 * thread holding it may go on calling them). String streams have none. */

void __sinit(struct _reent *r); /* newlib's stdio set-up (findfp.c) */

static bool has_lock(FILE *fp)
{
	struct _reent *r = _REENT;
	if (r && !r->__sdidinit)
		__sinit(r); /* the standard streams get their locks there */
	return !(fp->_flags & __SSTR) && fp->_lock;
}

void flockfile(FILE *fp)
{
	if (has_lock(fp))
		__retarget_lock_acquire_recursive(fp->_lock);
}

int ftrylockfile(FILE *fp)
{
	if (!has_lock(fp))
		return 0;
	return __retarget_lock_try_acquire_recursive(fp->_lock) ? 0 : -1;
}

void funlockfile(FILE *fp)
{
	if (has_lock(fp))
		__retarget_lock_release_recursive(fp->_lock);
}
