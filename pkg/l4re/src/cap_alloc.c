/* Capability-slot allocator: one bit per slot, claimed and released with
 * atomic operations so that threads may allocate concurrently. */
#include "env_internal.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/task.h>

#define WORD_BITS  64UL
#define N_WORDS    (L4RE_UTIL_CAP_ALLOC_END / WORD_BITS)

/* Bit i set: slot i is taken (or below the first free slot). */
static l4_umword_t bitmap[N_WORDS];
/* Word where the last allocation succeeded: the next search starts there. */
static unsigned hint;
/* First capability index the allocator manages; 0 before crt0's init. */
static unsigned long first_idx;

void l4re_util_cap_alloc_init(l4_cap_idx_t first_free)
{
	unsigned long first = first_free >> L4_CAP_SHIFT;
	if (first > L4RE_UTIL_CAP_ALLOC_END)
		first = L4RE_UTIL_CAP_ALLOC_END;
	for (unsigned long i = 0; i < first; i++)
		bitmap[i / WORD_BITS] |= 1UL << (i % WORD_BITS);
	__atomic_store_n(&first_idx, first, __ATOMIC_RELEASE);
}

/* Claims a clear bit of word w; returns its slot index or -1. */
static long claim_in_word(unsigned w)
{
	l4_umword_t old = __atomic_load_n(&bitmap[w], __ATOMIC_RELAXED);
	while (~old) {
		unsigned bit = (unsigned)__builtin_ctzl(~old);
		if (__atomic_compare_exchange_n(&bitmap[w], &old, old | (1UL << bit), 0,
						__ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			return (long)(w * WORD_BITS + bit);
		/* old now holds the current value: try again with it */
	}
	return -1;
}

l4_cap_idx_t l4re_util_cap_alloc(void)
{
	if (!__atomic_load_n(&first_idx, __ATOMIC_ACQUIRE))
		return L4_INVALID_CAP; /* before crt0 set the allocator up */
	unsigned start = __atomic_load_n(&hint, __ATOMIC_RELAXED);
	for (unsigned n = 0; n < N_WORDS; n++) {
		unsigned w = (start + n) % N_WORDS;
		long idx = claim_in_word(w);
		if (idx >= 0) {
			__atomic_store_n(&hint, w, __ATOMIC_RELAXED);
			return (l4_cap_idx_t)idx << L4_CAP_SHIFT;
		}
	}
	return L4_INVALID_CAP;
}

void l4re_util_cap_free(l4_cap_idx_t cap)
{
	unsigned long idx = cap >> L4_CAP_SHIFT;
	if (l4_is_invalid_cap(cap) || idx < __atomic_load_n(&first_idx, __ATOMIC_ACQUIRE) ||
	    idx >= L4RE_UTIL_CAP_ALLOC_END)
		return;
	__atomic_fetch_and(&bitmap[idx / WORD_BITS], ~(1UL << (idx % WORD_BITS)),
			   __ATOMIC_ACQ_REL);
}

void l4re_util_cap_free_um(l4_cap_idx_t cap)
{
	if (l4_is_invalid_cap(cap))
		return;
	l4_task_release_cap(L4RE_THIS_TASK_CAP, cap);
	l4re_util_cap_free(cap);
}

long l4re_util_cap_last(void)
{
	return (long)((L4RE_UTIL_CAP_ALLOC_END - 1) << L4_CAP_SHIFT);
}
