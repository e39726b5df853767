/* Path lookup: "/" lists the named capabilities of the environment, the
 * first component names one of them and the rest is looked up in it when it
 * is a namespace ("rom/hello" = the entry "hello" of the capability "rom").
 * What the path ends at is classified by asking the object. */
#include "file_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/meta.h>

/* Writes path without empty and "." components, with ".." taken back
 * lexically (".." at the root stays there), as "a/b/c" into out (room
 * PATH_MAX). 0, -ENOENT (empty path) or -ENAMETOOLONG. */
static int normalize(const char *path, char *out)
{
	size_t in_len = strnlen(path, PATH_MAX);
	if (in_len == 0)
		return -ENOENT;
	if (in_len == PATH_MAX)
		return -ENAMETOOLONG;
	size_t o = 0;
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		const char *c = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - c);
		if (len == 0 || (len == 1 && c[0] == '.'))
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--; /* the '/' before the dropped component */
			continue;
		}
		if (o)
			out[o++] = '/';
		memcpy(out + o, c, len); /* fits: out never outgrows the input */
		o += len;
	}
	out[o] = '\0';
	return 0;
}

/* FNV-1a of the normalized path: the same file has the same st_ino. */
static unsigned long path_ino(const char *s)
{
	unsigned long h = 0xcbf29ce484222325UL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3UL;
	return h ? h : 1;
}

/* -ENAMETOOLONG when a component is longer than a namespace accepts. */
static int check_components(const char *rest)
{
	if (strlen(rest) > L4RE_NS_PATH_MAX)
		return -ENAMETOOLONG;
	for (const char *p = rest; *p;) {
		size_t len = strcspn(p, "/");
		if (len > L4RE_NS_NAME_MAX)
			return -ENAMETOOLONG;
		p += len + (p[len] == '/');
	}
	return 0;
}

/* Whether obj speaks protocol (the meta protocol; errors count as no). */
static int supports(l4_cap_idx_t obj, long protocol)
{
	return l4_error(l4_meta_supports(obj, protocol)) == 1;
}

/* What kind of object n->cap is. A dataspace answers info (one call for
 * the common case); everything else is asked through the meta protocol. */
static void classify(struct wn_node *n)
{
	l4re_ds_stats_t st;
	if (l4re_ds_info(n->cap, &st) == 0) {
		n->kind = WN_NODE_DS;
		n->size = st.size;
		n->ds_flags = st.flags;
	} else if (supports(n->cap, L4RE_PROTO_NAMESPACE)) {
		n->kind = WN_NODE_NS;
	} else if (supports(n->cap, L4_PROTO_LOG)) {
		n->kind = WN_NODE_VCON;
	} else {
		n->kind = WN_NODE_OTHER;
	}
}

/* Looks rest up in the namespace ns into a fresh slot of n. */
static int query(l4_cap_idx_t ns, const char *rest, struct wn_node *n)
{
	int err = check_components(rest);
	if (err < 0)
		return err;
	l4_cap_idx_t slot = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(slot))
		return -ENFILE;
	/* No waiting for reserved entries: a file that is not there yet is
	 * not there (ENOENT). */
	long r = l4re_ns_query_to_srv(ns, rest, slot, L4RE_NS_TO_NON_BLOCKING);
	if (r < 0) {
		/* the slot may hold an intermediate namespace */
		l4re_util_cap_free_um(slot);
		if (r == -L4_EBADPROTO)
			return -ENOTDIR; /* a component is no namespace */
		if (r == -L4_ENOENT || r == -L4_EAGAIN || r == -L4_EINVAL)
			return -ENOENT; /* EINVAL: a name no namespace can hold */
		return -wn_file_errno(r);
	}
	n->cap = slot;
	n->owned = 1;
	return 0;
}

int wn_path_lookup(const char *path, struct wn_node *n)
{
	if (!path)
		return -EFAULT;
	char *norm = malloc(PATH_MAX);
	if (!norm)
		return -ENOMEM;
	memset(n, 0, sizeof(*n));
	n->cap = L4_INVALID_CAP;
	size_t plen = strlen(path);
	int trailing_slash = plen > 0 && path[plen - 1] == '/';
	int err = normalize(path, norm);
	if (err < 0)
		goto out;
	n->ino = path_ino(norm);
	if (!norm[0]) {
		n->kind = WN_NODE_ROOT;
		goto out;
	}
	size_t first = strcspn(norm, "/");
	const l4re_env_cap_entry_t *e = l4re_env_get_cap_l(norm, (unsigned)first, l4re_env());
	if (!e || l4_is_invalid_cap(e->cap)) {
		err = -ENOENT;
		goto out;
	}
	if (norm[first] == '\0')
		n->cap = e->cap; /* the named capability itself: not ours */
	else if ((err = query(e->cap, norm + first + 1, n)) < 0)
		goto out;
	classify(n);
	if (trailing_slash && n->kind != WN_NODE_NS) {
		wn_node_put(n);
		err = -ENOTDIR; /* "file/" names a directory */
	}
out:
	free(norm);
	return err;
}

void wn_node_put(struct wn_node *n)
{
	if (n->owned && l4_is_valid_cap(n->cap))
		l4re_util_cap_free_um(n->cap);
	n->cap = L4_INVALID_CAP;
	n->owned = 0;
}

void wn_node_stat(const struct wn_node *n, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 1;
	/* newlib's ino_t has 16 bits: fold the hash */
	st->st_ino = (ino_t)(n->ino ^ (n->ino >> 16) ^ (n->ino >> 32) ^ (n->ino >> 48));
	st->st_nlink = 1;
	st->st_blksize = L4_PAGESIZE;
	switch (n->kind) {
	case WN_NODE_ROOT:
	case WN_NODE_NS:
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = 2;
		break;
	case WN_NODE_DS:
		st->st_mode = S_IFREG | ((n->ds_flags & L4RE_DS_F_W) ? 0644 : 0444);
		st->st_size = (off_t)n->size;
		st->st_blocks = (blkcnt_t)((n->size + 511) / 512);
		break;
	case WN_NODE_VCON:
		st->st_mode = S_IFCHR | 0620;
		break;
	case WN_NODE_OTHER:
		st->st_mode = S_IFCHR; /* an object that cannot be opened */
		break;
	}
}
