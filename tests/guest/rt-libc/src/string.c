/* String and memory functions of newlib, as built for Walnut. */
#include <utap.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

UTEST(string_basics)
{
	char b[32];
	UCHECK_EQ(strlen("walnut"), 6);
	UCHECK_EQ(strcmp("a", "b") < 0, 1);
	UCHECK_EQ(strncmp("abcd", "abef", 2), 0);
	UCHECK_EQ(strcasecmp("WaLnUt", "walnut"), 0);
	strcpy(b, "wal");
	strcat(b, "nut");
	UCHECK_STREQ(b, "walnut");
	UCHECK_STREQ(strchr("a/b/c", '/'), "/b/c");
	UCHECK_STREQ(strrchr("a/b/c", '/'), "/c");
	UCHECK_STREQ(strstr("microkernel", "kern"), "kernel");
	UCHECK_EQ(strspn("aaab", "a"), 3);
	UCHECK_EQ(strcspn("abc;d", ";"), 3);
	char *d = strdup("copy");
	UCHECK_STREQ(d, "copy");
	free(d);
}

UTEST(string_tokens)
{
	char s[] = "one two  three", *save, *t;
	const char *want[] = { "one", "two", "three" };
	int n = 0;
	for (t = strtok_r(s, " ", &save); t; t = strtok_r(NULL, " ", &save), n++)
		if (n < 3)
			UCHECK_STREQ(t, want[n]);
	UCHECK_EQ(n, 3);
}

UTEST(memory_functions)
{
	static unsigned char a[4096], b[4096];
	for (unsigned i = 0; i < sizeof(a); i++)
		a[i] = (unsigned char)(i * 7 + 3);
	memcpy(b, a, sizeof(a));
	UCHECK_EQ(memcmp(a, b, sizeof(a)), 0);
	memmove(b + 1, b, 100); /* overlapping, forwards */
	UCHECK_EQ(memcmp(b + 1, a, 100), 0);
	memmove(b, b + 1, 100); /* and back */
	UCHECK_EQ(memcmp(b, a, 100), 0);
	memset(b + 10, 0xab, 33);
	UCHECK_EQ(b[10], 0xab);
	UCHECK_EQ(b[42], 0xab);
	UCHECK_EQ(b[43], a[43]);
	UCHECK(memchr(a, a[999], sizeof(a)) != NULL);
	UCHECK(memcmp(a, b, sizeof(a)) != 0);
}

UTEST(ctype_and_conversions)
{
	UCHECK(isdigit('7') && !isdigit('x'));
	UCHECK(isspace('\t') && isalpha('Q') && toupper('q') == 'Q');
	char *e;
	UCHECK_EQ(strtoll("9223372036854775807", &e, 10), 9223372036854775807LL);
	UCHECK_EQ(*e, 0);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

UTEST(qsort_and_bsearch)
{
	int v[200];
	for (int i = 0; i < 200; i++)
		v[i] = (i * 7919) % 200;
	qsort(v, 200, sizeof(int), cmp_int);
	for (int i = 0; i < 200; i++)
		UASSERT_EQ(v[i], i);
	int key = 123;
	int *hit = bsearch(&key, v, 200, sizeof(int), cmp_int);
	UCHECK(hit && *hit == 123);
}
