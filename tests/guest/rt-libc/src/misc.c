/* errno, unsupported calls, sysconf, signals raised at oneself. */
#include <utap.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

UTEST(unsupported_calls_fail_with_enosys)
{
	errno = 0;
	UCHECK_EQ(fork(), -1);
	UCHECK_EQ(errno, ENOSYS);
	errno = 0;
	char *argv[] = { "x", NULL };
	UCHECK_EQ(execve("rom/x", argv, argv + 1), -1);
	UCHECK_EQ(errno, ENOSYS);
	errno = 0;
	UCHECK_EQ(wait(NULL), -1);
	UCHECK_EQ(errno, ENOSYS);
	errno = 0;
	UCHECK_EQ(system("ls"), -1); /* newlib: no shell → -1 with errno */
	UCHECK_EQ(system(NULL), 0);  /* "is there a shell": no */
}

UTEST(errno_and_strerror)
{
	errno = 0;
	UCHECK_EQ(strtol("99999999999999999999", NULL, 10), 9223372036854775807L);
	UCHECK_EQ(errno, ERANGE);
	UCHECK_STREQ(strerror(ENOSYS), "Function not implemented");
}

UTEST(sysconf_values)
{
	UCHECK_EQ(sysconf(_SC_PAGESIZE), 4096);
	UCHECK_EQ(getpagesize(), 4096);
	UCHECK_GT(sysconf(_SC_PHYS_PAGES), 1000);
	errno = 0;
	UCHECK_EQ(sysconf(-1), -1);
	UCHECK_EQ(errno, EINVAL);
}

static volatile int got_signal;
static void on_usr1(int sig)
{
	got_signal = sig;
}

UTEST(raise_runs_handlers_and_kill_checks_pids)
{
	UCHECK(signal(SIGUSR1, on_usr1) != SIG_ERR);
	UCHECK_EQ(raise(SIGUSR1), 0);
	UCHECK_EQ(got_signal, SIGUSR1);
	UCHECK(signal(SIGUSR2, SIG_IGN) != SIG_ERR);
	UCHECK_EQ(raise(SIGUSR2), 0); /* ignored: the program goes on */
	errno = 0;
	UCHECK_EQ(kill(4711, SIGTERM), -1);
	UCHECK_EQ(errno, ESRCH);
	UCHECK_EQ(getpid(), getpid());
	sigset_t s, old;
	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	UCHECK_EQ(sigprocmask(SIG_BLOCK, &s, &old), 0);
	UCHECK_EQ(sigprocmask(SIG_SETMASK, &old, &s), 0);
	UCHECK(sigismember(&s, SIGINT));
	UCHECK_EQ(sigprocmask(99, &s, NULL), -1);
}
