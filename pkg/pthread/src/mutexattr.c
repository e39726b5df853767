/* Mutex attributes: the type; process-private, no priority protocol, not
 * robust (the others answer ENOTSUP). */
#include "pt_internal.h"
#include "pt_attr.h"
#include <errno.h>

#define VALID(a) ((a) && (a)->__magic == PT_ATTR_MAGIC)

int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	if (!a)
		return EINVAL;
	*a = (pthread_mutexattr_t){ .__magic = PT_ATTR_MAGIC, .__type = PTHREAD_MUTEX_DEFAULT };
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
	if (!VALID(a))
		return EINVAL;
	a->__magic = 0;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	if (!VALID(a) || !type)
		return EINVAL;
	*type = a->__type;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (!VALID(a) || type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_DEFAULT)
		return EINVAL;
	a->__type = type;
	return 0;
}

int pthread_mutexattr_getpshared(const pthread_mutexattr_t *a, int *pshared)
{
	if (!VALID(a) || !pshared)
		return EINVAL;
	*pshared = a->__pshared;
	return 0;
}

/* The futex is keyed by virtual address and wakes through Irqs of this
 * task: no sharing with other tasks. */
int pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int pshared)
{
	if (!VALID(a))
		return EINVAL;
	if (pshared == PTHREAD_PROCESS_SHARED)
		return ENOTSUP;
	if (pshared != PTHREAD_PROCESS_PRIVATE)
		return EINVAL;
	a->__pshared = pshared;
	return 0;
}

int pthread_mutexattr_getprotocol(const pthread_mutexattr_t *a, int *protocol)
{
	if (!VALID(a) || !protocol)
		return EINVAL;
	*protocol = a->__protocol;
	return 0;
}

int pthread_mutexattr_setprotocol(pthread_mutexattr_t *a, int protocol)
{
	if (!VALID(a))
		return EINVAL;
	if (protocol == PTHREAD_PRIO_INHERIT || protocol == PTHREAD_PRIO_PROTECT)
		return ENOTSUP;
	if (protocol != PTHREAD_PRIO_NONE)
		return EINVAL;
	a->__protocol = protocol;
	return 0;
}

int pthread_mutexattr_getrobust(const pthread_mutexattr_t *a, int *robust)
{
	if (!VALID(a) || !robust)
		return EINVAL;
	*robust = a->__robust;
	return 0;
}

int pthread_mutexattr_setrobust(pthread_mutexattr_t *a, int robust)
{
	if (!VALID(a))
		return EINVAL;
	if (robust == PTHREAD_MUTEX_ROBUST)
		return ENOTSUP;
	if (robust != PTHREAD_MUTEX_STALLED)
		return EINVAL;
	a->__robust = robust;
	return 0;
}

int pthread_mutexattr_getprioceiling(const pthread_mutexattr_t *a, int *ceiling)
{
	if (!VALID(a) || !ceiling)
		return EINVAL;
	return ENOTSUP;
}

int pthread_mutexattr_setprioceiling(pthread_mutexattr_t *a, int ceiling)
{
	(void)ceiling;
	if (!VALID(a))
		return EINVAL;
	return ENOTSUP;
}
