/* Minimal formatted output to the serial console, and the error exit. */
#include "bootstrap.h"

static void put_str(const char *s)
{
	while (*s)
		bs_putc(*s++);
}

/* Digits of v, least significant first, into buf (at least 20 bytes). */
static unsigned hex_digits(uint64_t v, char *buf)
{
	static const char digits[] = "0123456789abcdef";
	unsigned n = 0;

	do {
		buf[n++] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	return n;
}

/* Decimal by subtracting powers of ten: 32-bit code then needs no 64-bit
 * division helper from libgcc. */
static unsigned dec_digits(uint64_t v, char *buf)
{
	uint64_t pow[20];
	unsigned n = 1;

	pow[0] = 1;
	/* Count the digits; 10^19 is the largest power of ten below 2^64,
	 * so pow[n - 1] * 10 cannot overflow while n < 20. */
	while (n < 20 && v >= pow[n - 1] * 10) {
		pow[n] = pow[n - 1] * 10;
		n++;
	}
	for (unsigned i = n; i--;) {
		char d = '0';

		while (v >= pow[i]) {
			v -= pow[i];
			d++;
		}
		buf[i] = d;
	}
	return n;
}

static void put_num(uint64_t v, int hex, unsigned width, char pad)
{
	char buf[24];
	unsigned n = hex ? hex_digits(v, buf) : dec_digits(v, buf);

	for (; width > n; width--)
		bs_putc(pad);
	while (n)
		bs_putc(buf[--n]);
}

void bs_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			bs_putc(*fmt);
			continue;
		}
		char pad = ' ';
		unsigned width = 0, longs = 0;

		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			put_str(s ? s : "(null)");
			break;
		}
		case 'c':
			bs_putc((char)va_arg(ap, int));
			break;
		case 'd': {
			int v = va_arg(ap, int);
			if (v < 0)
				bs_putc('-');
			put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 0, width, pad);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v = longs >= 2 ? va_arg(ap, unsigned long long)
			           : longs == 1 ? va_arg(ap, unsigned long)
			           : va_arg(ap, unsigned);
			put_num(v, *fmt == 'x', width, pad);
			break;
		}
		case '%':
			bs_putc('%');
			break;
		case '\0':
			return;
		default:
			bs_putc('?');
			break;
		}
	}
}

void bs_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bs_vprintf(fmt, ap);
	va_end(ap);
}

void bs_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void bs_fail(const char *fmt, ...)
{
	va_list ap;

	put_str("bootstrap: error: ");
	va_start(ap, fmt);
	bs_vprintf(fmt, ap);
	va_end(ap);
	bs_putc('\n');
	bs_halt();
}
