/* wn_fd_open_ds(): a descriptor on a dataspace of the program's own, read
 * and written through the fd and through a shared mapping, which see the
 * same memory; the size is fixed. */
#include "rt_file.h"
#include <utap.h>
#include <walnut/fd.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>

enum { DS_SIZE = 8192 };

UTEST(ds_fd_read_write_mmap)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	UASSERT_EQ(l4re_ma_alloc(DS_SIZE, ds, 0), 0);
	int fd = wn_fd_open_ds(ds, O_RDWR);
	UASSERT_GE(fd, 0);
	struct stat st;
	UCHECK_EQ(fstat(fd, &st), 0);
	UCHECK_EQ(st.st_size, DS_SIZE);
	UCHECK(S_ISREG(st.st_mode));
	UCHECK_EQ(write(fd, "hello ", 6), 6);
	UCHECK_EQ(write(fd, "dataspace", 9), 9);
	char buf[32] = { 0 };
	UCHECK_EQ(pread(fd, buf, 15, 0), 15);
	UCHECK_STREQ(buf, "hello dataspace");
	UCHECK_EQ(pwrite(fd, "H", 1, 0), 1);
	/* a shared writable mapping is the same memory */
	char *p = mmap(NULL, DS_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	UASSERT(p != MAP_FAILED);
	UCHECK_EQ(memcmp(p, "Hello dataspace", 15), 0);
	memcpy(p + 4096, "via mmap", 8);
	UCHECK_EQ(pread(fd, buf, 8, 4096), 8);
	UCHECK_EQ(memcmp(buf, "via mmap", 8), 0);
	/* the size does not change */
	UCHECK_EQ(lseek(fd, -2, SEEK_END), DS_SIZE - 2);
	UCHECK_EQ(write(fd, "abcd", 4), 2);
	errno = 0;
	UCHECK_EQ(write(fd, "e", 1), -1);
	UCHECK_EQ(errno, ENOSPC);
	UCHECK_EQ(p[DS_SIZE - 1], 'b');
	UCHECK_EQ(fcntl(fd, F_SETFL, O_APPEND), 0);
	errno = 0;
	UCHECK_EQ(write(fd, "e", 1), -1);
	UCHECK_EQ(errno, ENOSPC);
	UCHECK_EQ(close(fd), 0);
	UCHECK_EQ(p[0], 'H'); /* the mapping stays */
	UCHECK_EQ(munmap(p, DS_SIZE), 0);
	/* read-only descriptor: no shared writable mapping */
	fd = wn_fd_open_ds(ds, O_RDONLY);
	UASSERT_GE(fd, 0);
	errno = 0;
	UCHECK(mmap(NULL, DS_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
	UCHECK_EQ(errno, EACCES);
	close(fd);
	UCHECK_EQ(l4re_ma_free(ds), 0);
	l4re_util_cap_free_um(ds);
}

UTEST(ds_fd_errors)
{
	/* a boot module: read-only */
	l4re_ds_t rom = l4re_util_cap_alloc();
	UASSERT_EQ(l4re_ns_query_srv(l4re_env_get_cap("rom"), "rt-file.txt", rom), 0);
	errno = 0;
	UCHECK_EQ(wn_fd_open_ds(rom, O_RDWR), -1);
	UCHECK_EQ(errno, EACCES);
	int fd = wn_fd_open_ds(rom, O_RDONLY | O_CLOEXEC);
	UASSERT_GE(fd, 0);
	UCHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	char buf[4];
	UCHECK_EQ(read(fd, buf, 4), 4);
	UCHECK_EQ(memcmp(buf, "line", 4), 0);
	close(fd);
	errno = 0;
	UCHECK_EQ(wn_fd_open_ds(rom, O_RDONLY | O_CREAT), -1);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK_EQ(wn_fd_open_ds(l4re_env()->log, O_RDONLY), -1); /* no dataspace */
	UCHECK_EQ(errno, EINVAL);
	/* the capability stays the caller's after close */
	UCHECK_EQ(l4re_ds_size(rom), RT_SIZE);
	l4re_util_cap_free_um(rom);
}
