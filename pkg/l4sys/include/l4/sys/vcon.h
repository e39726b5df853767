/* Virtual console (Vcon) client: write to and read from a console object
 * such as the kernel's serial console (L4Re's l4/sys/vcon.h names). */
#pragma once

#include <l4/sys/ipc.h>

enum L4_vcon_ops {
	L4_VCON_WRITE_OP     = 0,
	L4_VCON_SET_ATTR_OP  = 2,
	L4_VCON_GET_ATTR_OP  = 3,
	L4_VCON_READ_OP      = 1,
};

enum L4_vcon_write_consts {
	/* bytes that fit one write: the message registers after opcode and size */
	L4_VCON_WRITE_SIZE = (L4_UTCB_GENERIC_DATA_SIZE - 2) * sizeof(l4_umword_t),
};

/* Writes up to L4_VCON_WRITE_SIZE bytes; longer buffers are cut. */
L4_INLINE l4_msgtag_t l4_vcon_write_u(l4_cap_idx_t vcon, char const *buf, unsigned size,
				      l4_utcb_t *utcb)
{
	l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
	if (size > L4_VCON_WRITE_SIZE)
		size = L4_VCON_WRITE_SIZE;
	mr->mr[0] = L4_VCON_WRITE_OP;
	mr->mr[1] = size;
	__builtin_memcpy(&mr->mr[2], buf, size);
	return l4_ipc_send(vcon, utcb,
			   l4_msgtag(L4_PROTO_LOG, 2 + l4_bytes_to_mwords(size), 0, 0),
			   L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_vcon_write(l4_cap_idx_t vcon, char const *buf, unsigned size)
{
	return l4_vcon_write_u(vcon, buf, size, l4_utcb());
}
