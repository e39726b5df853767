/* The kernel console as a Vcon object (L4_PROTO_LOG): user programs write to
 * the serial line and read what arrives on it. It is also a one-line ICU
 * (L4_PROTO_IRQ): line 0 fires when input arrives in an empty queue. */
#include <kern/arch.h>
#include <kern/invoke.h>
#include <kern/ipc.h>
#include <kern/irq_obj.h>
#include <kern/jdb.h>
#include <kern/objects.h>
#include <kern/printk.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <l4/sys/err.h>
#include <l4/sys/icu.h>
#include <l4/sys/vcon.h>

struct kobj vcon_obj;

#define KEY_ESC 0x1b
#define INPUT_SIZE 512

/* Console input, filled from the UART interrupt or the timer tick. */
static struct {
	char buf[INPUT_SIZE];
	unsigned head, tail; /* head: next to read; tail: next to write */
} in;
static l4_vcon_attr_t attr = {
	.i_flags = L4_VCON_ICRNL, .o_flags = L4_VCON_ONLCR, .l_flags = L4_VCON_ECHO,
};
static struct irq *input_irq; /* bound to line 0 of the Vcon's ICU */

static unsigned in_count(void) { return (in.tail - in.head) % INPUT_SIZE; }

void vcon_input_poll(void)
{
	int c;
	while ((c = arch_console_getc()) >= 0) {
		if (c == KEY_ESC && IS_ENABLED(CONFIG_KERNEL_DEBUG)) {
			jdb_enter("ESC on the console");
			continue;
		}
		bool was_empty = in_count() == 0;
		if (in_count() == INPUT_SIZE - 1)
			continue; /* full: drop, as a UART would */
		in.buf[in.tail] = (char)c;
		in.tail = (in.tail + 1) % INPUT_SIZE;
		if (was_empty && input_irq)
			irq_raise(input_irq);
	}
}

/* Decode: size, and enough words for the bytes. */
static u64 vcon_write(struct invocation *inv)
{
	l4_msg_regs_t *mr = thread_mrs(inv->caller);
	if (!(inv->rights & CAP_RIGHT_W))
		return syscall_error_tag(-L4_EPERM);
	if (inv_words(inv) < 2 || mr->mr[1] > L4_VCON_WRITE_SIZE ||
	    mr->mr[1] > (inv_words(inv) - 2) * sizeof(l4_umword_t))
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	console_write((const char *)&mr->mr[2], mr->mr[1]);
	return syscall_ok_tag(0, 0);
}

static char translate_in(char c)
{
	if (c == '\r' && (attr.i_flags & L4_VCON_ICRNL))
		return '\n';
	if (c == '\n' && (attr.i_flags & L4_VCON_INLCR))
		return '\r';
	return c;
}

/* Never blocks: returns what is queued, up to the size asked for. */
static u64 vcon_read(struct invocation *inv)
{
	if (!(inv->rights & CAP_RIGHT_R))
		return syscall_error_tag(-L4_EPERM);
	vcon_input_poll();
	u64 want = MIN(inv_mr(inv, 0) >> 16, (u64)L4_VCON_READ_SIZE);
	char *out = (char *)&thread_mrs(inv->caller)->mr[1];
	unsigned n = 0;
	while (n < want && in_count()) {
		char c = in.buf[in.head];
		in.head = (in.head + 1) % INPUT_SIZE;
		if (c == '\r' && (attr.i_flags & L4_VCON_IGNCR))
			continue;
		out[n++] = translate_in(c);
	}
	if (n && (attr.l_flags & L4_VCON_ECHO))
		console_write(out, n);
	u64 status = n | (in_count() ? 0 : L4_VCON_READ_STAT_DONE);
	inv_set_mr(inv, 0, status);
	return syscall_ok_tag(0, 1 + (n + 7) / 8);
}

static u64 vcon_attr(struct invocation *inv, bool set)
{
	if (!(inv->rights & (set ? CAP_RIGHT_W : CAP_RIGHT_R)))
		return syscall_error_tag(-L4_EPERM);
	if (set) {
		if (inv_words(inv) < 4)
			return syscall_error_tag(-L4_EMSGTOOSHORT);
		attr.i_flags = inv_mr(inv, 1);
		attr.o_flags = inv_mr(inv, 2);
		attr.l_flags = inv_mr(inv, 3);
		return syscall_ok_tag(0, 0);
	}
	inv_set_mr(inv, 1, attr.i_flags);
	inv_set_mr(inv, 2, attr.o_flags);
	inv_set_mr(inv, 3, attr.l_flags);
	return syscall_ok_tag(0, 4);
}

/* The Vcon's one-line ICU: line 0 is "input available". */
static u64 vcon_icu(struct invocation *inv)
{
	if (!inv_words(inv))
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	u64 op = inv_mr(inv, 0);
	if (op == L4_ICU_OP_INFO) {
		inv_set_mr(inv, 0, 0);
		inv_set_mr(inv, 1, 1);
		inv_set_mr(inv, 2, 0);
		return syscall_ok_tag(0, 3);
	}
	if (op == L4_ICU_OP_UNMASK || op == L4_ICU_OP_MASK)
		return syscall_ok_tag(0, 0); /* edge triggered: nothing to do */
	if (op == L4_ICU_OP_SET_MODE)
		return syscall_ok_tag(0, 0);
	if (op != L4_ICU_OP_BIND && op != L4_ICU_OP_UNBIND)
		return syscall_error_tag(-L4_ENOSYS);
	if (inv_words(inv) < 2 || inv_mr(inv, 1) != 0)
		return syscall_error_tag(-L4_EINVAL);
	if (!inv_items(inv))
		return syscall_error_tag(-L4_EMSGMISSARG);
	struct cap_slot *s = inv_cap_item(inv, inv_words(inv));
	if (!s || s->obj->ops->type != KOBJ_IRQ)
		return syscall_error_tag(-L4_EINVAL);
	if (!(s->rights & CAP_RIGHT_W))
		return syscall_error_tag(-L4_EPERM);
	struct irq *i = container_of(s->obj, struct irq, obj);
	if (op == L4_ICU_OP_UNBIND) {
		if (input_irq == i) {
			kobj_put(&i->obj);
			input_irq = NULL;
		}
		return syscall_ok_tag(0, 0);
	}
	if (input_irq && input_irq != i)
		return syscall_error_tag(-L4_EBUSY);
	if (!input_irq)
		kobj_get(&i->obj); /* the binding keeps the Irq alive */
	input_irq = i;
	return syscall_ok_tag(0, 0);
}

static u64 vcon_invoke(struct invocation *inv)
{
	if (!(inv->cap_flags & L4_SYSF_SEND))
		return ipc_error_tag(inv->caller, L4_IPC_ENOT_EXISTENT);
	if (inv_label(inv) == L4_PROTO_IRQ)
		return vcon_icu(inv);
	if (inv_label(inv) != L4_PROTO_LOG)
		return syscall_error_tag(-L4_EBADPROTO);
	if (inv_words(inv) < 1)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	switch (inv_mr(inv, 0) & 0xffff) {
	case L4_VCON_WRITE_OP: return vcon_write(inv);
	case L4_VCON_READ_OP: return vcon_read(inv);
	case L4_VCON_SET_ATTR_OP: return vcon_attr(inv, true);
	case L4_VCON_GET_ATTR_OP: return vcon_attr(inv, false);
	default: return syscall_error_tag(-L4_ENOSYS);
	}
}

static const struct kobj_meta vcon_meta[] = { { L4_PROTO_LOG, "vcon" }, { L4_PROTO_IRQ, "icu" }, { 0, NULL } };
static const struct kobj_ops vcon_ops = { KOBJ_VCON, vcon_invoke, NULL, NULL, vcon_meta };

void vcon_init(void)
{
	kobj_init(&vcon_obj, &vcon_ops, "console");
	vcon_obj.refs = 1;
}
