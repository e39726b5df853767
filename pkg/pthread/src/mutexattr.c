/* Mutex attributes: the type; process-private, no priority protocol, not
 * robust (the others answer ENOTSUP). */
#include "pt_internal.h"
#include "pt_attr.h"
#include <errno.h>

int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	if (!a)
		return EINVAL;
	*a = (pthread_mutexattr_t){ .__magic = PT_ATTR_MAGIC, .__type = PTHREAD_MUTEX_DEFAULT };
	return 0;
}

PT_DEFINE_PSHARED_ATTR(mutex)

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	if (!PT_VALID(a) || !type)
		return EINVAL;
	*type = a->__type;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (!PT_VALID(a) || type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_DEFAULT)
		return EINVAL;
	a->__type = type;
	return 0;
}

int pthread_mutexattr_getprotocol(const pthread_mutexattr_t *a, int *protocol)
{
	if (!PT_VALID(a) || !protocol)
		return EINVAL;
	*protocol = a->__protocol;
	return 0;
}

int pthread_mutexattr_setprotocol(pthread_mutexattr_t *a, int protocol)
{
	if (!PT_VALID(a))
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
	if (!PT_VALID(a) || !robust)
		return EINVAL;
	*robust = a->__robust;
	return 0;
}

int pthread_mutexattr_setrobust(pthread_mutexattr_t *a, int robust)
{
	if (!PT_VALID(a))
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
	if (!PT_VALID(a) || !ceiling)
		return EINVAL;
	return ENOTSUP;
}

int pthread_mutexattr_setprioceiling(pthread_mutexattr_t *a, int ceiling)
{
	(void)ceiling;
	if (!PT_VALID(a))
		return EINVAL;
	return ENOTSUP;
}
