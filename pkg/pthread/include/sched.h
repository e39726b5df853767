/* Scheduling (POSIX <sched.h>) for Walnut: replaces newlib's, which
 * declares these only for targets that define _POSIX_PRIORITY_SCHEDULING.
 * Policies and how their priorities map to the kernel's fixed-priority
 * round-robin scheduler: doc/pthread.md, "Scheduling". */
#ifndef _SCHED_H_
#define _SCHED_H_

#include <sys/types.h>
#include <sys/sched.h>

#ifdef __cplusplus
extern "C" {
#endif

/* newlib's <sys/sched.h> has SCHED_OTHER 0, SCHED_FIFO 1, SCHED_RR 2. */
#define SCHED_L4 6 /* L4Re: sched_priority is the L4 priority itself */

/* Gives up the rest of the time slice to threads of the same priority. */
int sched_yield(void);

/* The priority range of policy; -1 with errno EINVAL for another policy. */
int sched_get_priority_max(int __policy);
int sched_get_priority_min(int __policy);

/* Process-wide scheduling does not exist on Walnut (a task is no
 * scheduling entity); pid 0 means the calling thread, as on Linux. Other
 * pids: -1, errno ESRCH. sched_rr_get_interval: -1, errno ENOSYS. */
int sched_setparam(pid_t __pid, const struct sched_param *__param);
int sched_getparam(pid_t __pid, struct sched_param *__param);
int sched_setscheduler(pid_t __pid, int __policy, const struct sched_param *__param);
int sched_getscheduler(pid_t __pid);
int sched_rr_get_interval(pid_t __pid, struct timespec *__interval);

#ifdef __cplusplus
}
#endif

#endif /* _SCHED_H_ */
