/* Attribute objects and their EINVAL cases; what Walnut does not support
 * answers ENOSYS or ENOTSUP. */
#include "rt.h"
#include <utap.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static void *nothing(void *arg)
{
	return arg;
}

UTEST(attr_defaults_and_roundtrips)
{
	pthread_attr_t a;
	int v;
	size_t s;
	void *p;
	struct sched_param sp;
	UASSERT_EQ(pthread_attr_init(&a), 0);
	UCHECK_EQ(pthread_attr_getdetachstate(&a, &v), 0);
	UCHECK_EQ(v, PTHREAD_CREATE_JOINABLE);
	UCHECK_EQ(pthread_attr_getinheritsched(&a, &v), 0);
	UCHECK_EQ(v, PTHREAD_INHERIT_SCHED);
	UCHECK_EQ(pthread_attr_getschedpolicy(&a, &v), 0);
	UCHECK_EQ(v, SCHED_OTHER);
	UCHECK_EQ(pthread_attr_getscope(&a, &v), 0);
	UCHECK_EQ(v, PTHREAD_SCOPE_SYSTEM);
	UCHECK_EQ(pthread_attr_getstacksize(&a, &s), 0);
	UCHECK_EQ(s, 128 * 1024);
	UCHECK_EQ(pthread_attr_getguardsize(&a, &s), 0);
	UCHECK_EQ(s, 4096);
	UCHECK_EQ(pthread_attr_getstackaddr(&a, &p), 0);
	UCHECK(p == NULL);
	UCHECK_EQ(pthread_attr_setstacksize(&a, 65536), 0);
	UCHECK_EQ(pthread_attr_getstacksize(&a, &s), 0);
	UCHECK_EQ(s, 65536);
	sp.sched_priority = 7;
	UCHECK_EQ(pthread_attr_setschedparam(&a, &sp), 0);
	memset(&sp, 0, sizeof(sp));
	UCHECK_EQ(pthread_attr_getschedparam(&a, &sp), 0);
	UCHECK_EQ(sp.sched_priority, 7);
	UCHECK_EQ(pthread_attr_destroy(&a), 0);
}

UTEST(attr_einval_cases)
{
	pthread_attr_t a;
	pthread_t t;
	struct sched_param sp = { .sched_priority = -1 };
	memset(&a, 0, sizeof(a));
	UCHECK_EQ(pthread_create(&t, &a, nothing, NULL), EINVAL); /* not initialised */
	UCHECK_EQ(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED), EINVAL);
	UASSERT_EQ(pthread_attr_init(&a), 0);
	UCHECK_EQ(pthread_attr_setdetachstate(&a, 99), EINVAL);
	UCHECK_EQ(pthread_attr_setstacksize(&a, PTHREAD_STACK_MIN - 1), EINVAL);
	UCHECK_EQ(pthread_attr_setinheritsched(&a, 5), EINVAL);
	UCHECK_EQ(pthread_attr_setschedpolicy(&a, 77), EINVAL);
	UCHECK_EQ(pthread_attr_setschedparam(&a, &sp), EINVAL);
	sp.sched_priority = 256;
	UCHECK_EQ(pthread_attr_setschedparam(&a, &sp), EINVAL);
	UCHECK_EQ(pthread_attr_setscope(&a, PTHREAD_SCOPE_PROCESS), ENOTSUP);
	UCHECK_EQ(pthread_attr_setscope(&a, 9), EINVAL);
	UCHECK_EQ(pthread_attr_setstack(&a, NULL, 65536), EINVAL);
	static char small[1024];
	UCHECK_EQ(pthread_attr_setstack(&a, small, sizeof(small)), EINVAL);
	UCHECK_EQ(pthread_attr_getdetachstate(&a, NULL), EINVAL);
	UCHECK_EQ(pthread_attr_init(NULL), EINVAL);
	UCHECK_EQ(pthread_attr_destroy(&a), 0);
	UCHECK_EQ(pthread_attr_destroy(&a), EINVAL);
}

UTEST(thread_on_callers_stack)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	pthread_attr_t a;
	pthread_t t;
	void *v = NULL;
	pthread_attr_init(&a);
	UCHECK_EQ(pthread_attr_setstack(&a, stack, sizeof(stack)), 0);
	UASSERT_EQ(pthread_create(&t, &a, nothing, (void *)&v), 0);
	UCHECK_EQ(pthread_join(t, &v), 0);
	UCHECK(v == (void *)&v);
	/* It ran there: the stack's top bytes were written. */
	int used = 0;
	for (size_t i = sizeof(stack) - 256; i < sizeof(stack); i++)
		used |= stack[i];
	UCHECK(used != 0);
	pthread_attr_destroy(&a);
}

UTEST(unsupported_answers_enosys)
{
	UCHECK_EQ(pthread_cancel(pthread_self()), ENOSYS);
	UCHECK_EQ(pthread_kill(pthread_self(), SIGUSR1), ENOSYS);
	UCHECK_EQ(pthread_atfork(NULL, NULL, NULL), ENOSYS);
	clockid_t c;
	UCHECK_EQ(pthread_getcpuclockid(pthread_self(), &c), ENOSYS);
	struct timespec ts;
	errno = 0;
	UCHECK_EQ(sched_rr_get_interval(0, &ts), -1);
	UCHECK_EQ(errno, ENOSYS);
	int old;
	UCHECK_EQ(pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old), 0);
	UCHECK_EQ(old, PTHREAD_CANCEL_ENABLE);
	UCHECK_EQ(pthread_setcancelstate(old, NULL), 0);
	UCHECK_EQ(pthread_setcanceltype(9, NULL), EINVAL);
	pthread_testcancel();
	UCHECK_EQ(pthread_setconcurrency(-1), EINVAL);
	UCHECK_EQ(pthread_setconcurrency(3), 0);
	UCHECK_EQ(pthread_getconcurrency(), 3);
}
