/* Kernel panic: the message, a frame-pointer backtrace, then halt. */
#include <kern/arch.h>
#include <kern/panic.h>
#include <kern/printk.h>

static void backtrace(void)
{
	const u64 *fp = __builtin_frame_address(0);
	printk(LOG_ERR, "backtrace:\n");
	/* Kernel frames only: stop at the first pointer outside the kernel half. */
	for (unsigned depth = 0; depth < 16 && fp && (u64)fp >= 0xffff800000000000ull; depth++) {
		printk(LOG_ERR, "  %#llx\n", (unsigned long long)fp[1]);
		fp = (const u64 *)fp[0];
	}
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printk(LOG_ERR, "\nKERNEL PANIC: ");
	vprintk(LOG_ERR, fmt, ap);
	printk(LOG_ERR, "\n");
	va_end(ap);
	backtrace();
	arch_halt();
}
