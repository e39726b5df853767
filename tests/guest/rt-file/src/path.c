/* Directories and other objects named by paths: "/", a namespace ("rom"),
 * the log (a Vcon) opened by its name. */
#include "rt_file.h"
#include <utap.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

UTEST(path_directories)
{
	struct stat st;
	UCHECK_EQ(stat("/", &st), 0);
	UCHECK(S_ISDIR(st.st_mode));
	UCHECK_EQ(stat("rom", &st), 0);
	UCHECK(S_ISDIR(st.st_mode));
	UCHECK_EQ(stat("/rom/", &st), 0);
	UCHECK(S_ISDIR(st.st_mode));
	int fd = open("rom", O_RDONLY | O_DIRECTORY);
	UASSERT_GE(fd, 0);
	UCHECK_EQ(fstat(fd, &st), 0);
	UCHECK(S_ISDIR(st.st_mode));
	char c;
	errno = 0;
	UCHECK_EQ(read(fd, &c, 1), -1);
	UCHECK_EQ(errno, EISDIR);
	close(fd);
	errno = 0;
	UCHECK_EQ(open("rom", O_WRONLY), -1);
	UCHECK_EQ(errno, EISDIR);
	fd = open("/", O_RDONLY);
	UCHECK_GE(fd, 0);
	close(fd);
}

UTEST(path_log_is_a_terminal)
{
	struct stat st;
	UCHECK_EQ(stat("log", &st), 0); /* init's "log": the kernel console */
	UCHECK(S_ISCHR(st.st_mode));
	int fd = open("/log", O_WRONLY);
	UASSERT_GE(fd, 0);
	UCHECK_EQ(isatty(fd), 1);
	const char msg[] = "rt-file: written to /log\n";
	UCHECK_EQ(write(fd, msg, strlen(msg)), (long)strlen(msg));
	errno = 0;
	UCHECK_EQ(lseek(fd, 0, SEEK_SET), -1);
	UCHECK_EQ(errno, ESPIPE);
	UCHECK_EQ(close(fd), 0);
}

UTEST(path_other_objects)
{
	/* "mem" is moe's memory allocator: neither file, directory nor
	 * terminal */
	struct stat st;
	UCHECK_EQ(stat("mem", &st), 0);
	errno = 0;
	UCHECK_EQ(open("mem", O_RDONLY), -1);
	UCHECK_EQ(errno, ENXIO);
}
