/* Benchmark statistics for µApps: median and minimum, the make bench line. */
#include <ubench.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

void ubench_report(const char *prefix, const char *name, uint64_t *samples, unsigned n)
{
	if (!n)
		return;
	qsort(samples, n, sizeof(*samples), cmp_u64);
	printf("%s: %-40s median %7llu  min %7llu  rounds %u\n", prefix, name,
	       (unsigned long long)samples[n / 2], (unsigned long long)samples[0], n);
	fflush(stdout);
}
