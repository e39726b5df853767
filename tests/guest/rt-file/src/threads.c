/* Threads sharing the file layer: one description read by several threads
 * (each line goes to exactly one of them), open/close and mmap/munmap
 * racing in parallel. */
#include "rt_file.h"
#include <utap.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

enum { THREADS = 4 };

static int shared_fd;
static unsigned char seen[RT_LINES]; /* how often each line was read */
static int bad_lines[THREADS];

/* Reads whole lines from the shared descriptor until the end. */
static void *line_reader(void *arg)
{
	int me = (int)(long)arg;
	char got[RT_LINE_LEN], want[64];
	for (;;) {
		ssize_t r = read(shared_fd, got, RT_LINE_LEN);
		if (r != RT_LINE_LEN)
			break;
		unsigned n = (unsigned)((got[5] - '0') * 100 + (got[6] - '0') * 10 + got[7] - '0');
		rt_line(n < RT_LINES ? n : 0, want);
		if (n >= RT_LINES || memcmp(got, want, RT_LINE_LEN) != 0) {
			bad_lines[me]++;
			continue;
		}
		__atomic_fetch_add(&seen[n], 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

UTEST(threads_share_one_offset)
{
	shared_fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(shared_fd, 0);
	pthread_t t[THREADS];
	for (long i = 0; i < THREADS; i++)
		UASSERT_EQ(pthread_create(&t[i], NULL, line_reader, (void *)i), 0);
	for (int i = 0; i < THREADS; i++)
		UCHECK_EQ(pthread_join(t[i], NULL), 0);
	int once = 0, bad = 0;
	for (int i = 0; i < RT_LINES; i++)
		once += seen[i] == 1;
	for (int i = 0; i < THREADS; i++)
		bad += bad_lines[i];
	UCHECK_EQ(once, RT_LINES);
	UCHECK_EQ(bad, 0);
	close(shared_fd);
}

/* open/pread/close, dup/close and mmap/munmap in a loop; counts failures. */
static void *churn(void *arg)
{
	long fails = 0;
	for (int i = 0; i < 300; i++) {
		int fd = open(RT_FILE, O_RDONLY);
		char c = 0;
		if (fd < 0 || pread(fd, &c, 1, RT_LINE_LEN) != 1 || c != 'l') {
			fails++;
			continue;
		}
		int d = dup(fd);
		char *p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, d, 0);
		if (d < 0 || p == MAP_FAILED || p[RT_LINE_LEN + 5] != '0')
			fails++;
		if (close(fd) || close(d))
			fails++;
		char *a = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		if (a == MAP_FAILED) {
			fails++;
		} else {
			a[4096] = 1;
			if (munmap(a + 4096, 4096) || munmap(a, 3 * 4096))
				fails++;
		}
		if (p != MAP_FAILED && munmap(p, 8192))
			fails++;
	}
	return (void *)fails;
}

UTEST(threads_open_close_mmap_race)
{
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		UASSERT_EQ(pthread_create(&t[i], NULL, churn, NULL), 0);
	long fails = 0;
	for (int i = 0; i < THREADS; i++) {
		void *r;
		UCHECK_EQ(pthread_join(t[i], &r), 0);
		fails += (long)r;
	}
	UCHECK_EQ(fails, 0);
	/* everything was closed: the lowest descriptor is free again */
	int fd = open(RT_FILE, O_RDONLY);
	UCHECK_EQ(fd, 3);
	close(fd);
}
