/* pthread_join() and pthread_detach(): who collects an exited thread. */
#include "pt_internal.h"
#include <errno.h>

/* Claims t for the caller (join, or detach of an exited thread): ESRCH
 * when t is no thread, EINVAL when detached or claimed already. */
static int claim(struct __pthread *t, bool for_join, bool *exited)
{
	int err = 0;
	pt_lock(&pt_registry_lock);
	if (!pt_registry_has(t)) {
		pt_unlock(&pt_registry_lock);
		return ESRCH;
	}
	pt_lock(&t->lock);
	*exited = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == PT_EXITED;
	if (t->detached || t->joining)
		err = EINVAL;
	else if (for_join || *exited)
		t->joining = true;
	else
		t->detached = true;
	pt_unlock(&t->lock);
	pt_unlock(&pt_registry_lock);
	return err;
}

int pthread_join(pthread_t t, void **retval)
{
	if (t == pt_self())
		return EDEADLK;
	bool exited;
	int err = claim(t, true, &exited);
	if (err)
		return err;
	while (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE) != PT_EXITED)
		pt_wait(&t->state, PT_RUNNING, 0);
	if (retval)
		*retval = t->retval;
	pt_reap(t);
	pt_reap_zombies();
	return 0;
}

int pthread_detach(pthread_t t)
{
	bool exited;
	int err = claim(t, false, &exited);
	if (err)
		return err;
	if (exited)
		pt_reap(t); /* nobody will join it: free it now */
	return 0;
}
