/* The kernel console as a Vcon object (L4_PROTO_LOG): user programs write to
 * the serial line through it. */
#include <kern/obj.h>
#include <kern/printk.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/vcon.h>
#include <l4/sys/err.h>
#include <l4/sys/vcon.h>

struct kobj vcon_obj;

/* Decode: the label, the opcode word and the size word must be there and the
 * bytes must fit the words sent. Nothing changes before all checks pass. */
static long decode_write(struct invocation *inv, unsigned *size)
{
	l4_msgtag_t tag = { (l4_mword_t)inv->tag };
	l4_msg_regs_t *mr = thread_mrs(inv->caller);
	if (!(inv->rights & CAP_RIGHT_W))
		return -L4_EPERM;
	if (l4_msgtag_words(tag) < 2)
		return -L4_EMSGTOOSHORT;
	if (mr->mr[1] > L4_VCON_WRITE_SIZE ||
	    mr->mr[1] > (l4_msgtag_words(tag) - 2) * sizeof(l4_umword_t))
		return -L4_EMSGTOOSHORT;
	*size = (unsigned)mr->mr[1];
	return 0;
}

static u64 vcon_invoke(struct invocation *inv)
{
	l4_msgtag_t tag = { (l4_mword_t)inv->tag };
	if (l4_msgtag_label(tag) != L4_PROTO_LOG)
		return syscall_error_tag(-L4_EBADPROTO);
	if (l4_msgtag_words(tag) < 1)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	l4_msg_regs_t *mr = thread_mrs(inv->caller);
	switch (mr->mr[0]) {
	case L4_VCON_WRITE_OP: {
		unsigned size;
		long err = decode_write(inv, &size);
		if (err)
			return syscall_error_tag(err);
		console_write((const char *)&mr->mr[2], size);
		return (u64)l4_msgtag(0, 0, 0, 0).raw;
	}
	default:
		/* read and attributes come with the kernel objects issue */
		return syscall_error_tag(-L4_ENOSYS);
	}
}

void vcon_init(void)
{
	kobj_init(&vcon_obj, KOBJ_VCON, vcon_invoke, "console");
}
