/* File descriptors on a boot module: open/read/lseek/pread/fstat, dup and
 * dup2 sharing the offset, fcntl, isatty, many open/close cycles without
 * leaking capability slots or memory, the fd limits. */
#include "rt_file.h"
#include <utap.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <l4/re/c/util/cap_alloc.h>

UTEST(fd_open_read_whole)
{
	int fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(fd, 3);
	static char buf[RT_SIZE + 10];
	size_t total = 0;
	ssize_t r;
	/* odd-sized reads across page boundaries */
	while ((r = read(fd, buf + total, 777)) > 0)
		total += (size_t)r;
	UCHECK_EQ(r, 0);
	UCHECK_EQ(total, RT_SIZE);
	UCHECK_EQ(memcmp(buf, rt_content(), RT_SIZE), 0);
	UCHECK_EQ(read(fd, buf, 10), 0); /* at the end: 0, again */
	UCHECK_EQ(read(fd, buf, 0), 0);
	UCHECK_EQ(close(fd), 0);
}

UTEST(fd_lseek_whence)
{
	int fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(fd, 0);
	char buf[RT_LINE_LEN + 1] = { 0 }, want[64];
	UCHECK_EQ(lseek(fd, 5 * RT_LINE_LEN, SEEK_SET), 5 * RT_LINE_LEN);
	UCHECK_EQ(read(fd, buf, RT_LINE_LEN), RT_LINE_LEN);
	rt_line(5, want);
	UCHECK_STREQ(buf, want);
	UCHECK_EQ(lseek(fd, 0, SEEK_CUR), 6 * RT_LINE_LEN);
	UCHECK_EQ(lseek(fd, RT_LINE_LEN, SEEK_CUR), 7 * RT_LINE_LEN);
	UCHECK_EQ(lseek(fd, -2 * RT_LINE_LEN, SEEK_CUR), 5 * RT_LINE_LEN);
	UCHECK_EQ(lseek(fd, 0, SEEK_END), RT_SIZE);
	UCHECK_EQ(lseek(fd, -RT_LINE_LEN, SEEK_END), RT_SIZE - RT_LINE_LEN);
	UCHECK_EQ(read(fd, buf, sizeof(buf)), RT_LINE_LEN);
	rt_line(RT_LINES - 1, want);
	UCHECK_EQ(memcmp(buf, want, RT_LINE_LEN), 0);
	/* beyond the end: allowed, reads give 0 */
	UCHECK_EQ(lseek(fd, RT_SIZE + 5000, SEEK_SET), RT_SIZE + 5000);
	UCHECK_EQ(read(fd, buf, 10), 0);
	UCHECK_EQ(lseek(fd, 100, SEEK_END), RT_SIZE + 100);
	/* errors leave the offset alone */
	errno = 0;
	UCHECK_EQ(lseek(fd, -1, SEEK_SET), -1);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK_EQ(lseek(fd, -RT_SIZE - 1, SEEK_END), -1);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK_EQ(lseek(fd, 0, 42), -1);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK_EQ(lseek(fd, 0x7fffffffffffffffL, SEEK_END), -1);
	UCHECK_EQ(errno, EOVERFLOW);
	UCHECK_EQ(lseek(fd, 0, SEEK_CUR), RT_SIZE + 100);
	close(fd);
}

UTEST(fd_pread_keeps_offset)
{
	int fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(fd, 0);
	char buf[RT_LINE_LEN + 1] = { 0 }, want[64];
	UCHECK_EQ(read(fd, buf, 4), 4);
	UCHECK_EQ(pread(fd, buf, RT_LINE_LEN, 42 * RT_LINE_LEN), RT_LINE_LEN);
	rt_line(42, want);
	UCHECK_STREQ(buf, want);
	UCHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);
	/* the last bytes, past the end, negative */
	UCHECK_EQ(pread(fd, buf, 100, RT_SIZE - 3), 3);
	UCHECK_EQ(memcmp(buf, "es\n", 3), 0);
	UCHECK_EQ(pread(fd, buf, 100, RT_SIZE), 0);
	UCHECK_EQ(pread(fd, buf, 100, RT_SIZE * 2), 0);
	errno = 0;
	UCHECK_EQ(pread(fd, buf, 1, -1), -1);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK_EQ(pread(1, buf, 1, 0), -1); /* stdout: not open for reading */
	UCHECK_EQ(errno, EBADF);
	errno = 0;
	UCHECK_EQ(pread(0, buf, 1, 0), -1); /* stdin: a terminal */
	UCHECK_EQ(errno, ESPIPE);
	close(fd);
}

UTEST(fd_fstat_and_stat_sizes)
{
	struct stat st;
	int fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(fd, 0);
	UCHECK_EQ(fstat(fd, &st), 0);
	UCHECK_EQ(st.st_size, RT_SIZE);
	UCHECK(S_ISREG(st.st_mode));
	UCHECK_EQ(st.st_mode & 0777, 0444);
	UCHECK_EQ(st.st_blksize, 4096);
	UCHECK_EQ(st.st_blocks, (RT_SIZE + 511) / 512);
	ino_t ino = st.st_ino;
	close(fd);
	memset(&st, 0xff, sizeof(st));
	UCHECK_EQ(stat(RT_FILE, &st), 0);
	UCHECK_EQ(st.st_size, RT_SIZE);
	UCHECK(S_ISREG(st.st_mode));
	UCHECK_EQ(st.st_ino, ino); /* the same file */
	UCHECK_EQ(stat("/rom/./rt-file.txt", &st), 0);
	UCHECK_EQ(st.st_ino, ino);
	UCHECK_EQ(fstat(1, &st), 0);
	UCHECK(S_ISCHR(st.st_mode));
	UCHECK_EQ(fstat(0, &st), 0);
	UCHECK(S_ISCHR(st.st_mode));
	errno = 0;
	UCHECK_EQ(fstat(1, NULL), -1);
	UCHECK_EQ(errno, EFAULT);
}

UTEST(fd_dup_shares_offset)
{
	int fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(fd, 0);
	int d = dup(fd);
	UASSERT_GE(d, 0);
	UCHECK_NE(d, fd);
	char a[RT_LINE_LEN + 1] = { 0 }, b[RT_LINE_LEN + 1] = { 0 }, want[64];
	UCHECK_EQ(read(fd, a, RT_LINE_LEN), RT_LINE_LEN);
	UCHECK_EQ(read(d, b, RT_LINE_LEN), RT_LINE_LEN);
	rt_line(1, want);
	UCHECK_STREQ(b, want); /* one offset for both */
	UCHECK_EQ(close(fd), 0);
	UCHECK_EQ(read(d, b, RT_LINE_LEN), RT_LINE_LEN); /* still open */
	rt_line(2, want);
	UCHECK_STREQ(b, want);
	/* dup2 onto a chosen number, over an open descriptor, onto itself */
	UCHECK_EQ(dup2(d, 100), 100);
	UCHECK_EQ(lseek(100, 0, SEEK_CUR), 3 * RT_LINE_LEN);
	int other = open(RT_FILE, O_RDONLY);
	UASSERT_GE(other, 0);
	UCHECK_EQ(dup2(other, 100), 100); /* closes what 100 was */
	UCHECK_EQ(lseek(100, 0, SEEK_CUR), 0);
	UCHECK_EQ(lseek(d, 0, SEEK_CUR), 3 * RT_LINE_LEN);
	UCHECK_EQ(dup2(100, 100), 100);
	errno = 0;
	UCHECK_EQ(dup2(d, 256), -1);
	UCHECK_EQ(errno, EBADF);
	errno = 0;
	UCHECK_EQ(dup2(d, -1), -1);
	UCHECK_EQ(errno, EBADF);
	errno = 0;
	UCHECK_EQ(dup2(200, 201), -1); /* 200 is not open */
	UCHECK_EQ(errno, EBADF);
	close(d);
	close(other);
	close(100);
}

UTEST(fd_fcntl)
{
	int fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(fd, 0);
	UCHECK_EQ(fcntl(fd, F_GETFD), 0);
	UCHECK_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
	UCHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	UCHECK_EQ(fcntl(fd, F_GETFL), O_RDONLY);
	UCHECK_EQ(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	UCHECK_EQ(fcntl(fd, F_GETFL), O_RDONLY | O_NONBLOCK);
	int d = fcntl(fd, F_DUPFD, 20);
	UCHECK_GE(d, 20);
	UCHECK_EQ(fcntl(d, F_GETFD), 0); /* FD_CLOEXEC is per descriptor */
	UCHECK_EQ(fcntl(d, F_GETFL), O_RDONLY | O_NONBLOCK); /* status flags shared */
	int c = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	UCHECK_GE(c, 0);
	UCHECK_EQ(fcntl(c, F_GETFD), FD_CLOEXEC);
	int e = open(RT_FILE, O_RDONLY | O_CLOEXEC);
	UCHECK_EQ(fcntl(e, F_GETFD), FD_CLOEXEC);
	errno = 0;
	UCHECK_EQ(fcntl(fd, F_DUPFD, 256), -1);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK_EQ(fcntl(fd, 12345), -1);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK_EQ(fcntl(77, F_GETFD), -1);
	UCHECK_EQ(errno, EBADF);
	close(fd);
	close(d);
	close(c);
	close(e);
}

UTEST(fd_isatty)
{
	UCHECK_EQ(isatty(0), 1);
	UCHECK_EQ(isatty(1), 1);
	UCHECK_EQ(isatty(2), 1);
	int fd = open(RT_FILE, O_RDONLY);
	errno = 0;
	UCHECK_EQ(isatty(fd), 0);
	UCHECK_EQ(errno, ENOTTY);
	close(fd);
	errno = 0;
	UCHECK_EQ(isatty(fd), 0);
	UCHECK_EQ(errno, EBADF);
}

/* Opens, reads and closes n times; the descriptor number repeats. */
static int cycles(int n)
{
	int first = -1;
	char c;
	for (int i = 0; i < n; i++) {
		int fd = open(RT_FILE, O_RDONLY);
		if (fd < 0 || (first >= 0 && fd != first) || pread(fd, &c, 1, i % RT_SIZE) != 1 ||
		    close(fd) != 0)
			return i;
		first = fd;
	}
	return n;
}

/* The top of the heap (newlib's mallinfo() is no help: its structure in
 * mallocr.c has int fields, the header's size_t). A leak of even the
 * smallest chunk (32 bytes) per cycle would make 10000 cycles grow the heap
 * by 320 KiB, more than malloc keeps free at the top (it trims beyond
 * 128 KiB). */
static uintptr_t heap_top(void)
{
	return (uintptr_t)sbrk(0);
}

UTEST(fd_open_close_cycles_do_not_leak)
{
	UASSERT_EQ(cycles(50), 50); /* warm up: stdio buffers, lock pools */
	l4_cap_idx_t before = l4re_util_cap_alloc();
	l4re_util_cap_free(before);
	uintptr_t top0 = heap_top();
	UCHECK_EQ(cycles(10000), 10000);
	l4_cap_idx_t after = l4re_util_cap_alloc();
	l4re_util_cap_free(after);
	UCHECK_EQ(after, before); /* no slot left taken */
	UCHECK_LE(heap_top(), top0); /* no memory left allocated */
	/* the same through stdio */
	for (int i = 0; i < 3000; i++) {
		FILE *f = fopen(RT_FILE, "r");
		UASSERT(f != NULL);
		UASSERT_EQ(fgetc(f), 'l');
		fclose(f);
	}
	after = l4re_util_cap_alloc();
	l4re_util_cap_free(after);
	UCHECK_EQ(after, before);
	UCHECK_LE(heap_top(), top0);
}

UTEST(fd_limits)
{
	static int fds[300];
	int n = 0, err = 0;
	while (n < 300) {
		int fd = open(RT_FILE, O_RDONLY);
		if (fd < 0) {
			err = errno;
			break;
		}
		fds[n++] = fd;
	}
	UCHECK_LT(n, 300);
	UCHECK_GE(n, 200);
	UCHECK(err == ENFILE || err == EMFILE);
	/* dup needs no new description: it runs into the fd table's end */
	int d;
	while ((d = dup(fds[0])) >= 0)
		fds[n++] = d;
	UCHECK_EQ(errno, EMFILE);
	UCHECK_EQ(n, 256 - 3);
	for (int i = 0; i < n; i++)
		UCHECK_EQ(close(fds[i]), 0);
	int fd = open(RT_FILE, O_RDONLY);
	UCHECK_EQ(fd, 3);
	close(fd);
}
