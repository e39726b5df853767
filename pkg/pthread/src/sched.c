/* Scheduling: policies and priorities on the kernel's fixed-priority
 * round-robin scheduler (doc/pthread.md, "Scheduling"):
 *   SCHED_OTHER  priority 0      -> L4 priority 2 (L4RE_MAIN_THREAD_PRIO)
 *   SCHED_FIFO,
 *   SCHED_RR     priority 1..99  -> L4 priority 0x40 + priority - 1
 *   SCHED_L4     priority 1..255 -> that L4 priority (L4Re's policy)
 * The L4 priority goes to the env's scheduler, which may be a proxy that
 * adds an offset and limits it. FIFO and RR behave alike (round robin
 * among equals with the kernel's time slice). */
#include "pt_internal.h"
#include <errno.h>
#include <l4/re/consts.h>
#include <l4/sys/consts.h>
#include <l4/sys/thread.h>

enum { RT_MIN = 1, RT_MAX = 99, RT_BASE = 0x40, L4_MIN = 1 };

int pt_l4_prio(int policy, int priority)
{
	switch (policy) {
	case SCHED_OTHER:
		return priority == 0 ? L4RE_MAIN_THREAD_PRIO : -1;
	case SCHED_FIFO:
	case SCHED_RR:
		return priority >= RT_MIN && priority <= RT_MAX ? RT_BASE + priority - RT_MIN : -1;
	case SCHED_L4:
		return priority >= L4_MIN && priority <= L4_SCHED_MAX_PRIO ? priority : -1;
	default:
		return -1;
	}
}

int sched_get_priority_min(int policy)
{
	switch (policy) {
	case SCHED_OTHER: return 0;
	case SCHED_FIFO:
	case SCHED_RR: return RT_MIN;
	case SCHED_L4: return L4_MIN;
	default: errno = EINVAL; return -1;
	}
}

int sched_get_priority_max(int policy)
{
	switch (policy) {
	case SCHED_OTHER: return 0;
	case SCHED_FIFO:
	case SCHED_RR: return RT_MAX;
	case SCHED_L4: return L4_SCHED_MAX_PRIO;
	default: errno = EINVAL; return -1;
	}
}

int sched_yield(void)
{
	l4_thread_yield();
	return 0;
}

static bool valid_thread(struct __pthread *t)
{
	pt_lock(&pt_registry_lock);
	bool ok = pt_registry_has(t);
	pt_unlock(&pt_registry_lock);
	return ok;
}

int pthread_getschedparam(pthread_t t, int *policy, struct sched_param *param)
{
	if (!policy || !param)
		return EINVAL;
	if (!valid_thread(t))
		return ESRCH;
	pt_lock(&t->lock);
	*policy = t->policy;
	param->sched_priority = t->priority;
	pt_unlock(&t->lock);
	return 0;
}

/* The thread must not go away meanwhile: the caller's business, as for
 * every function that takes a pthread_t. */
int pthread_setschedparam(pthread_t t, int policy, const struct sched_param *param)
{
	if (!param || pt_l4_prio(policy, param->sched_priority) < 0)
		return EINVAL;
	if (!valid_thread(t))
		return ESRCH;
	pt_lock(&t->lock);
	int err = t->started && l4_is_valid_cap(t->cap) ?
		  pt_sched_apply(t, policy, param->sched_priority) : 0;
	if (!err) {
		t->policy = policy;
		t->priority = param->sched_priority;
	}
	pt_unlock(&t->lock);
	return err;
}

int pthread_setschedprio(pthread_t t, int prio)
{
	if (!valid_thread(t))
		return ESRCH;
	pt_lock(&t->lock);
	int policy = t->policy;
	pt_unlock(&t->lock);
	struct sched_param p = { .sched_priority = prio };
	return pthread_setschedparam(t, policy, &p);
}

/* --- process-level calls: pid 0 is the calling thread ------------------- */

static int self_only(pid_t pid)
{
	if (pid == 0)
		return 0;
	errno = ESRCH;
	return -1;
}

static int as_errno(int err)
{
	if (!err)
		return 0;
	errno = err;
	return -1;
}

int sched_setparam(pid_t pid, const struct sched_param *param)
{
	if (self_only(pid))
		return -1;
	if (!param)
		return as_errno(EINVAL);
	struct __pthread *self = pt_self();
	return as_errno(pthread_setschedparam(self, self->policy, param));
}

int sched_getparam(pid_t pid, struct sched_param *param)
{
	if (self_only(pid))
		return -1;
	int policy;
	return as_errno(param ? pthread_getschedparam(pt_self(), &policy, param) : EINVAL);
}

int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param)
{
	if (self_only(pid))
		return -1;
	struct __pthread *self = pt_self();
	int old = self->policy;
	int err = param ? pthread_setschedparam(self, policy, param) : EINVAL;
	return err ? as_errno(err) : old;
}

int sched_getscheduler(pid_t pid)
{
	if (self_only(pid))
		return -1;
	return pt_self()->policy;
}

int sched_rr_get_interval(pid_t pid, struct timespec *interval)
{
	(void)pid, (void)interval;
	errno = ENOSYS;
	return -1;
}
