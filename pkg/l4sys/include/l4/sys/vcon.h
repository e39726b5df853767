/* Virtual console (Vcon) client: write to and read from a console object
 * such as the kernel's serial console (L4Re's l4/sys/vcon.h names, opcodes
 * and message layouts; protocol L4_PROTO_LOG, see doc/protocols.md). A Vcon
 * is also an interrupt controller with one line (label L4_PROTO_IRQ, see
 * <l4/sys/icu.h>) that fires when input arrives.
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

/* Opcodes in mr0 (bits 0-15; a read carries its size in bits 16 and up). */
enum L4_vcon_ops {
	L4_VCON_WRITE_OP     = 0,
	L4_VCON_READ_OP      = 1,
	L4_VCON_SET_ATTR_OP  = 2,
	L4_VCON_GET_ATTR_OP  = 3,
};

enum L4_vcon_size_consts {
	/* bytes that fit one write: the message registers after opcode and size */
	L4_VCON_WRITE_SIZE = (L4_UTCB_GENERIC_DATA_SIZE - 2) * sizeof(l4_umword_t),
	/* bytes that fit one read answer: the message registers after the status */
	L4_VCON_READ_SIZE  = (L4_UTCB_GENERIC_DATA_SIZE - 1) * sizeof(l4_umword_t),
};

/* The status word (mr0) of a read answer. */
enum L4_vcon_read_flags {
	L4_VCON_READ_SIZE_MASK  = 0x3fffffff, /* bytes in the answer */
	L4_VCON_READ_STAT_BREAK = 1 << 30,    /* a break came before the bytes */
	L4_VCON_READ_STAT_DONE  = 1U << 31,   /* the input queue is empty now */
};

/* Terminal attributes (values as in termios). */
typedef struct l4_vcon_attr_t {
	l4_umword_t i_flags;
	l4_umword_t o_flags;
	l4_umword_t l_flags;
#ifdef __cplusplus
	inline void set_raw();
#endif
} l4_vcon_attr_t;

enum L4_vcon_i_flags {
	L4_VCON_INLCR = 000100, /* translate NL to CR */
	L4_VCON_IGNCR = 000200, /* ignore CR */
	L4_VCON_ICRNL = 000400, /* translate CR to NL (unless IGNCR) */
};
enum L4_vcon_o_flags {
	L4_VCON_ONLCR  = 000004, /* NL to CR-NL */
	L4_VCON_OCRNL  = 000010, /* CR to NL */
	L4_VCON_ONLRET = 000040, /* no CR output */
};
enum L4_vcon_l_flags {
	L4_VCON_ICANON = 000002, /* canonical (line) mode */
	L4_VCON_ECHO   = 000010, /* echo input */
};

/* Sends up to L4_VCON_WRITE_SIZE bytes (longer buffers are cut) as a
 * send-only IPC.
 * \param vcon  Vcon capability; the kernel console needs L4_CAP_FPAGE_W
 * \param buf   bytes to write
 * \param size  number of bytes
 * \return the result tag. Use l4_ipc_error() for send errors; the kernel
 *         console answers with label 0, -L4_EPERM (no W right) or
 *         -L4_EMSGTOOSHORT. */
L4_INLINE l4_msgtag_t l4_vcon_send_u(l4_cap_idx_t vcon, char const *buf, unsigned size,
				     l4_utcb_t *utcb)
{
	l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
	if (size > L4_VCON_WRITE_SIZE)
		size = L4_VCON_WRITE_SIZE;
	mr->mr[0] = L4_VCON_WRITE_OP;
	mr->mr[1] = size;
	__builtin_memcpy(&mr->mr[2], buf, size);
	return l4_ipc_send(vcon, utcb,
			   l4_msgtag(L4_PROTO_LOG, 2 + l4_bytes_to_mwords(size), 0, L4_MSGTAG_SCHEDULE),
			   L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_vcon_send(l4_cap_idx_t vcon, char const *buf, unsigned size)
{
	return l4_vcon_send_u(vcon, buf, size, l4_utcb());
}

/* Writes up to L4_VCON_WRITE_SIZE bytes; longer buffers are cut.
 * Walnut: returns the result tag (l4_error() of it: 0, or -L4_EPERM without
 * the W right, -L4_EMSGTOOSHORT for a malformed message, or an IPC error).
 * Current L4Re returns a long (bytes written or error) here and has the tag
 * form as l4_vcon_send(); see doc/protocols.md. */
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

/* Reads pending input, with the status bits.
 * \param vcon  Vcon capability (kernel console: needs L4_CAP_FPAGE_R)
 * \param buf   where the bytes go; NULL drops them
 * \param size  room in buf, at most L4_VCON_READ_SIZE
 * \retval <0       an L4 error: -L4_EPERM, -L4_EBADPROTO, an IPC error
 * \retval <=size   bytes read, all input consumed; or-ed with
 *                  L4_VCON_READ_STAT_BREAK when a break preceded them
 * \retval size + 1 (plus the break bit) buf is full and more input waits */
L4_INLINE int l4_vcon_read_with_flags_u(l4_cap_idx_t vcon, char *buf, unsigned size,
					l4_utcb_t *utcb)
{
	l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
	if (size > L4_VCON_READ_SIZE)
		size = L4_VCON_READ_SIZE;
	mr->mr[0] = ((l4_umword_t)size << 16) | L4_VCON_READ_OP;
	long err = l4_error_u(l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 1, 0, 0),
					  L4_IPC_NEVER), utcb);
	if (err < 0)
		return (int)err;
	l4_umword_t status = mr->mr[0];
	unsigned got = (unsigned)(status & L4_VCON_READ_SIZE_MASK);
	unsigned n = got < size ? got : size;
	if (buf)
		__builtin_memcpy(buf, &mr->mr[1], n);
	int ret = (status & L4_VCON_READ_STAT_DONE) ? (int)n : (int)size + 1;
	return ret | (int)(status & L4_VCON_READ_STAT_BREAK);
}
L4_INLINE int l4_vcon_read_with_flags(l4_cap_idx_t vcon, char *buf, unsigned size)
{
	return l4_vcon_read_with_flags_u(vcon, buf, size, l4_utcb());
}

/* Reads pending input (never blocks).
 * \param size  room in buf, at most L4_VCON_READ_SIZE
 * \retval <0       an L4 error (see l4_vcon_read_with_flags())
 * \retval <=size   bytes read, no more input pending
 * \retval size + 1 buf is full (size bytes) and more input waits */
L4_INLINE int l4_vcon_read_u(l4_cap_idx_t vcon, char *buf, unsigned size, l4_utcb_t *utcb)
{
	int r = l4_vcon_read_with_flags_u(vcon, buf, size, utcb);
	if (r < 0)
		return r;
	return r & L4_VCON_READ_SIZE_MASK;
}
L4_INLINE int l4_vcon_read(l4_cap_idx_t vcon, char *buf, unsigned size)
{
	return l4_vcon_read_u(vcon, buf, size, l4_utcb());
}

/* Sets the terminal attributes.
 * \retval 0            done
 * \retval -L4_EPERM    the capability lacks L4_CAP_FPAGE_W
 * \retval -L4_EMSGTOOSHORT fewer than 4 words */
L4_INLINE l4_msgtag_t l4_vcon_set_attr_u(l4_cap_idx_t vcon, l4_vcon_attr_t const *attr,
					 l4_utcb_t *utcb)
{
	l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
	mr->mr[0] = L4_VCON_SET_ATTR_OP;
	mr->mr[1] = attr->i_flags;
	mr->mr[2] = attr->o_flags;
	mr->mr[3] = attr->l_flags;
	return l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 4, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_vcon_set_attr(l4_cap_idx_t vcon, l4_vcon_attr_t const *attr)
{
	return l4_vcon_set_attr_u(vcon, attr, l4_utcb());
}

/* Reads the terminal attributes into *attr (only on success).
 * \retval 0          done
 * \retval -L4_EPERM  the capability lacks L4_CAP_FPAGE_R */
L4_INLINE l4_msgtag_t l4_vcon_get_attr_u(l4_cap_idx_t vcon, l4_vcon_attr_t *attr,
					 l4_utcb_t *utcb)
{
	l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
	mr->mr[0] = L4_VCON_GET_ATTR_OP;
	l4_msgtag_t res = l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER);
	if (l4_error_u(res, utcb) >= 0) {
		attr->i_flags = mr->mr[1];
		attr->o_flags = mr->mr[2];
		attr->l_flags = mr->mr[3];
	}
	return res;
}
L4_INLINE l4_msgtag_t l4_vcon_get_attr(l4_cap_idx_t vcon, l4_vcon_attr_t *attr)
{
	return l4_vcon_get_attr_u(vcon, attr, l4_utcb());
}

/* Clears every translation, echo and canonical flag (raw mode). */
L4_INLINE void l4_vcon_set_attr_raw(l4_vcon_attr_t *attr)
{
	attr->i_flags = 0;
	attr->o_flags = 0;
	attr->l_flags = 0;
}

L4_END_DECLS

#ifdef __cplusplus
inline void l4_vcon_attr_t::set_raw() { l4_vcon_set_attr_raw(this); }
#endif
