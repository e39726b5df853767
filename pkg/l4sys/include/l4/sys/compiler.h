/* Compiler helpers used by the l4sys headers (names as in L4Re's l4/sys/compiler.h).
 * The headers are usable from C (gnu11) and from C++ (as an extension g++
 * accepts C99 compound literals, which l4_msgtag() and the timeout constants
 * use). */
#pragma once

#define L4_INLINE static inline
#define L4_ALWAYS_INLINE static inline __attribute__((always_inline))
#ifdef __cplusplus
# define L4_NOTHROW noexcept
# define L4_DEFAULT_PARAM(x) = x
# define L4_BEGIN_DECLS extern "C" {
# define L4_END_DECLS }
#else
# define L4_NOTHROW
# define L4_DEFAULT_PARAM(x)
# define L4_BEGIN_DECLS
# define L4_END_DECLS
#endif
#define L4_CV
#define L4_EXPORT __attribute__((visibility("default")))
#define L4_HIDDEN __attribute__((visibility("hidden")))
#define L4_NORETURN __attribute__((noreturn))
#define L4_PURE __attribute__((pure))
#define L4_DEPRECATED(s) __attribute__((deprecated(s)))
#define L4_LIKELY(x) __builtin_expect(!!(x), 1)
#define L4_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define L4_STICKY(x) __attribute__((used)) x
#define L4_stringify_helper(x) #x
#define L4_stringify(x) L4_stringify_helper(x)
#ifndef __BEGIN_DECLS
# ifdef __cplusplus
#  define __BEGIN_DECLS extern "C" {
#  define __END_DECLS }
# else
#  define __BEGIN_DECLS
#  define __END_DECLS
# endif
#endif
#define EXTERN_C_BEGIN L4_BEGIN_DECLS
#define EXTERN_C_END L4_END_DECLS
#ifdef __cplusplus
# define EXTERN_C extern "C"
#else
# define EXTERN_C
#endif

/* Compiler-only barrier (no CPU fence). */
#define l4_barrier() __asm__ __volatile__("" : : : "memory")
