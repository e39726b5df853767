/* Time: the clocks move forward, sleeping lasts at least what was asked. */
#include <utap.h>
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int64_t mono_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

UTEST(time_moves_forward)
{
	int64_t a = mono_ns();
	volatile unsigned x = 0;
	for (unsigned i = 0; i < 100000; i++)
		x += i;
	int64_t b = mono_ns();
	UCHECK_GT(b, a);
	struct timeval tv1, tv2;
	UCHECK_EQ(gettimeofday(&tv1, NULL), 0);
	usleep(2000);
	UCHECK_EQ(gettimeofday(&tv2, NULL), 0);
	UCHECK_GE((tv2.tv_sec - tv1.tv_sec) * 1000000 + (tv2.tv_usec - tv1.tv_usec), 2000);
	UCHECK(time(NULL) >= 0);
}

UTEST(nanosleep_lasts_at_least_the_request)
{
	static const long req_ns[] = { 1, 300000, 1500000, 20000000 };
	for (unsigned i = 0; i < sizeof(req_ns) / sizeof(req_ns[0]); i++) {
		struct timespec rq = { 0, req_ns[i] }, rem;
		int64_t a = mono_ns();
		UCHECK_EQ(nanosleep(&rq, &rem), 0);
		int64_t took = mono_ns() - a;
		UCHECK_GE(took, req_ns[i]);
		utap_note("nanosleep %ld ns took %lld ns", req_ns[i], (long long)took);
	}
	struct timespec one = { 1, 0 };
	int64_t a = mono_ns();
	UCHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &one, NULL), 0);
	UCHECK_GE(mono_ns() - a, 1000000000);
}

UTEST(nanosleep_absolute_deadline)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_nsec += 5000000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	UCHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL), 0);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	UCHECK(now.tv_sec > t.tv_sec || (now.tv_sec == t.tv_sec && now.tv_nsec >= t.tv_nsec));
}

UTEST(time_bad_arguments)
{
	struct timespec bad = { 0, 1000000000 };
	errno = 0;
	UCHECK_EQ(nanosleep(&bad, NULL), -1);
	UCHECK_EQ(errno, EINVAL);
	UCHECK_EQ(clock_gettime((clockid_t)12345, &bad), -1);
	UCHECK_EQ(errno, EINVAL);
	UCHECK_EQ(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &bad, NULL), ENOTSUP);
}

UTEST(time_settable_realtime_and_cpu_clock)
{
	struct timespec set = { 1700000000, 0 }, now, cpu1, cpu2;
	UCHECK_EQ(clock_settime(CLOCK_REALTIME, &set), 0);
	UCHECK_EQ(clock_gettime(CLOCK_REALTIME, &now), 0);
	UCHECK(now.tv_sec >= 1700000000 && now.tv_sec < 1700000010);
	struct tm tm;
	time_t tt = 1700000000;
	gmtime_r(&tt, &tm);
	UCHECK_EQ(tm.tm_year, 123); /* 2023 */
	UCHECK_EQ(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu1), 0);
	volatile double x = 1;
	for (int i = 0; i < 2000000; i++)
		x = x * 1.0000001;
	UCHECK_EQ(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu2), 0);
	UCHECK((cpu2.tv_sec - cpu1.tv_sec) * 1000000000 + (cpu2.tv_nsec - cpu1.tv_nsec) > 0);
	UCHECK(clock() != (clock_t)-1);
}
