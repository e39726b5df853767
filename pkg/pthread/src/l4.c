/* <pthread-l4.h>: the kernel side of threads, as L4Re offers it. */
#include "pt_internal.h"
#include <errno.h>
#include <pthread-l4.h>

l4_cap_idx_t pthread_l4_cap(pthread_t t)
{
	pt_lock(&pt_registry_lock);
	l4_cap_idx_t c = pt_registry_has(t) ? t->cap : L4_INVALID_CAP;
	pt_unlock(&pt_registry_lock);
	return c;
}

l4_cap_idx_t pthread_getl4cap(pthread_t t)
{
	return pthread_l4_cap(t);
}

l4_utcb_t *pthread_l4_utcb(pthread_t t)
{
	pt_lock(&pt_registry_lock);
	l4_utcb_t *u = pt_registry_has(t) ? t->utcb : NULL;
	pt_unlock(&pt_registry_lock);
	return u;
}

static void call(struct __pthread *t, void *fn)
{
	((void (*)(pthread_t))fn)(t);
}

void pthread_l4_for_each_thread(void (*fn)(pthread_t))
{
	if (!fn)
		return;
	pt_self(); /* the caller is on the list too */
	pt_lock(&pt_registry_lock);
	pt_registry_each(call, (void *)fn);
	pt_unlock(&pt_registry_lock);
}

int pthread_l4_start(pthread_t t, void *(*func)(void *), void *arg)
{
	if (!func)
		return EINVAL;
	int err = 0;
	pt_lock(&pt_registry_lock);
	if (!pt_registry_has(t))
		err = ESRCH;
	else if (t->kind != PT_CREATED || t->started)
		err = EINVAL;
	else {
		t->start = func;
		t->arg = arg;
		err = pt_kthread_start(t);
	}
	pt_unlock(&pt_registry_lock);
	return err;
}
