/* POSIX time functions on the kernel clock: clock_gettime/getres/settime,
 * gettimeofday, nanosleep and its relatives (IPC timeouts), times. */
#include <walnut/clock.h>
#include <walnut/tcb.h>
#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <l4/sys/ipc.h>
#include <l4/sys/thread.h>
#include <l4/sys/kip.h>

static void ns_to_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000u);
	ts->tv_nsec = (long)(ns % 1000000000u);
}

static int ts_to_ns(const struct timespec *ts, uint64_t *ns)
{
	if (!ts || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000 || ts->tv_sec < 0)
		return -1;
	*ns = (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
	return 0;
}

/* CPU time of the calling thread in ns, from the kernel's accounting. */
static int thread_cpu_ns(uint64_t *ns)
{
	l4_kernel_clock_t us;
	if (l4_error(l4_thread_stats_time(wn_tcb_self()->thread, &us)) < 0)
		return -1;
	*ns = us * 1000;
	return 0;
}

int clock_gettime(clockid_t id, struct timespec *tp)
{
	uint64_t ns;
	if (!tp) {
		errno = EFAULT;
		return -1;
	}
	switch (id) {
	case CLOCK_REALTIME:
		ns = wn_clock_realtime_ns();
		break;
	case CLOCK_MONOTONIC:
		ns = wn_clock_ns();
		break;
	case CLOCK_THREAD_CPUTIME_ID:
		if (thread_cpu_ns(&ns) < 0) {
			errno = EINVAL;
			return -1;
		}
		break;
	default:
		/* CLOCK_PROCESS_CPUTIME_ID would need every thread's time. */
		errno = EINVAL;
		return -1;
	}
	ns_to_ts(ns, tp);
	return 0;
}

int clock_getres(clockid_t id, struct timespec *res)
{
	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC && id != CLOCK_THREAD_CPUTIME_ID) {
		errno = EINVAL;
		return -1;
	}
	if (res) {
		uint64_t khz = l4_kip()->frequency_cpu;
		uint64_t ns = id == CLOCK_THREAD_CPUTIME_ID || !khz ? 1000 : 1000000 / khz;
		ns_to_ts(ns ? ns : 1, res);
	}
	return 0;
}

int clock_settime(clockid_t id, const struct timespec *tp)
{
	uint64_t ns;
	if (id != CLOCK_REALTIME) {
		errno = EINVAL;
		return -1;
	}
	if (ts_to_ns(tp, &ns) < 0) {
		errno = EINVAL;
		return -1;
	}
	wn_clock_set_realtime_ns(ns);
	return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	(void)tz; /* obsolete; POSIX leaves it unspecified */
	if (tv) {
		uint64_t us = wn_clock_realtime_ns() / 1000;
		tv->tv_sec = (time_t)(us / 1000000);
		tv->tv_usec = (suseconds_t)(us % 1000000);
	}
	return 0;
}

int settimeofday(const struct timeval *tv, const struct timezone *tz)
{
	(void)tz;
	if (!tv || tv->tv_usec < 0 || tv->tv_usec >= 1000000 || tv->tv_sec < 0) {
		errno = EINVAL;
		return -1;
	}
	wn_clock_set_realtime_ns((uint64_t)tv->tv_sec * 1000000000u + (uint64_t)tv->tv_usec * 1000);
	return 0;
}

/* Sleeps until the monotonic clock reaches deadline (timeouts may end a
 * tick early, so this re-checks); nothing interrupts a sleep. */
static void sleep_until(uint64_t deadline)
{
	while (wn_clock_ns() < deadline)
		l4_ipc_sleep(wn_timeout_until(deadline));
}

int clock_nanosleep(clockid_t id, int flags, const struct timespec *rq, struct timespec *rem)
{
	uint64_t ns;
	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC)
		return id == CLOCK_THREAD_CPUTIME_ID ? ENOTSUP : EINVAL;
	if (ts_to_ns(rq, &ns) < 0)
		return EINVAL;
	uint64_t now = id == CLOCK_REALTIME ? wn_clock_realtime_ns() : wn_clock_ns();
	uint64_t left = (flags & TIMER_ABSTIME) ? (ns > now ? ns - now : 0) : ns;
	sleep_until(wn_clock_ns() + left);
	if (rem && !(flags & TIMER_ABSTIME))
		rem->tv_sec = 0, rem->tv_nsec = 0;
	return 0;
}

int nanosleep(const struct timespec *rq, struct timespec *rem)
{
	int r = clock_nanosleep(CLOCK_MONOTONIC, 0, rq, rem);
	if (r) {
		errno = r;
		return -1;
	}
	return 0;
}

int usleep(useconds_t us)
{
	sleep_until(wn_clock_ns() + (uint64_t)us * 1000);
	return 0;
}

unsigned sleep(unsigned s)
{
	sleep_until(wn_clock_ns() + (uint64_t)s * 1000000000u);
	return 0;
}

/* In ticks of CLOCKS_PER_SEC (= sysconf(_SC_CLK_TCK); clock() relies on
 * that): elapsed time as the result; the calling thread's CPU time as user
 * time (the kernel does not split user and system time; there are no
 * child processes: 0). */
#define NS_PER_TICK (1000000000u / CLOCKS_PER_SEC)

clock_t times(struct tms *t)
{
	if (t) {
		uint64_t cpu = 0;
		thread_cpu_ns(&cpu);
		t->tms_utime = (clock_t)(cpu / NS_PER_TICK);
		t->tms_stime = 0;
		t->tms_cutime = 0;
		t->tms_cstime = 0;
	}
	return (clock_t)(wn_clock_ns() / NS_PER_TICK);
}
