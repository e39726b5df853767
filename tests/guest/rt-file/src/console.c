/* Console input through stdin: nothing there yet (O_NONBLOCK: EAGAIN), then
 * a line the scenario types after the prompt, read with fgets() (blocking
 * on the Vcon's input interrupt). Runs last: "zz". */
#include <utap.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

UTEST(zz_console_nonblocking_read)
{
	int fl = fcntl(0, F_GETFL);
	UASSERT_GE(fl, 0);
	UCHECK_EQ(fcntl(0, F_SETFL, fl | O_NONBLOCK), 0);
	char c;
	errno = 0;
	UCHECK_EQ(read(0, &c, 1), -1);
	UCHECK_EQ(errno, EAGAIN);
	UCHECK_EQ(fcntl(0, F_SETFL, fl), 0);
}

UTEST(zz_console_stdin_line)
{
	/* no fflush: reading stdin flushes the line-buffered stdout */
	printf("rt-file: type a line> ");
	char line[128];
	UASSERT(fgets(line, sizeof(line), stdin) != NULL);
	UCHECK_STREQ(line, "hello from the serial line\n"); /* CR became NL */
	/* a second wait for input */
	printf("rt-file: type another line> ");
	UASSERT(fgets(line, sizeof(line), stdin) != NULL);
	UCHECK_STREQ(line, "second line\n");
}
