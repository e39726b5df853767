/* malloc and free: many sizes with checked contents, large blocks that
 * make the heap grow (dataspaces attached) and shrink again (returned). */
#include <utap.h>
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint32_t rng = 12345;
static uint32_t next(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

UTEST(malloc_many_sizes_checksummed)
{
	enum { N = 600 };
	static unsigned char *p[N];
	static size_t len[N];
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < N; i++) {
			len[i] = 1 + next() % (i % 10 == 0 ? 20000 : 300);
			p[i] = malloc(len[i]);
			UASSERT(p[i] != NULL);
			for (size_t k = 0; k < len[i]; k++)
				p[i][k] = (unsigned char)(i + k * 31);
		}
		/* free every other one, then check all survivors */
		for (int i = 0; i < N; i += 2) {
			free(p[i]);
			p[i] = NULL;
		}
		unsigned long bad = 0;
		for (int i = 1; i < N; i += 2)
			for (size_t k = 0; k < len[i]; k++)
				bad += p[i][k] != (unsigned char)(i + k * 31);
		UCHECK_EQ(bad, 0);
		for (int i = 1; i < N; i += 2)
			free(p[i]);
	}
}

UTEST(malloc_realloc_calloc_memalign)
{
	unsigned char *p = calloc(1000, 4);
	UASSERT(p != NULL);
	int nonzero = 0;
	for (int i = 0; i < 4000; i++)
		nonzero |= p[i];
	UCHECK_EQ(nonzero, 0);
	memset(p, 0x5a, 4000);
	p = realloc(p, 100000);
	UASSERT(p != NULL);
	UCHECK_EQ(p[3999], 0x5a);
	free(p);
	void *a = NULL;
	UCHECK_EQ(posix_memalign(&a, 4096, 100), 0);
	UCHECK_EQ((uintptr_t)a % 4096, 0);
	free(a);
	UCHECK_EQ(posix_memalign(&a, 3, 100), 22 /* EINVAL */);
	void *m = memalign(64, 10);
	UCHECK_EQ((uintptr_t)m % 64, 0);
	free(m);
}

UTEST(malloc_heap_grows_and_shrinks)
{
	char *brk0 = sbrk(0);
	size_t big = 32u << 20; /* 32 MiB: far beyond the first chunk */
	char *p = malloc(big);
	UASSERT(p != NULL);
	for (size_t i = 0; i < big; i += 4096)
		p[i] = (char)i;
	UCHECK(p[big - 4096] == (char)(big - 4096));
	char *brk1 = sbrk(0);
	UCHECK_GE(brk1 - brk0, (long)big);
	free(p);
	malloc_trim(0);
	char *brk2 = sbrk(0);
	utap_note("break: start %p, with 32 MiB %p, after free %p", brk0, brk1, brk2);
	UCHECK_LT(brk2 - brk0, (long)(1u << 20));
}

UTEST(malloc_failure_is_null_with_enomem)
{
	void *p = malloc((size_t)1 << 46); /* more than the heap area */
	UCHECK(p == NULL);
	UCHECK_EQ(errno, ENOMEM);
	void *q = malloc(64);
	UCHECK(q != NULL); /* still works afterwards */
	free(q);
}
