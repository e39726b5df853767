/* clntsrv-server: the server half of the client/server example. ned
 * gives it an IPC gate named "calc_server" with server rights (:svr());
 * it binds the gate to its thread and serves the calculator protocol
 * (clntsrv.h) with pkg/l4srv: add and neg for anybody, reset only for a
 * client whose capability has the S right, and per-client session objects
 * that ned (or anybody holding S) creates through the factory protocol. */
#include "clntsrv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/srv/srv.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/rcv_endpoint.h>

struct calc {
	struct l4srv_obj obj;  /* first: the registry's part */
	char name[64];         /* what GREET answers */
};

static struct l4srv_server srv;
static struct l4srv_obj *objs[64];
static struct calc server = { .name = "calc" };
static unsigned long served;

static long op_add(struct l4srv_obj *o, struct l4srv_msg *m)
{
	l4_umword_t a, b;
	int r = l4srv_get_word(m, &a);
	if (r == 0)
		r = l4srv_get_word(m, &b);
	if (r < 0)
		return r;
	served++;
	return l4srv_put_word(m, a + b);
}

static long op_neg(struct l4srv_obj *o, struct l4srv_msg *m)
{
	l4_mword_t a;
	int r = l4srv_get_sword(m, &a);
	if (r < 0)
		return r;
	served++;
	return l4srv_put_word(m, (l4_umword_t)-a);
}

static long op_greet(struct l4srv_obj *o, struct l4srv_msg *m)
{
	struct calc *c = (struct calc *)o;
	served++;
	return l4srv_put_string(m, c->name, strlen(c->name));
}

/* Needs S (the table says so; the framework answers -L4_EPERM). */
static long op_reset(struct l4srv_obj *o, struct l4srv_msg *m)
{
	unsigned long n = served;
	served = 0;
	printf("clntsrv-server: reset after %lu requests\n", n);
	return l4srv_put_word(m, n);
}

static const struct l4srv_op calc_ops[] = {
	{ CLNTSRV_ADD, 0, op_add },
	{ CLNTSRV_NEG, 0, op_neg },
	{ CLNTSRV_GREET, 0, op_greet },
	{ CLNTSRV_RESET, L4_CAP_FPAGE_S, op_reset },
};

static void session_destroy(struct l4srv_obj *o)
{
	free(o);
}

static const struct l4srv_iface session_ifaces[] = {
	{ .proto = CLNTSRV_PROTO, .ops = calc_ops, .n_ops = 4, .name = "clntsrv::Calc" },
};
static const struct l4srv_type session_type = {
	.name = "session", .ifaces = session_ifaces, .n_ifaces = 1, .destroy = session_destroy,
};

/* create(CLNTSRV_PROTO, "name"): a session object greeting with name. */
static long create_session(struct l4srv_obj *fab, long proto, struct l4srv_msg *m,
			   struct l4srv_obj **out)
{
	struct l4srv_varg name;
	if (proto != CLNTSRV_PROTO)
		return -L4_ENODEV;
	int r = l4srv_varg_next(m, &name);
	if (r < 0)
		return r;
	if (r == 0)
		return -L4_EMSGTOOSHORT;
	if (name.type != L4_VARG_TYPE_STRING || name.len == 0 || name.len >= 64)
		return -L4_EINVAL;
	struct calc *s = calloc(1, sizeof(*s));
	if (!s)
		return -L4_ENOMEM;
	memcpy(s->name, name.v.s.buf, name.len + 1);
	r = l4srv_register(&srv, &s->obj, &session_type, "session");
	if (r < 0) {
		free(s);
		return r;
	}
	printf("clntsrv-server: new session '%s'\n", s->name);
	*out = &s->obj;
	return 0;
}

static long calc_factory(struct l4srv_obj *o, struct l4srv_msg *m)
{
	return l4srv_factory_dispatch(o, m, create_session);
}

static const struct l4srv_iface calc_ifaces[] = {
	{ .proto = CLNTSRV_PROTO, .ops = calc_ops, .n_ops = 4, .name = "clntsrv::Calc" },
	{ .proto = L4_PROTO_FACTORY, .any = calc_factory, .name = "factory" },
};
static const struct l4srv_type calc_type = {
	.name = "calc", .ifaces = calc_ifaces, .n_ifaces = 2,
};

int main(void)
{
	l4re_env_t *e = l4re_env();
	setvbuf(stdout, NULL, _IOLBF, 0);
	l4_cap_idx_t gate = l4re_env_get_cap("calc_server");
	if (l4_is_invalid_cap(gate)) {
		fprintf(stderr, "clntsrv-server: no capability 'calc_server'\n");
		return 1;
	}
	int r = l4srv_server_init(&srv, e->main_thread, e->factory, NULL, objs, 64);
	if (r == 0)
		r = l4srv_register(&srv, &server.obj, &calc_type, "calc");
	/* ned's gate reaches the same object: the same label. */
	if (r == 0)
		r = (int)l4_error(l4_rcv_ep_bind_thread(gate, e->main_thread, server.obj.slot << 2));
	if (r < 0) {
		fprintf(stderr, "clntsrv-server: cannot serve 'calc_server': %s (%d)\n",
			l4sys_errtostr(r), r);
		return 1;
	}
	printf("clntsrv-server: ready\n");
	fflush(stdout);
	l4srv_loop(&srv);
}
