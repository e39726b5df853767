/* The signal mask. Walnut delivers no asynchronous signals (raise() runs
 * handlers synchronously), so the mask is only remembered and reported:
 * enough for code that saves and restores it around critical sections. */
#include <errno.h>
#include <signal.h>

static sigset_t mask;

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	if (old)
		*old = mask;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK:   mask |= *set; break;
	case SIG_UNBLOCK: mask &= ~*set; break;
	case SIG_SETMASK: mask = *set; break;
	default:
		errno = EINVAL;
		return -1;
	}
	return 0;
}
