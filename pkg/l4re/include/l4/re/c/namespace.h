/* Namespace client (L4Re's l4/re/c/namespace.h names): look up, register,
 * link and remove named capabilities. Names with '/' are resolved one
 * component at a time through nested namespaces. Wire format: doc/protocols.md
 * "Namespace"; errors: doc/runtime.md. */
#pragma once

#include <l4/re/env.h>
#include <l4/sys/compiler.h>

/* Rights and flags of l4re_ns_register_obj_srv() (L4Re's values; the
 * rights equal the L4_CAP_FPAGE_* rights an entry hands out). */
enum l4re_ns_register_flags {
	L4RE_NS_REGISTER_RO  = L4_FPAGE_RO,  /* R */
	L4RE_NS_REGISTER_DIR = 0x10,         /* informational: a namespace */
	L4RE_NS_REGISTER_RW  = L4_FPAGE_RX,  /* R + W */
	L4RE_NS_REGISTER_RWS = L4_FPAGE_RWX, /* R + W + S */
	L4RE_NS_REGISTER_S   = L4_FPAGE_W,   /* S */
	/* replace an existing entry instead of failing with -L4_EEXIST
	 * (L4Re's C++ Namespace::Overwrite) */
	L4RE_NS_REGISTER_OVERWRITE = 0x200,
};

/* Walnut: protocol facts (L4Re's opcodes and query flag). */
enum l4re_ns_proto {
	L4RE_NS_OP_QUERY    = 0,
	L4RE_NS_OP_REGISTER = 1,
	L4RE_NS_OP_LINK     = 2,
	L4RE_NS_OP_UNLINK   = 3,
	/* query answer label: only a prefix of the name was resolved, the
	 * capability is the namespace to continue in */
	L4RE_NS_PARTLY_RESOLVED = 0x20,
	/* longest name component (bytes) a moe namespace accepts */
	L4RE_NS_NAME_MAX = 63,
	/* longest whole name the client sends */
	L4RE_NS_PATH_MAX = 255,
};

/* Query timeouts in milliseconds (L4Re's Namespace::Query_timeout). */
enum l4re_ns_query_timeout {
	L4RE_NS_TO_DEFAULT      = 3600000,
	L4RE_NS_TO_NON_BLOCKING = 0,
};

EXTERN_C_BEGIN

typedef l4_cap_idx_t l4re_namespace_t;

/* Looks name up in namespace srv and puts the capability into slot cap.
 * "a/b/c" queries "a" in srv, then "b/c" in what "a" named, and so on (cap
 * holds the intermediate namespaces). An entry that is reserved but not yet
 * filled (-L4_EAGAIN) is asked again until timeout milliseconds passed.
 * \param srv      namespace capability (any rights)
 * \param name     NUL-terminated name, components separated by '/'
 * \param cap      empty slot for the result (allocate with l4re_util_cap_alloc())
 * \param timeout  milliseconds to wait for a reserved entry; 0: do not wait
 * \retval 0           found; the capability is in cap, with the entry's rights
 * \retval -L4_ENOENT  a component does not exist
 * \retval -L4_EAGAIN  the entry is reserved, still empty after timeout
 * \retval -L4_EINVAL  empty or too long name or component, an empty
 *                     component ("a//b", "/a", "a/"), bad character,
 *                     timeout < 0, invalid cap
 * \retval <0          IPC errors (l4_error() codes) */
L4_CV long l4re_ns_query_to_srv(l4re_namespace_t srv, char const *name,
				l4_cap_idx_t const cap, int timeout) L4_NOTHROW;

/* l4re_ns_query_to_srv() with L4Re's default of 40000 ms. */
L4_CV L4_INLINE long l4re_ns_query_srv(l4re_namespace_t srv, char const *name,
				       l4_cap_idx_t const cap) L4_NOTHROW
{
	return l4re_ns_query_to_srv(srv, name, cap, 40000);
}

/* Registers obj under name. With '/' in name the leading components are
 * looked up first (they must name namespaces) and the last one is
 * registered there. obj may be L4_INVALID_CAP: the name is reserved
 * (queries get -L4_EAGAIN until it is registered with an object).
 * \param flags  L4RE_NS_REGISTER_* rights (R is always given) and
 *               L4RE_NS_REGISTER_OVERWRITE
 * \retval 0           registered
 * \retval -L4_EEXIST  the name exists (and no OVERWRITE, or it is moe's)
 * \retval -L4_EPERM   srv lacks L4_CAP_FPAGE_W
 * \retval -L4_EINVAL  bad name (empty, too long, bad character)
 * \retval -L4_ENOMEM  the namespace's quota is exhausted
 * \retval -L4_ENOENT  a leading component does not exist
 * \retval <0          IPC errors */
L4_CV long l4re_ns_register_obj_srv(l4re_namespace_t srv, char const *name,
				    l4_cap_idx_t const obj, unsigned flags) L4_NOTHROW;

/* Walnut (L4Re has no C binding): removes the entry name (leading '/'
 * components are resolved first). The object itself is not touched.
 * \retval 0           removed
 * \retval -L4_ENOENT  no such entry
 * \retval -L4_EPERM   srv lacks L4_CAP_FPAGE_W
 * \retval -L4_EINVAL  bad name
 * \retval <0          IPC errors */
L4_CV long l4re_ns_unlink_srv(l4re_namespace_t srv, char const *name) L4_NOTHROW;

/* Walnut: makes name in srv refer to the object of entry src_name in
 * namespace src_ns (a namespace of the same server; L4_INVALID_CAP: srv
 * itself), with the source entry's rights limited to flags.
 * \retval 0           linked
 * \retval -L4_ENOENT  src_name does not exist
 * \retval -L4_EEXIST  name exists (and no OVERWRITE)
 * \retval -L4_EPERM   srv lacks L4_CAP_FPAGE_W
 * \retval -L4_EINVAL  bad names, src_ns not a namespace of that server
 * \retval <0          IPC errors */
L4_CV long l4re_ns_link_srv(l4re_namespace_t srv, char const *name, l4re_namespace_t src_ns,
			    char const *src_name, unsigned flags) L4_NOTHROW;

EXTERN_C_END
