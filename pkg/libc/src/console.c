/* Console files: a Vcon (the program's log for stdin, stdout and stderr,
 * or a Vcon opened by path) as a terminal. Output goes out in
 * l4_vcon_write() pieces, cut after a newline where possible so that a
 * log that prefixes lines (moe's) gets whole lines per message. */
#include "file_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/vcon.h>

struct wn_console wn_stdio_console = {
	.cap = L4_INVALID_CAP, .irq = L4_INVALID_CAP, .in_state = WN_CONS_IN_UNKNOWN,
};

l4_cap_idx_t wn_console_cap(const struct wn_console *c)
{
	return l4_is_valid_cap(c->cap) ? c->cap : l4re_env()->log;
}

/* Bytes of the next piece: at most a message, ended after its last
 * newline if it has one and more follows. */
static unsigned piece_len(const char *p, size_t left)
{
	if (left <= L4_VCON_WRITE_SIZE)
		return (unsigned)left;
	for (unsigned i = L4_VCON_WRITE_SIZE; i > 0; i--)
		if (p[i - 1] == '\n')
			return i;
	return L4_VCON_WRITE_SIZE;
}

static ssize_t console_write(struct wn_file *f, const void *buf, size_t n)
{
	l4_cap_idx_t cap = wn_console_cap(f->priv);
	const char *p = buf;
	size_t done = 0;
	if (l4_is_invalid_cap(cap))
		return -EBADF; /* started without a log */
	while (done < n) {
		unsigned part = piece_len(p + done, n - done);
		long err = l4_error(l4_vcon_write(cap, p + done, part));
		if (err < 0) {
			if (done)
				return (ssize_t)done;
			return err == -L4_EPERM ? -EBADF : -EIO;
		}
		done += part;
	}
	return (ssize_t)n;
}

static int console_fstat(struct wn_file *f, struct stat *st)
{
	l4_cap_idx_t cap = wn_console_cap(f->priv);
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0620;
	st->st_nlink = 1;
	st->st_rdev = (dev_t)(cap >> L4_CAP_SHIFT);
	st->st_ino = (ino_t)(cap >> L4_CAP_SHIFT);
	st->st_blksize = L4_VCON_WRITE_SIZE;
	return 0;
}

static int console_isatty(struct wn_file *f)
{
	return 1;
}

static void console_release(struct wn_file *f)
{
	struct wn_console *c = f->priv;
	if (c == &wn_stdio_console)
		return; /* static; its Irq goes at exit */
	wn_console_input_done(c);
	if (c->owned)
		l4re_util_cap_free_um(c->cap);
	free(c);
}

const struct wn_file_ops wn_console_ops = {
	.name = "console",
	.read = wn_console_read,
	.write = console_write,
	.fstat = console_fstat,
	.isatty = console_isatty,
	.release = console_release,
};

int wn_console_open(struct wn_node *n, int flags, struct wn_file **out)
{
	struct wn_console *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->cap = n->cap;
	c->owned = n->owned;
	c->irq = L4_INVALID_CAP;
	c->in_state = WN_CONS_IN_UNKNOWN;
	struct wn_file *f = wn_file_alloc(&wn_console_ops, c,
					  flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
	if (!f) {
		free(c);
		return -ENFILE;
	}
	n->owned = 0;
	*out = f;
	return 0;
}
