/* rt-child: started by rt-loader through pkg/loader.
 *
 *   rt-child exit <status> [capname...]   checks, prints, exits with status
 *   rt-child hang                         prints, then blocks (to be killed)
 *
 * Every line goes to the log capability (a moe log, so "child   | ...").
 * When a check of the initial environment fails, the exit status is
 * 100 + the number of failures instead of <status>, so the starter sees it. */
#include <minrt_string.h>
#include <l4/re/env.h>
#include <l4/re/l4aux.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kprint.h>
#include <l4/sys/task.h>

int main(int argc, char **argv);
extern char **environ;

static unsigned bad;

static void check(int ok, const char *what)
{
	if (!ok) {
		bad++;
		l4_kprintf("rt-child: FAILED %s\n", what);
	}
}

static long parse_long(const char *s)
{
	long v = 0, sign = 1;
	if (*s == '-')
		sign = -1, s++;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return sign * v;
}

/* The environment the loader promised (doc/runtime.md "The loader"). */
static void check_env(char **argv)
{
	l4re_env_t *e = l4re_env();
	check(e && e->rm == (4UL << L4_CAP_SHIFT), "env rm slot 4");
	check(e && e->mem_alloc == (0x11UL << L4_CAP_SHIFT), "env mem_alloc slot 0x11");
	check(e && e->parent == (0x10UL << L4_CAP_SHIFT), "env parent slot 0x10");
	check(e && e->first_free_cap >= (0x40UL << L4_CAP_SHIFT), "env first_free_cap");
	check(e && e->first_free_utcb == 0x7fffffe00000UL + L4_UTCB_OFFSET, "env first_free_utcb");
	check(l4re_aux && l4re_aux->binary && !strcmp(l4re_aux->binary, argv[0]), "aux binary");
	check(environ && environ[0] && !strcmp(environ[0], "RT_CHILD=1"), "envp");
	for (char **p = environ; p && *p; p++)
		l4_kprintf("rt-child: env %s\n", *p);
}

/* Memory through the child's own allocator and region map. */
static void check_memory(void)
{
	l4_cap_idx_t ds = l4re_util_cap_alloc();
	void *at = 0;
	long r = l4re_ma_alloc(8192, ds, 0);
	check(r == 0, "mem_alloc 8 KiB");
	if (r == 0)
		r = l4re_rm_attach(&at, 8192, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, 0);
	check(r == 0, "rm attach");
	if (r == 0) {
		volatile unsigned long *p = at;
		p[0] = 0x1234, p[1000] = 0x5678;
		check(p[0] == 0x1234 && p[1000] == 0x5678, "memory reads back");
	}
}

int main(int argc, char **argv)
{
	l4_kprintf("rt-child: argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		l4_kprintf("rt-child: argv[%d]=%s\n", i, argv[i]);
	for (l4re_env_cap_entry_t const *c = l4re_env()->caps; c && c->flags != ~0UL; c++)
		l4_kprintf("rt-child: cap %.16s at %#lx\n", c->name, c->cap >> L4_CAP_SHIFT);
	check_env(argv);
	if (argc >= 2 && !strcmp(argv[1], "hang")) {
		l4_kprintf("rt-child: hanging\n");
		for (;;)
			l4_ipc_sleep(L4_IPC_NEVER);
	}
	check(argc >= 3 && !strcmp(argv[1], "exit"), "arguments: exit <status>");
	for (int i = 3; i < argc; i++) {
		l4_cap_idx_t c = l4re_env_get_cap(argv[i]);
		check(l4_is_valid_cap(c) && l4_error(l4_task_cap_valid(L4RE_THIS_TASK_CAP, c)) == 1,
		      "named capability present");
	}
	check_memory();
	long status = argc >= 3 ? parse_long(argv[2]) : 0;
	if (bad)
		status = 100 + bad;
	l4_kprintf("rt-child: exiting with %ld\n", status);
	return (int)status;
}
