/* Helpers shared by rt-pthread's tests. */
#pragma once

#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* Monotonic nanoseconds (clock_gettime). */
uint64_t now_ns(void);
/* Realtime nanoseconds. */
uint64_t realtime_ns(void);
/* An absolute time ms from now on clock. */
struct timespec abs_in_ms(clockid_t clock, unsigned ms);
/* Sleeps ms milliseconds (nanosleep). */
void sleep_ms(unsigned ms);

/* Starts n threads of fn(i) (arg = (void *)i); returns how many started. */
unsigned spawn(pthread_t *t, unsigned n, void *(*fn)(void *));
/* Joins n threads; returns how many joins succeeded. */
unsigned join_all(pthread_t *t, unsigned n);
