/* System calls a Walnut program cannot make: there are no processes to
 * fork, exec or wait for, and no signals arrive from outside. Each fails
 * with ENOSYS. */
#include <errno.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define WN_NOSYS do { errno = ENOSYS; return -1; } while (0)

pid_t fork(void) { WN_NOSYS; }

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path, (void)argv, (void)envp;
	WN_NOSYS;
}

pid_t wait(int *status)
{
	(void)status;
	WN_NOSYS;
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	(void)pid, (void)status, (void)options;
	WN_NOSYS;
}
