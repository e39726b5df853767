/* Benchmark helpers shared by kbench and rbench: the cycle counter, median
 * and minimum of a sample array, and the result line make bench parses. */
#pragma once

#include <stdint.h>

#define BENCH_MAX_SAMPLES 100000

struct bench_stats {
	uint64_t median, min, rounds;
};

/* Median and minimum of n samples (n <= BENCH_MAX_SAMPLES); reorders them. */
struct bench_stats bench_summarize(uint64_t *samples, unsigned n);

/* Summarizes n samples and prints the line mk/bench.py reads:
 * "<prefix>: <name> median M min N rounds R". Reorders the samples. */
void bench_report(const char *prefix, const char *name, uint64_t *samples, unsigned n);

static inline uint64_t bench_cycles(void)
{
	uint32_t lo, hi;
	/* lfence: rdtsc must not start before earlier instructions finished. */
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}
