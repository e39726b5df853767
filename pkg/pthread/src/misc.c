/* Small things: the concurrency hint, thread names, the attributes of a
 * running thread (GNU's pthread_getattr_np). */
#include "pt_internal.h"
#include "pt_attr.h"
#include <errno.h>
#include <string.h>
#include <l4/sys/debugger.h>

static int concurrency;

int pthread_getconcurrency(void)
{
	return __atomic_load_n(&concurrency, __ATOMIC_RELAXED);
}

/* A hint POSIX lets an implementation keep without acting on it: every
 * thread is a kernel thread already. */
int pthread_setconcurrency(int level)
{
	if (level < 0)
		return EINVAL;
	__atomic_store_n(&concurrency, level, __ATOMIC_RELAXED);
	return 0;
}

static bool valid_thread(struct __pthread *t)
{
	pt_lock(&pt_registry_lock);
	bool ok = pt_registry_has(t);
	pt_unlock(&pt_registry_lock);
	return ok;
}

/* Also the kernel object's name (the kernel debugger shows it); a kernel
 * without the debugger interface just does not learn it. */
int pthread_setname_np(pthread_t t, const char *name)
{
	if (!name)
		return EINVAL;
	size_t n = strlen(name);
	if (n >= sizeof(t->name))
		return ERANGE;
	if (!valid_thread(t))
		return ESRCH;
	pt_lock(&t->lock);
	memcpy(t->name, name, n + 1);
	pt_unlock(&t->lock);
	if (l4_is_valid_cap(t->cap))
		l4_debugger_set_object_name(t->cap, name);
	return 0;
}

int pthread_getname_np(pthread_t t, char *name, size_t len)
{
	if (!name)
		return EINVAL;
	if (!valid_thread(t))
		return ESRCH;
	pt_lock(&t->lock);
	size_t n = strlen(t->name);
	int err = n >= len ? ERANGE : 0;
	if (!err)
		memcpy(name, t->name, n + 1);
	pt_unlock(&t->lock);
	return err;
}

int pthread_getattr_np(pthread_t t, pthread_attr_t *a)
{
	if (!a)
		return EINVAL;
	if (!valid_thread(t))
		return ESRCH;
	pthread_attr_init(a);
	pt_lock(&t->lock);
	a->__detachstate = t->detached ? PTHREAD_CREATE_DETACHED : PTHREAD_CREATE_JOINABLE;
	a->__inheritsched = PTHREAD_EXPLICIT_SCHED;
	a->__schedpolicy = t->policy;
	a->__schedparam.sched_priority = t->priority;
	a->__stackaddr = t->stack.base;
	a->__stacksize = t->stack.base ? t->stack.size : 0;
	a->__guardsize = t->stack.guard;
	pt_unlock(&t->lock);
	return 0;
}
