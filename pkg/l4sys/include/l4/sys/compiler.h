/* Compiler helpers used by the l4sys headers (names as in L4Re's l4/sys/compiler.h). */
#pragma once

#define L4_INLINE static inline
#define L4_ALWAYS_INLINE static inline __attribute__((always_inline))
#define L4_NOTHROW
#define L4_CV
#define L4_EXPORT __attribute__((visibility("default")))
#define L4_NORETURN __attribute__((noreturn))
#define L4_LIKELY(x) __builtin_expect(!!(x), 1)
#define L4_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define L4_STICKY(x) __attribute__((used)) x
#ifndef __BEGIN_DECLS
# ifdef __cplusplus
#  define __BEGIN_DECLS extern "C" {
#  define __END_DECLS }
# else
#  define __BEGIN_DECLS
#  define __END_DECLS
# endif
#endif
#define EXTERN_C_BEGIN __BEGIN_DECLS
#define EXTERN_C_END __END_DECLS
