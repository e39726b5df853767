/* The POSIX file system calls newlib and programs call: descriptors through
 * the fd table, each operation through the file's kind (struct
 * wn_file_ops). The tree of named capabilities is read-only for the file
 * API: creating, linking and removing names fails with EROFS (namespaces
 * change through l4re_ns_*). */
#include "file_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* open() flags this layer knows; others are EINVAL. */
#define OPEN_FLAGS (O_ACCMODE | O_APPEND | O_CREAT | O_TRUNC | O_EXCL | O_NONBLOCK | \
		    O_NOCTTY | O_CLOEXEC | O_DIRECTORY | O_SYNC | O_NOFOLLOW)

/* The most bytes one call transfers: the result must fit ssize_t. */
#define MAX_IO ((size_t)SIZE_MAX >> 1)

/* errno = -err, return -1 (for results < 0), else the result. */
static long ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* For open(O_CREAT) of a missing file: EROFS when the directory it would
 * go to exists, else that directory's lookup error. */
static int create_error(const char *path)
{
	char dir[PATH_MAX];
	size_t len = strnlen(path, sizeof(dir));
	if (len == sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, len + 1);
	while (len > 0 && dir[len - 1] == '/')
		dir[--len] = '\0';
	char *slash = strrchr(dir, '/');
	if (!slash)
		return -EROFS; /* a new name in the root */
	slash[1] = '\0';
	struct wn_node n;
	int err = wn_path_lookup(dir, &n);
	if (err < 0)
		return err;
	int kind = n.kind;
	wn_node_put(&n);
	return (kind == WN_NODE_ROOT || kind == WN_NODE_NS) ? -EROFS : -ENOTDIR;
}

static int open_node(struct wn_node *n, int flags, struct wn_file **f)
{
	int is_dir = n->kind == WN_NODE_ROOT || n->kind == WN_NODE_NS;
	if ((flags & O_DIRECTORY) && !is_dir)
		return -ENOTDIR;
	switch (n->kind) {
	case WN_NODE_DS:   return wn_ds_open(n, flags, f);
	case WN_NODE_ROOT:
	case WN_NODE_NS:   return wn_dir_open(n, flags, f);
	case WN_NODE_VCON: return wn_console_open(n, flags, f);
	default:           return -ENXIO; /* an object that is no file */
	}
}

static int do_open(const char *path, int flags)
{
	if ((flags & ~OPEN_FLAGS) || (flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	struct wn_node n;
	int err = wn_path_lookup(path, &n);
	if (err == -ENOENT && (flags & O_CREAT))
		return create_error(path);
	if (err < 0)
		return err;
	struct wn_file *f = NULL;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		err = -EEXIST;
	else
		err = open_node(&n, flags, &f);
	if (err < 0) {
		wn_node_put(&n);
		return err;
	}
	int fd = wn_fd_install(f, 0, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	if (fd < 0)
		wn_file_put(f);
	return fd;
}

int open(const char *path, int flags, ...)
{
	/* mode (the third argument with O_CREAT) does not matter: nothing
	 * is ever created */
	return (int)ret(do_open(path, flags));
}

int close(int fd)
{
	return (int)ret(wn_fd_close(fd));
}

/* The description at fd with access mode acc_bit (1: read, 2: write)
 * allowed, or NULL with *err set. */
static struct wn_file *get_for(int fd, int acc_bit, long *err)
{
	struct wn_file *f = wn_fd_get(fd);
	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	int acc = (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_ACCMODE) + 1; /* FREAD/FWRITE */
	if (!(acc & acc_bit)) {
		wn_file_put(f);
		*err = -EBADF;
		return NULL;
	}
	return f;
}

/* The buffer of a read or write: at most MAX_IO bytes, present if any. */
static long check_buf(const void *buf, size_t n)
{
	if (n > MAX_IO)
		return -EINVAL;
	return n && !buf ? -EFAULT : 0;
}

ssize_t read(int fd, void *buf, size_t n)
{
	long r;
	struct wn_file *f = get_for(fd, 1, &r);
	if (!f)
		return ret(r);
	r = check_buf(buf, n);
	if (!r)
		r = f->ops->read ? f->ops->read(f, buf, n) : -EINVAL;
	wn_file_put(f);
	return ret(r);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	long r;
	struct wn_file *f = get_for(fd, 2, &r);
	if (!f)
		return ret(r);
	r = check_buf(buf, n);
	if (!r)
		r = f->ops->write ? f->ops->write(f, buf, n) : -EINVAL;
	wn_file_put(f);
	return ret(r);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	long r;
	struct wn_file *f = get_for(fd, 1, &r);
	if (!f)
		return ret(r);
	if (!f->ops->pread)
		r = -ESPIPE;
	else if (off < 0)
		r = -EINVAL;
	else if (!(r = check_buf(buf, n)))
		r = f->ops->pread(f, buf, n, off);
	wn_file_put(f);
	return ret(r);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	long r;
	struct wn_file *f = get_for(fd, 2, &r);
	if (!f)
		return ret(r);
	if (!f->ops->pwrite)
		r = -ESPIPE;
	else if (off < 0)
		r = -EINVAL;
	else if (!(r = check_buf(buf, n)))
		r = f->ops->pwrite(f, buf, n, off);
	wn_file_put(f);
	return ret(r);
}

off_t lseek(int fd, off_t off, int whence)
{
	struct wn_file *f = wn_fd_get(fd);
	if (!f)
		return ret(-EBADF);
	long r = f->ops->lseek ? f->ops->lseek(f, off, whence) : -ESPIPE;
	wn_file_put(f);
	return ret(r);
}

int fstat(int fd, struct stat *st)
{
	struct wn_file *f = wn_fd_get(fd);
	if (!f)
		return (int)ret(-EBADF);
	long r = -EFAULT;
	if (st) {
		memset(st, 0, sizeof(*st));
		r = f->ops->fstat(f, st);
	}
	wn_file_put(f);
	return (int)ret(r);
}

int stat(const char *path, struct stat *st)
{
	if (!st)
		return (int)ret(-EFAULT);
	struct wn_node n;
	int err = wn_path_lookup(path, &n);
	if (err < 0)
		return (int)ret(err);
	wn_node_stat(&n, st);
	wn_node_put(&n);
	return 0;
}

int isatty(int fd)
{
	struct wn_file *f = wn_fd_get(fd);
	if (!f) {
		errno = EBADF;
		return 0;
	}
	int tty = f->ops->isatty ? f->ops->isatty(f) : 0;
	wn_file_put(f);
	if (!tty)
		errno = ENOTTY;
	return tty;
}

/* dup() and F_DUPFD: the description at fd also at the lowest free
 * descriptor >= min_fd. */
static int dup_from(int fd, int min_fd, int fd_flags)
{
	struct wn_file *f = wn_fd_get(fd);
	if (!f)
		return -EBADF;
	int r = wn_fd_install(f, min_fd, fd_flags); /* takes our reference */
	if (r < 0)
		wn_file_put(f);
	return r;
}

int dup(int fd)
{
	return (int)ret(dup_from(fd, 0, 0));
}

int dup2(int fd, int fd2)
{
	struct wn_file *f = wn_fd_get(fd);
	if (!f)
		return (int)ret(-EBADF);
	if (fd == fd2) {
		wn_file_put(f);
		return fd2;
	}
	int r = wn_fd_replace(fd2, f, 0);
	if (r < 0)
		wn_file_put(f);
	return r < 0 ? (int)ret(r) : fd2;
}

/* The flags F_SETFL may change. */
#define SETFL_FLAGS (O_APPEND | O_NONBLOCK)

static long set_status_flags(int fd, int flags)
{
	struct wn_file *f = wn_fd_get(fd);
	if (!f)
		return -EBADF;
	int old = __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
	while (!__atomic_compare_exchange_n(&f->flags, &old,
					    (old & ~SETFL_FLAGS) | (flags & SETFL_FLAGS), 0,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	wn_file_put(f);
	return 0;
}

static long get_status_flags(int fd)
{
	struct wn_file *f = wn_fd_get(fd);
	if (!f)
		return -EBADF;
	long flags = __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
	wn_file_put(f);
	return flags;
}

/* The commands whose third argument is an int. */
static int has_int_arg(int cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_SETFD || cmd == F_SETFL;
}

int fcntl(int fd, int cmd, ...)
{
	int arg = 0;
	if (has_int_arg(cmd)) {
		va_list ap;
		va_start(ap, cmd);
		arg = va_arg(ap, int);
		va_end(ap);
	}
	long r;
	switch (cmd) {
	case F_DUPFD:         r = dup_from(fd, arg, 0); break;
	case F_DUPFD_CLOEXEC: r = dup_from(fd, arg, FD_CLOEXEC); break;
	case F_GETFD:         r = wn_fd_get_flags(fd); break;
	case F_SETFD:         r = wn_fd_set_flags(fd, arg); break;
	case F_GETFL:         r = get_status_flags(fd); break;
	case F_SETFL:         r = set_status_flags(fd, arg); break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_GETOWN:
	case F_SETOWN:
		/* record locks and signal owners do not exist here */
		r = wn_fd_get_flags(fd) < 0 ? -EBADF : -ENOSYS;
		break;
	default:
		r = -EINVAL;
	}
	return (int)ret(r);
}

/* The error for changing the name path: ENOENT when it does not exist
 * (want_exists) or its directory does not (else), EEXIST when it exists
 * and must not, else EROFS. */
static int change_error(const char *path, int want_exists)
{
	struct wn_node n;
	int err = wn_path_lookup(path, &n);
	if (err == 0) {
		wn_node_put(&n);
		return want_exists ? -EROFS : -EEXIST;
	}
	if (err != -ENOENT || want_exists)
		return err;
	return create_error(path);
}

int unlink(const char *path)
{
	return (int)ret(change_error(path, 1));
}

int rmdir(const char *path)
{
	return (int)ret(change_error(path, 1));
}

int mkdir(const char *path, mode_t mode)
{
	return (int)ret(change_error(path, 0));
}

int link(const char *old, const char *new)
{
	int err = change_error(old, 1);
	if (err == -EROFS)
		err = change_error(new, 0);
	return (int)ret(err);
}

int access(const char *path, int mode)
{
	if (mode & ~(R_OK | W_OK | X_OK))
		return (int)ret(-EINVAL);
	struct wn_node n;
	int err = wn_path_lookup(path, &n);
	if (err < 0)
		return (int)ret(err);
	struct stat st;
	wn_node_stat(&n, &st);
	wn_node_put(&n);
	if ((mode & W_OK) && !(st.st_mode & S_IWUSR))
		return (int)ret(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode) ? -EROFS : -EACCES);
	if (((mode & R_OK) && !(st.st_mode & S_IRUSR)) ||
	    ((mode & X_OK) && !(st.st_mode & S_IXUSR)))
		return (int)ret(-EACCES);
	return 0;
}

/* Dataspaces are the memory itself: nothing is ever waiting to be written
 * back. Consoles and directories cannot be synchronized (EINVAL). */
int fsync(int fd)
{
	struct wn_file *f = wn_fd_get(fd);
	if (!f)
		return (int)ret(-EBADF);
	int r = f->ops->get_ds ? 0 : -EINVAL;
	wn_file_put(f);
	return (int)ret(r);
}
