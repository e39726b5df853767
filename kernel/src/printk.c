/* Kernel console output: formatted, leveled, straight to the serial line. */
#include <kern/arch.h>
#include <kern/printk.h>

#include <fmt.h>

static void sink(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	arch_console_write(s, len);
}

void console_write(const char *s, unsigned long len) { arch_console_write(s, len); }

void vprintk(int level, const char *fmt, va_list ap)
{
	if (level > CONFIG_KERNEL_LOG_LEVEL)
		return;
	fmt_vformat(sink, NULL, fmt, ap);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}
