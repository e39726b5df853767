/* mmap of a boot module: the mapping shows what read() gives, outlives
 * close(), offsets are page aligned, a private writable mapping is a copy,
 * shared writable mappings of the rom are refused. */
#include "rt_file.h"
#include <utap.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <l4/re/c/rm.h>

UTEST(mmap_file_equals_read)
{
	int fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(fd, 0);
	static char buf[RT_SIZE];
	UASSERT_EQ(read(fd, buf, RT_SIZE), RT_SIZE);
	const char *p = mmap(NULL, RT_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	UASSERT(p != MAP_FAILED);
	UCHECK_EQ(memcmp(p, buf, RT_SIZE), 0);
	UCHECK_EQ(close(fd), 0);
	/* the mapping keeps the file */
	UCHECK_EQ(rt_fnv1a(p, RT_SIZE, RT_FNV_INIT), RT_FNV1A);
	int fd2 = open(RT_FILE, O_RDONLY);
	const char *q = mmap(NULL, 100, PROT_READ, MAP_SHARED, fd2, 0);
	UASSERT(q != MAP_FAILED);
	UCHECK_EQ(close(fd2), 0);
	UCHECK_EQ(memcmp(q, buf, 100), 0);
	UCHECK_EQ(munmap((void *)p, RT_SIZE), 0);
	UCHECK_EQ(munmap((void *)q, 100), 0);
}

UTEST(mmap_file_offset)
{
	int fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(fd, 0);
	const char *p = mmap(NULL, 2 * 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
	UASSERT(p != MAP_FAILED);
	UCHECK_EQ(memcmp(p, rt_content() + 4096, 2 * 4096), 0);
	UCHECK_EQ(munmap((void *)p, 2 * 4096), 0);
	/* the last page, longer than the file: the rest of the page is zero */
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 12288);
	UASSERT(p != MAP_FAILED);
	UCHECK_EQ(memcmp(p, rt_content() + 12288, RT_SIZE - 12288), 0);
	UCHECK_EQ(p[RT_SIZE - 12288], 0);
	UCHECK_EQ(munmap((void *)p, 4096), 0);
	errno = 0;
	UCHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 16384) == MAP_FAILED);
	UCHECK_EQ(errno, ENXIO); /* beyond the file's last page */
	close(fd);
}

UTEST(mmap_private_write_is_a_copy)
{
	int fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(fd, 0);
	char *p = mmap(NULL, RT_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	UASSERT(p != MAP_FAILED);
	UCHECK_EQ(memcmp(p, rt_content(), RT_SIZE), 0);
	memset(p, 'X', 4096);
	p[RT_SIZE - 1] = '!';
	UCHECK_EQ(p[100], 'X');
	char buf[16];
	UCHECK_EQ(pread(fd, buf, 4, 0), 4);
	UCHECK_EQ(memcmp(buf, "line", 4), 0); /* the file is unchanged */
	const char *q = mmap(NULL, RT_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	UASSERT(q != MAP_FAILED);
	UCHECK_EQ(memcmp(q, rt_content(), RT_SIZE), 0);
	UCHECK_EQ(munmap(p, RT_SIZE), 0);
	UCHECK_EQ(munmap((void *)q, RT_SIZE), 0);
	close(fd);
}

UTEST(mmap_file_errors)
{
	int fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(fd, 0);
	errno = 0;
	UCHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
	UCHECK_EQ(errno, EACCES); /* the rom cannot be written */
	errno = 0;
	UCHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, 99, 0) == MAP_FAILED);
	UCHECK_EQ(errno, EBADF);
	errno = 0;
	UCHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, 0, 0) == MAP_FAILED);
	UCHECK_EQ(errno, ENODEV); /* the console has no memory */
	int dir = open("rom", O_RDONLY);
	errno = 0;
	UCHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, dir, 0) == MAP_FAILED);
	UCHECK_EQ(errno, ENODEV);
	close(dir);
	/* a private read-only mapping cannot become writable (no copy on
	 * write) */
	void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	UASSERT(p != MAP_FAILED);
	errno = 0;
	UCHECK_EQ(mprotect(p, 4096, PROT_READ | PROT_WRITE), -1);
	UCHECK_EQ(errno, EACCES);
	UCHECK_EQ(mprotect(p, 4096, PROT_READ | PROT_EXEC), 0);
	UCHECK_EQ(munmap(p, 4096), 0);
	close(fd);
}
