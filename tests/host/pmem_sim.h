/* pmem_sim.h: simulated physical memory and a catchable panic() for the host
 * tests of kernel/src/pmem.c and the code built on it (kmem, quota,
 * obj_space, radix, mapdb).
 *
 * Physical address p is the byte sim_mem + p of one 64 MiB buffer aligned to
 * the largest buddy block (4 MiB), so a block's virtual alignment equals its
 * physical alignment and physical addresses 0 .. 64 MiB can be simulated.
 * sim_setup() hands pmem a set of ranges; everything outside them is poisoned
 * for AddressSanitizer, so pmem touching a hole (or a test touching memory
 * it does not own) is reported at once. pmem_virt()/pmem_phys() also count
 * calls for addresses outside the ranges in sim_bad_virt.
 *
 * panic() is the kernel's; here it longjmps back into catches_panic() when a
 * panic is expected, and otherwise prints the message and aborts.
 *
 * Included by exactly one test program each (static definitions).
 */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kern/pmem.h>
#include <kern/types.h>

#include "tap.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define SIM_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define SIM_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define SIM_POISON(p, n) ((void)(p), (void)(n))
#define SIM_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define SIM_SIZE (64ull << 20)
#define SIM_ALIGN (PAGE_SIZE << PMEM_MAX_ORDER)
#define SIM_MAX_RANGES 16

static unsigned char *sim_mem;
static struct pmem_range sim_ranges[SIM_MAX_RANGES];
static unsigned sim_nranges;
static unsigned long sim_bad_virt; /* pmem_virt/pmem_phys outside the ranges */

static inline bool sim_in_ranges(u64 pa)
{
	for (unsigned i = 0; i < sim_nranges; i++)
		if (pa >= sim_ranges[i].base.v && pa - sim_ranges[i].base.v < sim_ranges[i].size)
			return true;
	return false;
}

void *pmem_virt(paddr_t p)
{
	if (!sim_in_ranges(p.v)) {
		if (sim_bad_virt++ < 5)
			tap_diag("pmem_virt(%#llx): outside the simulated ranges",
				 (unsigned long long)p.v);
		if (p.v >= SIM_SIZE) {
			tap_diag("pmem_virt(%#llx): outside the simulated memory; aborting",
				 (unsigned long long)p.v);
			abort();
		}
	}
	return sim_mem + p.v;
}

paddr_t pmem_phys(const void *v)
{
	const unsigned char *c = v;
	if (c < sim_mem || c >= sim_mem + SIM_SIZE) {
		tap_diag("pmem_phys(%p): not in the simulated memory; aborting", v);
		abort();
	}
	u64 pa = (u64)(c - sim_mem);
	if (!sim_in_ranges(pa) && sim_bad_virt++ < 5)
		tap_diag("pmem_phys(%p) = %#llx: outside the simulated ranges", v,
			 (unsigned long long)pa);
	return paddr(pa);
}

/* ---- panic ---- */

static jmp_buf sim_panic_jmp;
static volatile bool sim_panic_armed;
static char sim_panic_msg[512];
static unsigned sim_panics;

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sim_panic_msg, sizeof(sim_panic_msg), fmt, ap);
	va_end(ap);
	sim_panics++;
	if (sim_panic_armed) {
		sim_panic_armed = false;
		longjmp(sim_panic_jmp, 1);
	}
	fflush(stdout);
	fprintf(stderr, "# KERNEL PANIC (unexpected): %s\n", sim_panic_msg);
	abort();
}

/* Runs fn(arg); true when it panicked (the message is in sim_panic_msg).
 * A separate function so that no caller's locals live across the longjmp. */
static __attribute__((noinline, unused)) bool catches_panic(void (*fn)(void *), void *arg)
{
	sim_panic_msg[0] = '\0';
	if (setjmp(sim_panic_jmp) == 0) {
		sim_panic_armed = true;
		fn(arg);
		sim_panic_armed = false;
		return false;
	}
	return true;
}

/* ---- setting up ---- */

static inline void sim_alloc_buffer(void)
{
	if (sim_mem)
		return;
	sim_mem = aligned_alloc(SIM_ALIGN, SIM_SIZE);
	if (!sim_mem) {
		printf("Bail out! cannot allocate %llu MiB of simulated memory\n",
		       (unsigned long long)(SIM_SIZE >> 20));
		exit(1);
	}
}

static __attribute__((destructor)) void sim_free_buffer(void)
{
	if (sim_mem) {
		SIM_UNPOISON(sim_mem, SIM_SIZE);
		free(sim_mem);
		sim_mem = NULL;
	}
}

/* Gives the simulated ranges to the allocator; returns pmem_init's result.
 * Range contents start as garbage (0xa5), not zeros, as real RAM would. */
static inline bool sim_setup(const struct pmem_range *r, unsigned n)
{
	sim_alloc_buffer();
	if (n > SIM_MAX_RANGES) {
		printf("Bail out! too many simulated ranges\n");
		exit(1);
	}
	SIM_UNPOISON(sim_mem, SIM_SIZE);
	memset(sim_mem, 0xa5, SIM_SIZE);
	SIM_POISON(sim_mem, SIM_SIZE);
	sim_nranges = n;
	for (unsigned i = 0; i < n; i++) {
		sim_ranges[i] = r[i];
		if (r[i].base.v + r[i].size > SIM_SIZE) {
			printf("Bail out! simulated range beyond %llu MiB\n",
			       (unsigned long long)(SIM_SIZE >> 20));
			exit(1);
		}
		SIM_UNPOISON(sim_mem + r[i].base.v, r[i].size);
	}
	sim_bad_virt = 0;
	sim_panics = 0;
	return pmem_init(r, n);
}

/* Marks memory the test owns (an allocated block) as off limits for the
 * allocator, and gives it back before it is freed. */
static inline void sim_own(u64 pa, u64 bytes) { SIM_POISON(sim_mem + pa, bytes); }
static inline void sim_release(u64 pa, u64 bytes) { SIM_UNPOISON(sim_mem + pa, bytes); }

/* Tiny deterministic PRNG (xorshift64*), so that runs are reproducible. */
static u64 sim_rng_state = 0x9e3779b97f4a7c15ull;
static inline void sim_srand(u64 seed) { sim_rng_state = seed ? seed : 1; }
static inline u64 sim_rand(void)
{
	u64 x = sim_rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	sim_rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}
static inline u64 sim_rand_below(u64 n) { return n ? sim_rand() % n : 0; }
