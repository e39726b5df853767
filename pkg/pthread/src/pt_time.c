/* Absolute POSIX timeouts as deadlines on the monotonic clock. */
#include "pt_internal.h"
#include <errno.h>
#include <walnut/clock.h>

enum { NS = 1000000000 };

bool pt_expired(uint64_t deadline_ns)
{
	return wn_clock_ns() >= deadline_ns;
}

/* Nanoseconds of ts, 0 for a time before the Epoch, saturated far out. */
static uint64_t ts_ns(const struct timespec *ts)
{
	if (ts->tv_sec < 0)
		return 0;
	if ((uint64_t)ts->tv_sec > (UINT64_MAX - NS) / NS)
		return UINT64_MAX;
	return (uint64_t)ts->tv_sec * NS + (uint64_t)ts->tv_nsec;
}

int pt_deadline(clockid_t clock, const struct timespec *abstime, uint64_t *deadline_ns)
{
	if (!abstime || abstime->tv_nsec < 0 || abstime->tv_nsec >= NS)
		return EINVAL;
	uint64_t when = ts_ns(abstime);
	uint64_t now = wn_clock_ns();
	if (clock == CLOCK_REALTIME) {
		/* Realtime is the monotonic clock plus an offset: the same span. */
		uint64_t rt = wn_clock_realtime_ns();
		uint64_t left = when > rt ? when - rt : 0;
		when = left > UINT64_MAX - now ? UINT64_MAX : now + left;
	} else if (clock != CLOCK_MONOTONIC) {
		return EINVAL;
	}
	*deadline_ns = when ? when : 1; /* 0 would mean "no deadline" */
	return 0;
}
