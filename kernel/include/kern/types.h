/* Distinct kernel number types: addresses, frames, sizes, CPUs, capability indices.
 *
 * Each kind is a single-member struct so that mixing them (passing a physical
 * address where a virtual one is expected) does not compile. The helpers are
 * static inline and cost nothing at -O2.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t  u8;
typedef int64_t  s64;
typedef int32_t  s32;

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ull << PAGE_SHIFT)

typedef struct { u64 v; } paddr_t;   /* physical address */
typedef struct { u64 v; } vaddr_t;   /* virtual address (kernel or user) */
typedef struct { u64 v; } pfn_t;     /* physical page frame number */
typedef struct { u32 v; } cpu_t;     /* logical CPU number */
typedef struct { u64 v; } cap_idx_t; /* capability index in an object space */

static inline paddr_t paddr(u64 v) { return (paddr_t){ v }; }
static inline vaddr_t vaddr(u64 v) { return (vaddr_t){ v }; }
static inline pfn_t   pfn(u64 v)   { return (pfn_t){ v }; }
static inline cpu_t   cpu_nr(u32 v) { return (cpu_t){ v }; }
static inline cap_idx_t cap_idx(u64 v) { return (cap_idx_t){ v }; }

static inline pfn_t   paddr_to_pfn(paddr_t p) { return pfn(p.v >> PAGE_SHIFT); }
static inline paddr_t pfn_to_paddr(pfn_t f)   { return paddr(f.v << PAGE_SHIFT); }
static inline paddr_t paddr_add(paddr_t p, u64 off) { return paddr(p.v + off); }
static inline vaddr_t vaddr_add(vaddr_t a, u64 off) { return vaddr(a.v + off); }
static inline u64     paddr_diff(paddr_t a, paddr_t b) { return a.v - b.v; }
static inline bool    paddr_eq(paddr_t a, paddr_t b) { return a.v == b.v; }

static inline u64 align_down(u64 x, u64 a) { return x & ~(a - 1); }
static inline u64 align_up(u64 x, u64 a)   { return (x + a - 1) & ~(a - 1); }
static inline bool is_aligned(u64 x, u64 a) { return (x & (a - 1)) == 0; }

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define IS_ENABLED(cfg) (__is_defined(cfg))
#define __is_defined(x) ___is_defined(x)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define __ARG_PLACEHOLDER_1 0,
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define __take_second_arg(__ignored, val, ...) val
