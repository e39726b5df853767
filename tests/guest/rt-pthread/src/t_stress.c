/* The C library under threads: stdio lines stay whole, malloc and free
 * from several threads at once keep every block intact. */
#include "rt.h"
#include <utap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WRITERS = 4, LINES = 40 };

static FILE *shared;

static void *write_lines(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg;
	for (unsigned i = 0; i < LINES; i++) {
		/* Several calls per line: the FILE lock must cover them all. */
		flockfile(shared);
		fprintf(shared, "w%u ", id);
		fprintf(shared, "line %03u ", i);
		fputs("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", shared);
		funlockfile(shared);
		/* And single calls, on the shared FILE and on stdout. */
		fprintf(shared, "w%u single %03u yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n", id, i);
		if (i % 10 == 0)
			printf("rt-pthread: stdio writer %u line %03u zzzzzzzzzzzzzzzzzzzzzzzz\n", id, i);
		if (i % 7 == 0)
			sched_yield();
	}
	return NULL;
}

/* Every line one of the two forms, each (writer, line) once per form. */
static int check_lines(char *buf, size_t len)
{
	static unsigned char seen[WRITERS][LINES][2];
	memset(seen, 0, sizeof(seen));
	unsigned lines = 0;
	for (char *p = buf, *end = buf + len; p < end; lines++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return -1;
		*nl = 0;
		unsigned w, i;
		char tail[64];
		if (sscanf(p, "w%u line %u %63s", &w, &i, tail) == 3 && w < WRITERS &&
		    i < LINES && !strcmp(tail, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"))
			seen[w][i][0]++;
		else if (sscanf(p, "w%u single %u %63s", &w, &i, tail) == 3 && w < WRITERS &&
			 i < LINES && !strcmp(tail, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"))
			seen[w][i][1]++;
		else
			return -2;
		p = nl + 1;
	}
	for (unsigned w = 0; w < WRITERS; w++)
		for (unsigned i = 0; i < LINES; i++)
			if (seen[w][i][0] != 1 || seen[w][i][1] != 1)
				return -3;
	return (int)lines;
}

UTEST(stdio_from_many_threads_keeps_lines_whole)
{
	static char buf[WRITERS * LINES * 2 * 64];
	pthread_t t[WRITERS];
	shared = fmemopen(buf, sizeof(buf), "w");
	UASSERT(shared != NULL);
	setvbuf(shared, NULL, _IOLBF, 0);
	UASSERT_EQ(spawn(t, WRITERS, write_lines), WRITERS);
	UCHECK_EQ(join_all(t, WRITERS), WRITERS);
	long len = ftell(shared);
	fclose(shared);
	UASSERT(len > 0);
	UCHECK_EQ(check_lines(buf, (size_t)len), WRITERS * LINES * 2);
}

enum { M_THREADS = 4, M_ROUNDS = 1500, M_LIVE = 32 };

/* Random sizes from tiny to 64 KiB, each block filled with a pattern of
 * its own and checked before it is freed. */
static void *malloc_worker(void *arg)
{
	unsigned seed = 12345u * ((unsigned)(uintptr_t)arg + 1);
	unsigned char *blk[M_LIVE] = { 0 };
	size_t len[M_LIVE] = { 0 };
	uintptr_t bad = 0;
	for (int r = 0; r < M_ROUNDS; r++) {
		seed = seed * 1103515245u + 12345u;
		unsigned slot = (seed >> 8) % M_LIVE;
		if (blk[slot]) {
			unsigned char tag = (unsigned char)((uintptr_t)blk[slot] >> 4);
			for (size_t i = 0; i < len[slot]; i++)
				bad += blk[slot][i] != (unsigned char)(tag + i);
			free(blk[slot]);
		}
		size_t n = (seed >> 16) % 7 == 0 ? (seed >> 12) % 65536 : (seed >> 12) % 512 + 1;
		blk[slot] = malloc(n);
		len[slot] = n;
		if (!blk[slot]) {
			bad += 1000000;
			continue;
		}
		unsigned char tag = (unsigned char)((uintptr_t)blk[slot] >> 4);
		for (size_t i = 0; i < n; i++)
			blk[slot][i] = (unsigned char)(tag + i);
	}
	for (unsigned s = 0; s < M_LIVE; s++)
		free(blk[s]);
	return (void *)bad;
}

UTEST(malloc_from_many_threads)
{
	pthread_t t[M_THREADS];
	UASSERT_EQ(spawn(t, M_THREADS, malloc_worker), M_THREADS);
	for (int i = 0; i < M_THREADS; i++) {
		void *bad = (void *)1;
		UCHECK_EQ(pthread_join(t[i], &bad), 0);
		UCHECK_EQ((uintptr_t)bad, 0);
	}
}
