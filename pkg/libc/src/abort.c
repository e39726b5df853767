/* abort() and signals aimed at the program itself: a message naming the
 * program, a backtrace, then the end with status 128 + signal number (as a
 * shell reports a process killed by a signal). newlib's assert() prints its
 * message and calls abort(). */
#include "libc_internal.h"
#include <walnut/backtrace.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

/* Without processes, every program is the only one it can name. */
enum { WN_PID = 1 };

static const char *signame(int sig)
{
	switch (sig) {
	case SIGABRT: return "SIGABRT";
	case SIGSEGV: return "SIGSEGV";
	case SIGILL:  return "SIGILL";
	case SIGFPE:  return "SIGFPE";
	case SIGBUS:  return "SIGBUS";
	case SIGTERM: return "SIGTERM";
	case SIGKILL: return "SIGKILL";
	case SIGINT:  return "SIGINT";
	default:      return "signal";
	}
}

/* noinline: the frames skipped are counted. */
__attribute__((noreturn, noinline)) static void die(int sig, unsigned skip)
{
	wn_log_rawf("%s: terminated by %s (%d)\n", wn_progname(), signame(sig), sig);
	wn_backtrace_print(skip + 1);
	_exit(128 + sig);
}

void abort(void)
{
	die(SIGABRT, 0);
}

pid_t getpid(void)
{
	return WN_PID;
}

/* newlib's raise() calls this for signals whose action is SIG_DFL. The
 * default action of every signal raised this way is to end the program,
 * except those POSIX says are ignored by default. */
int kill(int pid, int sig)
{
	if (pid != WN_PID && pid != 0 && pid != -1) {
		errno = ESRCH;
		return -1;
	}
	if (sig < 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (sig == 0 || sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT)
		return 0;
	die(sig, 0);
}
