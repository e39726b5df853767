/* utap: runs registered tests and prints TAP on stdout. */
#include <utap.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct utap_test *__start_utap_tests[];
extern const struct utap_test *__stop_utap_tests[];

static bool failed; /* the running test */

void utap_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("# %s:%d: check failed: ", file, line);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	failed = true;
}

bool utap_cmp(const char *file, int line, const char *ea, const char *op,
	      const char *eb, int64_t a, int64_t b, bool ok)
{
	if (!ok)
		utap_fail(file, line, "%s %s %s: left %lld (%#llx), right %lld (%#llx)", ea, op, eb,
			  (long long)a, (unsigned long long)a, (long long)b, (unsigned long long)b);
	return ok;
}

bool utap_streq(const char *file, int line, const char *a, const char *b)
{
	bool ok = a && b ? strcmp(a, b) == 0 : a == b;
	if (!ok)
		utap_fail(file, line, "strings differ: \"%s\" vs \"%s\"", a ? a : "(null)",
			  b ? b : "(null)");
	return ok;
}

void utap_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

void utap_bail(const char *why)
{
	printf("Bail out! %s\n", why);
	fflush(stdout);
	exit(2);
}

static bool selected(const char *name, int argc, char **argv)
{
	if (argc <= 1)
		return true;
	for (int i = 1; i < argc; i++)
		if (strncmp(name, argv[i], strlen(argv[i])) == 0)
			return true;
	return false;
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct utap_test *const *)a)->name,
		      (*(const struct utap_test *const *)b)->name);
}

int utap_run_all(int argc, char **argv)
{
	size_t all = (size_t)(__stop_utap_tests - __start_utap_tests), n = 0;
	const struct utap_test **t = malloc((all ? all : 1) * sizeof(*t));
	if (!t)
		utap_bail("out of memory");
	for (size_t i = 0; i < all; i++)
		if (selected(__start_utap_tests[i]->name, argc, argv))
			t[n++] = __start_utap_tests[i];
	qsort(t, n, sizeof(*t), by_name);
	printf("TAP version 13\n1..%zu\n", n);
	unsigned bad = 0;
	for (size_t i = 0; i < n; i++) {
		failed = false;
		t[i]->fn();
		printf("%sok %zu - %s\n", failed ? "not " : "", i + 1, t[i]->name);
		fflush(stdout);
		bad += failed;
	}
	utap_note("%zu of %zu tests passed", n - bad, n);
	free(t);
	return bad ? 1 : 0;
}
