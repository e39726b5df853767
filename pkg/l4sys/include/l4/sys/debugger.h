/* Kernel debugger operations about kernel objects: names and global ids.
 * They go to the debugger object L4_BASE_DEBUGGER_CAP (label
 * L4_PROTO_DEBUGGER, opcode 0x100 + L4_DEBUGGER_*_OP in mr0) with the
 * object in question as a typed item, see l4_invoke_debugger(). Names,
 * opcodes and layouts as in L4Re's l4/sys/debugger.h; see doc/protocols.md
 * "Debugger". A debugging aid: a kernel without the debugger object makes
 * every call fail (IPC error L4_IPC_ENOT_EXISTENT).
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kernel_object.h>

L4_BEGIN_DECLS

enum {
	L4_DEBUGGER_NAME_SET_OP         = 0UL,
	L4_DEBUGGER_GLOBAL_ID_OP        = 1UL,
	L4_DEBUGGER_KOBJ_TO_ID_OP       = 2UL,
	L4_DEBUGGER_QUERY_LOG_TYPEID_OP = 3UL,
	L4_DEBUGGER_SWITCH_LOG_OP       = 4UL,
	L4_DEBUGGER_NAME_GET_OP         = 5UL,
	L4_DEBUGGER_QUERY_LOG_NAME_OP   = 6UL,
};

enum {
	L4_DEBUGGER_SWITCH_LOG_ON  = 1,
	L4_DEBUGGER_SWITCH_LOG_OFF = 0,
};

/* Copies at most maxlen - 1 characters of src to dst and a NUL (nothing
 * when maxlen is 0). Returns the bytes written, the NUL included. */
L4_INLINE unsigned __strcpy_maxlen(char *dst, char const *src, unsigned maxlen)
{
	unsigned i;
	if (!maxlen)
		return 0;
	for (i = 0; i < maxlen - 1 && src[i]; ++i)
		dst[i] = src[i];
	dst[i] = '\0';
	return i + 1;
}

/* Names the object behind cap for the kernel debugger (Walnut keeps the
 * first 15 characters).
 * \param cap   the object's capability (any rights)
 * \param name  NUL-terminated name
 * \retval 0                done
 * \retval -L4_EINVAL       cap is the invalid capability or an empty slot */
L4_INLINE l4_msgtag_t l4_debugger_set_object_name_u(l4_cap_idx_t cap, const char *name,
						    l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_DEBUGGER_NAME_SET_OP;
	unsigned n = __strcpy_maxlen((char *)&m->mr[1], name,
				     (L4_UTCB_GENERIC_DATA_SIZE - 3) * sizeof(l4_umword_t));
	return l4_invoke_debugger(cap, l4_msgtag(0, 1 + l4_bytes_to_mwords(n), 0, 0), utcb);
}
L4_INLINE l4_msgtag_t l4_debugger_set_object_name(l4_cap_idx_t cap, const char *name)
{
	return l4_debugger_set_object_name_u(cap, name, l4_utcb());
}

/* The debugger's global id of the object behind cap.
 * \retval ~0UL  cap is invalid or empty, or there is no debugger object
 * \retval id    the id */
L4_INLINE unsigned long l4_debugger_global_id_u(l4_cap_idx_t cap, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_DEBUGGER_GLOBAL_ID_OP;
	if (l4_error_u(l4_invoke_debugger(cap, l4_msgtag(0, 1, 0, 0), utcb), utcb))
		return ~0UL;
	return l4_utcb_mr_u(utcb)->mr[0];
}
L4_INLINE unsigned long l4_debugger_global_id(l4_cap_idx_t cap)
{
	return l4_debugger_global_id_u(cap, l4_utcb());
}

/* The global id of the object at kernel address kobjp.
 * \retval ~0UL  always on Walnut (kernel addresses are not exposed) */
L4_INLINE unsigned long l4_debugger_kobj_to_id_u(l4_cap_idx_t cap, l4_addr_t kobjp, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_DEBUGGER_KOBJ_TO_ID_OP;
	l4_utcb_mr_u(utcb)->mr[1] = kobjp;
	if (l4_error_u(l4_invoke_debugger(cap, l4_msgtag(0, 2, 0, 0), utcb), utcb))
		return ~0UL;
	return l4_utcb_mr_u(utcb)->mr[0];
}
L4_INLINE unsigned long l4_debugger_kobj_to_id(l4_cap_idx_t cap, l4_addr_t kobjp)
{
	return l4_debugger_kobj_to_id_u(cap, kobjp, l4_utcb());
}

/* The id of trace-buffer log type name, searching from idx.
 * \retval >=0         the id
 * \retval -L4_ENOSYS  Walnut (no trace buffer yet); other negative errors */
L4_INLINE long l4_debugger_query_log_typeid_u(l4_cap_idx_t cap, const char *name, unsigned idx,
					      l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_DEBUGGER_QUERY_LOG_TYPEID_OP;
	m->mr[1] = idx;
	unsigned n = __strcpy_maxlen((char *)&m->mr[2], name, 32);
	long e = l4_error_u(l4_invoke_debugger(cap, l4_msgtag(0, 2 + l4_bytes_to_mwords(n), 0, 0),
					       utcb), utcb);
	if (e < 0)
		return e;
	return (long)m->mr[0];
}
L4_INLINE long l4_debugger_query_log_typeid(l4_cap_idx_t cap, const char *name, unsigned idx)
{
	return l4_debugger_query_log_typeid_u(cap, name, idx, l4_utcb());
}

/* Name and short name of log type idx.
 * \retval 0           done
 * \retval -L4_ENOSYS  Walnut (no trace buffer yet); other negative errors */
L4_INLINE long l4_debugger_query_log_name_u(l4_cap_idx_t cap, unsigned idx, char *name,
					    unsigned namelen, char *shortname,
					    unsigned shortnamelen, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_DEBUGGER_QUERY_LOG_NAME_OP;
	m->mr[1] = idx;
	long e = l4_error_u(l4_invoke_debugger(cap, l4_msgtag(0, 2, 0, 0), utcb), utcb);
	if (e < 0)
		return e;
	char const *n = (char const *)&m->mr[0];
	__strcpy_maxlen(name, n, namelen);
	__strcpy_maxlen(shortname, n + __builtin_strlen(n) + 1, shortnamelen);
	return 0;
}
L4_INLINE long l4_debugger_query_log_name(l4_cap_idx_t cap, unsigned idx, char *name,
					  unsigned namelen, char *shortname, unsigned shortnamelen)
{
	return l4_debugger_query_log_name_u(cap, idx, name, namelen, shortname, shortnamelen,
					    l4_utcb());
}

/* Switches trace-buffer log name on (on_off = 1) or off (0).
 * \retval -L4_ENOSYS  Walnut (no trace buffer yet) */
L4_INLINE l4_msgtag_t l4_debugger_switch_log_u(l4_cap_idx_t cap, const char *name, int on_off,
					       l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_DEBUGGER_SWITCH_LOG_OP;
	m->mr[1] = (l4_umword_t)on_off;
	unsigned n = __strcpy_maxlen((char *)&m->mr[2], name, 32);
	return l4_invoke_debugger(cap, l4_msgtag(0, 2 + l4_bytes_to_mwords(n), 0, 0), utcb);
}
L4_INLINE l4_msgtag_t l4_debugger_switch_log(l4_cap_idx_t cap, const char *name, int on_off)
{
	return l4_debugger_switch_log_u(cap, name, on_off, l4_utcb());
}

/* The name of the object with global id id, copied into name (size bytes,
 * NUL-terminated). On failure name holds whatever the registers held.
 * \param cap  any capability (only used to address the debugger)
 * \retval 0           done
 * \retval -L4_ENOENT  no object with that id */
L4_INLINE l4_msgtag_t l4_debugger_get_object_name_u(l4_cap_idx_t cap, unsigned id, char *name,
						    unsigned size, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_DEBUGGER_NAME_GET_OP;
	m->mr[1] = id;
	l4_msgtag_t t = l4_invoke_debugger(cap, l4_msgtag(0, 2, 0, 0), utcb);
	__strcpy_maxlen(name, (char const *)&m->mr[0], size);
	return t;
}
L4_INLINE l4_msgtag_t l4_debugger_get_object_name(l4_cap_idx_t cap, unsigned id, char *name,
						  unsigned size)
{
	return l4_debugger_get_object_name_u(cap, id, name, size, l4_utcb());
}

L4_END_DECLS
