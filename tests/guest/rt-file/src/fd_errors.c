/* The errors of the file system calls: missing files, bad descriptors, bad
 * flags, writing to the read-only rom, calls that do not exist here. */
#include "rt_file.h"
#include <utap.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* Checks that expr is -1 with errno e. */
#define CHECK_ERR(expr, e)                 \
	do {                               \
		errno = 0;                 \
		UCHECK_EQ((long)(expr), -1); \
		UCHECK_EQ(errno, (e));     \
	} while (0)

UTEST(err_enoent)
{
	CHECK_ERR(open("rom/no-such-module", O_RDONLY), ENOENT);
	CHECK_ERR(open("no-such-cap/x", O_RDONLY), ENOENT);
	CHECK_ERR(open("/no-such-cap", O_RDONLY), ENOENT);
	CHECK_ERR(open("", O_RDONLY), ENOENT);
	CHECK_ERR(open("rom/bad name", O_RDONLY), ENOENT); /* no namespace holds it */
	struct stat st;
	CHECK_ERR(stat("rom/no-such-module", &st), ENOENT);
	CHECK_ERR(open(NULL, O_RDONLY), EFAULT);
}

UTEST(err_path_shapes)
{
	char name[300];
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memcpy(name, "rom/", 4);
	CHECK_ERR(open(name, O_RDONLY), ENAMETOOLONG); /* component > 63 */
	struct stat st;
	CHECK_ERR(stat(RT_FILE "/below", &st), ENOTDIR);
	CHECK_ERR(open(RT_FILE, O_RDONLY | O_DIRECTORY), ENOTDIR);
	/* "..", "." and doubled slashes are taken apart lexically */
	UCHECK_EQ(stat("rom/../rom//./rt-file.txt", &st), 0);
	UCHECK_EQ(st.st_size, RT_SIZE);
	UCHECK_EQ(stat("/../../rom/rt-file.txt", &st), 0);
	CHECK_ERR(stat(RT_FILE "/", &st), ENOTDIR); /* a file is no directory */
}

UTEST(err_ebadf)
{
	char c;
	int fd = open(RT_FILE, O_RDONLY);
	UASSERT_GE(fd, 0);
	UCHECK_EQ(close(fd), 0);
	CHECK_ERR(close(fd), EBADF);
	CHECK_ERR(read(fd, &c, 1), EBADF);
	CHECK_ERR(write(fd, &c, 1), EBADF);
	CHECK_ERR(lseek(fd, 0, SEEK_SET), EBADF);
	struct stat st;
	CHECK_ERR(fstat(fd, &st), EBADF);
	CHECK_ERR(pread(fd, &c, 1, 0), EBADF);
	CHECK_ERR(dup(fd), EBADF);
	CHECK_ERR(read(-1, &c, 1), EBADF);
	CHECK_ERR(close(-1), EBADF);
	CHECK_ERR(read(9999, &c, 1), EBADF);
	CHECK_ERR(close(256), EBADF);
	/* wrong direction */
	fd = open(RT_FILE, O_RDONLY);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	CHECK_ERR(pwrite(fd, "x", 1, 0), EBADF);
	close(fd);
	CHECK_ERR(read(1, &c, 1), EBADF);
}

UTEST(err_einval)
{
	CHECK_ERR(open(RT_FILE, O_ACCMODE), EINVAL);
	CHECK_ERR(open(RT_FILE, O_RDONLY | 0x40000000), EINVAL);
	int fd = open(RT_FILE, O_RDONLY);
	CHECK_ERR(lseek(fd, 0, SEEK_END + 1), EINVAL);
	CHECK_ERR(lseek(1, 0, SEEK_SET), ESPIPE); /* the console */
	close(fd);
}

UTEST(err_erofs)
{
	CHECK_ERR(open(RT_FILE, O_WRONLY), EROFS);
	CHECK_ERR(open(RT_FILE, O_RDWR), EROFS);
	CHECK_ERR(open(RT_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644), EROFS);
	CHECK_ERR(open("rom/new-file", O_WRONLY | O_CREAT, 0644), EROFS);
	CHECK_ERR(open("rom/new-file", O_RDONLY | O_CREAT, 0644), EROFS);
	CHECK_ERR(open("no-such-cap/new-file", O_WRONLY | O_CREAT, 0644), ENOENT);
	CHECK_ERR(open(RT_FILE, O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	/* O_CREAT of an existing file just opens it */
	int fd = open(RT_FILE, O_RDONLY | O_CREAT, 0644);
	UCHECK_GE(fd, 0);
	close(fd);
	CHECK_ERR(unlink(RT_FILE), EROFS);
	CHECK_ERR(unlink("rom/no-such-module"), ENOENT);
	CHECK_ERR(remove(RT_FILE), EROFS);
	CHECK_ERR(rename(RT_FILE, "rom/renamed"), EROFS);
	CHECK_ERR(rename("rom/no-such-module", "rom/renamed"), ENOENT);
	CHECK_ERR(link(RT_FILE, "rom/linked"), EROFS);
	CHECK_ERR(link(RT_FILE, "rom/rt-file"), EEXIST);
	CHECK_ERR(mkdir("rom/newdir", 0755), EROFS);
	CHECK_ERR(mkdir("rom", 0755), EEXIST);
	CHECK_ERR(mkdir("no-such-cap/newdir", 0755), ENOENT);
	CHECK_ERR(rmdir("rom"), EROFS);
	struct stat st;
	UCHECK_EQ(stat(RT_FILE, &st), 0); /* still there */
}

UTEST(err_enosys)
{
	int fd = open(RT_FILE, O_RDONLY);
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	CHECK_ERR(fcntl(fd, F_SETLK, &fl), ENOSYS); /* no record locks */
	CHECK_ERR(fcntl(fd, F_GETLK, &fl), ENOSYS);
	close(fd);
}

UTEST(err_access_fsync)
{
	UCHECK_EQ(access(RT_FILE, F_OK), 0);
	UCHECK_EQ(access(RT_FILE, R_OK), 0);
	CHECK_ERR(access(RT_FILE, W_OK), EROFS);
	CHECK_ERR(access(RT_FILE, X_OK), EACCES);
	CHECK_ERR(access("rom/no-such-module", F_OK), ENOENT);
	UCHECK_EQ(access("rom", R_OK | X_OK), 0);
	CHECK_ERR(access(RT_FILE, 0x100), EINVAL);
	int fd = open(RT_FILE, O_RDONLY);
	UCHECK_EQ(fsync(fd), 0);
	close(fd);
	CHECK_ERR(fsync(fd), EBADF);
	CHECK_ERR(fsync(1), EINVAL); /* a console */
}
