/* What Walnut's threads cannot do: signals to threads, fork handlers,
 * per-thread CPU clocks. Each answers ENOSYS (never a silent success).
 * pthread_sigmask() shares libc's process mask (libc delivers no
 * asynchronous signals, so there is nothing per thread to mask). */
#include "pt_internal.h"
#include <errno.h>
#include <signal.h>
#include <unistd.h>

int pthread_kill(pthread_t t, int sig)
{
	(void)t, (void)sig;
	return ENOSYS;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	int saved = errno;
	int r = sigprocmask(how, set, old) ? errno : 0;
	errno = saved;
	return r;
}

int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
	(void)prepare, (void)parent, (void)child;
	return ENOSYS; /* fork() itself is ENOSYS */
}

int pthread_getcpuclockid(pthread_t t, clockid_t *clock)
{
	(void)t, (void)clock;
	return ENOSYS;
}
