/* Declarations shared by the file layer's sources (fd_*, file_*, console*,
 * mmap): the kinds of file and path lookup. */
#pragma once

#include <walnut/fd.h>
#include <l4/sys/types.h>

/* The kinds of file. */
extern const struct wn_file_ops wn_console_ops; /* a Vcon (console.c) */
extern const struct wn_file_ops wn_ds_ops;      /* a dataspace (file_ds.c) */
extern const struct wn_file_ops wn_dir_ops;     /* a namespace or the root (file_dir.c) */

/* The console of stdin, stdout and stderr: the program's log. */
extern struct wn_console wn_stdio_console;

/* What a path names (file_path.c). */
enum wn_node_kind {
	WN_NODE_ROOT,      /* "/": the named capabilities of the environment */
	WN_NODE_DS,        /* a dataspace: a regular file */
	WN_NODE_NS,        /* a namespace: a directory */
	WN_NODE_VCON,      /* a Vcon (log, console): a terminal */
	WN_NODE_OTHER,     /* some other object: cannot be opened */
};

struct wn_node {
	enum wn_node_kind kind;
	l4_cap_idx_t cap;      /* the object (invalid for the root) */
	int owned;             /* cap is a slot of ours: release it when done */
	unsigned long ino;     /* a number for st_ino, from the path */
	l4_uint64_t size;      /* WN_NODE_DS: bytes */
	unsigned long ds_flags; /* WN_NODE_DS: L4RE_DS_F_* rights the dataspace grants */
};

/* Resolves path (see doc/libc.md "Files"): 0 and *n, or a negative errno
 * (-ENOENT, -ENOTDIR, -ENAMETOOLONG, -EFAULT for a NULL path, -ENOMEM...).
 * Release *n with wn_node_put() unless it went into a file. */
int wn_path_lookup(const char *path, struct wn_node *n);
void wn_node_put(struct wn_node *n);

/* Fills st for a node (stat() of something not opened). */
void wn_node_stat(const struct wn_node *n, struct stat *st);

/* Opens a file description on node n (consumed on success) with open()'s
 * flags; the returned file has one reference. Negative errno on failure
 * (n is then still the caller's). */
int wn_ds_open(struct wn_node *n, int flags, struct wn_file **out);
int wn_dir_open(struct wn_node *n, int flags, struct wn_file **out);
int wn_console_open(struct wn_node *n, int flags, struct wn_file **out);

/* A console (Vcon) file: output through l4_vcon_write(), input through
 * l4_vcon_read() and the Vcon's input interrupt (console_in.c). */
struct wn_console {
	l4_cap_idx_t cap;  /* the Vcon; L4_INVALID_CAP: l4re_env()->log */
	int owned;         /* cap is a slot of ours (opened by path) */
	int in_state;      /* atomic; enum wn_console_input */
	int waiter;        /* atomic; 1 while a thread uses irq */
	l4_cap_idx_t irq;  /* bound to the Vcon's input line (WN_CONS_IN_IRQ) */
};

/* How a console's input is waited for. */
enum wn_console_input {
	WN_CONS_IN_UNKNOWN, /* not tried yet */
	WN_CONS_IN_IRQ,     /* an Irq bound to the Vcon's line 0 */
	WN_CONS_IN_POLL,    /* the line is taken by someone else: poll */
	WN_CONS_IN_NONE,    /* the Vcon has no input (moe's logs): end of file */
};

l4_cap_idx_t wn_console_cap(const struct wn_console *c);
/* read() of a console: what is there, else blocks until input arrives. */
ssize_t wn_console_read(struct wn_file *f, void *buf, size_t n);
/* Unbinds and deletes the input Irq of c (when the console goes). */
void wn_console_input_done(struct wn_console *c);
