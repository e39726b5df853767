/* Helpers for the kinds of file: offsets moved atomically, lseek() on a
 * file of known size, L4 error codes as errno values. */
#include <walnut/fd.h>

#include <errno.h>
#include <unistd.h>
#include <l4/sys/err.h>

ssize_t wn_file_read_at_offset(struct wn_file *f, void *buf, size_t n)
{
	off_t off = __atomic_load_n(&f->offset, __ATOMIC_ACQUIRE);
	for (;;) {
		ssize_t r = f->ops->pread(f, buf, n, off);
		if (r <= 0)
			return r;
		/* Another thread moved the offset meanwhile: read again from
		 * where it is now (pread has no side effects). */
		if (__atomic_compare_exchange_n(&f->offset, &off, off + r, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return r;
	}
}

off_t wn_file_seek(struct wn_file *f, off_t off, int whence, off_t size)
{
	off_t cur = __atomic_load_n(&f->offset, __ATOMIC_ACQUIRE);
	for (;;) {
		off_t base, res;
		switch (whence) {
		case SEEK_SET: base = 0; break;
		case SEEK_CUR: base = cur; break;
		case SEEK_END: base = size; break;
		default: return -EINVAL;
		}
		if (__builtin_add_overflow(base, off, &res))
			return -EOVERFLOW;
		if (res < 0)
			return -EINVAL;
		if (__atomic_compare_exchange_n(&f->offset, &cur, res, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return res;
	}
}

int wn_file_errno(long err)
{
	if (err >= 0)
		return 0;
	switch (-err) {
	case L4_EPERM:
	case L4_EACCESS:       return EACCES; /* a right is missing */
	case L4_ENOENT:        return ENOENT;
	case L4_ENXIO:         return ENXIO;
	case L4_EAGAIN:        return EAGAIN;
	case L4_ENOMEM:        return ENOMEM;
	case L4_EFAULT:        return EFAULT;
	case L4_EBUSY:         return EBUSY;
	case L4_EEXIST:        return EEXIST;
	case L4_ENODEV:        return ENODEV;
	case L4_EINVAL:        return EINVAL;
	case L4_ENOSPC:        return ENOSPC;
	case L4_ERANGE:        return ERANGE;
	case L4_ENAMETOOLONG:  return ENAMETOOLONG;
	case L4_ENOSYS:        return ENOSYS;
	case L4_EBADPROTO:     return ENODEV;   /* the object is of another kind */
	case L4_EADDRNOTAVAIL: return ENOMEM;   /* no room in the address space */
	default:               return EIO;      /* IPC and message errors */
	}
}
