/* Kernel-debugger output and entry: enter_kdebug(), outstring(), outchar(),
 * outhex32(), outdec()... as in L4Re's l4/sys/kdebug.h. Each is a call to
 * the debugger object L4_BASE_DEBUGGER_CAP with label L4_PROTO_DEBUGGER and
 * the opcode (enum l4_kdebug_ops_t) in mr0; the message registers the call
 * uses are restored afterwards. See doc/protocols.md "Debugger". */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

/* Opcode groups of the debugger object. */
enum l4_kdebug_group_t {
	L4_KDEBUG_GROUP_JDB   = 0x000,
	L4_KDEBUG_GROUP_KOBJ  = 0x100, /* <l4/sys/debugger.h> operations */
	L4_KDEBUG_GROUP_TRACE = 0x200, /* trace buffer (Walnut: -L4_ENOSYS) */
	L4_KDEBUG_GROUP_COV   = 0x400, /* coverage (Walnut: -L4_ENOSYS) */
	L4_KDEBUG_GROUP_DUMP  = 0x500, /* dumps (Walnut: -L4_ENOSYS) */
};

enum l4_kdebug_ops_t {
	L4_KDEBUG_ENTER      = L4_KDEBUG_GROUP_JDB + 0,
	L4_KDEBUG_OUTCHAR    = L4_KDEBUG_GROUP_JDB + 1,
	L4_KDEBUG_OUTNSTRING = L4_KDEBUG_GROUP_JDB + 2,
	L4_KDEBUG_OUTHEX32   = L4_KDEBUG_GROUP_JDB + 3,
	L4_KDEBUG_OUTHEX20   = L4_KDEBUG_GROUP_JDB + 4,
	L4_KDEBUG_OUTHEX16   = L4_KDEBUG_GROUP_JDB + 5,
	L4_KDEBUG_OUTHEX12   = L4_KDEBUG_GROUP_JDB + 6,
	L4_KDEBUG_OUTHEX8    = L4_KDEBUG_GROUP_JDB + 7,
	L4_KDEBUG_OUTDEC     = L4_KDEBUG_GROUP_JDB + 8,
};

/* A debugger operation without arguments (mr0 = op).
 * \return the debugger's answer (label 0, or -L4_ENOSYS for an unknown op) */
L4_INLINE l4_msgtag_t __kdebug_op(unsigned op)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	l4_umword_t mr0 = mr->mr[0];
	mr->mr[0] = op;
	l4_msgtag_t res = l4_ipc_call(L4_BASE_DEBUGGER_CAP, u, l4_msgtag(L4_PROTO_DEBUGGER, 1, 0, 0),
				      L4_IPC_NEVER);
	mr->mr[0] = mr0;
	return res;
}

/* A text operation: mr0 = op, mr1 = len, mr2.. = text (cut to
 * (L4_UTCB_GENERIC_DATA_SIZE - 2) words). */
L4_INLINE l4_msgtag_t __kdebug_text(unsigned op, char const *text, unsigned len)
{
	l4_msg_regs_t store;
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	if (len > sizeof(store) - 2 * sizeof(l4_umword_t))
		len = sizeof(store) - 2 * sizeof(l4_umword_t);
	__builtin_memcpy(&store, mr, sizeof(store));
	mr->mr[0] = op;
	mr->mr[1] = len;
	__builtin_memcpy(&mr->mr[2], text, len);
	l4_msgtag_t res = l4_ipc_call(L4_BASE_DEBUGGER_CAP, u,
				      l4_msgtag(L4_PROTO_DEBUGGER, 2 + l4_bytes_to_mwords(len), 0, 0),
				      L4_IPC_NEVER);
	__builtin_memcpy(mr, &store, sizeof(store));
	return res;
}

/* A text operation with three word arguments: mr0 = op, mr1..3 = v1..v3,
 * mr4 = len, mr5.. = text. */
L4_INLINE l4_msgtag_t __kdebug_3_text(unsigned op, char const *text, unsigned len,
				      l4_umword_t v1, l4_umword_t v2, l4_umword_t v3)
{
	l4_msg_regs_t store;
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	if (len > sizeof(store) - 5 * sizeof(l4_umword_t))
		len = sizeof(store) - 5 * sizeof(l4_umword_t);
	__builtin_memcpy(&store, mr, sizeof(store));
	mr->mr[0] = op;
	mr->mr[1] = v1;
	mr->mr[2] = v2;
	mr->mr[3] = v3;
	mr->mr[4] = len;
	__builtin_memcpy(&mr->mr[5], text, len);
	l4_msgtag_t res = l4_ipc_call(L4_BASE_DEBUGGER_CAP, u,
				      l4_msgtag(L4_PROTO_DEBUGGER, 5 + l4_bytes_to_mwords(len), 0, 0),
				      L4_IPC_NEVER);
	__builtin_memcpy(mr, &store, sizeof(store));
	return res;
}

/* A one-argument operation: mr0 = op, mr1 = val. */
L4_INLINE l4_msgtag_t __kdebug_op_1(unsigned op, l4_mword_t val)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	l4_umword_t m0 = mr->mr[0], m1 = mr->mr[1];
	mr->mr[0] = op;
	mr->mr[1] = (l4_umword_t)val;
	l4_msgtag_t res = l4_ipc_call(L4_BASE_DEBUGGER_CAP, u, l4_msgtag(L4_PROTO_DEBUGGER, 2, 0, 0),
				      L4_IPC_NEVER);
	mr->mr[0] = m0;
	mr->mr[1] = m1;
	return res;
}

/* Enters the kernel debugger, printing text first (text may be NULL: then
 * a message without words, the UTCB untouched). Without a debugger the
 * kernel prints the text and returns. */
L4_INLINE void enter_kdebug(char const *text)
{
	if (!text) {
		l4_ipc_call(L4_BASE_DEBUGGER_CAP, 0, l4_msgtag(L4_PROTO_DEBUGGER, 0, 0, 0), L4_IPC_NEVER);
		return;
	}
	__kdebug_text(L4_KDEBUG_ENTER, text, (unsigned)__builtin_strlen(text));
}

/* Prints len bytes of text on the kernel console (cut to
 * (L4_UTCB_GENERIC_DATA_SIZE - 2) words). */
L4_INLINE void outnstring(char const *text, unsigned len)
{
	__kdebug_text(L4_KDEBUG_OUTNSTRING, text, len);
}
/* Prints a NUL-terminated string (cut as outnstring()). */
L4_INLINE void outstring(char const *text)
{
	outnstring(text, (unsigned)__builtin_strlen(text));
}
/* Prints one character. */
L4_INLINE void outchar(char c) { __kdebug_op_1(L4_KDEBUG_OUTCHAR, c); }
/* Prints a machine word in hex (64 bits as two 32-bit halves). */
L4_INLINE void outumword(l4_umword_t number)
{
	if (sizeof(l4_umword_t) == sizeof(l4_uint64_t))
		__kdebug_op_1(L4_KDEBUG_OUTHEX32, (l4_mword_t)((l4_uint64_t)number >> 32));
	__kdebug_op_1(L4_KDEBUG_OUTHEX32, (l4_mword_t)(number & 0xffffffffUL));
}
/* Prints 64 bits in hex (two 32-bit halves). */
L4_INLINE void outhex64(l4_uint64_t number)
{
	__kdebug_op_1(L4_KDEBUG_OUTHEX32, (l4_mword_t)(number >> 32));
	__kdebug_op_1(L4_KDEBUG_OUTHEX32, (l4_mword_t)(number & 0xffffffffU));
}
/* Prints 32 bits in hex (8 digits). */
L4_INLINE void outhex32(l4_uint32_t number) { __kdebug_op_1(L4_KDEBUG_OUTHEX32, number); }
/* Prints the low 20 bits in hex (5 digits). */
L4_INLINE void outhex20(l4_uint32_t number) { __kdebug_op_1(L4_KDEBUG_OUTHEX20, number); }
/* Prints 16 bits in hex (4 digits). */
L4_INLINE void outhex16(l4_uint16_t number) { __kdebug_op_1(L4_KDEBUG_OUTHEX16, number); }
/* Prints the low 12 bits in hex (3 digits). */
L4_INLINE void outhex12(l4_uint16_t number) { __kdebug_op_1(L4_KDEBUG_OUTHEX12, number); }
/* Prints 8 bits in hex (2 digits). */
L4_INLINE void outhex8(l4_uint8_t number) { __kdebug_op_1(L4_KDEBUG_OUTHEX8, number); }
/* Prints a signed machine word in decimal. */
L4_INLINE void outdec(l4_mword_t number) { __kdebug_op_1(L4_KDEBUG_OUTDEC, number); }

L4_END_DECLS
