/* File descriptors: the per-process fd table, open file descriptions with a
 * table of operations per kind of file (console, dataspace, namespace), so
 * that new kinds of file plug in without touching the system calls. */
#pragma once

#include <stddef.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <l4/re/c/dataspace.h>

/* Numbers of file descriptors and of open file descriptions. */
enum {
	WN_FD_MAX   = 256,
	WN_FILE_MAX = 256,
};

struct wn_file;

/* What a kind of file does. Every function returns >= 0 or a negative errno
 * value (-EINVAL...), never sets errno itself. A NULL entry means the
 * operation does not apply to this kind of file; the system call then fails
 * with the POSIX error for that case (read/write EINVAL, lseek/pread/pwrite
 * ESPIPE, mmap ENODEV). Access modes (O_RDONLY...) are checked before the
 * operation is called. */
struct wn_file_ops {
	const char *name; /* for debugging: "console", "dataspace", ... */
	/* Streams: read/write at the current offset (the file's business). */
	ssize_t (*read)(struct wn_file *f, void *buf, size_t n);
	ssize_t (*write)(struct wn_file *f, const void *buf, size_t n);
	/* Positional I/O: must not move the offset. */
	ssize_t (*pread)(struct wn_file *f, void *buf, size_t n, off_t off);
	ssize_t (*pwrite)(struct wn_file *f, const void *buf, size_t n, off_t off);
	/* Returns the new offset. */
	off_t (*lseek)(struct wn_file *f, off_t off, int whence);
	/* Fills *st (zeroed by the caller). Required. */
	int (*fstat)(struct wn_file *f, struct stat *st);
	/* 1 if the file is a terminal (line-buffered stdio), else 0. */
	int (*isatty)(struct wn_file *f);
	/* The dataspace behind the file for mmap(): *ds (owned by the file;
	 * the caller keeps a reference to f while it uses it), *size in bytes
	 * and *writable (the dataspace and capability allow writing). */
	int (*get_ds)(struct wn_file *f, l4re_ds_t *ds, l4_uint64_t *size, int *writable);
	/* Called once when the last reference goes: frees priv. */
	void (*release)(struct wn_file *f);
};

/* An open file description (POSIX): shared by the descriptors dup() makes,
 * with one offset and one set of status flags. Descriptions live in a
 * static pool and are never returned to malloc, so a thread that read a
 * stale pointer from the fd table can still look at refs safely (see
 * wn_fd_get()). */
struct wn_file {
	unsigned refs;                  /* atomic; 0: free or being set up */
	unsigned char in_use;           /* atomic; the pool slot is taken */
	int flags;                      /* atomic; O_ACCMODE | O_APPEND | O_NONBLOCK */
	off_t offset;                   /* atomic; for seekable files */
	const struct wn_file_ops *ops;
	void *priv;                     /* the kind's own state */
};

/* A new description with one reference, or NULL when the pool is empty
 * (the caller reports ENFILE). */
struct wn_file *wn_file_alloc(const struct wn_file_ops *ops, void *priv, int flags);

/* Takes and drops a reference; the last put calls ops->release. */
void wn_file_get(struct wn_file *f);
void wn_file_put(struct wn_file *f);

/* Installs f at the lowest free descriptor >= min_fd with fd flags
 * fd_flags (FD_CLOEXEC). The descriptor takes over the caller's reference
 * on success. Returns the descriptor, -EMFILE (none free) or -EINVAL
 * (min_fd out of range). */
int wn_fd_install(struct wn_file *f, int min_fd, int fd_flags);

/* Puts f at descriptor fd (dup2()), closing what was there; takes over the
 * caller's reference. 0 or -EBADF (fd out of range). */
int wn_fd_replace(int fd, struct wn_file *f, int fd_flags);

/* The description at fd with a reference the caller must put, or NULL
 * (fd out of range or not open). Lock-free. */
struct wn_file *wn_fd_get(int fd);

/* Closes fd. 0 or -EBADF. */
int wn_fd_close(int fd);

/* FD_CLOEXEC of fd, or -EBADF. */
int wn_fd_get_flags(int fd);
int wn_fd_set_flags(int fd, int fd_flags);

/* Helpers for kinds of file with a fixed size and a positional read
 * (pread): read at the offset and move it atomically, so that threads
 * sharing a description each get their own bytes. */
ssize_t wn_file_read_at_offset(struct wn_file *f, void *buf, size_t n);
/* lseek() for a file of size bytes: SEEK_SET/CUR/END, -EINVAL for a bad
 * whence or a negative result, -EOVERFLOW when it does not fit off_t. */
off_t wn_file_seek(struct wn_file *f, off_t off, int whence, off_t size);

/* The errno value for a negative L4 error code (-L4_ENOENT...). */
int wn_file_errno(long l4_err);

/* Walnut: a file descriptor reading (and with O_RDWR writing) the
 * dataspace ds, which stays the caller's (it is not freed on close). flags:
 * O_RDONLY or O_RDWR, optionally O_CLOEXEC. The file's size is the
 * dataspace's; writes cannot grow it (ENOSPC at its end).
 * Returns the descriptor, or -1 with errno: EINVAL (bad flags, not a
 * dataspace), EACCES (O_RDWR on a read-only dataspace), EMFILE, ENFILE,
 * ENOMEM. */
int wn_fd_open_ds(l4re_ds_t ds, int flags);
