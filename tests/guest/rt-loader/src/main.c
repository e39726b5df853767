/* rt-loader: the program loader and the parent protocol, from a program
 * moe started as init. A server thread serves the parent objects; the
 * main thread starts rt-child (rom) and waits for its exit status. */
#include <ktap.h>
#include <ktest_util.h>
#include <minrt_string.h>
#include <l4/loader/loader.h>
#include <l4/re/env.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/parent.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/kprint.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

int main(int argc, char **argv);

#define N_PARENTS 6
#define WAIT_US   20000000ULL /* a child has 20 s to exit */

static struct l4srv_server srv;
static struct l4srv_obj *objs[16];
static struct ldr_parent parents[N_PARENTS];
static volatile int srv_go;
static l4_cap_idx_t rom, child_log;
static int init_argc;
static char **init_argv;

static const char *const child_env[] = { "RT_CHILD=1", "OTHER=x", 0 };

static void server_thread(void *arg)
{
	(void)arg;
	while (!srv_go)
		l4_thread_yield();
	l4srv_loop(&srv);
}

static l4_timeout_t wait_to(void)
{
	return l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(WAIT_US));
}

/* The capability of a module in rom (a fresh slot). */
static l4_cap_idx_t module(const char *name)
{
	l4_cap_idx_t c = l4re_util_cap_alloc();
	long r = l4re_ns_query_to_srv(rom, name, c, 0);
	if (r < 0)
		ktap_note("rom/%s: %ld", name, r);
	return r < 0 ? L4_INVALID_CAP : c;
}

/* Options for rt-child with parent p and the given argv. */
static struct ldr_opts child_opts(struct ldr_parent *p, const char *const *argv)
{
	static struct ldr_named_cap caps[2];
	caps[0] = (struct ldr_named_cap){ "rom", rom, L4_CAP_FPAGE_R };
	caps[1] = (struct ldr_named_cap){ "extra", child_log, L4_CAP_FPAGE_RW };
	l4re_env_t *e = l4re_env();
	return (struct ldr_opts){
		.factory = e->factory, .mem = e->mem_alloc, .rm_fab = e->mem_alloc,
		.log = child_log, .scheduler = e->scheduler, .parent = p,
		.caps = caps, .n_caps = 2, .argv = argv, .envp = child_env,
	};
}

/* Starts rt-child with argv, waits for its exit and kills it: its status. */
static long run_child(struct ldr_parent *p, const char *const *argv)
{
	struct ldr_app app;
	l4_cap_idx_t bin = module("rt-child");
	struct ldr_opts o = child_opts(p, argv);
	long r = ldr_app_start(&app, bin, &o);
	if (r < 0) {
		ktap_note("start failed: %s (%ld)", app.msg, r);
		return -10000 + r;
	}
	r = ldr_app_wait(&app, wait_to());
	if (r < 0)
		ktap_note("wait: %ld", r);
	long status = r < 0 ? -20000 + r : app.exit_code;
	KCHECK_EQ(app.state, r < 0 ? LDR_APP_RUNNING : LDR_APP_ZOMBIE);
	KCHECK_EQ(ldr_app_kill(&app), 0);
	KCHECK_EQ(app.state, LDR_APP_DEAD);
	l4re_util_cap_free_um(bin);
	return status;
}

KTEST(a_init_environment)
{
	l4re_env_t *e = l4re_env();
	KASSERT(e != 0);
	KCHECK(l4_is_valid_cap(e->parent));
	KCHECK(l4_is_valid_cap(e->mem_alloc));
	KCHECK(l4_is_valid_cap(l4re_env_get_cap("rom")));
	KCHECK(l4_is_valid_cap(l4re_env_get_cap("mem")));
	KCHECK(l4_is_valid_cap(l4re_env_get_cap("log")));
	KCHECK(l4_is_valid_cap(l4re_env_get_cap("icu")));
	KCHECK(l4_is_valid_cap(l4re_env_get_cap("sigma0")));
	KCHECK(l4_is_valid_cap(l4re_env_get_cap("jdb")));
	/* moe's command line: --init=rom/rt-loader init-arg-1 init-arg-2 */
	KASSERT_EQ(init_argc, 3);
	KCHECK(!strcmp(init_argv[0], "rom/rt-loader"));
	KCHECK(!strcmp(init_argv[1], "init-arg-1"));
	KCHECK(!strcmp(init_argv[2], "init-arg-2"));
}

KTEST(b_child_exit_status)
{
	static const char *const argv[] = { "rom/rt-child", "exit", "7", "rom", "extra", 0 };
	KCHECK_EQ(run_child(&parents[0], argv), 7);
}

KTEST(c_child_negative_status)
{
	static const char *const argv[] = { "rom/rt-child", "exit", "-3", 0 };
	KCHECK_EQ(run_child(&parents[1], argv), -3);
}

KTEST(d_child_started_repeatedly)
{
	static const char *const a0[] = { "rom/rt-child", "exit", "0", 0 };
	static const char *const a1[] = { "rom/rt-child", "exit", "1", "extra", 0 };
	static const char *const a2[] = { "rom/rt-child", "exit", "42", 0 };
	for (unsigned round = 0; round < 2; round++) {
		KCHECK_EQ(run_child(&parents[0], a0), 0);
		KCHECK_EQ(run_child(&parents[1], a1), 1);
		KCHECK_EQ(run_child(&parents[2], a2), 42);
	}
}

KTEST(e_two_children_at_once)
{
	static const char *const a[] = { "rom/rt-child", "exit", "11", 0 };
	static const char *const b[] = { "rom/rt-child", "exit", "22", 0 };
	struct ldr_app x, y;
	l4_cap_idx_t bin = module("rt-child");
	struct ldr_opts ox = child_opts(&parents[0], a);
	KASSERT_EQ(ldr_app_start(&x, bin, &ox), 0);
	struct ldr_opts oy = child_opts(&parents[1], b);
	KASSERT_EQ(ldr_app_start(&y, bin, &oy), 0);
	KCHECK_EQ(ldr_app_wait(&y, wait_to()), 0);
	KCHECK_EQ(ldr_app_wait(&x, wait_to()), 0);
	KCHECK_EQ(x.exit_code, 11);
	KCHECK_EQ(y.exit_code, 22);
	KCHECK_EQ(ldr_app_kill(&x), 0);
	KCHECK_EQ(ldr_app_kill(&y), 0);
	l4re_util_cap_free_um(bin);
}

KTEST(f_kill_running_child)
{
	static const char *const argv[] = { "rom/rt-child", "hang", 0 };
	struct ldr_app app;
	l4_cap_idx_t bin = module("rt-child");
	struct ldr_opts o = child_opts(&parents[3], argv);
	KASSERT_EQ(ldr_app_start(&app, bin, &o), 0);
	KCHECK_EQ(app.state, LDR_APP_RUNNING);
	/* It does not exit by itself. */
	KCHECK_EQ(ldr_app_wait(&app, l4_timeout(L4_IPC_TIMEOUT_NEVER,
						l4_timeout_from_us(300000))), -L4_EAGAIN);
	l4_cap_idx_t task = app.task;
	KCHECK_EQ(ldr_app_kill(&app), 0);
	KCHECK_EQ(app.state, LDR_APP_DEAD);
	KCHECK_EQ(app.exited, 0);
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4RE_THIS_TASK_CAP, task)), 0);
	KCHECK_EQ(ldr_app_kill(&app), -L4_EINVAL);
	KCHECK_EQ(ldr_app_wait(&app, wait_to()), -L4_EINVAL);
	l4re_util_cap_free_um(bin);
}

/* A corrupt image: refused with a message; the loader goes on working. */
static void refuse(const char *name, int elf_err)
{
	static const char *const argv[] = { "rom/corrupt", 0 };
	struct ldr_app app;
	l4_cap_idx_t bin = module(name);
	KASSERT(l4_is_valid_cap(bin));
	struct ldr_opts o = child_opts(&parents[4], argv);
	KCHECK_EQ(ldr_app_start(&app, bin, &o), -L4_EINVAL);
	KCHECK_EQ(app.elf_err, elf_err);
	KCHECK_EQ(app.state, LDR_APP_INITIALIZING);
	KCHECK(app.msg[0] != 0);
	ktap_note("rom/%s refused: %s", name, app.msg);
	KCHECK_EQ(ldr_app_kill(&app), -L4_EINVAL);
	l4re_util_cap_free_um(bin);
}

KTEST(g_corrupt_elf_refused)
{
	refuse("rt-corrupt.txt", LDR_ELF_EMAGIC);
	refuse("rt-child-truncated", LDR_ELF_EFILERANGE);
	static const char *const argv[] = { "rom/rt-child", "exit", "5", 0 };
	KCHECK_EQ(run_child(&parents[4], argv), 5);
}

KTEST(h_bad_options)
{
	static const char *const argv[] = { "rom/rt-child", "exit", "0", 0 };
	struct ldr_app app;
	l4_cap_idx_t bin = module("rt-child");
	struct ldr_opts o = child_opts(&parents[5], argv);
	o.argv = 0;
	KCHECK_EQ(ldr_app_start(&app, bin, &o), -L4_EINVAL);
	o = child_opts(&parents[5], argv);
	struct ldr_named_cap long_name = { "a-name-too-long-for-l4re", rom, L4_CAP_FPAGE_R };
	o.caps = &long_name;
	o.n_caps = 1;
	KCHECK_EQ(ldr_app_start(&app, bin, &o), -L4_EINVAL);
	o = child_opts(&parents[5], argv);
	o.mem = L4_INVALID_CAP;
	KCHECK_EQ(ldr_app_start(&app, bin, &o), -L4_EINVAL);
	/* Not a dataspace: the log. */
	o = child_opts(&parents[5], argv);
	KCHECK(ldr_app_start(&app, child_log, &o) < 0);
	ktap_note("log as binary: %s", app.msg);
	l4re_util_cap_free_um(bin);
}

/* A memory allocator with a small quota: loading fails cleanly, and
 * everything it took is given back. */
KTEST(i_quota_exhausted)
{
	enum { QUOTA = 48 * 1024 };
	static const char *const argv[] = { "rom/rt-child", "exit", "0", 0 };
	l4_cap_idx_t small = l4re_util_cap_alloc();
	l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_FACTORY, small, l4_utcb());
	l4_factory_create_add_uint_u(QUOTA, &t, l4_utcb());
	KASSERT_EQ(l4_error(l4_factory_create_commit_u(l4re_env()->mem_alloc, t, l4_utcb())), 0);
	struct ldr_app app;
	l4_cap_idx_t bin = module("rt-child");
	struct ldr_opts o = child_opts(&parents[5], argv);
	o.mem = small;
	o.stack_size = 64 * 1024; /* alone more than the quota */
	KCHECK_EQ(ldr_app_start(&app, bin, &o), -L4_ENOMEM);
	ktap_note("quota: %s", app.msg);
	KCHECK_EQ(app.state, LDR_APP_INITIALIZING);
	/* Everything came back: nearly the whole quota is free again. */
	l4_cap_idx_t ds = l4re_util_cap_alloc();
	KCHECK_EQ(l4re_ma_alloc_align_srv(small, QUOTA - 8192, ds, 0, 0), 0);
	l4re_ma_free_srv(small, ds);
	l4re_util_cap_free_um(ds);
	/* And the system goes on: a normal start still works. */
	KCHECK_EQ(run_child(&parents[5], (const char *const[]){ "rom/rt-child", "exit", "9", 0 }), 9);
	l4re_util_cap_free_um(bin);
	l4re_util_cap_free_um(small);
}

KTEST(j_parent_signal_errors)
{
	/* Unknown signal: -L4_ENOSYS from the parent object (our own). */
	KCHECK_EQ(l4re_parent_signal(parents[5].obj.gate, 5, 0), -L4_ENOSYS);
	/* The exit signal records the status. */
	parents[5].exited = 0;
	KCHECK_EQ(l4re_parent_signal(parents[5].obj.gate, L4RE_PARENT_SIGNAL_EXIT, 77), 0);
	KCHECK_EQ(parents[5].exited, 1);
	KCHECK_EQ(parents[5].status, 77);
}

static long setup(void)
{
	rom = l4re_env_get_cap("rom");
	l4_cap_idx_t th = kt_thread_start_ex(server_thread, 0, L4RE_MAIN_THREAD_PRIO,
					     L4_BASE_PAGER_CAP, L4_INVALID_CAP);
	if (l4_is_invalid_cap(th))
		return -L4_ENOMEM;
	long r = l4srv_server_init(&srv, th, l4re_env()->factory, 0, objs, 16);
	for (unsigned i = 0; r == 0 && i < N_PARENTS; i++)
		r = ldr_parent_register(&parents[i], &srv, l4re_env()->factory,
					l4re_env()->main_thread, 0);
	srv_go = 1;
	if (r < 0)
		return r;
	/* The children's log: a moe log object tagged "child". */
	child_log = l4re_util_cap_alloc();
	l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_LOG, child_log, l4_utcb());
	l4_factory_create_add_str_u("child", &t, l4_utcb());
	return l4_error(l4_factory_create_commit_u(l4re_env()->mem_alloc, t, l4_utcb()));
}

int main(int argc, char **argv)
{
	init_argc = argc;
	init_argv = argv;
	long r = setup();
	if (r < 0) {
		l4_kprintf("rt-loader: set-up failed: %ld\n", r);
		ktap_bail("set-up failed");
	}
	/* moe's arguments for init are not test filters. */
	return ktap_run_all(1, argv);
}
