/* Thread end: pthread_exit() (also returning from the start routine),
 * cleanup handlers, and how an exited thread's resources are freed.
 *
 * A thread cannot delete its kernel object or free the stack it runs on.
 * It marks itself exited (state, futex-woken for joiners) and then gone
 * (the last store it makes; afterwards it only sleeps, touching nothing),
 * and whoever reaps it — the joiner, pthread_detach() of an exited thread,
 * or for a detached thread the next pthread_create/join/exit that finds it
 * on the zombie list — waits for gone, deletes the kernel thread and frees
 * UTCB, TCB, stack and descriptor. */
#include "pt_internal.h"
#include <limits.h>
#include <stdlib.h>
#include <l4/sys/ipc.h>
#include <l4/sys/thread.h>

static struct pt_lock zombie_lock;
static struct __pthread *zombies;

void pt_thread_entry(void)
{
	struct __pthread *self = wn_tcb_self()->pthread;
	pthread_exit(self->start(self->arg));
}

void __pthread_cleanup_push(struct __pthread_cleanup *c, void (*routine)(void *), void *arg)
{
	struct __pthread *self = pt_self();
	c->__routine = routine;
	c->__arg = arg;
	c->__prev = self->cleanup;
	self->cleanup = c;
}

void __pthread_cleanup_pop(struct __pthread_cleanup *c, int execute)
{
	pt_self()->cleanup = c->__prev;
	if (execute)
		c->__routine(c->__arg);
}

static void run_cleanup(struct __pthread *self)
{
	while (self->cleanup) {
		struct __pthread_cleanup *c = self->cleanup;
		self->cleanup = c->__prev;
		c->__routine(c->__arg);
	}
}

/* Until t can no longer touch its stack: hand it the CPU (its priority
 * may be below ours), sleep a little if that does not help (on another
 * CPU, or waiting for its pager). */
static void wait_gone(struct __pthread *t)
{
	for (unsigned i = 0; !__atomic_load_n(&t->gone, __ATOMIC_ACQUIRE); i++) {
		if (i < 100)
			l4_thread_switch(t->cap);
		else
			l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(1000)));
	}
}

void pt_reap(struct __pthread *t)
{
	pt_lock(&pt_registry_lock);
	pt_registry_remove(t);
	pt_unlock(&pt_registry_lock);
	if (t->kind != PT_CREATED)
		return; /* the main thread and adopted ones keep their resources */
	wait_gone(t);
	pt_kthread_destroy(t);
	wn_tcb_destroy(t->tcb);
	pt_stack_free(&t->stack);
	free(t);
}

void pt_reap_zombies(void)
{
	if (!__atomic_load_n(&zombies, __ATOMIC_RELAXED))
		return;
	struct __pthread *done = NULL;
	pt_lock(&zombie_lock);
	for (struct __pthread **pp = &zombies; *pp;) {
		struct __pthread *t = *pp;
		if (__atomic_load_n(&t->gone, __ATOMIC_ACQUIRE)) {
			*pp = t->next_zombie;
			t->next_zombie = done;
			done = t;
		} else {
			pp = &t->next_zombie;
		}
	}
	pt_unlock(&zombie_lock);
	while (done) {
		struct __pthread *t = done;
		done = t->next_zombie;
		pt_reap(t);
	}
}

/* Exited: joiners may collect it, a detached thread goes to the zombies. */
static void mark_exited(struct __pthread *self)
{
	pt_lock(&self->lock);
	bool detached = self->detached;
	__atomic_store_n(&self->state, PT_EXITED, __ATOMIC_SEQ_CST);
	if (detached && self->kind == PT_CREATED) {
		pt_lock(&zombie_lock);
		self->next_zombie = zombies;
		zombies = self;
		pt_unlock(&zombie_lock);
	}
	pt_unlock(&self->lock);
	if (!detached)
		wn_futex_wake(&self->state, INT_MAX);
}

void pthread_exit(void *retval)
{
	struct __pthread *self = pt_self();
	run_cleanup(self);
	pt_tsd_run_destructors(self);
	self->retval = retval;
	pt_reap_zombies();
	/* The program ends with its last thread, as if main had returned 0. */
	if (self->kind != PT_ADOPTED && pt_live_dec() == 0)
		exit(0);
	mark_exited(self);
	__atomic_store_n(&self->gone, 1, __ATOMIC_RELEASE);
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}
