/* stdio on a boot module: fopen, fgets line by line, fread in blocks,
 * fseek/ftell, the whole file's checksum; stdio's buffering of the
 * console. */
#include "rt_file.h"
#include <utap.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

UTEST(stdio_checksum_of_module)
{
	/* the expected content agrees with the file made on the host */
	UCHECK_EQ(rt_fnv1a(rt_content(), RT_SIZE, RT_FNV_INIT), RT_FNV1A);
}

UTEST(stdio_fgets_lines)
{
	FILE *f = fopen(RT_FILE, "r");
	UASSERT(f != NULL);
	char got[128], want[64];
	unsigned n = 0;
	while (fgets(got, sizeof(got), f)) {
		rt_line(n, want);
		if (strcmp(got, want) != 0) {
			UCHECK_STREQ(got, want);
			break;
		}
		n++;
	}
	UCHECK_EQ(n, RT_LINES);
	UCHECK(feof(f));
	UCHECK(!ferror(f));
	UCHECK_EQ(fclose(f), 0);
}

UTEST(stdio_fread_blocks_checksum)
{
	FILE *f = fopen("/" RT_FILE, "rb");
	UASSERT(f != NULL);
	char buf[1000];
	size_t total = 0, got;
	uint32_t h = RT_FNV_INIT;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
		h = rt_fnv1a(buf, got, h);
		total += got;
	}
	UCHECK_EQ(total, RT_SIZE);
	UCHECK_EQ(h, RT_FNV1A);
	UCHECK(feof(f));
	fclose(f);
}

UTEST(stdio_fread_whole_and_large_block)
{
	static char buf[RT_SIZE + 100];
	FILE *f = fopen(RT_FILE, "r");
	UASSERT(f != NULL);
	/* more than stdio's buffer: newlib reads straight into buf */
	UCHECK_EQ(fread(buf, 1, sizeof(buf), f), RT_SIZE);
	UCHECK_EQ(memcmp(buf, rt_content(), RT_SIZE), 0);
	fclose(f);
}

UTEST(stdio_fseek_ftell)
{
	FILE *f = fopen(RT_FILE, "r");
	UASSERT(f != NULL);
	UCHECK_EQ(fseek(f, 0, SEEK_END), 0);
	UCHECK_EQ(ftell(f), RT_SIZE);
	UCHECK_EQ(fseek(f, 10 * RT_LINE_LEN, SEEK_SET), 0);
	char got[128], want[64];
	UASSERT(fgets(got, sizeof(got), f) != NULL);
	rt_line(10, want);
	UCHECK_STREQ(got, want);
	UCHECK_EQ(ftell(f), 11 * RT_LINE_LEN);
	UCHECK_EQ(fseek(f, -RT_LINE_LEN, SEEK_END), 0);
	UASSERT(fgets(got, sizeof(got), f) != NULL);
	rt_line(RT_LINES - 1, want);
	UCHECK_STREQ(got, want);
	rewind(f);
	UCHECK_EQ(fgetc(f), 'l');
	UCHECK_EQ(fseek(f, -1, SEEK_SET), -1);
	UCHECK_EQ(errno, EINVAL);
	fclose(f);
}

UTEST(stdio_fopen_errors)
{
	errno = 0;
	UCHECK(fopen("rom/no-such-module", "r") == NULL);
	UCHECK_EQ(errno, ENOENT);
	errno = 0;
	UCHECK(fopen(RT_FILE, "w") == NULL);
	UCHECK_EQ(errno, EROFS);
	errno = 0;
	UCHECK(fopen(RT_FILE, "r+") == NULL);
	UCHECK_EQ(errno, EROFS);
	errno = 0;
	UCHECK(fopen("rom/new-file", "a") == NULL);
	UCHECK_EQ(errno, EROFS);
	FILE *f = fopen(RT_FILE, "r");
	UASSERT(f != NULL);
	UCHECK_EQ(fputc('x', f), EOF); /* opened for reading only */
	UCHECK(ferror(f));
	fclose(f);
}

UTEST(stdio_console_is_line_buffered)
{
	UCHECK_EQ(isatty(fileno(stdout)), 1);
	UCHECK_EQ(isatty(fileno(stderr)), 1);
	UCHECK_EQ(isatty(fileno(stdin)), 1);
	/* main() printed already, so stdout has its buffer: a line buffer
	 * because fstat() says "character device" and isatty() agrees */
	UCHECK(stdout->_flags & __SLBF);
	UCHECK(stderr->_flags & __SNBF); /* stderr stays unbuffered */
	UCHECK_EQ(fflush(stdout), 0);
}
