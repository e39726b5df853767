/* pthread_create(): descriptor, stack, TCB (TLS and newlib state) and
 * kernel thread, then start; every step is undone when a later one fails. */
#include "pt_internal.h"
#include "pt_attr.h"
#include <errno.h>
#include <stdlib.h>
#include <pthread-l4.h>

static void undo(struct __pthread *t)
{
	pt_kthread_destroy(t);
	wn_tcb_destroy(t->tcb);
	pt_stack_free(&t->stack);
	free(t);
}

static int sched_from(struct __pthread *t, struct __pthread *self, const pthread_attr_t *a)
{
	if (a->__inheritsched == PTHREAD_INHERIT_SCHED) {
		pt_lock(&self->lock);
		t->policy = self->policy;
		t->priority = self->priority;
		pt_unlock(&self->lock);
		return 0;
	}
	t->policy = a->__schedpolicy;
	t->priority = a->__schedparam.sched_priority;
	return pt_l4_prio(t->policy, t->priority) < 0 ? EINVAL : 0;
}

static int stack_from(struct __pthread *t, const pthread_attr_t *a)
{
	if (!a->__stackaddr)
		return pt_stack_alloc(&t->stack, a->__stacksize, a->__guardsize);
	t->stack.base = a->__stackaddr;
	t->stack.size = a->__stacksize;
	return 0;
}

/* Everything up to a kernel thread that is ready to start. */
static int setup(struct __pthread *t, struct __pthread *self, const pthread_attr_t *a)
{
	int err = sched_from(t, self, a);
	if (!err)
		err = stack_from(t, a);
	if (err)
		return err;
	t->tcb = wn_tcb_create();
	if (!t->tcb)
		return EAGAIN;
	t->tcb->pthread = t;
	return pt_kthread_create(t);
}

static struct __pthread *descriptor_new(const pthread_attr_t *a, void *(*start)(void *),
					void *arg)
{
	struct __pthread *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->kind = PT_CREATED;
	t->cap = L4_INVALID_CAP;
	t->stack.ds = L4_INVALID_CAP;
	t->start = start;
	t->arg = arg;
	t->detached = a->__detachstate == PTHREAD_CREATE_DETACHED;
	t->cancel_state = PTHREAD_CANCEL_ENABLE;
	t->cancel_type = PTHREAD_CANCEL_DEFERRED;
	return t;
}

static void registry_drop(struct __pthread *t)
{
	pt_lock(&pt_registry_lock);
	pt_registry_remove(t);
	pt_unlock(&pt_registry_lock);
	pt_live_dec();
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
		   void *arg)
{
	pthread_attr_t defaults;
	if (!attr) {
		pthread_attr_init(&defaults);
		attr = &defaults;
	}
	if (!thread || !start || !pt_attr_valid(attr))
		return EINVAL;
	struct __pthread *self = pt_self();
	pt_reap_zombies(); /* their stacks and UTCBs may serve this one */
	struct __pthread *t = descriptor_new(attr, start, arg);
	if (!t)
		return EAGAIN;
	int err = setup(t, self, attr);
	if (err) {
		undo(t);
		return err;
	}
	pt_lock(&pt_registry_lock);
	pt_registry_add(t);
	pt_unlock(&pt_registry_lock);
	pt_live_inc();
	*thread = t;
	if (attr->create_flags & PTHREAD_L4_ATTR_NO_START)
		return 0;
	/* Once it runs, t may exit and (detached) be freed at any moment. */
	err = pt_kthread_start(t);
	if (err) {
		registry_drop(t);
		undo(t);
	}
	return err;
}
