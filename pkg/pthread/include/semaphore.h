/* POSIX semaphores for Walnut (pkg/pthread): unnamed, process-private.
 * The functions return 0, or -1 with errno set (doc/pthread.md). */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H

#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* value: the count (the futex word); waiters: threads in sem_*wait(). */
typedef struct {
	int __value;
	unsigned __waiters;
} sem_t;

#define SEM_FAILED ((sem_t *)0)
#ifndef SEM_VALUE_MAX
#define SEM_VALUE_MAX 2147483647
#endif

int sem_init(sem_t *__sem, int __pshared, unsigned __value);
int sem_destroy(sem_t *__sem);
int sem_wait(sem_t *__sem);
int sem_trywait(sem_t *__sem);
int sem_timedwait(sem_t *__restrict __sem, const struct timespec *__restrict __abstime);
int sem_clockwait(sem_t *__restrict __sem, clockid_t __clock,
		  const struct timespec *__restrict __abstime);
int sem_post(sem_t *__sem);
int sem_getvalue(sem_t *__restrict __sem, int *__restrict __value);

/* Named semaphores: not supported (-1 / SEM_FAILED, errno ENOSYS). */
sem_t *sem_open(const char *__name, int __oflag, ...);
int sem_close(sem_t *__sem);
int sem_unlink(const char *__name);

#ifdef __cplusplus
}
#endif

#endif /* _SEMAPHORE_H */
