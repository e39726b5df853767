/* stdio formatting and parsing. */
#include <utap.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FMT_IS(expect, ...)                                                      \
	do {                                                                     \
		char b_[128];                                                    \
		int n_ = snprintf(b_, sizeof(b_), __VA_ARGS__);                  \
		UCHECK_STREQ(b_, expect);                                        \
		UCHECK_EQ(n_, (int)strlen(expect));                              \
	} while (0)

UTEST(stdio_integers)
{
	FMT_IS("42 -7 0", "%d %d %u", 42, -7, 0u);
	FMT_IS("2147483647 -2147483648", "%d %d", INT_MAX, INT_MIN);
	FMT_IS("18446744073709551615", "%llu", ULLONG_MAX);
	FMT_IS("-9223372036854775808", "%" PRId64, INT64_MIN);
	FMT_IS("ff FF 0xff 0377", "%x %X %#x %#o", 255, 255, 255, 255);
	FMT_IS("12345678901234", "%zu", (size_t)12345678901234ULL);
	FMT_IS("0x1000", "%p", (void *)0x1000);
}

UTEST(stdio_widths)
{
	FMT_IS("[   42]", "[%5d]", 42);
	FMT_IS("[42   ]", "[%-5d]", 42);
	FMT_IS("[00042]", "[%05d]", 42);
	FMT_IS("[+42]", "[%+d]", 42);
	FMT_IS("[  abc]", "[%5s]", "abc");
	FMT_IS("[ab]", "[%.2s]", "abc");
	FMT_IS("[    7]", "[%*d]", 5, 7);
	FMT_IS("[x]", "[%c]", 'x');
	FMT_IS("100%", "100%%");
}

UTEST(stdio_floats)
{
	FMT_IS("3.141593", "%f", 3.14159265);
	FMT_IS("3.14", "%.2f", 3.14159265);
	FMT_IS("  3.1", "%5.1f", 3.14159265);
	FMT_IS("1.000000e+10", "%e", 1e10);
	FMT_IS("0.0001", "%g", 0.0001);
	FMT_IS("1e+20", "%g", 1e20);
	FMT_IS("-0.5", "%g", -0.5);
	FMT_IS("inf nan -inf", "%g %g %g", (double)INFINITY, (double)NAN, -(double)INFINITY);
	FMT_IS("0x1p+0", "%a", 1.0);
	FMT_IS("2.5", "%Lg", 2.5L);
}

UTEST(stdio_snprintf_truncates)
{
	char b[8];
	const char *volatile src = "0123456789"; /* hidden from -Wformat-truncation */
	int n = snprintf(b, sizeof(b), "%s", src);
	UCHECK_EQ(n, 10);
	UCHECK_STREQ(b, "0123456");
	UCHECK_EQ(snprintf(NULL, 0, "%d", 12345), 5);
}

UTEST(stdio_sscanf)
{
	int a = 0;
	double d = 0;
	char s[16] = "";
	unsigned x = 0;
	UCHECK_EQ(sscanf("17 2.5 word 0x1f", "%d %lf %15s %x", &a, &d, s, &x), 4);
	UCHECK_EQ(a, 17);
	UCHECK(d == 2.5);
	UCHECK_STREQ(s, "word");
	UCHECK_EQ(x, 0x1f);
	UCHECK_EQ(sscanf("abc", "%d", &a), 0);
}

UTEST(stdio_strtod_and_friends)
{
	char *end;
	UCHECK(strtod("1.5e3x", &end) == 1500.0);
	UCHECK_EQ(*end, 'x');
	UCHECK_EQ(strtol("-0x10", NULL, 0), -16);
	UCHECK_EQ(strtoul("777", NULL, 8), 511);
	UCHECK_EQ(atoi("  12abc"), 12);
}

UTEST(stdio_stdout_and_stderr_reach_the_log)
{
	UCHECK(printf("rt-libc: printf %s %d\n", "on stdout", 1) > 0);
	UCHECK(fprintf(stderr, "rt-libc: fprintf on stderr %d\n", 2) > 0);
	UCHECK(fputs("rt-libc: fputs line\n", stdout) >= 0);
	UCHECK_EQ(fflush(stdout), 0);
}
