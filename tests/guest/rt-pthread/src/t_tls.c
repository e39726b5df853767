/* Per-thread state: __thread variables (.tdata and .tbss), keys with
 * destructors, errno. */
#include "rt.h"
#include <utap.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

enum { N = 4 };

static __thread int tdata_int = 42;
static __thread char tdata_str[16] = "initial";
static __thread long tbss_long;
static __thread char tbss_buf[256];
static pthread_barrier_t tls_bar;

struct tls_report {
	int fresh_ok;   /* initial values as in the image */
	int kept_ok;    /* own values survive the others' writes */
	uintptr_t addr; /* where tdata_int is */
};

static int fresh(void)
{
	for (unsigned i = 0; i < sizeof(tbss_buf); i++)
		if (tbss_buf[i])
			return 0;
	return tdata_int == 42 && !strcmp(tdata_str, "initial") && tbss_long == 0;
}

static void *tls_worker(void *arg)
{
	struct tls_report *r = arg;
	r->fresh_ok = fresh();
	r->addr = (uintptr_t)&tdata_int;
	tdata_int = (int)r->addr;
	tbss_long = -(long)r->addr;
	memset(tbss_buf, 0x5a, sizeof(tbss_buf));
	snprintf(tdata_str, sizeof(tdata_str), "%lx", (unsigned long)(r->addr & 0xfffff));
	pthread_barrier_wait(&tls_bar); /* all have written theirs */
	char want[16];
	snprintf(want, sizeof(want), "%lx", (unsigned long)(r->addr & 0xfffff));
	r->kept_ok = tdata_int == (int)r->addr && tbss_long == -(long)r->addr &&
		     tbss_buf[0] == 0x5a && tbss_buf[255] == 0x5a && !strcmp(tdata_str, want);
	return NULL;
}

UTEST(thread_locals_are_per_thread)
{
	pthread_t t[N];
	struct tls_report r[N];
	memset(r, 0, sizeof(r));
	tdata_int = 7; /* the main thread's copy only */
	UASSERT_EQ(pthread_barrier_init(&tls_bar, NULL, N), 0);
	for (int i = 0; i < N; i++)
		UASSERT_EQ(pthread_create(&t[i], NULL, tls_worker, &r[i]), 0);
	UCHECK_EQ(join_all(t, N), N);
	for (int i = 0; i < N; i++) {
		UCHECK_EQ(r[i].fresh_ok, 1);
		UCHECK_EQ(r[i].kept_ok, 1);
		UCHECK_NE(r[i].addr, (uintptr_t)&tdata_int);
		for (int j = 0; j < i; j++)
			UCHECK_NE(r[i].addr, r[j].addr);
	}
	UCHECK_EQ(tdata_int, 7);
	tdata_int = 42;
	pthread_barrier_destroy(&tls_bar);
}

static pthread_key_t key, key2;
static int dtor_calls, dtor_sum, dtor2_calls;

static void dtor(void *v)
{
	__atomic_add_fetch(&dtor_calls, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&dtor_sum, (int)(uintptr_t)v, __ATOMIC_SEQ_CST);
}

/* Sets its value again twice: destructors run up to
 * PTHREAD_DESTRUCTOR_ITERATIONS rounds. */
static void dtor2(void *v)
{
	__atomic_add_fetch(&dtor2_calls, 1, __ATOMIC_SEQ_CST);
	if ((uintptr_t)v < 3)
		pthread_setspecific(key2, (void *)((uintptr_t)v + 1));
}

static void *key_worker(void *arg)
{
	uintptr_t id = (uintptr_t)arg + 1;
	if (pthread_getspecific(key))
		return (void *)1; /* a new thread starts with NULL */
	pthread_setspecific(key, (void *)id);
	sleep_ms(2);
	if (pthread_getspecific(key) != (void *)id)
		return (void *)2;
	return NULL;
}

static void *key2_worker(void *arg)
{
	pthread_setspecific(key2, (void *)1);
	return arg;
}

UTEST(keys_are_per_thread_with_destructors)
{
	pthread_t t[N];
	UASSERT_EQ(pthread_key_create(&key, dtor), 0);
	UCHECK(pthread_getspecific(key) == NULL);
	UCHECK_EQ(pthread_setspecific(key, (void *)100), 0);
	UASSERT_EQ(spawn(t, N, key_worker), N);
	for (int i = 0; i < N; i++) {
		void *v = (void *)9;
		UCHECK_EQ(pthread_join(t[i], &v), 0);
		UCHECK(v == NULL);
	}
	UCHECK_EQ(dtor_calls, N);
	UCHECK_EQ(dtor_sum, N * (N + 1) / 2);
	UCHECK(pthread_getspecific(key) == (void *)100); /* main's own */
	UCHECK_EQ(pthread_key_delete(key), 0);
	UCHECK_EQ(pthread_key_delete(key), EINVAL);
	UCHECK_EQ(pthread_setspecific(key, (void *)1), EINVAL);
	UCHECK(pthread_getspecific(key) == NULL);
	/* A new key in the same slot does not show the old value. */
	pthread_key_t again;
	UASSERT_EQ(pthread_key_create(&again, NULL), 0);
	UCHECK(pthread_getspecific(again) == NULL);
	UCHECK_EQ(pthread_key_delete(again), 0);

	UASSERT_EQ(pthread_key_create(&key2, dtor2), 0);
	pthread_t t2;
	UASSERT_EQ(pthread_create(&t2, NULL, key2_worker, NULL), 0);
	UCHECK_EQ(pthread_join(t2, NULL), 0);
	UCHECK_EQ(dtor2_calls, 3); /* values 1, 2, 3 */
	UCHECK_EQ(pthread_key_delete(key2), 0);
}

UTEST(keys_run_out_with_eagain)
{
	static pthread_key_t k[PTHREAD_KEYS_MAX + 1];
	int n = 0;
	while (n <= PTHREAD_KEYS_MAX && pthread_key_create(&k[n], NULL) == 0)
		n++;
	UCHECK_LE(n, PTHREAD_KEYS_MAX);
	UCHECK_GE(n, PTHREAD_KEYS_MAX - 4);
	UCHECK_EQ(pthread_key_create(&k[n], NULL), EAGAIN);
	for (int i = 0; i < n; i++)
		UCHECK_EQ(pthread_key_delete(k[i]), 0);
}

static pthread_barrier_t errno_bar;

static void *errno_worker(void *arg)
{
	int mine = 1000 + (int)(uintptr_t)arg;
	errno = mine;
	pthread_barrier_wait(&errno_bar);
	sched_yield();
	return (void *)(uintptr_t)(errno == mine);
}

UTEST(errno_is_per_thread)
{
	pthread_t t[N];
	UASSERT_EQ(pthread_barrier_init(&errno_bar, NULL, N), 0);
	errno = 7;
	UASSERT_EQ(spawn(t, N, errno_worker), N);
	for (int i = 0; i < N; i++) {
		void *v = NULL;
		UCHECK_EQ(pthread_join(t[i], &v), 0);
		UCHECK_EQ((uintptr_t)v, 1);
	}
	UCHECK_EQ(errno, 7);
	pthread_barrier_destroy(&errno_bar);
}
