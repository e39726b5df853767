/* Kernel console output: leveled printk on every registered console. */
#pragma once

#include <stdarg.h>

enum { LOG_ERR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

/* Prints when level <= CONFIG_KERNEL_LOG_LEVEL. Never blocks on a lock held by
 * the interrupted context: output from a panic goes out regardless. */
__attribute__((format(printf, 2, 3))) void printk(int level, const char *fmt, ...);
void vprintk(int level, const char *fmt, va_list ap);
/* Raw bytes to the console, no level, no formatting. */
void console_write(const char *s, unsigned long len);

#define pr_err(...)   printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)  printk(LOG_WARN, __VA_ARGS__)
#define pr_info(...)  printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) printk(LOG_DEBUG, __VA_ARGS__)
