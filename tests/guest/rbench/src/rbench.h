/* Shared parts of rbench: sample storage, result lines, failure exit. */
#pragma once

#include <ktest_bench.h>
#include <l4/re/c/dataspace.h>

#define RB_ROUNDS    10000 /* rounds of every IPC-sized benchmark */
#define RB_WARMUP    200   /* untimed rounds before them */
#define RB_PF_PAGES  4096  /* pages of the fault benchmarks' dataspace */
#define RB_PF_WARMUP 96    /* pages touched before the timed ones */

/* Sample arrays: the pair benchmarks time each half too. */
extern uint64_t rb_samples[RB_ROUNDS], rb_first[RB_ROUNDS], rb_second[RB_ROUNDS];

/* Prints "rbench: <name> median M min N rounds R" for s[0..n) (reorders s). */
void rb_report(const char *name, uint64_t *s, unsigned n);
/* Prints "rbench: failed: <what> (<err>)" and ends the program. */
__attribute__((noreturn)) void rb_fail(const char *what, long err);

/* mem.c: the benchmarks on dataspaces and region maps. */
void rb_bench_faults(void);
void rb_bench_map_region(void);
void rb_bench_alloc_free(void);
void rb_bench_attach_detach(void);
/* A new anonymous dataspace of size bytes in a fresh slot (fails hard). */
l4re_ds_t rb_ds_new(unsigned long size);
