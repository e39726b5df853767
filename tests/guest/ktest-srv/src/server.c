/* The test server of ktest-srv: echo objects and their factory, written
 * with libl4srv and served by l4srv_loop() in a thread of the root task. */
#include <l4/re/c/util/cap_alloc.h>
#include "echo.h"

#include <ktest_util.h>
#include <ktest_more.h>
#include <l4/sys/kdebug.h>
#include <minrt_string.h>

struct l4srv_server echo_srv;
struct echo echo_main;
struct l4srv_obj echo_factory;
l4_cap_idx_t echo_kept_cap = L4_INVALID_CAP;
volatile unsigned long echo_caps_alloc, echo_caps_free;

/* Capability slots of the server: libl4re's allocator (which ktap's
 * kt_cap_alloc uses too), counted so the tests can see leaks. */
static l4_cap_idx_t slot_alloc(void *ctx)
{
	(void)ctx;
	echo_caps_alloc++;
	return l4re_util_cap_alloc();
}
static void slot_free(void *ctx, l4_cap_idx_t cap)
{
	(void)ctx;
	echo_caps_free++;
	l4re_util_cap_free(cap);
}
static const struct l4srv_cap_ops slot_ops = { slot_alloc, slot_free, 0 };

static long op_get(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct echo *e = (struct echo *)obj;
	int r = l4srv_put_word(m, (l4_umword_t)e->value);
	return r ? r : l4srv_put_string(m, e->name, strlen(e->name));
}

static long op_set(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct echo *e = (struct echo *)obj;
	l4_mword_t v;
	char name[sizeof(e->name)];
	int r = l4srv_get_sword(m, &v);
	if (!r)
		r = l4srv_get_string(m, name, sizeof(name), 0);
	if (r)
		return r;
	e->value = v;
	memcpy(e->name, name, sizeof(name));
	return 0;
}

static long op_str(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	(void)obj;
	char buf[64];
	unsigned long len;
	int r = l4srv_get_string(m, buf, sizeof(buf), &len);
	if (!r)
		r = l4srv_put_string(m, buf, len);
	return r ? r : (long)len;
}

static long op_flood(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	(void)obj;
	for (unsigned i = 0; i < 100; i++)
		l4srv_put_word(m, i); /* the framework must notice the overflow */
	return 0;
}

static long op_admin(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	(void)obj;
	(void)m;
	return 7;
}

/* mode 0: item 0 must be an echo object: -> its value, the rights seen,
 *         whether the kernel gave a local id.
 * mode 1: any capability: a foreign one is kept (echo_kept_cap): label 1;
 *         one of ours: label 2 and its value.
 * mode 2: any capability, nothing kept: label 1 foreign, 2 ours. */
static long op_cap(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	(void)obj;
	l4_umword_t mode;
	struct l4srv_obj *o;
	l4_cap_idx_t cap;
	unsigned rights;
	if (l4srv_get_word(m, &mode))
		return -L4_EMSGTOOSHORT;
	extern const struct l4srv_type echo_type;
	int r = l4srv_get_cap(m, 0, mode == 0 ? &echo_type : 0, &o, &cap, &rights);
	if (r)
		return r;
	if (o) {
		l4srv_put_word(m, (l4_umword_t)((struct echo *)o)->value);
		l4srv_put_word(m, rights);
		l4srv_put_word(m, (l4_umword_t)echo_srv.local_ids);
		return mode == 0 ? 0 : 2;
	}
	if (mode == 1) {
		l4srv_take_cap(m, 0);
		echo_kept_cap = cap;
	}
	return 1;
}

static long op_big(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	(void)obj;
	static char x[63 * 8];
	l4_umword_t n;
	if (l4srv_get_word(m, &n))
		return -L4_EMSGTOOSHORT;
	if (n > sizeof(x))
		return -L4_EINVAL;
	memset(x, 'x', n);
	return l4srv_put_string(m, x, n);
}

static long op_delete(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	(void)m;
	l4srv_unregister(&echo_srv, obj);
	return 0;
}

static const struct l4srv_op echo_ops[] = {
	{ ECHO_GET, 0, op_get },
	{ ECHO_SET, L4_CAP_FPAGE_W, op_set },
	{ ECHO_STR, 0, op_str },
	{ ECHO_FLOOD, 0, op_flood },
	{ ECHO_ADMIN, L4_CAP_FPAGE_S, op_admin },
	{ ECHO_CAP, 0, op_cap },
	{ ECHO_BIG, 0, op_big },
	{ ECHO_DELETE, L4_CAP_FPAGE_W, op_delete },
};
static const struct l4srv_iface echo_ifaces[] = {
	{ P_ECHO, echo_ops, sizeof(echo_ops) / sizeof(echo_ops[0]), 0, "echo" },
};
static void echo_destroy(struct l4srv_obj *o) { ((struct echo *)o)->value = -1; }
const struct l4srv_type echo_type = { "Echo", echo_ifaces, 1, echo_destroy };

/* Objects the factory makes. */
static struct echo pool[8];

static long echo_create(struct l4srv_obj *f, long proto, struct l4srv_msg *m,
			struct l4srv_obj **out)
{
	(void)f;
	struct l4srv_varg v;
	if (proto != P_ECHO)
		return -L4_ENODEV;
	struct echo *e = 0;
	for (unsigned i = 0; i < 8 && !e; i++)
		if (!pool[i].o.slot)
			e = &pool[i];
	if (!e)
		return -L4_ENOMEM;
	*e = (struct echo){ .value = 0 };
	int r;
	while ((r = l4srv_varg_next(m, &v)) > 0) {
		if (v.type == L4_VARG_TYPE_UMWORD || v.type == L4_VARG_TYPE_MWORD)
			e->value = (long)v.v.u;
		else if (v.type == L4_VARG_TYPE_STRING)
			strlcpy(e->name, v.v.s.buf, sizeof(e->name));
		else
			return -L4_EINVAL;
	}
	if (r < 0)
		return r;
	r = l4srv_register(&echo_srv, &e->o, &echo_type, "echo-child");
	if (r)
		return r;
	*out = &e->o;
	return 0;
}

static long factory_any(struct l4srv_obj *o, struct l4srv_msg *m)
{
	return l4srv_factory_dispatch(o, m, echo_create);
}
static const struct l4srv_iface factory_ifaces[] = {
	{ L4_PROTO_FACTORY, 0, 0, factory_any, "factory" },
};
static const struct l4srv_type factory_type = { "EchoFactory", factory_ifaces, 1, 0 };

static struct l4srv_obj *objs[16];
static volatile int go;

static void server_thread(void *arg)
{
	(void)arg;
	kt_wait_flag(&go, ~0ULL);
	l4srv_loop(&echo_srv);
}

int echo_server_start(void)
{
	static int started;
	if (started)
		return started > 0 ? 0 : -1;
	started = -1;
	l4_cap_idx_t th = kt_thread_start(server_thread, 0, 30);
	if (l4_is_invalid_cap(th))
		return -1;
	if (l4srv_server_init(&echo_srv, th, L4_BASE_FACTORY_CAP, &slot_ops, objs, 16) ||
	    l4srv_register(&echo_srv, &echo_main.o, &echo_type, "echo") ||
	    l4srv_register(&echo_srv, &echo_factory, &factory_type, "echo-factory"))
		return -1;
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	started = 1;
	return 0;
}
