/* ktap: runs registered tests and prints TAP on the kernel console. */
#include <ktap.h>
#include <crt0.h>
#include <minrt_string.h>
#include <l4/sys/kprint.h>

#include <stdarg.h>

extern const struct ktap_test *__start_ktap_tests[];
extern const struct ktap_test *__stop_ktap_tests[];

#define MAX_TESTS 512

static bool failed; /* the running test */

void ktap_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	l4_kprintf("# %s:%d: check failed: ", file, line);
	l4_kvprintf(fmt, ap);
	l4_kprintf("\n");
	va_end(ap);
	failed = true;
}

bool ktap_cmp(const char *file, int line, const char *ea, const char *op,
	      const char *eb, int64_t a, int64_t b, bool ok)
{
	if (!ok)
		ktap_fail(file, line, "%s %s %s: left %lld (%#llx), right %lld (%#llx)", ea, op, eb,
			  (long long)a, (unsigned long long)a, (long long)b, (unsigned long long)b);
	return ok;
}

void ktap_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	l4_kprintf("# ");
	l4_kvprintf(fmt, ap);
	l4_kprintf("\n");
	va_end(ap);
}

void ktap_bail(const char *why)
{
	l4_kprintf("Bail out! %s\n", why);
	_exit(2);
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

int ktap_run_all(int argc, char **argv)
{
	const struct ktap_test *t[MAX_TESTS];
	unsigned n = 0;
	for (const struct ktap_test **p = __start_ktap_tests; p < __stop_ktap_tests; p++)
		if (n < MAX_TESTS && selected((*p)->name, argc, argv))
			t[n++] = *p;
	/* insertion sort by name: a few hundred tests at most */
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && strcmp(t[j - 1]->name, t[j]->name) > 0; j--) {
			const struct ktap_test *x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	l4_kprintf("TAP version 13\n1..%u\n", n);
	unsigned bad = 0;
	for (unsigned i = 0; i < n; i++) {
		failed = false;
		t[i]->fn();
		l4_kprintf("%sok %u - %s\n", failed ? "not " : "", i + 1, t[i]->name);
		bad += failed;
	}
	ktap_note("%u of %u tests passed", n - bad, n);
	return bad ? 1 : 0;
}
