/* Thread attributes (pthread_attr_*): validated setters, plain getters.
 * Each function answers EINVAL for a NULL or uninitialised object. */
#include "pt_internal.h"
#include "pt_attr.h"
#include <errno.h>
#include <string.h>
#include <l4/sys/consts.h>

#define CHECK(a) do { if (!pt_attr_valid(a)) return EINVAL; } while (0)
#define CHECK_OUT(a, p) do { if (!pt_attr_valid(a) || !(p)) return EINVAL; } while (0)

int pthread_attr_init(pthread_attr_t *a)
{
	if (!a)
		return EINVAL;
	memset(a, 0, sizeof(*a));
	a->__magic = PT_ATTR_MAGIC;
	a->__detachstate = PTHREAD_CREATE_JOINABLE;
	a->__inheritsched = PTHREAD_INHERIT_SCHED;
	a->__schedpolicy = SCHED_OTHER;
	a->__scope = PTHREAD_SCOPE_SYSTEM;
	a->__stacksize = PT_STACK_DEFAULT;
	a->__guardsize = PT_GUARD_DEFAULT;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a)
{
	CHECK(a);
	a->__magic = 0;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	CHECK_OUT(a, state);
	*state = a->__detachstate;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
	CHECK(a);
	if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	a->__detachstate = state;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	CHECK_OUT(a, size);
	*size = a->__stacksize;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	CHECK(a);
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	a->__stacksize = size;
	return 0;
}

int pthread_attr_getstackaddr(const pthread_attr_t *a, void **addr)
{
	CHECK_OUT(a, addr);
	*addr = a->__stackaddr;
	return 0;
}

/* The lowest address, as pthread_attr_setstack() takes it (POSIX left the
 * meaning open; glibc's is the top: Walnut follows the newer function). */
int pthread_attr_setstackaddr(pthread_attr_t *a, void *addr)
{
	CHECK(a);
	a->__stackaddr = addr;
	return 0;
}

int pthread_attr_getstack(const pthread_attr_t *a, void **addr, size_t *size)
{
	CHECK_OUT(a, addr);
	if (!size)
		return EINVAL;
	*addr = a->__stackaddr;
	*size = a->__stacksize;
	return 0;
}

int pthread_attr_setstack(pthread_attr_t *a, void *addr, size_t size)
{
	CHECK(a);
	if (!addr || size < PTHREAD_STACK_MIN || (unsigned long)addr + size < (unsigned long)addr)
		return EINVAL;
	a->__stackaddr = addr;
	a->__stacksize = size;
	return 0;
}

int pthread_attr_getguardsize(const pthread_attr_t *a, size_t *size)
{
	CHECK_OUT(a, size);
	*size = a->__guardsize;
	return 0;
}

/* Rounded up to pages when the stack is made; ignored for a stack the
 * caller provides (POSIX). */
int pthread_attr_setguardsize(pthread_attr_t *a, size_t size)
{
	CHECK(a);
	if (size > (1UL << 30))
		return EINVAL;
	a->__guardsize = size;
	return 0;
}

int pthread_attr_getinheritsched(const pthread_attr_t *a, int *inherit)
{
	CHECK_OUT(a, inherit);
	*inherit = a->__inheritsched;
	return 0;
}

int pthread_attr_setinheritsched(pthread_attr_t *a, int inherit)
{
	CHECK(a);
	if (inherit != PTHREAD_INHERIT_SCHED && inherit != PTHREAD_EXPLICIT_SCHED)
		return EINVAL;
	a->__inheritsched = inherit;
	return 0;
}

int pthread_attr_getschedpolicy(const pthread_attr_t *a, int *policy)
{
	CHECK_OUT(a, policy);
	*policy = a->__schedpolicy;
	return 0;
}

/* Whether the priority fits the policy is checked by pthread_create(),
 * so that the two setters may come in either order. */
int pthread_attr_setschedpolicy(pthread_attr_t *a, int policy)
{
	CHECK(a);
	if (policy != SCHED_OTHER && policy != SCHED_FIFO && policy != SCHED_RR &&
	    policy != SCHED_L4)
		return EINVAL;
	a->__schedpolicy = policy;
	return 0;
}

int pthread_attr_getschedparam(const pthread_attr_t *a, struct sched_param *param)
{
	CHECK_OUT(a, param);
	*param = a->__schedparam;
	return 0;
}

/* Any priority that some policy accepts; pthread_create() checks it
 * against the policy. */
int pthread_attr_setschedparam(pthread_attr_t *a, const struct sched_param *param)
{
	CHECK_OUT(a, param);
	if (param->sched_priority < 0 || param->sched_priority > L4_SCHED_MAX_PRIO)
		return EINVAL;
	a->__schedparam = *param;
	return 0;
}

int pthread_attr_getscope(const pthread_attr_t *a, int *scope)
{
	CHECK_OUT(a, scope);
	*scope = a->__scope;
	return 0;
}

/* Every thread is a kernel thread: system scope only. */
int pthread_attr_setscope(pthread_attr_t *a, int scope)
{
	CHECK(a);
	if (scope == PTHREAD_SCOPE_PROCESS)
		return ENOTSUP;
	if (scope != PTHREAD_SCOPE_SYSTEM)
		return EINVAL;
	a->__scope = scope;
	return 0;
}
