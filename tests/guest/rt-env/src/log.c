/* Logs: the program's own log (env->log) and log objects made by the
 * factory, each printing with its tag (the scenario checks the lines). */
#include "rt_env.h"

#include <ktap.h>
#include <l4/re/c/log.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>

/* A log from env->mem_alloc with tag and color (an int, or a string when
 * color_s is set). */
static long new_log(const char *tag, long color, const char *color_s, l4_cap_idx_t *out)
{
	l4_utcb_t *u = l4_utcb();
	l4_cap_idx_t c = l4re_util_cap_alloc();
	l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_LOG, c, u);
	l4_factory_create_add_str_u(tag, &t, u);
	if (color_s)
		l4_factory_create_add_str_u(color_s, &t, u);
	else
		l4_factory_create_add_int_u(color, &t, u);
	long err = l4_error(l4_factory_create_commit_u(l4re_env()->mem_alloc, t, u));
	if (err < 0) {
		l4re_util_cap_free(c);
		return err;
	}
	*out = c;
	return 0;
}

KTEST(log_env_print)
{
	/* the scenario expects this line with init's tag in front */
	l4re_log_print("rt-env: line through env->log\n");
	l4re_log_printn("rt-env: printn part one, ", 25);
	l4re_log_printn("part two\nnot this", 9);
	l4re_log_printn(NULL, 5);
	l4re_log_printn("x", -1);
	KCHECK(1);
}

KTEST(log_factory_tag)
{
	l4_cap_idx_t log;
	KASSERT_EQ(new_log("rtlog", 0, NULL, &log), 0);
	/* one line in three writes: printed once, at the newline */
	l4re_log_print_srv(log, "hello ");
	l4re_log_print_srv(log, "from ");
	l4re_log_print_srv(log, "rtlog\nsecond line\n");
	l4_cap_idx_t longtag;
	KASSERT_EQ(new_log("averylongtagname", 0, NULL, &longtag), 0);
	l4re_log_print_srv(longtag, "tag cut to eight columns\n");
	l4_cap_idx_t colored;
	KASSERT_EQ(new_log("rtcol", 0, "R", &colored), 0);
	l4re_log_print_srv(colored, "in bright red\n");
	l4_cap_idx_t blue;
	KASSERT_EQ(new_log("rtblue", 4, NULL, &blue), 0);
	l4re_log_print_srv(blue, "in blue\n");
	l4re_util_cap_free_um(log);
	l4re_util_cap_free_um(longtag);
	l4re_util_cap_free_um(colored);
	l4re_util_cap_free_um(blue);
}

KTEST(log_vcon_ops)
{
	l4_cap_idx_t log;
	KASSERT_EQ(new_log("rtops", 0, NULL, &log), 0);
	char buf[16];
	/* no input ever: 0 bytes, queue empty */
	KCHECK_EQ(l4_vcon_read(log, buf, sizeof(buf)), 0);
	l4_vcon_attr_t a = { 0, 0, 0 };
	KCHECK_EQ(l4_error(l4_vcon_get_attr(log, &a)), 0);
	a.l_flags = 0;
	KCHECK_EQ(l4_error(l4_vcon_set_attr(log, &a)), 0);
	l4_vcon_attr_t b = { 1, 1, 1 };
	KCHECK_EQ(l4_error(l4_vcon_get_attr(log, &b)), 0);
	KCHECK_EQ(b.l_flags, 0);
	KCHECK_EQ(b.o_flags, a.o_flags);
	/* a write answers callers too, and checks its size */
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4_VCON_WRITE_OP;
	mr->mr[1] = 100; /* but one word follows */
	mr->mr[2] = 0;
	KCHECK_EQ(l4_error(l4_ipc_call(log, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 3, 0, 0),
				       L4_IPC_NEVER)), -L4_EMSGTOOSHORT);
	mr->mr[0] = 9; /* no such operation */
	KCHECK_EQ(l4_error(l4_ipc_call(log, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 1, 0, 0),
				       L4_IPC_NEVER)), -L4_ENOSYS);
	KCHECK_EQ(l4_error(l4_ipc_call(log, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 0, 0, 0),
				       L4_IPC_NEVER)), -L4_EMSGTOOSHORT);
	/* set_attr needs W */
	l4_cap_idx_t ro = l4re_util_cap_alloc();
	KASSERT_EQ(l4_error(l4_task_map(L4RE_THIS_TASK_CAP, L4RE_THIS_TASK_CAP,
					l4_obj_fpage(log, 0, L4_CAP_FPAGE_R), ro | L4_ITEM_MAP)), 0);
	KCHECK_EQ(l4_error(l4_vcon_set_attr(ro, &a)), -L4_EPERM);
	l4re_util_cap_free_um(ro);
	l4re_util_cap_free_um(log);
}

KTEST(log_factory_bad_args)
{
	l4_utcb_t *u = l4_utcb();
	l4_cap_idx_t c = l4re_util_cap_alloc();
	/* the tag must be a string */
	l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_LOG, c, u);
	l4_factory_create_add_int_u(5, &t, u);
	KCHECK_EQ(l4_error(l4_factory_create_commit_u(l4re_env()->mem_alloc, t, u)), -L4_EINVAL);
	l4re_util_cap_free(c);
}
