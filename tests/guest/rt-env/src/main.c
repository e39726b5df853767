/* rt-env: tests of the initial environment, the capability allocator,
 * namespaces, logs and scheduler proxies, run by moe as init (see
 * tests/scenarios/rt-env.test). Helpers shared by the test files. */
#include "rt_env.h"

#include <ktap.h>
#include <ktest_util.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

int main(int argc, char **argv);
void kt_thread_entry(void); /* ktap: pops fn and arg, calls fn(arg) */

int rt_argc;
char **rt_argv;

#define STACKS     16
#define STACK_SIZE 16384

static char stacks[STACKS][STACK_SIZE] __attribute__((aligned(16)));
static unsigned stacks_used;

l4_cap_idx_t rt_thread_new(void (*fn)(void *), void *arg)
{
	l4re_env_t *env = l4re_env();
	l4_utcb_t *utcb = kt_utcb_alloc();
	if (!utcb || stacks_used >= STACKS)
		return L4_INVALID_CAP;
	l4_cap_idx_t th = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(th))
		return th;
	unsigned long *sp = (unsigned long *)(stacks[stacks_used++] + STACK_SIZE);
	*--sp = 0;
	*--sp = (unsigned long)arg;
	*--sp = (unsigned long)fn;
	if (l4_error(l4_factory_create_thread(env->factory, th)) < 0)
		goto fail;
	l4_thread_control_start();
	l4_thread_control_pager(env->rm);
	l4_thread_control_bind(utcb, L4RE_THIS_TASK_CAP);
	if (l4_error(l4_thread_control_commit(th)) < 0 ||
	    l4_error(l4_thread_ex_regs(th, (l4_addr_t)kt_thread_entry, (l4_addr_t)sp, 0)) < 0)
		goto fail;
	return th;
fail:
	l4re_util_cap_free_um(th);
	return L4_INVALID_CAP;
}

void rt_thread_del(l4_cap_idx_t th)
{
	l4_task_delete_obj(L4RE_THIS_TASK_CAP, th);
	l4re_util_cap_free(th);
}

long rt_factory_create(long proto, l4_cap_idx_t *cap)
{
	l4_cap_idx_t c = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(c))
		return -L4_ENOMEM;
	long err = l4_error(l4_factory_create(l4re_env()->mem_alloc, proto, c));
	if (err < 0) {
		l4re_util_cap_free(c);
		return err;
	}
	*cap = c;
	return 0;
}

int main(int argc, char **argv)
{
	rt_argc = argc;
	rt_argv = argv;
	/* argv[1..] are the module's arguments, not test filters */
	return ktap_run_all(1, argv);
}
