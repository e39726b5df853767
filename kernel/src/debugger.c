/* The Debugger object (L4_PROTO_DEBUGGER): console output for kdebug.h,
 * entering the kernel debugger, and naming objects for it. */
#include <kern/arch.h>
#include <kern/invoke.h>
#include <kern/ipc.h>
#include <kern/jdb.h>
#include <kern/objects.h>
#include <kern/printk.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <l4/sys/debugger.h>
#include <l4/sys/err.h>
#include <l4/sys/kdebug.h>

struct kobj debugger_obj;

/* [op, len, bytes...]: the text with its length checked against the words. */
static const char *text_arg(const struct invocation *inv, u64 *len)
{
	if (inv_words(inv) < 2)
		return NULL;
	*len = inv_mr(inv, 1);
	if (*len > (u64)(inv_words(inv) - 2) * 8)
		return NULL;
	return (const char *)&thread_mrs(inv->caller)->mr[2];
}

static u64 console_op(struct invocation *inv, u64 op)
{
	u64 len, v = inv_words(inv) >= 2 ? inv_mr(inv, 1) : 0;
	const char *s;
	static const unsigned hex_digits[] = { [L4_KDEBUG_OUTHEX32] = 8, [L4_KDEBUG_OUTHEX20] = 5,
		[L4_KDEBUG_OUTHEX16] = 4, [L4_KDEBUG_OUTHEX12] = 3, [L4_KDEBUG_OUTHEX8] = 2 };
	switch (op) {
	case L4_KDEBUG_ENTER:
		if (!(s = text_arg(inv, &len)))
			return syscall_error_tag(-L4_EMSGTOOSHORT);
		console_write(s, len);
		jdb_enter("enter_kdebug");
		return syscall_ok_tag(0, 0);
	case L4_KDEBUG_OUTNSTRING:
		if (!(s = text_arg(inv, &len)))
			return syscall_error_tag(-L4_EMSGTOOSHORT);
		console_write(s, len);
		return syscall_ok_tag(0, 0);
	case L4_KDEBUG_OUTCHAR:
		if (inv_words(inv) < 2)
			return syscall_error_tag(-L4_EMSGTOOSHORT);
		console_write((const char *)&v, 1);
		return syscall_ok_tag(0, 0);
	case L4_KDEBUG_OUTHEX32: case L4_KDEBUG_OUTHEX20: case L4_KDEBUG_OUTHEX16:
	case L4_KDEBUG_OUTHEX12: case L4_KDEBUG_OUTHEX8: {
		if (inv_words(inv) < 2)
			return syscall_error_tag(-L4_EMSGTOOSHORT);
		unsigned d = hex_digits[op];
		printk(LOG_ERR, "%0*llx", (int)d, (unsigned long long)(v & ((1ull << (4 * d)) - 1)));
		return syscall_ok_tag(0, 0);
	}
	case L4_KDEBUG_OUTDEC:
		if (inv_words(inv) < 2)
			return syscall_error_tag(-L4_EMSGTOOSHORT);
		printk(LOG_ERR, "%lld", (long long)v);
		return syscall_ok_tag(0, 0);
	default:
		return syscall_error_tag(-L4_ENOSYS);
	}
}

/* The object in question is the capability item after the words. */
static u64 object_op(struct invocation *inv, u64 op)
{
	if (op == L4_DEBUGGER_NAME_GET_OP) {
		if (inv_words(inv) < 2)
			return syscall_error_tag(-L4_EMSGTOOSHORT);
		struct kobj *o = kobj_find((u32)inv_mr(inv, 1));
		if (!o)
			return syscall_error_tag(-L4_ENOENT);
		size_t n = strnlen(o->name, sizeof(o->name));
		memcpy(thread_mrs(inv->caller)->mr, o->name, n);
		((char *)thread_mrs(inv->caller)->mr)[n] = '\0';
		return syscall_ok_tag(0, (unsigned)((n + 8) / 8));
	}
	if (!inv_items(inv))
		return syscall_error_tag(-L4_EMSGMISSARG);
	struct cap_slot *s = inv_cap_item(inv, inv_words(inv));
	if (!s)
		return syscall_error_tag(-L4_EINVAL);
	switch (op) {
	case L4_DEBUGGER_NAME_SET_OP: {
		const char *name = (const char *)&thread_mrs(inv->caller)->mr[1];
		size_t max = (inv_words(inv) - 1) * 8;
		size_t n = strnlen(name, MIN(max, sizeof(s->obj->name) - 1));
		memcpy(s->obj->name, name, n);
		s->obj->name[n] = '\0';
		return syscall_ok_tag(0, 0);
	}
	case L4_DEBUGGER_GLOBAL_ID_OP:
		inv_set_mr(inv, 0, s->obj->id);
		return syscall_ok_tag(0, 1);
	default:
		return syscall_error_tag(-L4_ENOSYS);
	}
}

static u64 debugger_invoke(struct invocation *inv)
{
	if (!(inv->cap_flags & L4_SYSF_SEND))
		return ipc_error_tag(inv->caller, L4_IPC_ENOT_EXISTENT);
	if (inv_label(inv) != L4_PROTO_DEBUGGER)
		return syscall_error_tag(-L4_EBADPROTO);
	if (!inv_words(inv)) {
		jdb_enter("enter_kdebug");
		return syscall_ok_tag(0, 0);
	}
	u64 op = inv_mr(inv, 0);
	if (op < 0x100)
		return console_op(inv, op);
	if (op < 0x200)
		return object_op(inv, op - 0x100);
	return syscall_error_tag(-L4_ENOSYS); /* trace buffer, coverage, dumps */
}

static const struct kobj_meta debugger_meta[] = { { L4_PROTO_DEBUGGER, "debugger" }, { 0, NULL } };
static const struct kobj_ops debugger_ops = { KOBJ_DEBUGGER, debugger_invoke, NULL, NULL,
					      debugger_meta };

void debugger_init(void)
{
	kobj_init(&debugger_obj, &debugger_ops, "debugger");
	debugger_obj.refs = 1;
}
