/* Freestanding printf-style formatting, shared by the kernel and early user land.
 *
 * Supports %d %i %u %x %X %o %p %s %c %% with flags "-+ #0", width and
 * precision (also as '*'), and length modifiers hh h l ll z t j. No floating
 * point: the kernel has none, and user programs get full printf from libc.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

/* Receives each run of formatted output; ctx is the caller's. */
typedef void (*fmt_sink_t)(void *ctx, const char *s, size_t len);

/* Formats into sink and returns the number of characters produced. */
int fmt_vformat(fmt_sink_t sink, void *ctx, const char *fmt, va_list ap);

/* snprintf semantics: writes at most size bytes incl. the terminating NUL and
 * returns the length the full output would have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4)))
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...);
