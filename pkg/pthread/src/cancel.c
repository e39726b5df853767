/* Cancellation: no thread can be cancelled on Walnut (pthread_cancel()
 * answers ENOSYS), so there is never a request for pthread_testcancel()
 * to act on; the cancel state and type are kept as POSIX describes them. */
#include "pt_internal.h"
#include <errno.h>

int pthread_cancel(pthread_t t)
{
	(void)t;
	return ENOSYS;
}

int pthread_setcancelstate(int state, int *old)
{
	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return EINVAL;
	struct __pthread *self = pt_self();
	if (old)
		*old = self->cancel_state;
	self->cancel_state = state;
	return 0;
}

int pthread_setcanceltype(int type, int *old)
{
	if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS)
		return EINVAL;
	struct __pthread *self = pt_self();
	if (old)
		*old = self->cancel_type;
	self->cancel_type = type;
	return 0;
}

void pthread_testcancel(void)
{
}
