/* Host tests of the server framework's pure parts (pkg/l4srv): request
 * decoding and reply building with their bounds, factory varargs as
 * <l4/sys/factory.h> builds them, dispatch (labels, protocols, opcodes,
 * rights, meta), capability arguments and the receive-slot bookkeeping,
 * the registry. The system calls are faked here (sys_* below) and the
 * UTCB is a plain buffer.
 */
// sources: pkg/l4srv/src/msg.c pkg/l4srv/src/varg.c pkg/l4srv/src/caparg.c pkg/l4srv/src/dispatch.c pkg/l4srv/src/registry.c
#include "tap.h"
#include "../../pkg/l4srv/src/srv_int.h"

#include <l4/sys/factory.h>
#include <l4/sys/meta.h>
#include <string.h>

/* --- fakes ------------------------------------------------------------------ */

static _Alignas(1024) unsigned char utcb_mem[L4_UTCB_SIZE];
#define U ((l4_utcb_t *)utcb_mem)
#define MR (l4_utcb_mr_u(U)->mr)

static unsigned next_cap = 0x100, n_alloc, n_free, fail_alloc;
static l4_cap_idx_t released[16];
static unsigned n_released, n_deleted, n_gates;
static l4_cap_idx_t valid_slot = L4_INVALID_CAP, equal_a = L4_INVALID_CAP,
		    equal_b = L4_INVALID_CAP;
static long gate_error;

static l4_cap_idx_t f_alloc(void *ctx)
{
	if (fail_alloc)
		return L4_INVALID_CAP;
	n_alloc++;
	return (l4_cap_idx_t)(next_cap++) << L4_CAP_SHIFT;
}
static void f_free(void *ctx, l4_cap_idx_t c) { n_free++; }
static const struct l4srv_cap_ops fake_caps = { f_alloc, f_free, 0 };

int l4srv_default_caps(struct l4srv_cap_ops *ops) { return -L4_ENOMEM; }
long l4srv_sys_gate_create(struct l4srv_server *s, l4_cap_idx_t cap, l4_umword_t label,
			   const char *n)
{
	if (gate_error)
		return gate_error;
	n_gates++;
	return 0;
}
void l4srv_sys_gate_delete(struct l4srv_server *s, l4_cap_idx_t g) { n_deleted++; }
void l4srv_sys_cap_release(struct l4srv_server *s, l4_cap_idx_t slot)
{
	if (n_released < 16)
		released[n_released] = slot;
	n_released++;
}
int l4srv_sys_cap_valid(struct l4srv_server *s, l4_cap_idx_t slot) { return slot == valid_slot; }
int l4srv_sys_cap_equal(struct l4srv_server *s, l4_cap_idx_t a, l4_cap_idx_t b)
{
	return (a == equal_a && b == equal_b) || (a == equal_b && b == equal_a);
}

static void reset_fakes(void)
{
	n_alloc = n_free = fail_alloc = n_released = n_deleted = n_gates = 0;
	gate_error = 0;
	valid_slot = equal_a = equal_b = L4_INVALID_CAP;
	memset(utcb_mem, 0, sizeof(utcb_mem));
}

/* A message over the fake UTCB: words w[0..n) as they arrived. */
static struct l4srv_msg msg;
static struct l4srv_msg *req(const l4_umword_t *w, unsigned n)
{
	if (n)
		memcpy(MR, w, n * sizeof(*w));
	ASSERT_EQ(l4srv_msg_init(&msg, 0, U, l4_msgtag(1, n, 0, 0), 4), 0);
	return &msg;
}

/* --- reading ------------------------------------------------------------------ */

TEST(get_words)
{
	l4_umword_t w[] = { 7, (l4_umword_t)-3 };
	struct l4srv_msg *m = req(w, 2);
	l4_umword_t u;
	l4_mword_t i;
	CHECK_EQ(l4srv_words_left(m), 2);
	CHECK_EQ(l4srv_get_word(m, &u), 0);
	CHECK_EQ(u, 7);
	CHECK_EQ(l4srv_get_sword(m, &i), 0);
	CHECK_EQ(i, -3);
	CHECK_EQ(l4srv_get_word(m, &u), -L4_EMSGTOOSHORT);
	CHECK_EQ(l4srv_words_left(m), 0);
}

TEST(get_string_ok_and_errors)
{
	l4_umword_t w[4] = { 10 };
	memcpy(&w[1], "helloworld", 10);
	char buf[16];
	unsigned long len = 0;
	struct l4srv_msg *m = req(w, 3);
	CHECK_EQ(l4srv_get_string(m, buf, sizeof(buf), &len), 0);
	CHECK_EQ(len, 10);
	CHECK_STREQ(buf, "helloworld");
	CHECK_EQ(l4srv_words_left(m), 0);
	/* Truncated: the length says 10 bytes, one word follows. */
	m = req(w, 2);
	CHECK_EQ(l4srv_get_string(m, buf, sizeof(buf), &len), -L4_EMSGTOOSHORT);
	CHECK_EQ(m->rpos, 0);
	/* Too long for the buffer (needs 11 bytes with the NUL). */
	m = req(w, 3);
	CHECK_EQ(l4srv_get_string(m, buf, 10, &len), -L4_EINVAL);
	CHECK_EQ(l4srv_get_string(m, buf, 11, &len), 0);
	/* A NUL inside. */
	w[1] = 0;
	m = req(w, 3);
	CHECK_EQ(l4srv_get_string(m, buf, sizeof(buf), &len), -L4_EINVAL);
	/* Absurd lengths do not wrap around. */
	l4_umword_t huge[] = { ~0ul, 0 };
	m = req(huge, 2);
	CHECK_EQ(l4srv_get_string(m, buf, sizeof(buf), &len), -L4_EMSGTOOSHORT);
	l4_umword_t empty[] = { 0 };
	m = req(empty, 1);
	CHECK_EQ(l4srv_get_string(m, buf, sizeof(buf), &len), 0);
	CHECK_EQ(len, 0);
	CHECK_STREQ(buf, "");
	m = req(empty, 0);
	CHECK_EQ(l4srv_get_string(m, buf, sizeof(buf), &len), -L4_EMSGTOOSHORT);
	m = req(empty, 1);
	CHECK_EQ(l4srv_get_string(m, buf, 0, &len), -L4_EINVAL);
}

TEST(get_bytes)
{
	l4_umword_t w[3] = { 9 };
	memcpy(&w[1], "ab\0cdefgh", 9);
	char buf[9];
	unsigned long len;
	struct l4srv_msg *m = req(w, 3);
	CHECK_EQ(l4srv_get_bytes(m, buf, 8, &len), -L4_EINVAL);
	CHECK_EQ(l4srv_get_bytes(m, buf, 9, &len), 0);
	CHECK_EQ(len, 9);
	CHECK_EQ(memcmp(buf, "ab\0cdefgh", 9), 0);
}

TEST(msg_init_rejects_oversized_tag)
{
	CHECK_EQ(l4srv_msg_init(&msg, 0, U, l4_msgtag(1, 63, 1, 0), 4), -L4_EMSGTOOLONG);
	CHECK_EQ(l4srv_words_left(&msg), 0);
	CHECK_EQ(l4srv_msg_init(&msg, 0, U, l4_msgtag(1, 61, 1, 0), 4), 0);
}

/* --- writing ------------------------------------------------------------------ */

TEST(put_limits)
{
	struct l4srv_msg *m = req(0, 0);
	for (unsigned i = 0; i < 62; i++)
		ASSERT_EQ(l4srv_put_word(m, i), 0);
	CHECK_EQ(m->overflow, 0);
	CHECK_EQ(l4srv_put_cap(m, 0x5000, L4_CAP_FPAGE_RW), -L4_EMSGTOOLONG); /* 62 + 2 > 63 */
	CHECK_EQ(m->overflow, 1);
	m = req(0, 0);
	for (unsigned i = 0; i < 61; i++)
		ASSERT_EQ(l4srv_put_word(m, i), 0);
	CHECK_EQ(l4srv_put_word(m, 1), 0);
	CHECK_EQ(l4srv_put_word(m, 2), 0);
	CHECK_EQ(l4srv_put_word(m, 3), -L4_EMSGTOOLONG);
	m = req(0, 0);
	CHECK_EQ(l4srv_put_cap(m, 0x5000, L4_CAP_FPAGE_RW), 0);
	CHECK_EQ(m->out_items[0][0], l4_map_obj_control(0, L4_MAP_ITEM_MAP));
	CHECK_EQ(m->out_items[0][1], l4_obj_fpage(0x5000, 0, L4_CAP_FPAGE_RW).raw);
	char big[61 * 8 + 1];
	memset(big, 'x', sizeof(big));
	CHECK_EQ(l4srv_put_string(m, big, sizeof(big)), -L4_EMSGTOOLONG);
	CHECK_EQ(l4srv_put_string(m, big, 60 * 8), 0);
	CHECK_EQ(m->wpos, 61);
	CHECK_EQ(l4srv_put_string(m, big, ~0ul), -L4_EMSGTOOLONG);
}

TEST(put_string_pads)
{
	struct l4srv_msg *m = req(0, 0);
	memset(m->out, 0xff, sizeof(m->out));
	CHECK_EQ(l4srv_put_string(m, "abc", 3), 0);
	CHECK_EQ(m->wpos, 2);
	CHECK_EQ(m->out[0], 3);
	CHECK_EQ(m->out[1], 0x636261);
}

/* --- varargs ------------------------------------------------------------------ */

static struct l4srv_msg *vreq(l4_msgtag_t t)
{
	ASSERT_EQ(l4srv_msg_init(&msg, 0, U, t, 4 | 2), 0);
	msg.rpos = 1; /* after mr0 */
	return &msg;
}

TEST(varg_all_types)
{
	l4_msgtag_t t = l4_factory_create_start_u(0x4000, 0x7000, U);
	l4_factory_create_add_uint_u(42, &t, U);
	l4_factory_create_add_int_u(-5, &t, U);
	l4_factory_create_add_str_u("name", &t, U);
	l4_factory_create_add_lstr_u("abcdefghij", 10, &t, U);
	l4_factory_create_add_nil_u(&t, U);
	l4_factory_create_add_fpage_u(l4_fpage(0x10000, 12, L4_FPAGE_RW), &t, U);
	struct l4srv_msg *m = vreq(t);
	struct l4srv_varg v;
	ASSERT_EQ(l4srv_varg_next(m, &v), 1);
	CHECK_EQ(v.type, L4_VARG_TYPE_UMWORD);
	CHECK_EQ(v.v.u, 42);
	ASSERT_EQ(l4srv_varg_next(m, &v), 1);
	CHECK_EQ(v.type, L4_VARG_TYPE_MWORD);
	CHECK_EQ(v.v.i, -5);
	ASSERT_EQ(l4srv_varg_next(m, &v), 1);
	CHECK_EQ(v.type, L4_VARG_TYPE_STRING);
	CHECK_EQ(v.len, 4);
	CHECK_STREQ(v.v.s.buf, "name");
	ASSERT_EQ(l4srv_varg_next(m, &v), 1);
	CHECK_EQ(v.len, 10);
	CHECK_STREQ(v.v.s.buf, "abcdefghij");
	ASSERT_EQ(l4srv_varg_next(m, &v), 1);
	CHECK_EQ(v.type, L4_VARG_TYPE_NIL);
	ASSERT_EQ(l4srv_varg_next(m, &v), 1);
	CHECK_EQ(v.type, L4_VARG_TYPE_FPAGE);
	CHECK_EQ(v.v.fp.raw, l4_fpage(0x10000, 12, L4_FPAGE_RW).raw);
	CHECK_EQ(l4srv_varg_next(m, &v), 0);
	CHECK_EQ(l4srv_varg_next(m, &v), 0);
}

static struct l4srv_msg *vw(const l4_umword_t *w, unsigned n)
{
	struct l4srv_msg *m = req(w, n);
	m->rpos = 1;
	return m;
}

TEST(varg_malformed)
{
	struct l4srv_varg v;
	l4_umword_t w[4] = { 0 };
	w[1] = L4_VARG_TYPE_UMWORD | (8ul << 16); /* value missing */
	CHECK_EQ(l4srv_varg_next(vw(w, 2), &v), -L4_EMSGTOOSHORT);
	w[1] = L4_VARG_TYPE_UMWORD | (4ul << 16); /* wrong size */
	CHECK_EQ(l4srv_varg_next(vw(w, 3), &v), -L4_EINVAL);
	w[1] = 0x77; /* unknown type */
	CHECK_EQ(l4srv_varg_next(vw(w, 3), &v), -L4_EINVAL);
	w[1] = L4_VARG_TYPE_NIL | (8ul << 16);
	CHECK_EQ(l4srv_varg_next(vw(w, 3), &v), -L4_EINVAL);
	w[1] = L4_VARG_TYPE_STRING | (17ul << 16); /* 3 words needed */
	CHECK_EQ(l4srv_varg_next(vw(w, 3), &v), -L4_EMSGTOOSHORT);
	w[1] = L4_VARG_TYPE_STRING | (~0ul << 16);
	CHECK_EQ(l4srv_varg_next(vw(w, 3), &v), -L4_EMSGTOOSHORT);
	w[1] = L4_VARG_TYPE_STRING | (8ul << 16);
	memcpy(&w[2], "ab\0cdef", 8); /* NUL inside */
	CHECK_EQ(l4srv_varg_next(vw(w, 3), &v), -L4_EINVAL);
	/* 128 bytes do not fit the 127-character buffer. */
	char s[129];
	memset(s, 'a', 128);
	s[128] = 0;
	l4_msgtag_t t = l4_factory_create_start_u(1, 0x7000, U);
	l4_factory_create_add_str_u(s, &t, U);
	CHECK_EQ(l4srv_varg_next(vreq(t), &v), -L4_EINVAL);
	s[127] = 0;
	t = l4_factory_create_start_u(1, 0x7000, U);
	l4_factory_create_add_str_u(s, &t, U);
	CHECK_EQ(l4srv_varg_next(vreq(t), &v), 1);
	CHECK_EQ(v.len, 127);
}

/* --- dispatch ------------------------------------------------------------------ */

struct counter {
	struct l4srv_obj o;
	long value;
	int destroyed;
};

static long op_add(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct counter *c = (struct counter *)obj;
	l4_mword_t d;
	if (l4srv_get_sword(m, &d))
		return -L4_EMSGTOOSHORT;
	c->value += d;
	l4srv_put_word(m, (l4_umword_t)c->value);
	return 0;
}
static long op_get(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	l4srv_put_word(m, (l4_umword_t)((struct counter *)obj)->value);
	return 1;
}
static long op_flood(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	for (unsigned i = 0; i < 100; i++)
		l4srv_put_word(m, i); /* ignores the error on purpose */
	return 0;
}
static long op_silent(struct l4srv_obj *obj, struct l4srv_msg *m) { return L4SRV_NO_REPLY; }
static long op_fail(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	l4srv_put_word(m, 99);
	return -L4_EBUSY;
}

static l4_cap_idx_t cap_seen;
static struct l4srv_obj *obj_seen;
static unsigned rights_seen;
static long op_cap(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	l4_umword_t take = 0, want_counter = 0;
	l4srv_get_word(m, &take);
	l4srv_get_word(m, &want_counter);
	extern const struct l4srv_type counter_type;
	int r = l4srv_get_cap(m, 0, want_counter ? &counter_type : 0, &obj_seen, &cap_seen,
			      &rights_seen);
	if (r)
		return r;
	if (take)
		l4srv_take_cap(m, 0);
	return 0;
}

static void counter_destroy(struct l4srv_obj *o) { ((struct counter *)o)->destroyed = 1; }

static const struct l4srv_op counter_ops[] = {
	{ 0, 0, op_get },
	{ 1, L4_CAP_FPAGE_W, op_add },
	{ 2, 0, op_flood },
	{ 3, 0, op_silent },
	{ 4, L4_CAP_FPAGE_W | L4_CAP_FPAGE_S, op_fail },
	{ 5, 0, op_cap },
	{ 6, 0, 0 },
};
static const struct l4srv_iface counter_ifaces[] = {
	{ 0x4100, counter_ops, sizeof(counter_ops) / sizeof(counter_ops[0]), 0, "counter" },
	{ 0x4101, 0, 0, 0, 0 }, /* neither ops nor any */
};
const struct l4srv_type counter_type = { "Counter", counter_ifaces, 2, counter_destroy };
static const struct l4srv_type other_type = { "Other", counter_ifaces, 1, 0 };

static struct l4srv_server srv;
static struct l4srv_obj *objs[4];
static struct counter c1, c2;

static void setup(void)
{
	reset_fakes();
	c1 = (struct counter){ 0 };
	c2 = (struct counter){ 0 };
	ASSERT_EQ(l4srv_server_init(&srv, 0x3000, 0x2000, &fake_caps, objs, 4), 0);
	ASSERT_EQ(l4srv_register(&srv, &c1.o, &counter_type, "c1"), 0);
	ASSERT_EQ(l4srv_register(&srv, &c2.o, &other_type, "c2"), 0);
}

/* Sends words w[0..n) with protocol proto to label. */
static l4_msgtag_t call(l4_umword_t label, long proto, const l4_umword_t *w, unsigned n,
			unsigned items)
{
	memcpy(MR, w, (n + 2 * items) * sizeof(*w));
	return l4srv_dispatch_u(&srv, l4_msgtag(proto, n, items, 0), label, U);
}

#define W(...) ((const l4_umword_t[]){ __VA_ARGS__ })

TEST(dispatch_registry)
{
	setup();
	CHECK_EQ(c1.o.slot, 1);
	CHECK_EQ(c2.o.slot, 2);
	CHECK_EQ(srv.n_objs, 2);
	CHECK(l4srv_lookup(&srv, 4 | 3) == &c1.o);
	CHECK(l4srv_lookup(&srv, 8) == &c2.o);
	CHECK(l4srv_lookup(&srv, 0) == 0);
	CHECK(l4srv_lookup(&srv, 12) == 0);
	CHECK(l4srv_lookup(&srv, ~0ul) == 0);
	struct counter c3, c4, c5;
	CHECK_EQ(l4srv_register(&srv, &c3.o, &counter_type, 0), 0);
	CHECK_EQ(l4srv_register(&srv, &c4.o, &counter_type, 0), 0);
	CHECK_EQ(l4srv_register(&srv, &c5.o, &counter_type, 0), -L4_ENOMEM);
	l4srv_unregister(&srv, &c1.o);
	CHECK_EQ(c1.destroyed, 1);
	CHECK_EQ(n_deleted, 1);
	CHECK(l4srv_lookup(&srv, 4) == 0);
	l4srv_unregister(&srv, &c1.o); /* twice: nothing happens */
	CHECK_EQ(n_deleted, 1);
	CHECK_EQ(l4srv_register(&srv, &c5.o, &counter_type, 0), 0);
	CHECK_EQ(c5.o.slot, 1); /* the freed slot is reused */
	gate_error = -L4_EPERM;
	l4srv_unregister(&srv, &c5.o);
	unsigned frees = n_free;
	CHECK_EQ(l4srv_register(&srv, &c5.o, &counter_type, 0), -L4_EPERM);
	CHECK_EQ(n_free, frees + 1); /* the gate's slot went back */
}

TEST(dispatch_errors)
{
	setup();
	l4_msgtag_t t = call(0, 0x4100, W(0), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_ENOENT); /* label 0: no object */
	t = call(12, 0x4100, W(0), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_ENOENT);
	t = call(4, 0x4999, W(0), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_EBADPROTO);
	t = call(4, 0x4100, W(0), 0, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_EMSGTOOSHORT);
	t = call(4, 0x4100, W(77), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_ENOSYS);
	t = call(4, 0x4100, W(6), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_ENOSYS); /* no handler */
	t = call(4, 0x4101, W(0), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_ENOSYS); /* neither ops nor any */
	t = call(4, 0x4100, W(1, 5), 2, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_EPERM); /* add needs W */
	t = call(4 | 1, 0x4100, W(1), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_EMSGTOOSHORT);
	t = call(4 | 1, 0x4100, W(4), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_EPERM); /* needs W and S */
	t = call(4 | 3, 0x4100, W(4), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_EBUSY);
	CHECK_EQ(l4_msgtag_words(t), 0); /* the words of a failure are dropped */
	t = call(4, 0x4100, W(2), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_EMSGTOOLONG); /* overflow the handler ignored */
	t = l4srv_dispatch_u(&srv, l4_msgtag(0x4100, 40, 20, 0), 4, U);
	CHECK_EQ(l4_msgtag_label(t), -L4_EMSGTOOLONG);
	CHECK_EQ(srv.served, 0);
	CHECK_EQ(srv.rejected, 13);
}

TEST(dispatch_ok)
{
	setup();
	l4_msgtag_t t = call(4 | 1, 0x4100, W(1, 5), 2, 0);
	CHECK_EQ(l4_msgtag_label(t), 0);
	CHECK_EQ(l4_msgtag_words(t), 1);
	CHECK_EQ(l4_msgtag_items(t), 0);
	CHECK_EQ(MR[0], 5);
	t = call(4 | 1, 0x4100, W(1, (l4_umword_t)-7), 2, 0);
	CHECK_EQ((long)MR[0], -2);
	t = call(4, 0x4100, W(0), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), 1);
	CHECK_EQ((long)MR[0], -2);
	t = call(8, 0x4100, W(0), 1, 0); /* c2 speaks the same protocol */
	CHECK_EQ(MR[0], 0);
	t = call(4, 0x4100, W(3), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), L4SRV_NO_REPLY);
	CHECK_EQ(srv.served, 5);
	CHECK_EQ(srv.rejected, 0);
}

TEST(dispatch_meta)
{
	setup();
	l4_msgtag_t t = call(4, L4_PROTO_META, W(L4_META_NUM_INTERFACES_OP), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), 2);
	t = call(8, L4_PROTO_META, W(L4_META_NUM_INTERFACES_OP), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), 1);
	t = call(4, L4_PROTO_META, W(L4_META_INTERFACE_OP, 0), 2, 0);
	CHECK_EQ(l4_msgtag_label(t), 0);
	CHECK_EQ(l4_msgtag_words(t), 3);
	CHECK_EQ(MR[0], 0x4100);
	CHECK_EQ(MR[1], 8);
	CHECK_STREQ((char *)&MR[2], "counter");
	t = call(4, L4_PROTO_META, W(L4_META_INTERFACE_OP, 1), 2, 0);
	CHECK_EQ(MR[1], 8);
	CHECK_STREQ((char *)&MR[2], "Counter"); /* no name: the type's */
	t = call(4, L4_PROTO_META, W(L4_META_INTERFACE_OP, 2), 2, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_ERANGE);
	t = call(4, L4_PROTO_META, W(L4_META_INTERFACE_OP), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_EMSGTOOSHORT);
	t = call(4, L4_PROTO_META, W(L4_META_SUPPORTS_OP, 0x4101), 2, 0);
	CHECK_EQ(l4_msgtag_label(t), 1);
	t = call(8, L4_PROTO_META, W(L4_META_SUPPORTS_OP, 0x4101), 2, 0);
	CHECK_EQ(l4_msgtag_label(t), 0);
	t = call(8, L4_PROTO_META, W(L4_META_SUPPORTS_OP, (l4_umword_t)L4_PROTO_META), 2, 0);
	CHECK_EQ(l4_msgtag_label(t), 1);
	t = call(8, L4_PROTO_META, W(9), 1, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_ENOSYS);
	t = call(8, L4_PROTO_META, W(0), 0, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_EMSGTOOSHORT);
}

/* --- capability arguments ----------------------------------------------------- */

#define OBJ_ITEM(sel) l4_map_obj_control(0, L4_MAP_ITEM_MAP), l4_obj_fpage((sel), 0, L4_CAP_FPAGE_RWS).raw

TEST(cap_local_id)
{
	setup();
	l4_cap_idx_t r0 = srv.rcv[0];
	/* word 0 with L4_RCV_ITEM_LOCAL_ID, word 1 = label | rights */
	l4_msgtag_t t = call(8, 0x4100, W(5, 0, 1, L4_ITEM_MAP | L4_RCV_ITEM_LOCAL_ID, 4 | 1), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), 0);
	CHECK(obj_seen == &c1.o);
	CHECK_EQ(rights_seen, 1);
	CHECK(l4_is_invalid_cap(cap_seen));
	CHECK_EQ(srv.local_ids, 1);
	CHECK_EQ(n_released, 0); /* nothing was mapped */
	CHECK_EQ(srv.rcv[0], r0);
	t = call(8, 0x4100, W(5, 0, 1, L4_ITEM_MAP | L4_RCV_ITEM_LOCAL_ID, 8 | 3), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), -L4_EINVAL); /* c2 is not a counter_type */
	t = call(8, 0x4100, W(5, 0, 0, L4_ITEM_MAP | L4_RCV_ITEM_LOCAL_ID, 8 | 3), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), 0);
	CHECK(obj_seen == &c2.o);
	CHECK_EQ(rights_seen, 3);
	t = call(8, 0x4100, W(5, 0, 0, L4_ITEM_MAP | L4_RCV_ITEM_LOCAL_ID, 0x40), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), -L4_EINVAL); /* no such object */
	t = call(8, 0x4100, W(5, 0, 0), 3, 0);
	CHECK_EQ(l4_msgtag_label(t), -L4_EMSGTOOSHORT); /* no item */
}

TEST(cap_mapped_released_or_taken)
{
	setup();
	l4_cap_idx_t r0 = srv.rcv[0], r1 = srv.rcv[1];
	valid_slot = r0;
	l4_msgtag_t t = call(8, 0x4100, W(5, 0, 0, OBJ_ITEM(0x9000)), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), 0);
	CHECK(obj_seen == 0);
	CHECK_EQ(cap_seen, r0);
	CHECK_EQ(n_released, 1); /* not taken: released */
	CHECK_EQ(released[0], r0);
	CHECK_EQ(srv.rcv[0], r0);
	/* Taken: a fresh slot replaces it, nothing released. */
	t = call(8, 0x4100, W(5, 1, 0, OBJ_ITEM(0x9000)), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), 0);
	CHECK_EQ(n_released, 1);
	CHECK_NE(srv.rcv[0], r0);
	CHECK(!l4_is_invalid_cap(srv.rcv[0]));
	CHECK_EQ(srv.rcv[1], r1);
	/* A request that fails after the item arrived still releases it. */
	valid_slot = srv.rcv[0];
	t = call(4, 0x4999, W(5, 1, 0, OBJ_ITEM(0x9000)), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), -L4_EBADPROTO);
	CHECK_EQ(n_released, 2);
	/* Nothing in the slot (the sender's was empty). */
	valid_slot = L4_INVALID_CAP;
	t = call(8, 0x4100, W(5, 0, 0, OBJ_ITEM(0x9000)), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), -L4_EINVAL);
	/* Not a capability: a memory flexpage. */
	t = call(8, 0x4100, W(5, 0, 0, L4_ITEM_MAP, l4_fpage(0x1000, 12, L4_FPAGE_RW).raw), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), -L4_EINVAL);
	/* A void item. */
	t = call(8, 0x4100, W(5, 0, 0, 0, 0), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), -L4_EINVAL);
	/* want = counter_type and a foreign capability. */
	valid_slot = srv.rcv[0];
	t = call(8, 0x4100, W(5, 0, 1, OBJ_ITEM(0x9000)), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), -L4_EINVAL);
}

TEST(cap_second_item_and_cont)
{
	setup();
	l4_cap_idx_t r0 = srv.rcv[0], r1 = srv.rcv[1];
	struct l4srv_msg *m = &msg;
	l4_umword_t w[] = { 5, OBJ_ITEM(0x9000), OBJ_ITEM(0xa000) };
	memcpy(MR, w, sizeof(w));
	ASSERT_EQ(l4srv_msg_init(m, &srv, U, l4_msgtag(0x4100, 1, 2, 0), 4), 0);
	CHECK_EQ(m->used, 3);
	CHECK_EQ(l4srv_item_rcv_index(m, 1), 1);
	valid_slot = r1;
	l4_cap_idx_t c;
	CHECK_EQ(l4srv_get_cap(m, 1, 0, 0, &c, 0), 0);
	CHECK_EQ(c, r1);
	CHECK_EQ(l4srv_get_cap(m, 2, 0, 0, &c, 0), -L4_EMSGTOOSHORT);
	l4srv_take_cap(m, 1);
	l4srv_rcv_cleanup(&srv, m);
	CHECK_EQ(n_released, 1);
	CHECK_EQ(released[0], r0);
	CHECK_NE(srv.rcv[1], r1);
	/* L4_ITEM_CONT: both items went to one buffer. */
	w[1] |= L4_ITEM_CONT;
	memcpy(MR, w, sizeof(w));
	ASSERT_EQ(l4srv_msg_init(m, &srv, U, l4_msgtag(0x4100, 1, 2, 0), 4), 0);
	CHECK_EQ(m->used, 1);
	CHECK_EQ(l4srv_item_rcv_index(m, 1), 0);
	/* More items than receive slots: the third has none. */
	l4_umword_t w3[] = { 5, OBJ_ITEM(0x9000), OBJ_ITEM(0xa000), OBJ_ITEM(0xb000) };
	memcpy(MR, w3, sizeof(w3));
	ASSERT_EQ(l4srv_msg_init(m, &srv, U, l4_msgtag(0x4100, 1, 3, 0), 4), 0);
	CHECK_EQ(l4srv_item_rcv_index(m, 2), -1);
	CHECK_EQ(l4srv_get_cap(m, 2, 0, 0, &c, 0), -L4_EINVAL);
}

TEST(cap_own_gate_mapped)
{
	/* Without kernel local ids our own gate arrives mapped: found by
	 * comparing capabilities; the sender's rights are unknown (0). */
	setup();
	valid_slot = srv.rcv[0];
	equal_a = srv.rcv[0];
	equal_b = c1.o.gate;
	l4_msgtag_t t = call(8, 0x4100, W(5, 0, 1, OBJ_ITEM(0x9000)), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), 0);
	CHECK(obj_seen == &c1.o);
	CHECK_EQ(rights_seen, 0);
	CHECK(l4_is_invalid_cap(cap_seen));
	CHECK_EQ(n_released, 1);
}

TEST(rcv_slots_run_out)
{
	setup();
	l4_cap_idx_t r1 = srv.rcv[1];
	fail_alloc = 1;
	valid_slot = srv.rcv[0];
	l4_msgtag_t t = call(8, 0x4100, W(5, 1, 0, OBJ_ITEM(0x9000)), 3, 1);
	CHECK_EQ(l4_msgtag_label(t), 0);
	CHECK_EQ(srv.rcv[0], r1); /* the remaining slot moved to the front */
	CHECK(l4_is_invalid_cap(srv.rcv[1]));
	fail_alloc = 0;
	l4srv_rcv_refill(&srv);
	CHECK(!l4_is_invalid_cap(srv.rcv[1]));
	reset_fakes();
	fail_alloc = 1;
	CHECK_EQ(l4srv_server_init(&srv, 0x3000, 0x2000, &fake_caps, objs, 4), -L4_ENOMEM);
	CHECK_EQ(l4srv_server_init(&srv, 0x3000, 0x2000, 0, objs, 4), -L4_ENOMEM);
}

/* --- factory protocol ---------------------------------------------------------- */

static struct counter made;
static long made_proto;
static l4_umword_t made_arg;
static long create(struct l4srv_obj *f, long proto, struct l4srv_msg *m, struct l4srv_obj **out)
{
	struct l4srv_varg v;
	made_proto = proto;
	if (proto != 0x4100)
		return -L4_ENODEV;
	int r = l4srv_varg_next(m, &v);
	if (r < 0)
		return r;
	if (r == 0 || v.type != L4_VARG_TYPE_UMWORD)
		return -L4_EINVAL;
	made_arg = v.v.u;
	made = (struct counter){ .value = (long)v.v.u };
	r = l4srv_register(m->srv, &made.o, &counter_type, "made");
	if (r)
		return r;
	*out = &made.o;
	return 0;
}
static long factory_any(struct l4srv_obj *o, struct l4srv_msg *m)
{
	return l4srv_factory_dispatch(o, m, create);
}
static const struct l4srv_iface fact_ifaces[] = { { L4_PROTO_FACTORY, 0, 0, factory_any, "factory" } };
static const struct l4srv_type fact_type = { "Factory", fact_ifaces, 1, 0 };

TEST(factory_create)
{
	setup();
	struct l4srv_obj f;
	ASSERT_EQ(l4srv_register(&srv, &f, &fact_type, "f"), 0);
	l4_umword_t label = (l4_umword_t)f.slot << 2;
	l4_msgtag_t t = l4_factory_create_start_u(0x4100, 0x7000, U);
	l4_factory_create_add_uint_u(17, &t, U);
	l4_msgtag_t r = l4srv_dispatch_u(&srv, t, label | L4_CAP_FPAGE_S, U);
	CHECK_EQ(l4_msgtag_label(r), 0);
	CHECK_EQ(l4_msgtag_words(r), 0);
	CHECK_EQ(l4_msgtag_items(r), 1);
	CHECK_EQ(made_arg, 17);
	CHECK(srv.created == &made.o);
	CHECK_EQ(MR[0], l4_map_obj_control(0, L4_MAP_ITEM_MAP));
	CHECK_EQ(MR[1], l4_obj_fpage(made.o.gate, 0, L4_CAP_FPAGE_RWS).raw);
	CHECK_EQ(made.o.slot, 4);
	/* Without S. */
	t = l4_factory_create_start_u(0x4100, 0x7000, U);
	l4_factory_create_add_uint_u(17, &t, U);
	r = l4srv_dispatch_u(&srv, t, label | L4_CAP_FPAGE_W, U);
	CHECK_EQ(l4_msgtag_label(r), -L4_EPERM);
	CHECK(srv.created == 0);
	t = l4_factory_create_start_u(0x4444, 0x7000, U);
	r = l4srv_dispatch_u(&srv, t, label | 2, U);
	CHECK_EQ(l4_msgtag_label(r), -L4_ENODEV);
	CHECK_EQ(made_proto, 0x4444);
	t = l4_factory_create_start_u(0x4100, 0x7000, U);
	l4_factory_create_add_str_u("x", &t, U);
	r = l4srv_dispatch_u(&srv, t, label | 2, U);
	CHECK_EQ(l4_msgtag_label(r), -L4_EINVAL);
	r = l4srv_dispatch_u(&srv, l4_msgtag(L4_PROTO_FACTORY, 0, 0, 0), label | 2, U);
	CHECK_EQ(l4_msgtag_label(r), -L4_EMSGTOOSHORT);
	/* Registry full (4 objects): create fails with -L4_ENOMEM. */
	t = l4_factory_create_start_u(0x4100, 0x7000, U);
	l4_factory_create_add_uint_u(1, &t, U);
	r = l4srv_dispatch_u(&srv, t, label | 2, U);
	CHECK_EQ(l4_msgtag_label(r), -L4_ENOMEM);
}
