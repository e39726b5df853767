/* Formatted output to the kernel console (the L4_BASE_LOG_CAP Vcon), for
 * boot tasks and test programs that run without libc. Walnut-specific. */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <l4/sys/compiler.h>

L4_BEGIN_DECLS

/* Writes len bytes in as many Vcon writes as needed; returns 0 or a
 * negative L4 error of the first failed write. */
long l4_kwrite(const char *s, size_t len);
__attribute__((format(printf, 1, 2))) int l4_kprintf(const char *fmt, ...);
int l4_kvprintf(const char *fmt, va_list ap);

L4_END_DECLS
