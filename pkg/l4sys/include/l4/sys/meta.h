/* The meta protocol (L4_PROTO_META): which interfaces (protocols) an object
 * implements. Every Walnut kernel object answers it, and L4Re servers do
 * (L4::Meta). L4Re has this interface only in C++ (<l4/sys/meta>); the C
 * functions here are Walnut's, with the opcodes and message layouts of
 * L4::Meta. See doc/protocols.md "Meta".
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

enum L4_meta_ops {
	L4_META_NUM_INTERFACES_OP = 0UL,
	L4_META_INTERFACE_OP      = 1UL,
	L4_META_SUPPORTS_OP       = 2UL,
};

/* The number of interfaces obj implements.
 * \retval >=0  (label) the number
 * \retval <0   an error (-L4_EBADPROTO: obj does not speak the protocol) */
L4_INLINE l4_msgtag_t l4_meta_num_interfaces_u(l4_cap_idx_t obj, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_META_NUM_INTERFACES_OP;
	return l4_ipc_call(obj, utcb, l4_msgtag(L4_PROTO_META, 1, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_meta_num_interfaces(l4_cap_idx_t obj)
{
	return l4_meta_num_interfaces_u(obj, l4_utcb());
}

/* The protocol number and name of interface idx of obj.
 * \param idx       0 .. number of interfaces - 1
 * \param proto     receives the protocol (label value, e.g. L4_PROTO_TASK)
 * \param name      receives the NUL-terminated name (may be NULL)
 * \param name_len  room in name
 * \retval 0           done
 * \retval -L4_ERANGE  no interface idx
 * \retval <0          other errors */
L4_INLINE l4_msgtag_t l4_meta_interface_u(l4_cap_idx_t obj, l4_umword_t idx, long *proto,
					  char *name, unsigned name_len, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_META_INTERFACE_OP;
	m->mr[1] = idx;
	l4_msgtag_t res = l4_ipc_call(obj, utcb, l4_msgtag(L4_PROTO_META, 2, 0, 0), L4_IPC_NEVER);
	if (l4_error_u(res, utcb) < 0 || l4_msgtag_words(res) < 2)
		return res;
	*proto = (long)m->mr[0];
	if (name && name_len) {
		l4_umword_t len = m->mr[1];
		l4_umword_t room = (l4_msgtag_words(res) - 2) * sizeof(l4_umword_t);
		if (len > room)
			len = room;
		if (len > name_len - 1)
			len = name_len - 1;
		__builtin_memcpy(name, &m->mr[2], len);
		name[len] = '\0';
	}
	return res;
}
L4_INLINE l4_msgtag_t l4_meta_interface(l4_cap_idx_t obj, l4_umword_t idx, long *proto,
					char *name, unsigned name_len)
{
	return l4_meta_interface_u(obj, idx, proto, name, name_len, l4_utcb());
}

/* Whether obj implements protocol.
 * \retval 1  (label) yes
 * \retval 0  (label) no
 * \retval <0 an error */
L4_INLINE l4_msgtag_t l4_meta_supports_u(l4_cap_idx_t obj, l4_mword_t protocol, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_META_SUPPORTS_OP;
	m->mr[1] = (l4_umword_t)protocol;
	return l4_ipc_call(obj, utcb, l4_msgtag(L4_PROTO_META, 2, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_meta_supports(l4_cap_idx_t obj, l4_mword_t protocol)
{
	return l4_meta_supports_u(obj, protocol, l4_utcb());
}

L4_END_DECLS
