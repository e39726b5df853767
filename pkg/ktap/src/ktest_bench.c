/* Benchmark statistics: median and minimum by selection (no full sort
 * needed), and the result line of make bench. */
#include "ktest_bench.h"

#include <l4/sys/kprint.h>

static void swap(uint64_t *a, uint64_t *b)
{
	uint64_t t = *a;
	*a = *b;
	*b = t;
}

/* Hoare-style quickselect: the k-th smallest of s[0..n). */
static uint64_t select_kth(uint64_t *s, unsigned n, unsigned k)
{
	unsigned lo = 0, hi = n - 1;
	while (lo < hi) {
		uint64_t pivot = s[lo + (hi - lo) / 2];
		unsigned i = lo, j = hi;
		while (i <= j) {
			while (s[i] < pivot)
				i++;
			while (s[j] > pivot)
				j--;
			if (i <= j) {
				swap(&s[i], &s[j]);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return s[k];
	}
	return s[k];
}

struct bench_stats bench_summarize(uint64_t *samples, unsigned n)
{
	struct bench_stats r = { 0, ~0ull, n };
	if (!n)
		return (struct bench_stats){ 0, 0, 0 };
	for (unsigned i = 0; i < n; i++)
		if (samples[i] < r.min)
			r.min = samples[i];
	r.median = select_kth(samples, n, n / 2);
	return r;
}

void bench_report(const char *prefix, const char *name, uint64_t *samples, unsigned n)
{
	struct bench_stats s = bench_summarize(samples, n);
	l4_kprintf("%s: %-40s median %7llu  min %7llu  rounds %llu\n", prefix, name,
		   (unsigned long long)s.median, (unsigned long long)s.min,
		   (unsigned long long)s.rounds);
}
