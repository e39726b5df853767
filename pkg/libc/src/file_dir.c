/* Directories: the root (the environment's named capabilities) and
 * namespaces. They can be opened (O_RDONLY, for fstat) but not read: the
 * namespace protocol has no operation that lists the entries. */
#include "file_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

static ssize_t dir_read(struct wn_file *f, void *buf, size_t n)
{
	return -EISDIR;
}

static ssize_t dir_pread(struct wn_file *f, void *buf, size_t n, off_t off)
{
	return -EISDIR;
}

static int dir_fstat(struct wn_file *f, struct stat *st)
{
	wn_node_stat(f->priv, st);
	return 0;
}

static void dir_release(struct wn_file *f)
{
	wn_node_put(f->priv);
	free(f->priv);
}

const struct wn_file_ops wn_dir_ops = {
	.name = "directory",
	.read = dir_read,
	.pread = dir_pread,
	.fstat = dir_fstat,
	.release = dir_release,
};

int wn_dir_open(struct wn_node *n, int flags, struct wn_file **out)
{
	if ((flags & O_ACCMODE) != O_RDONLY)
		return -EISDIR;
	struct wn_node *copy = malloc(sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	*copy = *n;
	struct wn_file *f = wn_file_alloc(&wn_dir_ops, copy, O_RDONLY);
	if (!f) {
		free(copy);
		return -ENFILE;
	}
	n->owned = 0;
	*out = f;
	return 0;
}
