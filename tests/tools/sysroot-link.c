/* sysroot-link.c - a C program against the sysroot (newlib, libunwind),
 * built by tests/tools/sysroot.t with the flags of a USE_LIBC package and
 * linked without crt files.
 *
 * Its system layer is the few stubs below (what pkg/libc provides on
 * Walnut); write and _exit are Linux system calls, so that on an x86_64
 * Linux host the program can also run and show that printf, malloc, libm
 * and a libunwind backtrace work. Output, one result per line, compared by
 * the test. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>
#include <unwind.h>

/* ---- the system layer -------------------------------------------------------- */

static long host_syscall3(long nr, long a, long b, long c)
{
#if defined(__x86_64__)
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
#else
	(void)nr, (void)a, (void)b, (void)c;
	return -ENOSYS;
#endif
}

_ssize_t write(int fd, const void *buf, size_t n)
{
	long r = host_syscall3(1 /* Linux write */, fd, (long)buf, (long)n);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

void _exit(int status)
{
	for (;;)
		host_syscall3(231 /* Linux exit_group */, status, 0, 0);
}

/* malloc's heap: a static arena. */
void *sbrk(ptrdiff_t incr)
{
	static _Alignas(16) char arena[1 << 20];
	static size_t used;
	if (incr < 0 || (size_t)incr > sizeof(arena) - used) {
		errno = ENOMEM;
		return (void *)-1;
	}
	void *p = arena + used;
	used += (size_t)incr;
	return p;
}

/* Everything else stdio may reach fails, as unsupported calls must. */
int close(int fd) { errno = ENOSYS; return -1; }
int fstat(int fd, struct stat *st) { errno = ENOSYS; return -1; }
int isatty(int fd) { return 0; }
off_t lseek(int fd, off_t off, int whence) { errno = ENOSYS; return -1; }
_ssize_t read(int fd, void *buf, size_t n) { errno = ENOSYS; return -1; }
int open(const char *path, int flags, ...) { errno = ENOSYS; return -1; }
int kill(pid_t pid, int sig) { errno = ENOSYS; return -1; }
pid_t getpid(void) { return 1; }

/* ---- the program --------------------------------------------------------------- */

#define MAX_FRAMES 16
struct trace {
	int n;
	void *fn[MAX_FRAMES];
};

static _Unwind_Reason_Code record(struct _Unwind_Context *ctx, void *arg)
{
	struct trace *t = arg;
	if (t->n == MAX_FRAMES)
		return _URC_END_OF_STACK;
	t->fn[t->n++] = _Unwind_FindEnclosingFunction((void *)_Unwind_GetIP(ctx));
	return _URC_NO_REASON;
}

int inner(struct trace *t);
int outer(struct trace *t);

__attribute__((noinline)) int inner(struct trace *t)
{
	_Unwind_Backtrace(record, t);
	return t->n + 1; /* not a tail call */
}

__attribute__((noinline)) int outer(struct trace *t)
{
	return inner(t) + 1;
}

int main(void);
int main(void)
{
	printf("printf: %d %5s|%-3c|%lld %#x %.3f %g %Lg\n", -42, "ab", 'z',
	       1234567890123LL, 255, 3.14159, 1e-5, (long double)2.5);

	/* malloc: many sizes, contents checked. */
	unsigned long sum = 0, want = 0;
	for (int i = 1; i <= 64; i++) {
		unsigned char *p = malloc((size_t)i * 37);
		if (!p) {
			printf("malloc: failed at %d\n", i);
			break;
		}
		memset(p, i, (size_t)i * 37);
		for (int j = 0; j < i * 37; j++)
			sum += p[j];
		want += (unsigned long)i * (unsigned long)(i * 37);
		free(p);
	}
	printf("malloc: %s\n", sum == want ? "ok" : "bad");

	volatile double x = 0.5;
	printf("libm: %.6f %.6f %.1f\n", sin(x), sqrt(2.0), floor(-1.5));

	struct trace t = { 0 };
	outer(&t);
	int seen = 0; /* inner, outer, main in this order */
	void *want_fn[3] = { (void *)inner, (void *)outer, (void *)main };
	for (int i = 0; i < t.n && seen < 3; i++)
		if (t.fn[i] == want_fn[seen])
			seen++;
	printf("backtrace: %s\n", seen == 3 ? "inner outer main" : "incomplete");
	return 0;
}

/* ---- entry: no crt0 -------------------------------------------------------------- */

void start_c(long *sp);
void start_c(long *sp)
{
	(void)sp;
	exit(main());
}

#if defined(__x86_64__)
__asm__(".text\n"
	".globl _start\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call start_c\n"
	"	ud2\n");
#endif
