/* Helpers shared by rt-pthread's tests (rt.h). */
#include "rt.h"

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts_ns(&ts);
}

uint64_t realtime_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts_ns(&ts);
}

struct timespec abs_in_ms(clockid_t clock, unsigned ms)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	ts.tv_nsec += (long)(ms % 1000) * 1000000;
	ts.tv_sec += ms / 1000 + ts.tv_nsec / 1000000000;
	ts.tv_nsec %= 1000000000;
	return ts;
}

void sleep_ms(unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

unsigned spawn(pthread_t *t, unsigned n, void *(*fn)(void *))
{
	unsigned i = 0;
	while (i < n && pthread_create(&t[i], NULL, fn, (void *)(uintptr_t)i) == 0)
		i++;
	return i;
}

unsigned join_all(pthread_t *t, unsigned n)
{
	unsigned ok = 0;
	for (unsigned i = 0; i < n; i++)
		ok += pthread_join(t[i], NULL) == 0;
	return ok;
}
