/* The system clock as the C library and pthread use it. */
#pragma once

#include <stdint.h>
#include <l4/sys/__timeout.h>

/* Monotonic nanoseconds since boot (the kernel's clock in the KIP). */
uint64_t wn_clock_ns(void);

/* An IPC timeout that expires at the monotonic time deadline_ns (0 = never);
 * a deadline already past gives a zero timeout. */
l4_timeout_t wn_timeout_until(uint64_t deadline_ns);

/* Nanoseconds since the Epoch for CLOCK_REALTIME: the monotonic clock plus
 * an offset that is 0 (the Epoch is boot time) until clock_settime() or
 * settimeofday() moves it. The offset is per program. */
uint64_t wn_clock_realtime_ns(void);
void wn_clock_set_realtime_ns(uint64_t ns);
