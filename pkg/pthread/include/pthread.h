/* POSIX threads for Walnut (pkg/pthread, libpthread.a). Every function
 * returns 0 or an error number (errno is left alone); what is supported
 * and what answers ENOSYS or ENOTSUP: doc/pthread.md. L4-specific
 * additions: <pthread-l4.h>. */
#ifndef __PTHREAD_h
#define __PTHREAD_h

#include <sys/types.h>
#include <sys/cdefs.h>
#include <time.h>
#include <sched.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The options this implementation has (as <unistd.h> would say). */
#ifndef _POSIX_THREADS
#define _POSIX_THREADS 200809L
#endif
#ifndef _POSIX_TIMEOUTS
#define _POSIX_TIMEOUTS 200809L
#endif
#ifndef _POSIX_READER_WRITER_LOCKS
#define _POSIX_READER_WRITER_LOCKS 200809L
#endif
#ifndef _POSIX_BARRIERS
#define _POSIX_BARRIERS 200809L
#endif
#ifndef _POSIX_SPIN_LOCKS
#define _POSIX_SPIN_LOCKS 200809L
#endif
#ifndef _POSIX_THREAD_ATTR_STACKADDR
#define _POSIX_THREAD_ATTR_STACKADDR 200809L
#endif
#ifndef _POSIX_THREAD_ATTR_STACKSIZE
#define _POSIX_THREAD_ATTR_STACKSIZE 200809L
#endif
#ifndef _POSIX_THREAD_PRIORITY_SCHEDULING
#define _POSIX_THREAD_PRIORITY_SCHEDULING 200809L
#endif

/* Limits (<limits.h> in POSIX; newlib's does not have them). */
#ifndef PTHREAD_KEYS_MAX
#define PTHREAD_KEYS_MAX 128
#endif
#ifndef PTHREAD_DESTRUCTOR_ITERATIONS
#define PTHREAD_DESTRUCTOR_ITERATIONS 4
#endif
#ifndef PTHREAD_STACK_MIN
#define PTHREAD_STACK_MIN 16384
#endif

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1

#define PTHREAD_INHERIT_SCHED  0
#define PTHREAD_EXPLICIT_SCHED 1

#define PTHREAD_SCOPE_SYSTEM  0
#define PTHREAD_SCOPE_PROCESS 1

#define PTHREAD_PROCESS_PRIVATE 0
#define PTHREAD_PROCESS_SHARED  1

#define PTHREAD_MUTEX_NORMAL     0
#define PTHREAD_MUTEX_RECURSIVE  1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT    3

#define PTHREAD_MUTEX_STALLED 0
#define PTHREAD_MUTEX_ROBUST  1

#define PTHREAD_PRIO_NONE    0
#define PTHREAD_PRIO_INHERIT 1
#define PTHREAD_PRIO_PROTECT 2

#define PTHREAD_CANCEL_ENABLE       0
#define PTHREAD_CANCEL_DISABLE      1
#define PTHREAD_CANCEL_DEFERRED     0
#define PTHREAD_CANCEL_ASYNCHRONOUS 1
#define PTHREAD_CANCELED ((void *)-1)

#define PTHREAD_BARRIER_SERIAL_THREAD (-1)

#define PTHREAD_MUTEX_INITIALIZER { 0, PTHREAD_MUTEX_DEFAULT, 0, 0 }
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP { 0, PTHREAD_MUTEX_RECURSIVE, 0, 0 }
#define PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP { 0, PTHREAD_MUTEX_ERRORCHECK, 0, 0 }
#define PTHREAD_COND_INITIALIZER { 0, 0 }
#define PTHREAD_RWLOCK_INITIALIZER { 0, 0, 0, 0, 0, 0, 0, 0 }
#define PTHREAD_ONCE_INIT { 0 }

/* Threads */
int pthread_create(pthread_t *__restrict __th, const pthread_attr_t *__restrict __attr,
		   void *(*__start)(void *), void *__restrict __arg);
int pthread_join(pthread_t __th, void **__retval);
int pthread_detach(pthread_t __th);
void pthread_exit(void *__retval) __attribute__((__noreturn__));
pthread_t pthread_self(void);
int pthread_equal(pthread_t __t1, pthread_t __t2);
int pthread_once(pthread_once_t *__once, void (*__fn)(void));
int pthread_getconcurrency(void);
int pthread_setconcurrency(int __level);

/* Thread attributes */
int pthread_attr_init(pthread_attr_t *__attr);
int pthread_attr_destroy(pthread_attr_t *__attr);
int pthread_attr_getdetachstate(const pthread_attr_t *__attr, int *__state);
int pthread_attr_setdetachstate(pthread_attr_t *__attr, int __state);
int pthread_attr_getstacksize(const pthread_attr_t *__restrict __attr,
			      size_t *__restrict __size);
int pthread_attr_setstacksize(pthread_attr_t *__attr, size_t __size);
int pthread_attr_getstackaddr(const pthread_attr_t *__restrict __attr,
			      void **__restrict __addr);
int pthread_attr_setstackaddr(pthread_attr_t *__attr, void *__addr);
int pthread_attr_getstack(const pthread_attr_t *__restrict __attr, void **__restrict __addr,
			  size_t *__restrict __size);
int pthread_attr_setstack(pthread_attr_t *__attr, void *__addr, size_t __size);
int pthread_attr_getguardsize(const pthread_attr_t *__restrict __attr,
			      size_t *__restrict __size);
int pthread_attr_setguardsize(pthread_attr_t *__attr, size_t __size);
int pthread_attr_getinheritsched(const pthread_attr_t *__restrict __attr,
				 int *__restrict __inherit);
int pthread_attr_setinheritsched(pthread_attr_t *__attr, int __inherit);
int pthread_attr_getschedpolicy(const pthread_attr_t *__restrict __attr,
				int *__restrict __policy);
int pthread_attr_setschedpolicy(pthread_attr_t *__attr, int __policy);
int pthread_attr_getschedparam(const pthread_attr_t *__restrict __attr,
			       struct sched_param *__restrict __param);
int pthread_attr_setschedparam(pthread_attr_t *__restrict __attr,
			       const struct sched_param *__restrict __param);
int pthread_attr_getscope(const pthread_attr_t *__restrict __attr, int *__restrict __scope);
int pthread_attr_setscope(pthread_attr_t *__attr, int __scope);
/* GNU: the attributes of a running thread (stack, detach state,
 * scheduling); pthread_attr_destroy() it afterwards. */
int pthread_getattr_np(pthread_t __th, pthread_attr_t *__attr);

/* Scheduling */
int pthread_getschedparam(pthread_t __th, int *__restrict __policy,
			  struct sched_param *__restrict __param);
int pthread_setschedparam(pthread_t __th, int __policy,
			  const struct sched_param *__param);
int pthread_setschedprio(pthread_t __th, int __prio);

/* Names (GNU; at most 15 characters, also given to the kernel debugger) */
int pthread_setname_np(pthread_t __th, const char *__name);
int pthread_getname_np(pthread_t __th, char *__name, size_t __len);

/* Mutexes */
int pthread_mutex_init(pthread_mutex_t *__restrict __mutex,
		       const pthread_mutexattr_t *__restrict __attr);
int pthread_mutex_destroy(pthread_mutex_t *__mutex);
int pthread_mutex_lock(pthread_mutex_t *__mutex);
int pthread_mutex_trylock(pthread_mutex_t *__mutex);
int pthread_mutex_timedlock(pthread_mutex_t *__restrict __mutex,
			    const struct timespec *__restrict __abstime);
int pthread_mutex_clocklock(pthread_mutex_t *__restrict __mutex, clockid_t __clock,
			    const struct timespec *__restrict __abstime);
int pthread_mutex_unlock(pthread_mutex_t *__mutex);
int pthread_mutex_consistent(pthread_mutex_t *__mutex);
int pthread_mutex_getprioceiling(const pthread_mutex_t *__restrict __mutex,
				 int *__restrict __ceiling);
int pthread_mutex_setprioceiling(pthread_mutex_t *__restrict __mutex, int __ceiling,
				 int *__restrict __old);

int pthread_mutexattr_init(pthread_mutexattr_t *__attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *__attr);
int pthread_mutexattr_gettype(const pthread_mutexattr_t *__restrict __attr,
			      int *__restrict __type);
int pthread_mutexattr_settype(pthread_mutexattr_t *__attr, int __type);
int pthread_mutexattr_getpshared(const pthread_mutexattr_t *__restrict __attr,
				 int *__restrict __pshared);
int pthread_mutexattr_setpshared(pthread_mutexattr_t *__attr, int __pshared);
int pthread_mutexattr_getprotocol(const pthread_mutexattr_t *__restrict __attr,
				  int *__restrict __protocol);
int pthread_mutexattr_setprotocol(pthread_mutexattr_t *__attr, int __protocol);
int pthread_mutexattr_getrobust(const pthread_mutexattr_t *__restrict __attr,
				int *__restrict __robust);
int pthread_mutexattr_setrobust(pthread_mutexattr_t *__attr, int __robust);
int pthread_mutexattr_getprioceiling(const pthread_mutexattr_t *__restrict __attr,
				     int *__restrict __ceiling);
int pthread_mutexattr_setprioceiling(pthread_mutexattr_t *__attr, int __ceiling);

/* Condition variables */
int pthread_cond_init(pthread_cond_t *__restrict __cond,
		      const pthread_condattr_t *__restrict __attr);
int pthread_cond_destroy(pthread_cond_t *__cond);
int pthread_cond_wait(pthread_cond_t *__restrict __cond, pthread_mutex_t *__restrict __mutex);
int pthread_cond_timedwait(pthread_cond_t *__restrict __cond,
			   pthread_mutex_t *__restrict __mutex,
			   const struct timespec *__restrict __abstime);
int pthread_cond_clockwait(pthread_cond_t *__restrict __cond,
			   pthread_mutex_t *__restrict __mutex, clockid_t __clock,
			   const struct timespec *__restrict __abstime);
int pthread_cond_signal(pthread_cond_t *__cond);
int pthread_cond_broadcast(pthread_cond_t *__cond);

int pthread_condattr_init(pthread_condattr_t *__attr);
int pthread_condattr_destroy(pthread_condattr_t *__attr);
int pthread_condattr_getclock(const pthread_condattr_t *__restrict __attr,
			      clockid_t *__restrict __clock);
int pthread_condattr_setclock(pthread_condattr_t *__attr, clockid_t __clock);
int pthread_condattr_getpshared(const pthread_condattr_t *__restrict __attr,
				int *__restrict __pshared);
int pthread_condattr_setpshared(pthread_condattr_t *__attr, int __pshared);

/* Read-write locks */
int pthread_rwlock_init(pthread_rwlock_t *__restrict __rwlock,
			const pthread_rwlockattr_t *__restrict __attr);
int pthread_rwlock_destroy(pthread_rwlock_t *__rwlock);
int pthread_rwlock_rdlock(pthread_rwlock_t *__rwlock);
int pthread_rwlock_tryrdlock(pthread_rwlock_t *__rwlock);
int pthread_rwlock_timedrdlock(pthread_rwlock_t *__restrict __rwlock,
			       const struct timespec *__restrict __abstime);
int pthread_rwlock_clockrdlock(pthread_rwlock_t *__restrict __rwlock, clockid_t __clock,
			       const struct timespec *__restrict __abstime);
int pthread_rwlock_wrlock(pthread_rwlock_t *__rwlock);
int pthread_rwlock_trywrlock(pthread_rwlock_t *__rwlock);
int pthread_rwlock_timedwrlock(pthread_rwlock_t *__restrict __rwlock,
			       const struct timespec *__restrict __abstime);
int pthread_rwlock_clockwrlock(pthread_rwlock_t *__restrict __rwlock, clockid_t __clock,
			       const struct timespec *__restrict __abstime);
int pthread_rwlock_unlock(pthread_rwlock_t *__rwlock);

int pthread_rwlockattr_init(pthread_rwlockattr_t *__attr);
int pthread_rwlockattr_destroy(pthread_rwlockattr_t *__attr);
int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *__restrict __attr,
				  int *__restrict __pshared);
int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *__attr, int __pshared);

/* Barriers */
int pthread_barrier_init(pthread_barrier_t *__restrict __barrier,
			 const pthread_barrierattr_t *__restrict __attr, unsigned __count);
int pthread_barrier_destroy(pthread_barrier_t *__barrier);
int pthread_barrier_wait(pthread_barrier_t *__barrier);

int pthread_barrierattr_init(pthread_barrierattr_t *__attr);
int pthread_barrierattr_destroy(pthread_barrierattr_t *__attr);
int pthread_barrierattr_getpshared(const pthread_barrierattr_t *__restrict __attr,
				   int *__restrict __pshared);
int pthread_barrierattr_setpshared(pthread_barrierattr_t *__attr, int __pshared);

/* Spin locks */
int pthread_spin_init(pthread_spinlock_t *__lock, int __pshared);
int pthread_spin_destroy(pthread_spinlock_t *__lock);
int pthread_spin_lock(pthread_spinlock_t *__lock);
int pthread_spin_trylock(pthread_spinlock_t *__lock);
int pthread_spin_unlock(pthread_spinlock_t *__lock);

/* Thread-specific data */
int pthread_key_create(pthread_key_t *__key, void (*__destructor)(void *));
int pthread_key_delete(pthread_key_t __key);
void *pthread_getspecific(pthread_key_t __key);
int pthread_setspecific(pthread_key_t __key, const void *__value);

/* Cancellation: pthread_cancel() answers ENOSYS (no thread can be
 * cancelled); the state and type are kept, and pthread_testcancel() has
 * never anything to act on. Cleanup handlers run at pthread_exit(). */
int pthread_cancel(pthread_t __th);
int pthread_setcancelstate(int __state, int *__oldstate);
int pthread_setcanceltype(int __type, int *__oldtype);
void pthread_testcancel(void);

/* Signals do not exist on Walnut: ENOSYS. (pthread_sigmask() and
 * pthread_kill() are declared by <signal.h>, pthread_atfork() by
 * <unistd.h>: ENOSYS too.) */
int pthread_getcpuclockid(pthread_t __th, clockid_t *__clock);

struct __pthread_cleanup {
	void (*__routine)(void *);
	void *__arg;
	struct __pthread_cleanup *__prev;
};
void __pthread_cleanup_push(struct __pthread_cleanup *__c, void (*__routine)(void *),
			    void *__arg);
void __pthread_cleanup_pop(struct __pthread_cleanup *__c, int __execute);

/* A lexical pair, as POSIX requires: push opens a block that pop closes.
 * Nested pairs shadow the record's name on purpose. */
#define pthread_cleanup_push(routine, arg) \
	do { \
		_Pragma("GCC diagnostic push") \
		_Pragma("GCC diagnostic ignored \"-Wshadow\"") \
		struct __pthread_cleanup __pt_cleanup; \
		_Pragma("GCC diagnostic pop") \
		__pthread_cleanup_push(&__pt_cleanup, (routine), (arg));
#define pthread_cleanup_pop(execute) \
		__pthread_cleanup_pop(&__pt_cleanup, (execute)); \
	} while (0)

#ifdef __cplusplus
}
#endif

#endif /* __PTHREAD_h */
