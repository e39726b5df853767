/* lbench: what µApps pay for the C library's common operations, in
 * cycles (instructions under TCG with -icount shift=0), as medians. */
#include <ubench.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ROUNDS = 2000, THREAD_ROUNDS = 200, PRINTF_ROUNDS = 200 };

static uint64_t samples[ROUNDS];

static void bench_mutex(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	for (unsigned i = 0; i < ROUNDS; i++) {
		uint64_t t0 = ubench_cycles();
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
		samples[i] = ubench_cycles() - t0;
	}
	ubench_report("lbench", "mutex lock+unlock (uncontended)", samples, ROUNDS);
}

static void bench_malloc(void)
{
	void *volatile keep;
	for (unsigned i = 0; i < ROUNDS; i++) {
		uint64_t t0 = ubench_cycles();
		void *p = malloc(64);
		keep = p;
		free(p);
		samples[i] = ubench_cycles() - t0;
	}
	(void)keep;
	ubench_report("lbench", "malloc+free 64 B", samples, ROUNDS);
}

static void *nothing(void *arg)
{
	return arg;
}

static void bench_thread(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < THREAD_ROUNDS; i++) {
		pthread_t t;
		void *ret;
		uint64_t t0 = ubench_cycles();
		if (pthread_create(&t, NULL, nothing, NULL) != 0)
			break;
		pthread_join(t, &ret);
		samples[n++] = ubench_cycles() - t0;
	}
	if (n < THREAD_ROUNDS)
		printf("lbench: failed: thread create after %u rounds\n", n);
	ubench_report("lbench", "pthread create+join", samples, n);
}

static void bench_printf(void)
{
	for (unsigned i = 0; i < PRINTF_ROUNDS; i++) {
		uint64_t t0 = ubench_cycles();
		printf("lbench: printf line %u of %u\n", i, (unsigned)PRINTF_ROUNDS);
		samples[i] = ubench_cycles() - t0;
	}
	ubench_report("lbench", "printf one line (stdout, console)", samples, PRINTF_ROUNDS);
	char buf[80];
	for (unsigned i = 0; i < ROUNDS; i++) {
		uint64_t t0 = ubench_cycles();
		snprintf(buf, sizeof(buf), "lbench: printf line %u of %u\n", i, (unsigned)ROUNDS);
		samples[i] = ubench_cycles() - t0;
	}
	ubench_report("lbench", "snprintf the same line", samples, ROUNDS);
}

int main(void)
{
	bench_mutex();
	bench_malloc();
	bench_thread();
	bench_printf();
	printf("lbench: done\n");
	return 0;
}
