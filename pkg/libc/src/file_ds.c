/* Files on dataspaces: the dataspace is attached once at open (read-only,
 * or read-write when opened for writing a writable dataspace) and read and
 * written with memcpy; its size is fixed. */
#include "file_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>

struct ds_file {
	struct wn_node node; /* the dataspace, its size and rights */
	char *map;           /* where it is attached; NULL for an empty one */
	int writable;        /* attached with W */
};

static struct ds_file *ds_of(struct wn_file *f) { return f->priv; }

static int ds_attach(struct ds_file *d)
{
	if (!d->node.size)
		return 0;
	void *at = 0;
	l4re_rm_flags_t flags = L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R |
				(d->writable ? L4RE_RM_F_W : 0);
	int r = l4re_rm_attach(&at, d->node.size, flags, d->node.cap, 0, L4_PAGESHIFT);
	if (r < 0)
		return r == -L4_EPERM ? -EACCES : -wn_file_errno(r);
	d->map = at;
	return 0;
}

static ssize_t ds_pread(struct wn_file *f, void *buf, size_t n, off_t off)
{
	struct ds_file *d = ds_of(f);
	if ((l4_uint64_t)off >= d->node.size)
		return 0;
	l4_uint64_t left = d->node.size - (l4_uint64_t)off;
	size_t m = n < left ? n : (size_t)left;
	memcpy(buf, d->map + off, m);
	return (ssize_t)m;
}

static ssize_t ds_pwrite(struct wn_file *f, const void *buf, size_t n, off_t off)
{
	struct ds_file *d = ds_of(f);
	if (n == 0)
		return 0;
	if ((l4_uint64_t)off >= d->node.size)
		return -ENOSPC; /* a dataspace does not grow */
	l4_uint64_t left = d->node.size - (l4_uint64_t)off;
	size_t m = n < left ? n : (size_t)left;
	memcpy(d->map + off, buf, m);
	return (ssize_t)m;
}

static ssize_t ds_read(struct wn_file *f, void *buf, size_t n)
{
	return wn_file_read_at_offset(f, buf, n);
}

/* Claims [off, off + m) at the offset first (so that concurrent writers get
 * separate ranges), then copies. */
static ssize_t ds_write(struct wn_file *f, const void *buf, size_t n)
{
	struct ds_file *d = ds_of(f);
	off_t size = (off_t)d->node.size;
	if (n == 0)
		return 0;
	off_t off = __atomic_load_n(&f->offset, __ATOMIC_ACQUIRE);
	size_t m;
	do {
		if (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_APPEND)
			off = size;
		if (off >= size)
			return -ENOSPC;
		m = n < (size_t)(size - off) ? n : (size_t)(size - off);
	} while (!__atomic_compare_exchange_n(&f->offset, &off, off + (off_t)m, 0,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return ds_pwrite(f, buf, m, off);
}

static off_t ds_lseek(struct wn_file *f, off_t off, int whence)
{
	return wn_file_seek(f, off, whence, (off_t)ds_of(f)->node.size);
}

static int ds_fstat(struct wn_file *f, struct stat *st)
{
	wn_node_stat(&ds_of(f)->node, st);
	return 0;
}

static int ds_get_ds(struct wn_file *f, l4re_ds_t *ds, l4_uint64_t *size, int *writable)
{
	struct ds_file *d = ds_of(f);
	*ds = d->node.cap;
	*size = d->node.size;
	*writable = d->writable;
	return 0;
}

static void ds_release(struct wn_file *f)
{
	struct ds_file *d = ds_of(f);
	if (d->map)
		l4re_rm_detach(d->map);
	wn_node_put(&d->node);
	free(d);
}

const struct wn_file_ops wn_ds_ops = {
	.name = "dataspace",
	.read = ds_read,
	.write = ds_write,
	.pread = ds_pread,
	.pwrite = ds_pwrite,
	.lseek = ds_lseek,
	.fstat = ds_fstat,
	.get_ds = ds_get_ds,
	.release = ds_release,
};

/* Opens node n (a dataspace); on success n belongs to the file. */
static int ds_open(struct wn_node *n, int flags, struct wn_file **out)
{
	struct ds_file *d = malloc(sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->node = *n;
	d->map = NULL;
	d->writable = (flags & O_ACCMODE) != O_RDONLY;
	int err = ds_attach(d);
	if (err < 0) {
		free(d);
		return err;
	}
	struct wn_file *f = wn_file_alloc(&wn_ds_ops, d, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
	if (!f) {
		if (d->map)
			l4re_rm_detach(d->map);
		free(d);
		return -ENFILE;
	}
	n->owned = 0; /* the file releases the capability now */
	*out = f;
	return 0;
}

int wn_ds_open(struct wn_node *n, int flags, struct wn_file **out)
{
	int acc = flags & O_ACCMODE;
	if (acc != O_RDONLY && !(n->ds_flags & L4RE_DS_F_W))
		return -EROFS; /* boot modules: read-only dataspaces */
	if (acc != O_RDONLY && (flags & O_TRUNC))
		return -EINVAL; /* a dataspace keeps its size */
	return ds_open(n, flags, out);
}

int wn_fd_open_ds(l4re_ds_t ds, int flags)
{
	int err;
	if ((flags & ~(O_ACCMODE | O_CLOEXEC)) || (flags & O_ACCMODE) == O_ACCMODE) {
		err = EINVAL;
		goto fail;
	}
	l4re_ds_stats_t st;
	if (l4_is_invalid_cap(ds) || l4re_ds_info(ds, &st) < 0) {
		err = EINVAL;
		goto fail;
	}
	struct wn_node n = {
		.kind = WN_NODE_DS, .cap = ds, .owned = 0, .ino = ds >> L4_CAP_SHIFT,
		.size = st.size, .ds_flags = st.flags,
	};
	if ((flags & O_ACCMODE) != O_RDONLY && !(st.flags & L4RE_DS_F_W)) {
		err = EACCES;
		goto fail;
	}
	struct wn_file *f;
	int r = ds_open(&n, flags, &f);
	if (r < 0) {
		err = -r;
		goto fail;
	}
	int fd = wn_fd_install(f, 0, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	if (fd < 0) {
		wn_file_put(f);
		err = -fd;
		goto fail;
	}
	return fd;
fail:
	errno = err;
	return -1;
}
