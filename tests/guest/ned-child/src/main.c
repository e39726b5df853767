/* ned-child: a program for ned's tests. What it does is its first
 * argument; the exit status is the result the test script checks:
 *   exit N            exit with status N
 *   echo ARGS...      print each argument, exit with argc
 *   env K=V...        exit 0 if every variable K has the value V, else 2
 *   caps NAME...      exit 0 if every named capability is there, else 2
 *   nocaps NAME...    exit 0 if none of them is there, else 2
 *   rom NAME          exit 0 if rom/NAME can be read through fopen, else 2
 *   malloc            allocate 64 KiB blocks until malloc fails (the
 *                     memory quota), print how much, exit 3
 *   crash             write to address 0x10 (libc reports it: 139)
 *   hang              sleep for ever
 *   tick N MS         print "tick i" N times, MS ms apart, exit 0 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <l4/re/env.h>

static int msleep(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
	return 0;
}

static int do_env(int argc, char **argv)
{
	int bad = 0;
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq)
			return 2;
		*eq = 0;
		const char *v = getenv(argv[i]);
		printf("ned-child: %s=%s\n", argv[i], v ? v : "(unset)");
		if (!v || strcmp(v, eq + 1))
			bad = 1;
	}
	return bad ? 2 : 0;
}

static int do_caps(int argc, char **argv, int want)
{
	int bad = 0;
	for (int i = 2; i < argc; i++) {
		int there = l4_is_valid_cap(l4re_env_get_cap(argv[i]));
		printf("ned-child: capability '%s' %s\n", argv[i], there ? "there" : "missing");
		if (there != want)
			bad = 1;
	}
	return bad ? 2 : 0;
}

static int do_rom(const char *name)
{
	char path[64], buf[16];
	snprintf(path, sizeof(path), "rom/%s", name);
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("ned-child: cannot open %s: %s\n", path, strerror(errno));
		return 2;
	}
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	printf("ned-child: read %zu bytes of %s\n", n, path);
	return n ? 0 : 2;
}

static int do_malloc(void)
{
	unsigned long total = 0;
	for (;;) {
		char *p = malloc(64 * 1024);
		if (!p)
			break;
		memset(p, 0x5a, 64 * 1024);
		total += 64;
	}
	printf("ned-child: malloc failed cleanly after %lu KiB\n", total);
	return 3;
}

static int do_tick(int n, long ms)
{
	for (int i = 1; i <= n; i++) {
		msleep(ms);
		printf("ned-child: tick %d\n", i);
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	const char *what = argc > 1 ? argv[1] : "";
	if (!strcmp(what, "exit") && argc == 3)
		return atoi(argv[2]);
	if (!strcmp(what, "echo")) {
		for (int i = 0; i < argc; i++)
			printf("ned-child: argv[%d]=%s\n", i, argv[i]);
		return argc;
	}
	if (!strcmp(what, "env"))
		return do_env(argc, argv);
	if (!strcmp(what, "caps"))
		return do_caps(argc, argv, 1);
	if (!strcmp(what, "nocaps"))
		return do_caps(argc, argv, 0);
	if (!strcmp(what, "rom") && argc == 3)
		return do_rom(argv[2]);
	if (!strcmp(what, "malloc"))
		return do_malloc();
	if (!strcmp(what, "crash")) {
		printf("ned-child: crashing\n");
		int *volatile bad = (int *)0x10;
		*bad = 1;
		return 100;
	}
	if (!strcmp(what, "hang"))
		for (;;)
			msleep(1000000);
	if (!strcmp(what, "tick") && argc == 4)
		return do_tick(atoi(argv[2]), atol(argv[3]));
	fprintf(stderr, "ned-child: unknown request '%s'\n", what);
	return 99;
}
