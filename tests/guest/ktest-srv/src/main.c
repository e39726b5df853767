/* ktest-srv: the server framework (libl4srv). A server thread of this task
 * serves echo objects and their factory (server.c); clients in this task
 * and in a child task check ordinary calls, rights, malformed requests,
 * reply overflow, the meta protocol, the factory protocol, capability
 * arguments, unregistering and many requests in a row. */
#include "echo.h"

#include <ktap.h>
#include <ktest_more.h>
#include <ktest_task.h>
#include <ktest_util.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/meta.h>
#include <l4/sys/task.h>
#include <minrt_string.h>

int main(int argc, char **argv);

#define MR (l4_utcb_mr()->mr)

/* Calls cap with protocol proto, words w[0..n) and, if item is valid, that
 * capability (rights RWS) as item 0. */
static l4_msgtag_t call(l4_cap_idx_t cap, long proto, const l4_umword_t *w, unsigned n,
			l4_cap_idx_t item)
{
	for (unsigned i = 0; i < n; i++)
		MR[i] = w[i];
	unsigned items = 0;
	if (!l4_is_invalid_cap(item)) {
		MR[n] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
		MR[n + 1] = l4_obj_fpage(item, 0, L4_CAP_FPAGE_RWS).raw;
		items = 1;
	}
	return l4_ipc_call(cap, l4_utcb(), l4_msgtag(proto, n, items, 0), L4_IPC_NEVER);
}
#define W(...) ((const l4_umword_t[]){ __VA_ARGS__ })
#define NW(...) (sizeof((const l4_umword_t[]){ __VA_ARGS__ }) / sizeof(l4_umword_t))
#define CALL(cap, ...) call((cap), P_ECHO, W(__VA_ARGS__), NW(__VA_ARGS__), L4_INVALID_CAP)

/* Words of a string argument: length, then the bytes. Returns the count. */
static unsigned put_str(l4_umword_t *w, const char *s, unsigned long len)
{
	w[0] = len;
	memset(&w[1], 0, l4_bytes_to_mwords((unsigned)len) * 8);
	memcpy(&w[1], s, len);
	return 1 + l4_bytes_to_mwords((unsigned)len);
}

static long set(l4_cap_idx_t cap, long value, const char *name, unsigned long len)
{
	l4_umword_t w[16] = { ECHO_SET, (l4_umword_t)value };
	unsigned n = 2 + put_str(&w[2], name, len);
	return l4_error(call(cap, P_ECHO, w, n, L4_INVALID_CAP));
}

#define START() KASSERT_EQ(echo_server_start(), 0)
#define GATE (echo_main.o.gate)

KTEST(srv_calls_words_strings)
{
	START();
	KCHECK_EQ(set(GATE, 42, "hello", 5), 0);
	l4_msgtag_t t = CALL(GATE, ECHO_GET);
	KCHECK_EQ(l4_error(t), 0);
	KCHECK_EQ(l4_msgtag_words(t), 3);
	KCHECK_EQ(MR[0], 42);
	KCHECK_EQ(MR[1], 5);
	KCHECK(!memcmp(&MR[2], "hello", 5));
	l4_umword_t w[8] = { ECHO_STR };
	unsigned n = 1 + put_str(&w[1], "abcdefghijk", 11);
	t = call(GATE, P_ECHO, w, n, L4_INVALID_CAP);
	KCHECK_EQ(l4_error(t), 11);
	KCHECK_EQ(l4_msgtag_words(t), 3);
	KCHECK_EQ(MR[0], 11);
	KCHECK(!memcmp(&MR[1], "abcdefghijk", 11));
	KCHECK_EQ(set(GATE, -1000, "", 0), 0);
	t = CALL(GATE, ECHO_GET);
	KCHECK_EQ((long)MR[0], -1000);
	KCHECK_EQ(MR[1], 0);
	KCHECK_EQ(l4_msgtag_words(t), 2);
}

KTEST(srv_rights)
{
	START();
	l4_cap_idx_t ro = kt_cap_copy(GATE, L4_CAP_FPAGE_R, 0);
	l4_cap_idx_t rw = kt_cap_copy(GATE, L4_CAP_FPAGE_RW, 0);
	l4_cap_idx_t rs = kt_cap_copy(GATE, L4_CAP_FPAGE_RS, 0);
	KASSERT(!l4_is_invalid_cap(ro) && !l4_is_invalid_cap(rw) && !l4_is_invalid_cap(rs));
	KCHECK_EQ(set(ro, 1, "ro", 2), -L4_EPERM);
	KCHECK_EQ(l4_error(CALL(ro, ECHO_GET)), 0);
	KCHECK_EQ(l4_error(CALL(ro, ECHO_ADMIN)), -L4_EPERM);
	KCHECK_EQ(set(rw, 2, "rw", 2), 0);
	KCHECK_EQ(l4_error(CALL(rw, ECHO_ADMIN)), -L4_EPERM);
	KCHECK_EQ(set(rs, 3, "rs", 2), -L4_EPERM);
	KCHECK_EQ(l4_error(CALL(rs, ECHO_ADMIN)), 7);
	KCHECK_EQ(l4_error(CALL(ro, ECHO_DELETE)), -L4_EPERM);
	CALL(ro, ECHO_GET);
	KCHECK_EQ(MR[0], 2);
}

KTEST(srv_malformed)
{
	START();
	KCHECK_EQ(set(GATE, 9, "nine", 4), 0);
	KCHECK_EQ(l4_error(call(GATE, 0x4999, W(0), 1, L4_INVALID_CAP)), -L4_EBADPROTO);
	KCHECK_EQ(l4_error(CALL(GATE, 99)), -L4_ENOSYS);
	KCHECK_EQ(l4_error(call(GATE, P_ECHO, W(0), 0, L4_INVALID_CAP)), -L4_EMSGTOOSHORT);
	KCHECK_EQ(l4_error(CALL(GATE, ECHO_SET)), -L4_EMSGTOOSHORT);
	KCHECK_EQ(l4_error(CALL(GATE, ECHO_SET, 5)), -L4_EMSGTOOSHORT);
	/* A string whose length claims more words than were sent. */
	KCHECK_EQ(l4_error(CALL(GATE, ECHO_STR, 20, 0x41414141)), -L4_EMSGTOOSHORT);
	KCHECK_EQ(l4_error(CALL(GATE, ECHO_STR, ~0ul, 0x41414141)), -L4_EMSGTOOSHORT);
	/* Too long for the server's buffer, and one with a NUL inside. */
	KCHECK_EQ(set(GATE, 5, "0123456789012345678901234567890123456789", 40), -L4_EINVAL);
	KCHECK_EQ(set(GATE, 5, "abc\0def", 7), -L4_EINVAL);
	/* A capability where none is expected is harmless. */
	KCHECK_EQ(l4_error(call(GATE, P_ECHO, W(ECHO_GET), 1, L4_BASE_TASK_CAP)), 0);
	/* Nothing changed. */
	l4_msgtag_t t = CALL(GATE, ECHO_GET);
	KCHECK_EQ(l4_error(t), 0);
	KCHECK_EQ(MR[0], 9);
	KCHECK(!memcmp(&MR[2], "nine", 4));
}

KTEST(srv_reply_overflow)
{
	START();
	l4_msgtag_t t = CALL(GATE, ECHO_FLOOD);
	KCHECK_EQ(l4_error(t), -L4_EMSGTOOLONG);
	KCHECK_EQ(l4_msgtag_words(t), 0);
	t = CALL(GATE, ECHO_BIG, 62 * 8);
	KCHECK_EQ(l4_error(t), 0);
	KCHECK_EQ(l4_msgtag_words(t), 63);
	KCHECK_EQ(MR[0], 62 * 8);
	KCHECK_EQ(MR[62] & 0xff, 'x');
	t = CALL(GATE, ECHO_BIG, 62 * 8 + 1);
	KCHECK_EQ(l4_error(t), -L4_EMSGTOOLONG);
	KCHECK_EQ(l4_msgtag_words(t), 0);
}

KTEST(srv_meta)
{
	START();
	long proto = 0;
	char name[16];
	KCHECK_EQ(l4_error(l4_meta_num_interfaces(GATE)), 1);
	KCHECK_EQ(l4_error(l4_meta_interface(GATE, 0, &proto, name, sizeof(name))), 0);
	KCHECK_EQ(proto, P_ECHO);
	KCHECK(!strcmp(name, "echo"));
	KCHECK_EQ(l4_error(l4_meta_interface(GATE, 1, &proto, name, sizeof(name))), -L4_ERANGE);
	KCHECK_EQ(l4_error(l4_meta_supports(GATE, P_ECHO)), 1);
	KCHECK_EQ(l4_error(l4_meta_supports(GATE, L4_PROTO_META)), 1);
	KCHECK_EQ(l4_error(l4_meta_supports(GATE, L4_PROTO_FACTORY)), 0);
	KCHECK_EQ(l4_error(l4_meta_interface(echo_factory.gate, 0, &proto, name, sizeof(name))), 0);
	KCHECK_EQ(proto, L4_PROTO_FACTORY);
	KCHECK(!strcmp(name, "factory"));
	KCHECK_EQ(l4_error(call(GATE, L4_PROTO_META, W(77), 1, L4_INVALID_CAP)), -L4_ENOSYS);
}

/* Creates an echo object through factory into slot. */
static long create(l4_cap_idx_t factory, long proto, l4_cap_idx_t slot, long value, const char *n)
{
	l4_msgtag_t t = l4_factory_create_start_u(proto, slot, l4_utcb());
	l4_factory_create_add_uint_u((l4_umword_t)value, &t, l4_utcb());
	if (n)
		l4_factory_create_add_str_u(n, &t, l4_utcb());
	return l4_error(l4_factory_create_commit_u(factory, t, l4_utcb()));
}

KTEST(srv_factory_and_unregister)
{
	START();
	l4_cap_idx_t obj = kt_cap_alloc();
	KASSERT_EQ(create(echo_factory.gate, P_ECHO, obj, 5, "kid"), 0);
	l4_msgtag_t t = CALL(obj, ECHO_GET);
	KCHECK_EQ(l4_error(t), 0);
	KCHECK_EQ(MR[0], 5);
	KCHECK_EQ(MR[1], 3);
	KCHECK(!memcmp(&MR[2], "kid", 3));
	KCHECK_EQ(l4_error(l4_task_cap_equal(L4_BASE_TASK_CAP, obj, GATE)), 0);
	KCHECK_EQ(set(obj, 6, "x", 1), 0); /* the new capability has W */
	KCHECK_EQ(l4_error(CALL(obj, ECHO_ADMIN)), 7); /* and S */
	CALL(GATE, ECHO_GET);
	KCHECK_NE(MR[0], 6);
	/* Errors of create. */
	KCHECK_EQ(create(echo_factory.gate, 0x4444, kt_cap_alloc(), 1, 0), -L4_ENODEV);
	l4_cap_idx_t f_rw = kt_cap_copy(echo_factory.gate, L4_CAP_FPAGE_RW, 0);
	KCHECK_EQ(create(f_rw, P_ECHO, kt_cap_alloc(), 1, 0), -L4_EPERM);
	l4_msgtag_t ct = l4_factory_create_start_u(P_ECHO, kt_cap_alloc(), l4_utcb());
	l4_factory_create_add_fpage_u(l4_fpage(0, 12, 0), &ct, l4_utcb());
	KCHECK_EQ(l4_error(l4_factory_create_commit_u(echo_factory.gate, ct, l4_utcb())), -L4_EINVAL);
	/* Unregister: the client's capability stops working. */
	unsigned n = echo_srv.n_objs;
	KCHECK_EQ(l4_error(CALL(obj, ECHO_DELETE)), 0);
	KCHECK_EQ(echo_srv.n_objs, n - 1);
	t = CALL(obj, ECHO_GET);
	KCHECK(l4_msgtag_has_error(t));
	KCHECK_EQ(KT_IPC_ERR(t), L4_IPC_ENOT_EXISTENT);
	/* The slot is reused. */
	l4_cap_idx_t again = kt_cap_alloc();
	KCHECK_EQ(create(echo_factory.gate, P_ECHO, again, 8, 0), 0);
	KCHECK_EQ(echo_srv.n_objs, n);
	KCHECK_EQ(l4_error(CALL(again, ECHO_GET)), 0);
	KCHECK_EQ(MR[0], 8);
	KCHECK_EQ(l4_error(CALL(again, ECHO_DELETE)), 0);
}

KTEST(srv_cap_args)
{
	START();
	KCHECK_EQ(set(GATE, 77, "main", 4), 0);
	/* Our own object. */
	l4_cap_idx_t rw = kt_cap_copy(GATE, L4_CAP_FPAGE_RW, 0);
	l4_msgtag_t t = call(GATE, P_ECHO, W(ECHO_CAP, 0), 2, rw);
	KCHECK_EQ(l4_error(t), 0);
	KCHECK_EQ(MR[0], 77);
	if (MR[2])
		KCHECK_EQ(MR[1], L4_CAP_FPAGE_W); /* local id: the sender's rights */
	else
		ktap_note("no local ids from the kernel: own gate found by comparison");
	/* Wrong type: the factory is not an echo object. */
	KCHECK_EQ(l4_error(call(GATE, P_ECHO, W(ECHO_CAP, 0), 2, echo_factory.gate)), -L4_EINVAL);
	KCHECK_EQ(l4_error(call(GATE, P_ECHO, W(ECHO_CAP, 0), 2, L4_INVALID_CAP)), -L4_EMSGTOOSHORT);
	/* A foreign capability, kept: the server holds the same object and
	 * gets a fresh receive slot. */
	l4_cap_idx_t irq = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)), 0);
	l4_cap_idx_t r0 = echo_srv.rcv[0];
	KCHECK_EQ(l4_error(call(GATE, P_ECHO, W(ECHO_CAP, 1), 2, irq)), 1);
	KCHECK_EQ(echo_kept_cap, r0);
	KCHECK_EQ(l4_error(l4_task_cap_equal(L4_BASE_TASK_CAP, echo_kept_cap, irq)), 1);
	KCHECK_NE(echo_srv.rcv[0], r0);
	/* Not kept: released before the next request. */
	r0 = echo_srv.rcv[0];
	KCHECK_EQ(l4_error(call(GATE, P_ECHO, W(ECHO_CAP, 2), 2, irq)), 1);
	KCHECK_EQ(echo_srv.rcv[0], r0);
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, r0)), 0);
	/* Own object, any type accepted, nothing kept. */
	KCHECK_EQ(l4_error(call(GATE, P_ECHO, W(ECHO_CAP, 2), 2, GATE)), 2);
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, r0)), 0);
	/* An empty slot sent: nothing arrives. */
	KCHECK_EQ(l4_error(call(GATE, P_ECHO, W(ECHO_CAP, 2), 2, kt_cap_alloc())), -L4_EINVAL);
	/* A memory item does not fit the server's buffers: the IPC fails, the
	 * server goes on. */
	MR[0] = ECHO_GET;
	MR[1] = L4_ITEM_MAP;
	MR[2] = l4_fpage((l4_addr_t)&echo_main & ~0xfffUL, 12, L4_FPAGE_RO).raw;
	unsigned long errs = echo_srv.ipc_errors;
	t = l4_ipc_call(GATE, l4_utcb(), l4_msgtag(P_ECHO, 1, 1, 0), L4_IPC_NEVER);
	KCHECK(l4_msgtag_has_error(t));
	ktap_note("memory item: ipc error 0x%lx, server ipc errors %lu -> %lu",
		  (unsigned long)KT_IPC_ERR(t), errs, echo_srv.ipc_errors);
	KCHECK_EQ(l4_error(CALL(GATE, ECHO_GET)), 0);
	KCHECK_EQ(MR[0], 77);
}

KTEST(srv_many_requests)
{
	START();
	l4_cap_idx_t irq = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)), 0);
	unsigned long served = echo_srv.served, rejected = echo_srv.rejected;
	unsigned long allocs = echo_caps_alloc;
	l4_cap_idx_t r0 = echo_srv.rcv[0], r1 = echo_srv.rcv[1];
	unsigned ok = 0, bad = 0, fails = 0;
	for (unsigned i = 0; i < 600; i++) {
		long r;
		if (i % 5 == 0) {
			r = l4_error(CALL(GATE, 1234));
			bad++;
			fails += r != -L4_ENOSYS;
		} else if (i % 3 == 0) {
			r = l4_error(call(GATE, P_ECHO, W(ECHO_CAP, 2), 2, irq));
			ok++;
			fails += r != 1;
		} else {
			r = l4_error(CALL(GATE, ECHO_GET));
			ok++;
			fails += r != 0;
		}
	}
	KCHECK_EQ(fails, 0);
	KCHECK_EQ(echo_srv.served - served, ok);
	KCHECK_EQ(echo_srv.rejected - rejected, bad);
	KCHECK_EQ(echo_caps_alloc, allocs); /* no slot taken, none leaked */
	KCHECK_EQ(echo_srv.rcv[0], r0);
	KCHECK_EQ(echo_srv.rcv[1], r1);
	KCHECK_EQ(l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, r0)), 0);
}

/* -- a client in another task ----------------------------------------------- */

#define C_ECHO    KTT_CHILD_SLOT(0)
#define C_FACTORY KTT_CHILD_SLOT(1)
#define C_NEW     KTT_CHILD_SLOT(2)
#define C_RO      KTT_CHILD_SLOT(3)

static volatile long child_res[16];
static volatile int child_done;

static void child_client(void *arg)
{
	(void)arg;
	child_res[0] = l4_error(CALL(C_ECHO, ECHO_GET));
	child_res[1] = (long)MR[0];
	child_res[2] = set(C_ECHO, 1234, "child", 5);
	child_res[3] = set(C_RO, 1, "ro", 2);
	child_res[4] = create(C_FACTORY, P_ECHO, C_NEW, 55, "made-by-child");
	child_res[5] = l4_error(CALL(C_NEW, ECHO_GET));
	child_res[6] = (long)MR[0];
	child_res[7] = l4_error(l4_task_cap_equal(L4_BASE_TASK_CAP, C_NEW, C_ECHO));
	/* Our own echo object of the server as argument, and a foreign cap. */
	child_res[8] = l4_error(call(C_ECHO, P_ECHO, W(ECHO_CAP, 0), 2, C_NEW));
	child_res[9] = (long)MR[0];
	child_res[10] = l4_error(call(C_ECHO, P_ECHO, W(ECHO_CAP, 2), 2, L4_BASE_TASK_CAP));
	child_res[11] = l4_error(CALL(C_NEW, ECHO_DELETE));
	l4_msgtag_t t = CALL(C_NEW, ECHO_GET);
	child_res[12] = l4_msgtag_has_error(t) ? (long)l4_ipc_error(t, l4_utcb()) : 0;
	__atomic_store_n(&child_done, 1, __ATOMIC_RELEASE);
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

KTEST(srv_child_task_client)
{
	START();
	KCHECK_EQ(set(GATE, 31, "root", 4), 0);
	l4_cap_idx_t task = ktt_task(L4_BASE_FACTORY_CAP, 1);
	KASSERT(!l4_is_invalid_cap(task));
	KASSERT_EQ(ktt_map_cap(task, GATE, L4_CAP_FPAGE_RW, C_ECHO), 0);
	KASSERT_EQ(ktt_map_cap(task, GATE, L4_CAP_FPAGE_R, C_RO), 0);
	KASSERT_EQ(ktt_map_cap(task, echo_factory.gate, L4_CAP_FPAGE_RWS, C_FACTORY), 0);
	l4_cap_idx_t th = ktt_thread(task, KTT_CHILD_UTCB(0), child_client, 0, 20,
				     L4_INVALID_CAP, L4_INVALID_CAP);
	KASSERT(!l4_is_invalid_cap(th));
	KCHECK(kt_wait_flag_sleep(&child_done, 5000000));
	KCHECK_EQ(child_res[0], 0);
	KCHECK_EQ(child_res[1], 31);
	KCHECK_EQ(child_res[2], 0);
	KCHECK_EQ(child_res[3], -L4_EPERM);
	KCHECK_EQ(child_res[4], 0);
	KCHECK_EQ(child_res[5], 0);
	KCHECK_EQ(child_res[6], 55);
	KCHECK_EQ(child_res[7], 0);
	KCHECK_EQ(child_res[8], 0);
	KCHECK_EQ(child_res[9], 55);
	KCHECK_EQ(child_res[10], 1);
	KCHECK_EQ(child_res[11], 0);
	KCHECK_EQ(child_res[12], L4_IPC_ENOT_EXISTENT);
	CALL(GATE, ECHO_GET);
	KCHECK_EQ(MR[0], 1234);
	ktt_task_free(task);
	/* The server still serves. */
	KCHECK_EQ(l4_error(CALL(GATE, ECHO_GET)), 0);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
