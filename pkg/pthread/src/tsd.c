/* Thread-specific data: PTHREAD_KEYS_MAX keys, each with a generation
 * that a thread's value must match, so that a value stored under a deleted
 * key is not seen through a new key in the same slot. */
#include "pt_internal.h"
#include <errno.h>

static struct pt_lock keys_lock;
static struct {
	bool used;
	unsigned gen;
	void (*destructor)(void *);
} keys[PTHREAD_KEYS_MAX];

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	if (!key)
		return EINVAL;
	int err = EAGAIN;
	pt_lock(&keys_lock);
	for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
		if (keys[k].used)
			continue;
		keys[k].destructor = destructor;
		__atomic_store_n(&keys[k].gen, keys[k].gen + 1, __ATOMIC_RELAXED);
		__atomic_store_n(&keys[k].used, true, __ATOMIC_RELEASE);
		*key = k;
		err = 0;
		break;
	}
	pt_unlock(&keys_lock);
	return err;
}

/* The values stay where they are; no destructor runs (POSIX). */
int pthread_key_delete(pthread_key_t key)
{
	int err = EINVAL;
	pt_lock(&keys_lock);
	if (key < PTHREAD_KEYS_MAX && keys[key].used) {
		__atomic_store_n(&keys[key].used, false, __ATOMIC_RELEASE);
		keys[key].destructor = NULL;
		err = 0;
	}
	pt_unlock(&keys_lock);
	return err;
}

/* The key's generation, 0 when it is not in use. */
static unsigned live_gen(pthread_key_t key)
{
	if (key >= PTHREAD_KEYS_MAX || !__atomic_load_n(&keys[key].used, __ATOMIC_ACQUIRE))
		return 0;
	return __atomic_load_n(&keys[key].gen, __ATOMIC_RELAXED);
}

void *pthread_getspecific(pthread_key_t key)
{
	unsigned gen = live_gen(key);
	if (!gen)
		return NULL;
	struct pt_tsd *s = &pt_self()->tsd[key];
	return s->gen == gen ? s->value : NULL;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
	unsigned gen = live_gen(key);
	if (!gen)
		return EINVAL;
	struct pt_tsd *s = &pt_self()->tsd[key];
	s->value = (void *)value;
	s->gen = gen;
	return 0;
}

/* One pass: each non-NULL value of a live key with a destructor is set to
 * NULL and handed to it. Whether any destructor ran. */
static bool destructor_pass(struct __pthread *t)
{
	bool ran = false;
	for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
		if (!t->tsd[k].value)
			continue;
		pt_lock(&keys_lock);
		void (*fn)(void *) = keys[k].used ? keys[k].destructor : NULL;
		unsigned gen = keys[k].gen;
		pt_unlock(&keys_lock);
		struct pt_tsd *s = &t->tsd[k];
		if (!fn || s->gen != gen || !s->value)
			continue;
		void *v = s->value;
		s->value = NULL;
		fn(v);
		ran = true;
	}
	return ran;
}

void pt_tsd_run_destructors(struct __pthread *t)
{
	for (int i = 0; i < PTHREAD_DESTRUCTOR_ITERATIONS && destructor_pass(t); i++)
		;
}
