/* Sample collection for benchmarks: median and minimum of cycle counts. */
#pragma once

#include <stdint.h>

#define BENCH_MAX_SAMPLES 100000

struct bench_stats {
	uint64_t median, min, rounds;
};

/* Median and minimum of n samples (n <= BENCH_MAX_SAMPLES); reorders them. */
struct bench_stats bench_summarize(uint64_t *samples, unsigned n);

static inline uint64_t bench_cycles(void)
{
	uint32_t lo, hi;
	/* lfence: rdtsc must not start before earlier instructions finished. */
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}
