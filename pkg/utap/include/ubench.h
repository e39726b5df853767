/* Benchmarks in µApps: the cycle counter, and the result line make bench
 * reads ("<prefix>: <name> median M min N rounds R", as pkg/ktap's). */
#pragma once

#include <stdint.h>

/* Median and minimum of n samples; reorders them. Prints the line. */
void ubench_report(const char *prefix, const char *name, uint64_t *samples, unsigned n);

static inline uint64_t ubench_cycles(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}
