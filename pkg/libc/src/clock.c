/* The clock: the time-stamp counter scaled by the frequency the kernel
 * measured (KIP frequency_cpu), else the KIP's microsecond clock; IPC
 * timeouts for absolute deadlines on it. */
#include <walnut/clock.h>
#include <stdatomic.h>
#include <l4/sys/kip.h>

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

uint64_t wn_clock_ns(void)
{
	l4_kernel_info_t *kip = l4_kip();
	uint64_t khz = kip->frequency_cpu;
	if (!khz)
		return l4_kip_clock(kip) * 1000;
	return (uint64_t)((unsigned __int128)rdtsc() * 1000000u / khz);
}

/* Realtime = monotonic + this offset; no battery clock is read, so the
 * Epoch is boot time until clock_settime() says otherwise. */
static _Atomic int64_t realtime_offset_ns;

uint64_t wn_clock_realtime_ns(void)
{
	return wn_clock_ns() + (uint64_t)atomic_load(&realtime_offset_ns);
}

void wn_clock_set_realtime_ns(uint64_t ns)
{
	atomic_store(&realtime_offset_ns, (int64_t)(ns - wn_clock_ns()));
}

l4_timeout_t wn_timeout_until(uint64_t deadline_ns)
{
	if (!deadline_ns)
		return L4_IPC_NEVER;
	uint64_t now = wn_clock_ns();
	uint64_t left = deadline_ns > now ? deadline_ns - now : 0;
	/* Rounded up: the kernel's timeouts may end early by up to a tick, so
	 * sleepers re-check the clock anyway. */
	return l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us((left + 999) / 1000));
}
