/* Namespace client: query (component by component through nested
 * namespaces), register, link and unlink. */
#include <l4/re/c/namespace.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

/* Length of name, or -1 when it is empty, longer than L4RE_NS_PATH_MAX
 * or has an empty component (a leading, doubled or trailing '/'). */
static long name_len(char const *name)
{
	if (!name)
		return -1;
	unsigned long n = 0;
	while (name[n] && n <= L4RE_NS_PATH_MAX) {
		if (name[n] == '/' && (n == 0 || name[n - 1] == '/'))
			return -1;
		n++;
	}
	if (n == 0 || n > L4RE_NS_PATH_MAX || name[n - 1] == '/')
		return -1;
	return (long)n;
}

/* Puts a string (length word, bytes) at mr[*w]; advances *w.
 * \retval 0 / -L4_EMSGTOOLONG */
static int put_string(l4_msg_regs_t *mr, unsigned *w, char const *s, unsigned len)
{
	unsigned words = l4_bytes_to_mwords(len);
	if (*w + 1 + words > L4_UTCB_GENERIC_DATA_SIZE)
		return -L4_EMSGTOOLONG;
	mr->mr[*w] = len;
	if (words)
		mr->mr[*w + words] = 0; /* no stray bytes after the string */
	__builtin_memcpy(&mr->mr[*w + 1], s, len);
	*w += 1 + words;
	return 0;
}

/* One query request: name[0..len) in ns, result into cap. Returns the
 * answer label (0 or L4RE_NS_PARTLY_RESOLVED) and the bytes the server
 * consumed, or an error. */
static long query_once(l4_cap_idx_t ns, char const *name, unsigned len, l4_cap_idx_t cap,
		       unsigned *consumed)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	l4_buf_regs_t *br = l4_utcb_br_u(u);
	unsigned w = 1;
	mr->mr[0] = L4RE_NS_OP_QUERY;
	if (put_string(mr, &w, name, len) < 0)
		return -L4_EINVAL;
	br->bdr = 0;
	br->br[0] = cap | L4_RCV_ITEM_SINGLE_CAP;
	l4_msgtag_t tag = l4_ipc_call(ns, u, l4_msgtag(L4RE_PROTO_NAMESPACE, w, 0, 0),
				      L4_IPC_NEVER);
	long r = l4_error_u(tag, u);
	if (r < 0)
		return r;
	if (r != 0 && r != L4RE_NS_PARTLY_RESOLVED)
		return -L4_EINVAL; /* not a namespace answer */
	if (l4_msgtag_words(tag) < 1 || l4_msgtag_items(tag) < 1)
		return -L4_EMSGTOOSHORT;
	if (mr->mr[0] == 0 || mr->mr[0] > len)
		return -L4_EINVAL;
	*consumed = (unsigned)mr->mr[0];
	return r;
}

/* Resolves name[0..len) starting in srv, one server step at a time; the
 * final object (or the error's cause) ends up in cap. */
static long query_path(l4_cap_idx_t srv, char const *name, unsigned len, l4_cap_idx_t cap)
{
	l4_cap_idx_t ns = srv;
	while (len > 0) {
		unsigned used = 0;
		long r = query_once(ns, name, len, cap, &used);
		if (r < 0)
			return r;
		name += used;
		len -= used;
		if (r != L4RE_NS_PARTLY_RESOLVED)
			return len ? -L4_EINVAL : 0; /* fully resolved means all */
		ns = cap; /* continue in the namespace just received */
	}
	return 0;
}

/* Sleeps ms milliseconds. */
static void sleep_ms(unsigned ms)
{
	l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(ms * 1000ULL)));
}

long l4re_ns_query_to_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap,
			  int timeout)
{
	long len = name_len(name);
	if (len < 0 || timeout < 0 || l4_is_invalid_cap(cap))
		return -L4_EINVAL;
	/* A reserved entry (-L4_EAGAIN) may be filled soon: back off from
	 * 10 ms up to 100 ms per try until the timeout is used up. */
	long left = timeout;
	unsigned step = 10;
	for (;;) {
		long r = query_path(srv, name, (unsigned)len, cap);
		if (r != -L4_EAGAIN || left <= 0)
			return r;
		unsigned s = left < (long)step ? (unsigned)left : step;
		sleep_ms(s);
		left -= s;
		if (step < 100)
			step *= 2;
	}
}

/* Splits name at its last '/': the directory part is resolved into a new
 * slot (*dir), the last component returned in *leaf and *leaf_len. Without '/'
 * *dir is srv. */
static long resolve_dir(l4_cap_idx_t srv, char const *name, l4_cap_idx_t *dir,
			char const **leaf, unsigned *leaf_len)
{
	long len = name_len(name);
	if (len < 0)
		return -L4_EINVAL;
	long slash = -1;
	for (long i = 0; i < len; i++)
		if (name[i] == '/')
			slash = i;
	*dir = srv;
	*leaf = name + slash + 1;
	*leaf_len = (unsigned)(len - slash - 1);
	if (slash < 0)
		return 0;
	if (slash == 0 || *leaf_len == 0)
		return -L4_EINVAL;
	l4_cap_idx_t c = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(c))
		return -L4_ENOMEM;
	long r = query_path(srv, name, (unsigned)slash, c);
	if (r < 0) {
		l4re_util_cap_free_um(c);
		return r;
	}
	*dir = c;
	return 0;
}

static void release_dir(l4_cap_idx_t srv, l4_cap_idx_t dir)
{
	if (dir != srv)
		l4re_util_cap_free_um(dir);
}

/* Sends a built request in the UTCB to ns and returns the answer label. */
static long ns_call(l4_cap_idx_t ns, unsigned words, unsigned items)
{
	l4_utcb_t *u = l4_utcb();
	l4_msgtag_t tag = l4_ipc_call(ns, u, l4_msgtag(L4RE_PROTO_NAMESPACE, words, items, 0),
				      L4_IPC_NEVER);
	return l4_error_u(tag, u);
}

/* Appends a map item for obj (rights RWS, the server limits them) after
 * word w; returns the number of items (0 for an invalid obj). */
static unsigned put_cap(l4_msg_regs_t *mr, unsigned w, l4_cap_idx_t obj)
{
	if (l4_is_invalid_cap(obj) || w + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return 0;
	mr->mr[w] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	mr->mr[w + 1] = l4_obj_fpage(obj, 0, L4_CAP_FPAGE_RWS).raw;
	return 1;
}

long l4re_ns_register_obj_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const obj,
			      unsigned flags)
{
	l4_cap_idx_t dir;
	char const *leaf;
	unsigned leaf_len;
	long r = resolve_dir(srv, name, &dir, &leaf, &leaf_len);
	if (r < 0)
		return r;
	l4_msg_regs_t *mr = l4_utcb_mr();
	unsigned w = 2;
	mr->mr[0] = L4RE_NS_OP_REGISTER;
	mr->mr[1] = flags;
	if (put_string(mr, &w, leaf, leaf_len) < 0)
		r = -L4_EINVAL;
	else
		r = ns_call(dir, w, put_cap(mr, w, obj));
	release_dir(srv, dir);
	return r;
}

long l4re_ns_unlink_srv(l4re_namespace_t srv, char const *name)
{
	l4_cap_idx_t dir;
	char const *leaf;
	unsigned leaf_len;
	long r = resolve_dir(srv, name, &dir, &leaf, &leaf_len);
	if (r < 0)
		return r;
	l4_msg_regs_t *mr = l4_utcb_mr();
	unsigned w = 1;
	mr->mr[0] = L4RE_NS_OP_UNLINK;
	r = put_string(mr, &w, leaf, leaf_len) < 0 ? -L4_EINVAL : ns_call(dir, w, 0);
	release_dir(srv, dir);
	return r;
}

long l4re_ns_link_srv(l4re_namespace_t srv, char const *name, l4re_namespace_t src_ns,
		      char const *src_name, unsigned flags)
{
	long src_len = name_len(src_name);
	if (src_len < 0)
		return -L4_EINVAL;
	l4_cap_idx_t dir;
	char const *leaf;
	unsigned leaf_len;
	long r = resolve_dir(srv, name, &dir, &leaf, &leaf_len);
	if (r < 0)
		return r;
	l4_msg_regs_t *mr = l4_utcb_mr();
	unsigned w = 2;
	mr->mr[0] = L4RE_NS_OP_LINK;
	mr->mr[1] = flags;
	if (put_string(mr, &w, leaf, leaf_len) < 0 ||
	    put_string(mr, &w, src_name, (unsigned)src_len) < 0)
		r = -L4_EINVAL;
	else
		r = ns_call(dir, w, put_cap(mr, w, src_ns));
	release_dir(srv, dir);
	return r;
}
