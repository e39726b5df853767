/* Namespaces: moe's namespace objects (register, query, unlink, link,
 * nesting, reservations, rights, malformed requests) and the rom. */
#include "rt_env.h"

#include <ktap.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>

static l4_cap_idx_t new_ns(void)
{
	l4_cap_idx_t c = L4_INVALID_CAP;
	long err = rt_factory_create(L4RE_PROTO_NAMESPACE, &c);
	if (err < 0)
		ktap_note("create namespace: %ld", err);
	return err < 0 ? L4_INVALID_CAP : c;
}

static l4_cap_idx_t new_irq(void)
{
	l4_cap_idx_t c = l4re_util_cap_alloc();
	if (l4_error(l4_factory_create_irq(l4re_env()->factory, c)) < 0) {
		l4re_util_cap_free(c);
		return L4_INVALID_CAP;
	}
	return c;
}

static bool same(l4_cap_idx_t a, l4_cap_idx_t b)
{
	return l4_msgtag_label(l4_task_cap_equal(L4RE_THIS_TASK_CAP, a, b)) == 1;
}

/* Queries name in ns into a new slot; returns the result, *out the slot
 * (freed with its capability by the caller, also on errors). */
static long query(l4_cap_idx_t ns, const char *name, l4_cap_idx_t *out)
{
	*out = l4re_util_cap_alloc();
	return l4re_ns_query_to_srv(ns, name, *out, 0);
}

KTEST(ns_register_query_unlink)
{
	l4_cap_idx_t ns = new_ns(), irq = new_irq(), r;
	KASSERT(l4_is_valid_cap(ns) && l4_is_valid_cap(irq));
	KCHECK_EQ(l4re_ns_register_obj_srv(ns, "irq1", irq, L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(query(ns, "irq1", &r), 0);
	KCHECK(same(r, irq));
	l4re_util_cap_free_um(r);
	KCHECK_EQ(query(ns, "irq2", &r), -L4_ENOENT);
	l4re_util_cap_free_um(r);
	KCHECK_EQ(l4re_ns_register_obj_srv(ns, "irq1", irq, L4RE_NS_REGISTER_RW), -L4_EEXIST);
	KCHECK_EQ(l4re_ns_unlink_srv(ns, "irq1"), 0);
	KCHECK_EQ(query(ns, "irq1", &r), -L4_ENOENT);
	l4re_util_cap_free_um(r);
	KCHECK_EQ(l4re_ns_unlink_srv(ns, "irq1"), -L4_ENOENT);
	/* the object itself is still there */
	KCHECK_EQ(l4_msgtag_label(l4_task_cap_valid(L4RE_THIS_TASK_CAP, irq)), 1);
	l4re_util_cap_free_um(irq);
	l4re_util_cap_free_um(ns);
}

KTEST(ns_overwrite_and_link)
{
	l4_cap_idx_t ns = new_ns(), a = new_irq(), b = new_irq(), r;
	KASSERT(l4_is_valid_cap(ns) && l4_is_valid_cap(a) && l4_is_valid_cap(b));
	KCHECK_EQ(l4re_ns_register_obj_srv(ns, "x", a, L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(l4re_ns_register_obj_srv(ns, "x", b,
					   L4RE_NS_REGISTER_RW | L4RE_NS_REGISTER_OVERWRITE), 0);
	KCHECK_EQ(query(ns, "x", &r), 0);
	KCHECK(same(r, b));
	l4re_util_cap_free_um(r);
	KCHECK_EQ(l4re_ns_link_srv(ns, "alias", L4_INVALID_CAP, "x", L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(query(ns, "alias", &r), 0);
	KCHECK(same(r, b));
	l4re_util_cap_free_um(r);
	KCHECK_EQ(l4re_ns_link_srv(ns, "alias", L4_INVALID_CAP, "x", L4RE_NS_REGISTER_RW),
		  -L4_EEXIST);
	KCHECK_EQ(l4re_ns_link_srv(ns, "other", L4_INVALID_CAP, "nope", L4RE_NS_REGISTER_RW),
		  -L4_ENOENT);
	/* the link stays when the original goes */
	KCHECK_EQ(l4re_ns_unlink_srv(ns, "x"), 0);
	KCHECK_EQ(query(ns, "alias", &r), 0);
	KCHECK(same(r, b));
	l4re_util_cap_free_um(r);
	l4re_util_cap_free_um(a);
	l4re_util_cap_free_um(b);
	l4re_util_cap_free_um(ns);
}

KTEST(ns_nested)
{
	l4_cap_idx_t top = new_ns(), sub = new_ns(), irq = new_irq(), r;
	KASSERT(l4_is_valid_cap(top) && l4_is_valid_cap(sub) && l4_is_valid_cap(irq));
	KCHECK_EQ(l4re_ns_register_obj_srv(top, "sub", sub, L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(l4re_ns_register_obj_srv(sub, "x", irq, L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(query(top, "sub/x", &r), 0);
	KCHECK(same(r, irq));
	l4re_util_cap_free_um(r);
	KCHECK_EQ(query(top, "sub", &r), 0);
	KCHECK(same(r, sub));
	l4re_util_cap_free_um(r);
	/* register and unlink through a path */
	KCHECK_EQ(l4re_ns_register_obj_srv(top, "sub/y", irq, L4RE_NS_REGISTER_RO), 0);
	KCHECK_EQ(query(sub, "y", &r), 0);
	KCHECK(same(r, irq));
	l4re_util_cap_free_um(r);
	KCHECK_EQ(l4re_ns_unlink_srv(top, "sub/y"), 0);
	KCHECK_EQ(query(sub, "y", &r), -L4_ENOENT);
	l4re_util_cap_free_um(r);
	KCHECK_EQ(query(top, "sub/zz", &r), -L4_ENOENT);
	l4re_util_cap_free_um(r);
	KCHECK_EQ(query(top, "nope/x", &r), -L4_ENOENT);
	l4re_util_cap_free_um(r);
	KCHECK_EQ(l4re_ns_register_obj_srv(top, "nope/y", irq, 0), -L4_ENOENT);
	/* three levels */
	l4_cap_idx_t deep = new_ns();
	KASSERT(l4_is_valid_cap(deep));
	KCHECK_EQ(l4re_ns_register_obj_srv(top, "sub/deep", deep, L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(l4re_ns_register_obj_srv(top, "sub/deep/z", irq, L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(query(top, "sub/deep/z", &r), 0);
	KCHECK(same(r, irq));
	l4re_util_cap_free_um(r);
	l4re_util_cap_free_um(deep);
	l4re_util_cap_free_um(irq);
	l4re_util_cap_free_um(sub);
	l4re_util_cap_free_um(top);
}

KTEST(ns_bad_names)
{
	l4_cap_idx_t ns = new_ns(), irq = new_irq(), r;
	KASSERT(l4_is_valid_cap(ns) && l4_is_valid_cap(irq));
	static const char *bad[] = {
		"", "with space", "tab\there", "/lead", "a//b",
		"0123456789012345678901234567890123456789012345678901234567890123", /* 64 */
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		KCHECK_EQ(l4re_ns_register_obj_srv(ns, bad[i], irq, L4RE_NS_REGISTER_RW), -L4_EINVAL);
		KCHECK_EQ(query(ns, bad[i], &r), -L4_EINVAL);
		l4re_util_cap_free_um(r);
	}
	/* 63 characters are fine */
	const char *ok63 = "012345678901234567890123456789012345678901234567890123456789012";
	KCHECK_EQ(l4re_ns_register_obj_srv(ns, ok63, irq, L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(query(ns, ok63, &r), 0);
	l4re_util_cap_free_um(r);
	l4re_util_cap_free_um(irq);
	l4re_util_cap_free_um(ns);
}

/* A raw namespace request with words w[0..n) and no items. */
static long raw_call(l4_cap_idx_t ns, const l4_umword_t *w, unsigned n)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	for (unsigned i = 0; i < n; i++)
		mr->mr[i] = w[i];
	return l4_error(l4_ipc_call(ns, l4_utcb(), l4_msgtag(L4RE_PROTO_NAMESPACE, n, 0, 0),
				    L4_IPC_NEVER));
}

KTEST(ns_malformed_requests)
{
	l4_cap_idx_t ns = new_ns();
	KASSERT(l4_is_valid_cap(ns));
	l4_umword_t none[1] = { 0 };
	KCHECK_EQ(raw_call(ns, none, 0), -L4_EMSGTOOSHORT);        /* no opcode */
	l4_umword_t op9[1] = { 9 };
	KCHECK_EQ(raw_call(ns, op9, 1), -L4_ENOSYS);               /* no such op */
	l4_umword_t q_short[2] = { L4RE_NS_OP_QUERY, 100 };
	KCHECK_EQ(raw_call(ns, q_short, 2), -L4_EMSGTOOSHORT);     /* 100 bytes missing */
	l4_umword_t q_nul[3] = { L4RE_NS_OP_QUERY, 3, 'a' | ('b' << 16) };
	KCHECK_EQ(raw_call(ns, q_nul, 3), -L4_EINVAL);             /* "a\0b" */
	l4_umword_t r_noflags[1] = { L4RE_NS_OP_REGISTER };
	KCHECK_EQ(raw_call(ns, r_noflags, 1), -L4_EMSGTOOSHORT);
	l4_umword_t u_noname[1] = { L4RE_NS_OP_UNLINK };
	KCHECK_EQ(raw_call(ns, u_noname, 1), -L4_EMSGTOOSHORT);
	l4_umword_t l_short[4] = { L4RE_NS_OP_LINK, 0, 1, 'a' };
	KCHECK_EQ(raw_call(ns, l_short, 4), -L4_EMSGTOOSHORT);     /* no source name */
	/* the client refuses what it cannot send */
	KCHECK_EQ(l4re_ns_query_to_srv(ns, "x", L4_INVALID_CAP, 0), -L4_EINVAL);
	KCHECK_EQ(l4re_ns_query_to_srv(ns, "x", l4re_env()->first_free_cap, -1), -L4_EINVAL);
	l4re_util_cap_free_um(ns);
}

KTEST(ns_reserved_name)
{
	l4_cap_idx_t ns = new_ns(), irq = new_irq(), r;
	KASSERT(l4_is_valid_cap(ns) && l4_is_valid_cap(irq));
	KCHECK_EQ(l4re_ns_register_obj_srv(ns, "later", L4_INVALID_CAP, L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(query(ns, "later", &r), -L4_EAGAIN);
	l4re_util_cap_free_um(r);
	/* with a timeout the client asks again until it runs out */
	r = l4re_util_cap_alloc();
	KCHECK_EQ(l4re_ns_query_to_srv(ns, "later", r, 30), -L4_EAGAIN);
	l4re_util_cap_free_um(r);
	KCHECK_EQ(l4re_ns_register_obj_srv(ns, "later", irq, L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(query(ns, "later", &r), 0);
	KCHECK(same(r, irq));
	l4re_util_cap_free_um(r);
	l4re_util_cap_free_um(irq);
	l4re_util_cap_free_um(ns);
}

KTEST(ns_rights)
{
	l4_cap_idx_t top = new_ns(), sub = new_ns(), irq = new_irq(), r, ro;
	KASSERT(l4_is_valid_cap(top) && l4_is_valid_cap(sub) && l4_is_valid_cap(irq));
	/* an entry keeps the rights it was registered with */
	KCHECK_EQ(l4re_ns_register_obj_srv(top, "ro", sub, L4RE_NS_REGISTER_RO), 0);
	KCHECK_EQ(l4re_ns_register_obj_srv(top, "rw", sub, L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(query(top, "ro", &r), 0);
	KCHECK_EQ(l4re_ns_register_obj_srv(r, "a", irq, L4RE_NS_REGISTER_RW), -L4_EPERM);
	KCHECK_EQ(l4re_ns_unlink_srv(r, "a"), -L4_EPERM);
	l4re_util_cap_free_um(r);
	KCHECK_EQ(query(top, "rw", &r), 0);
	KCHECK_EQ(l4re_ns_register_obj_srv(r, "a", irq, L4RE_NS_REGISTER_RW), 0);
	l4re_util_cap_free_um(r);
	/* querying needs no W; registering does */
	ro = l4re_util_cap_alloc();
	KASSERT_EQ(l4_error(l4_task_map(L4RE_THIS_TASK_CAP, L4RE_THIS_TASK_CAP,
					l4_obj_fpage(top, 0, L4_CAP_FPAGE_R), ro | L4_ITEM_MAP)), 0);
	KCHECK_EQ(query(ro, "rw/a", &r), 0);
	KCHECK(same(r, irq));
	l4re_util_cap_free_um(r);
	KCHECK_EQ(l4re_ns_register_obj_srv(ro, "b", irq, L4RE_NS_REGISTER_RW), -L4_EPERM);
	/* a W right cannot be handed on by someone who has only R */
	KCHECK_EQ(l4re_ns_register_obj_srv(top, "sub2", ro, L4RE_NS_REGISTER_RW), 0);
	KCHECK_EQ(query(top, "sub2", &r), 0);
	KCHECK_EQ(l4re_ns_register_obj_srv(r, "c", irq, L4RE_NS_REGISTER_RW), -L4_EPERM);
	l4re_util_cap_free_um(r);
	l4re_util_cap_free_um(ro);
	l4re_util_cap_free_um(irq);
	l4re_util_cap_free_um(sub);
	l4re_util_cap_free_um(top);
}

KTEST(rom_query_module)
{
	l4_cap_idx_t rom = l4re_env_get_cap("rom"), ds;
	KASSERT(l4_is_valid_cap(rom));
	KCHECK_EQ(query(rom, "rt-env", &ds), 0);
	l4re_ds_size_t size = l4re_ds_size(ds);
	KCHECK_GE((long)size, 4096);
	KCHECK_LT((long)size, 64 * 1024 * 1024);
	l4re_util_cap_free_um(ds);
	KCHECK_EQ(query(rom, "no-such-module", &ds), -L4_ENOENT);
	l4re_util_cap_free_um(ds);
	/* the rom is moe's: clients cannot change it */
	long err = l4re_ns_unlink_srv(rom, "rt-env");
	KCHECK(err == -L4_EPERM || err == -L4_EACCESS);
	err = l4re_ns_register_obj_srv(rom, "rt-env", l4re_env()->log,
				       L4RE_NS_REGISTER_RW | L4RE_NS_REGISTER_OVERWRITE);
	KCHECK(err == -L4_EPERM || err == -L4_EEXIST);
}

KTEST(ns_deleted_object)
{
	l4_cap_idx_t ns = new_ns(), irq = new_irq(), r;
	KASSERT(l4_is_valid_cap(ns) && l4_is_valid_cap(irq));
	KCHECK_EQ(l4re_ns_register_obj_srv(ns, "gone", irq, L4RE_NS_REGISTER_RW), 0);
	/* the object is deleted (every capability to it goes, moe's too) */
	KCHECK_EQ(l4_error(l4_task_delete_obj(L4RE_THIS_TASK_CAP, irq)), 0);
	KCHECK_EQ(query(ns, "gone", &r), -L4_ENOENT);
	l4re_util_cap_free_um(r);
	l4re_util_cap_free(irq);
	l4re_util_cap_free_um(ns);
}
