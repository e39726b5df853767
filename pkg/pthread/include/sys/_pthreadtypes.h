/* The POSIX thread types of Walnut's pkg/pthread. This file replaces
 * newlib's <sys/_pthreadtypes.h> (pkg/pthread/include comes before the
 * sysroot), so <sys/types.h> declares these. The members are private to
 * the library (doc/pthread.md); only create_flags is L4Re's, public. */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

#include <sys/sched.h>

/* A thread: its descriptor. */
typedef struct __pthread *pthread_t;

typedef struct {
	int __magic;                /* set by pthread_attr_init() */
	int __detachstate;
	int __inheritsched;
	int __schedpolicy;
	struct sched_param __schedparam;
	int __scope;
	void *__stackaddr;          /* lowest address of a caller's stack */
	__SIZE_TYPE__ __stacksize;
	__SIZE_TYPE__ __guardsize;
	unsigned create_flags;      /* L4Re: PTHREAD_L4_ATTR_NO_START */
} pthread_attr_t;

/* Lock word: 0 free, 1 held, 2 held and waited for. owner: the holder's
 * UTCB address; count: recursion depth. */
typedef struct {
	int __lock;
	int __type;
	unsigned __count;
	void *__owner;
} pthread_mutex_t;

typedef struct {
	int __magic;
	int __type;
	int __pshared;
	int __protocol;
	int __robust;
} pthread_mutexattr_t;

/* seq: bumped by every signal and broadcast (the futex word). */
typedef struct {
	int __seq;
	int __monotonic;            /* 0: CLOCK_REALTIME, 1: CLOCK_MONOTONIC */
} pthread_cond_t;

typedef struct {
	int __magic;
	int __monotonic;
	int __pshared;
} pthread_condattr_t;

typedef unsigned int pthread_key_t;

/* 0 not run, 1 running, 2 done (the futex word). */
typedef struct {
	int __state;
} pthread_once_t;

/* Reader-preferring: lock protects the counts; waiters sleep on the two
 * sequence words. owner: the writer's UTCB address. */
typedef struct {
	int __lock;
	unsigned __readers;
	int __writer;
	unsigned __rd_waiting, __wr_waiting;
	int __rd_seq, __wr_seq;
	void *__owner;
} pthread_rwlock_t;

typedef struct {
	int __magic;
	int __pshared;
} pthread_rwlockattr_t;

typedef struct {
	int __lock;
	unsigned __count;           /* threads per round */
	unsigned __waiting;         /* arrived in this round */
	int __seq;                  /* rounds completed (the futex word) */
	unsigned __inside;          /* threads in pthread_barrier_wait() */
} pthread_barrier_t;

typedef struct {
	int __magic;
	int __pshared;
} pthread_barrierattr_t;

/* 0 free, else the holder's thread capability. */
typedef struct {
	unsigned long __lock;
} pthread_spinlock_t;

#endif /* _SYS__PTHREADTYPES_H_ */
