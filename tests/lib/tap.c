/* tap.c: the runner behind tap.h (see there for the interface). */
#include "tap.h"

#include <fnmatch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds of the "tap_tests" section, provided by the linker. Weak, so that a
 * program without any TEST still links. */
extern const struct tap_test *__start_tap_tests[] __attribute__((weak));
extern const struct tap_test *__stop_tap_tests[] __attribute__((weak));

enum outcome { RUNNING, FAILED_ASSERT, SKIPPED };

static enum outcome outcome;            /* set before each longjmp */
static const struct tap_test *current;  /* the running test, NULL between tests */
static unsigned current_failures;       /* failed checks in the current test */
static char skip_reason[256];
static jmp_buf test_exit;               /* ASSERT and SKIP leave the test here */
static unsigned test_number;
static const struct tap_test **selection; /* reachable at exit(), for LSan */

static void vcomment(FILE *f, const char *fmt, va_list ap)
{
	char buf[1024];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* One "# " per line, so multi-line messages stay TAP comments. */
	for (char *line = buf, *nl;; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		fprintf(f, "# %s\n", line);
		if (!nl || nl[1] == '\0')
			break;
	}
	fflush(f);
}

void tap_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vcomment(stdout, fmt, ap);
	va_end(ap);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	va_start(ap, fmt);
	vcomment(stderr, fmt, ap);
	va_end(ap);
}

/* ---- reporting a failed check ---- */

static void report_result(const struct tap_test *t, bool ok, const char *directive)
{
	printf("%s %u - %s%s%s\n", ok ? "ok" : "not ok", test_number, t->name,
	       directive ? " # " : "", directive ? directive : "");
	fflush(stdout);
}

/* Called after a failure has been described: acts on the level. */
static bool failed(enum tap_level lvl)
{
	if (!current) {
		/* A check outside of any test (e.g. in main): treat as fatal. */
		printf("Bail out! check failed outside of a test\n");
		fflush(stdout);
		exit(1);
	}
	current_failures++;
	if (lvl == TAP_LVL_ASSERT) {
		outcome = FAILED_ASSERT;
		longjmp(test_exit, 1);
	}
	if (lvl == TAP_LVL_FATAL) {
		report_result(current, false, NULL);
		printf("Bail out! %s: fatal check failed\n", current->name);
		fflush(stdout);
		exit(1);
	}
	return false;
}

static void where(const char *file, int line, const char *name, const char *args)
{
	const char *base = strrchr(file, '/');
	tap_diag("  %s:%d: %s(%s) failed", base ? base + 1 : file, line, name, args);
}

bool tap__bool(enum tap_level lvl, const char *name, bool ok, const char *text,
	       const char *file, int line)
{
	if (ok)
		return true;
	where(file, line, name, text);
	return failed(lvl);
}

static int compare(int sa, uintmax_t a, int sb, uintmax_t b)
{
	bool na = sa && (intmax_t)a < 0, nb = sb && (intmax_t)b < 0;
	if (na != nb)
		return na ? -1 : 1;
	if (na)
		return (intmax_t)a < (intmax_t)b ? -1 : (intmax_t)a > (intmax_t)b;
	return a < b ? -1 : a > b;
}

static void print_int(const char *text, int sgn, size_t width, uintmax_t v)
{
	uintmax_t hex = v;
	if (width < sizeof(uintmax_t))
		hex &= ((uintmax_t)1 << (width * CHAR_BIT)) - 1;
	if (sgn)
		tap_diag("    %s = %jd (%#jx)", text, (intmax_t)v, hex);
	else
		tap_diag("    %s = %ju (%#jx)", text, v, hex);
}

bool tap__int(enum tap_level lvl, const char *name, enum tap_op op,
	      const char *ta, const char *tb,
	      int sa, size_t wa, uintmax_t a, int sb, size_t wb, uintmax_t b,
	      const char *file, int line)
{
	int c = compare(sa, a, sb, b);
	bool ok;
	switch (op) {
	case TAP_OP_EQ: ok = c == 0; break;
	case TAP_OP_NE: ok = c != 0; break;
	case TAP_OP_LT: ok = c < 0; break;
	case TAP_OP_LE: ok = c <= 0; break;
	case TAP_OP_GT: ok = c > 0; break;
	default:        ok = c >= 0; break;
	}
	if (ok)
		return true;
	char args[512];
	snprintf(args, sizeof(args), "%s, %s", ta, tb);
	where(file, line, name, args);
	print_int(ta, sa, wa, a);
	print_int(tb, sb, wb, b);
	return failed(lvl);
}

static void print_str(const char *text, const char *s)
{
	if (!s) {
		tap_diag("    %s = NULL", text);
		return;
	}
	char buf[600];
	size_t n = 0;
	for (; *s && n < sizeof(buf) - 8; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\\%c", ch);
		else if (ch == '\n')
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\\n");
		else if (ch < 0x20 || ch >= 0x7f)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\\x%02x", ch);
		else
			buf[n++] = (char)ch;
	}
	buf[n] = '\0';
	tap_diag("    %s = \"%s\"%s", text, buf, *s ? "..." : "");
}

bool tap__str(enum tap_level lvl, const char *name, bool eq,
	      const char *ta, const char *tb, const char *a, const char *b,
	      const char *file, int line)
{
	bool same = (a && b) ? strcmp(a, b) == 0 : a == b;
	if (same == eq)
		return true;
	char args[512];
	snprintf(args, sizeof(args), "%s, %s", ta, tb);
	where(file, line, name, args);
	print_str(ta, a);
	print_str(tb, b);
	return failed(lvl);
}

void tap__skip(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(skip_reason, sizeof(skip_reason), fmt, ap);
	va_end(ap);
	if (!current) {
		printf("Bail out! SKIP outside of a test\n");
		exit(1);
	}
	outcome = SKIPPED;
	longjmp(test_exit, 1);
}

/* ---- the runner ---- */

/* The section holds pointers; anything else there (padding a sanitizer may
 * add around globals) reads as NULL and is skipped. Not instrumented, so that
 * reading such padding is no error either. */
__attribute__((no_sanitize_address))
static size_t collect(const struct tap_test **out)
{
	size_t n = 0;
	if (!__start_tap_tests || !__stop_tap_tests)
		return 0;
	for (const struct tap_test **p = __start_tap_tests; p < __stop_tap_tests; p++)
		if (*p) {
			if (out)
				out[n] = *p;
			n++;
		}
	return n;
}

static int by_name(const void *a, const void *b)
{
	const struct tap_test *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

static bool selected(const struct tap_test *t, int n, const char *const *globs)
{
	if (n == 0)
		return true;
	for (int i = 0; i < n; i++)
		if (fnmatch(globs[i], t->name, 0) == 0)
			return true;
	return false;
}

/* Returns the number of selected tests, sorted by name, in *out (malloc'd). */
static size_t select_tests(int n, const char *const *globs, const struct tap_test ***out)
{
	size_t all = collect(NULL), k = 0;
	const struct tap_test **tests = calloc(all ? all : 1, sizeof(*tests));
	if (!tests) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	collect(tests);
	qsort(tests, all, sizeof(*tests), by_name);
	for (size_t i = 0; i < all; i++)
		if (selected(tests[i], n, globs))
			tests[k++] = tests[i];
	*out = selection = tests;
	return k;
}

int tap_run(int n, const char *const *globs)
{
	const struct tap_test **tests;
	size_t count = select_tests(n, globs, &tests);
	unsigned pass = 0, fail = 0, skip = 0;

	/* Line-buffered, so every line is out before a sanitizer aborts us. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n");
	if (count == 0) {
		printf("1..0 # SKIP no test selected\n");
		fflush(stdout);
		tap_diag(n ? "no test matches the given pattern(s)" : "no test is registered");
		free(tests);
		return 1;
	}
	printf("1..%zu\n", count);
	for (size_t i = 0; i < count; i++) {
		const struct tap_test *t = tests[i];
		current = t;
		current_failures = 0;
		skip_reason[0] = '\0';
		test_number = (unsigned)i + 1;
		outcome = RUNNING;
		if (setjmp(test_exit) == 0)
			t->fn();
		current = NULL;
		if (outcome == SKIPPED && current_failures == 0) {
			char directive[300];
			snprintf(directive, sizeof(directive), "SKIP %s", skip_reason);
			report_result(t, true, directive);
			skip++;
		} else if (current_failures) {
			report_result(t, false, NULL);
			fail++;
		} else {
			report_result(t, true, NULL);
			pass++;
		}
	}
	tap_note("Totals: pass:%u fail:%u skip:%u", pass, fail, skip);
	free(tests);
	return fail ? 1 : 0;
}

int tap_main(int argc, char **argv)
{
	int n = 0;
	bool list = false;
	const char **globs = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*globs));
	if (!globs)
		return 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-l") || !strcmp(argv[i], "--list")) {
			list = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: %s [-l] [glob...]\n"
			       "Runs the tests (all, or those matching a glob), sorted by name,\n"
			       "printing TAP; -l lists them instead.\n", argv[0]);
			free(globs);
			return 0;
		} else {
			globs[n++] = argv[i];
		}
	}
	int rc = 0;
	if (list) {
		const struct tap_test **tests;
		size_t count = select_tests(n, globs, &tests);
		for (size_t i = 0; i < count; i++)
			printf("%s\t%s:%d\n", tests[i]->name, tests[i]->file, tests[i]->line);
		free(tests);
	} else {
		rc = tap_run(n, globs);
	}
	free(globs);
	return rc;
}

__attribute__((weak)) int main(int argc, char **argv)
{
	return tap_main(argc, argv);
}
