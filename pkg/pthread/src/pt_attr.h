/* Attribute objects: the marker pthread_*attr_init() sets, the defaults. */
#pragma once

#include <pthread.h>
#include <stdbool.h>

enum {
	PT_ATTR_MAGIC = 0x70746861,       /* "ptha": an initialised object */
	PT_STACK_DEFAULT = 128 * 1024,
	PT_GUARD_DEFAULT = 4096,          /* one page */
};

static inline bool pt_attr_valid(const pthread_attr_t *a)
{
	return a && a->__magic == PT_ATTR_MAGIC;
}

/* An initialised attribute object of any kind. */
#define PT_VALID(a) ((a) && (a)->__magic == PT_ATTR_MAGIC)

/* destroy, getpshared and setpshared of the synchronisation objects'
 * attributes (mutex, cond, rwlock, barrier): the same for each kind.
 * Only PTHREAD_PROCESS_PRIVATE exists: the futex is keyed by virtual
 * address and wakes through Irqs of this task, so nothing is shared with
 * other tasks; PROCESS_SHARED is ENOTSUP. */
#define PT_DEFINE_PSHARED_ATTR(kind)                                             \
	int pthread_##kind##attr_destroy(pthread_##kind##attr_t *a)              \
	{                                                                        \
		if (!PT_VALID(a))                                                \
			return EINVAL;                                           \
		a->__magic = 0;                                                  \
		return 0;                                                        \
	}                                                                        \
	int pthread_##kind##attr_getpshared(const pthread_##kind##attr_t *a,     \
					    int *pshared)                        \
	{                                                                        \
		if (!PT_VALID(a) || !pshared)                                    \
			return EINVAL;                                           \
		*pshared = a->__pshared;                                         \
		return 0;                                                        \
	}                                                                        \
	int pthread_##kind##attr_setpshared(pthread_##kind##attr_t *a, int pshared) \
	{                                                                        \
		if (!PT_VALID(a))                                                \
			return EINVAL;                                           \
		if (pshared == PTHREAD_PROCESS_SHARED)                           \
			return ENOTSUP;                                          \
		if (pshared != PTHREAD_PROCESS_PRIVATE)                          \
			return EINVAL;                                           \
		a->__pshared = pshared;                                          \
		return 0;                                                        \
	}
