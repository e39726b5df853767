/* The fd table and the pool of open file descriptions, lock-free: slots are
 * claimed and released with atomic operations, references are counted. */
#include <walnut/fd.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>

#include "file_internal.h"

/* Descriptions never go back to malloc (a type-stable pool): a reader that
 * loaded a pointer from the fd table just before a close can still take
 * "a reference if refs != 0" and then check that the slot still holds the
 * same description. The first three are stdin, stdout and stderr, set up
 * statically so that output works before any constructor ran. */
#define STDIO_FILE(acc) \
	{ .refs = 1, .in_use = 1, .flags = (acc), .ops = &wn_console_ops, .priv = &wn_stdio_console }
static struct wn_file pool[WN_FILE_MAX] = {
	STDIO_FILE(O_RDONLY), STDIO_FILE(O_WRONLY), STDIO_FILE(O_WRONLY),
};

/* fd -> description | FD_CLOEXEC in bit 0 (descriptions are aligned), so
 * that both change in one atomic operation; 0 when closed. */
static uintptr_t table[WN_FD_MAX] = {
	(uintptr_t)&pool[0], (uintptr_t)&pool[1], (uintptr_t)&pool[2],
};

_Static_assert(_Alignof(struct wn_file) > FD_CLOEXEC, "bit 0 of a description is free");

static struct wn_file *entry_file(uintptr_t e) { return (struct wn_file *)(e & ~(uintptr_t)1); }

static uintptr_t make_entry(struct wn_file *f, int flags)
{
	return (uintptr_t)f | ((flags & FD_CLOEXEC) ? 1 : 0);
}

struct wn_file *wn_file_alloc(const struct wn_file_ops *ops, void *priv, int flags)
{
	for (unsigned i = 0; i < WN_FILE_MAX; i++) {
		struct wn_file *f = &pool[i];
		unsigned char free_slot = 0;
		if (__atomic_load_n(&f->in_use, __ATOMIC_RELAXED) ||
		    !__atomic_compare_exchange_n(&f->in_use, &free_slot, 1, 0, __ATOMIC_ACQUIRE,
						 __ATOMIC_RELAXED))
			continue;
		f->ops = ops;
		f->priv = priv;
		__atomic_store_n(&f->flags, flags, __ATOMIC_RELAXED);
		__atomic_store_n(&f->offset, 0, __ATOMIC_RELAXED);
		/* publishes the fields: a racing wn_fd_get() sees refs != 0 only
		 * after them */
		__atomic_store_n(&f->refs, 1, __ATOMIC_RELEASE);
		return f;
	}
	return NULL;
}

void wn_file_get(struct wn_file *f)
{
	__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
}

void wn_file_put(struct wn_file *f)
{
	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (f->ops->release)
		f->ops->release(f);
	f->ops = NULL;
	f->priv = NULL;
	__atomic_store_n(&f->in_use, 0, __ATOMIC_RELEASE);
}

/* A reference unless refs is 0 (free, being set up or being released). */
static int file_tryget(struct wn_file *f)
{
	unsigned r = __atomic_load_n(&f->refs, __ATOMIC_RELAXED);
	while (r) {
		if (__atomic_compare_exchange_n(&f->refs, &r, r + 1, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return 1;
	}
	return 0;
}

struct wn_file *wn_fd_get(int fd)
{
	if (fd < 0 || fd >= WN_FD_MAX)
		return NULL;
	for (;;) {
		uintptr_t e = __atomic_load_n(&table[fd], __ATOMIC_ACQUIRE);
		struct wn_file *f = entry_file(e);
		if (!f)
			return NULL;
		if (!file_tryget(f))
			continue; /* being closed: look again */
		if (entry_file(__atomic_load_n(&table[fd], __ATOMIC_ACQUIRE)) == f)
			return f;
		wn_file_put(f); /* the slot changed meanwhile */
	}
}

int wn_fd_install(struct wn_file *f, int min_fd, int flags)
{
	if (min_fd < 0 || min_fd >= WN_FD_MAX)
		return -EINVAL;
	for (int fd = min_fd; fd < WN_FD_MAX; fd++) {
		uintptr_t none = 0;
		if (__atomic_load_n(&table[fd], __ATOMIC_RELAXED))
			continue;
		if (__atomic_compare_exchange_n(&table[fd], &none, make_entry(f, flags), 0,
						__ATOMIC_RELEASE, __ATOMIC_RELAXED))
			return fd;
	}
	return -EMFILE;
}

int wn_fd_replace(int fd, struct wn_file *f, int flags)
{
	if (fd < 0 || fd >= WN_FD_MAX)
		return -EBADF;
	uintptr_t old = __atomic_exchange_n(&table[fd], make_entry(f, flags), __ATOMIC_ACQ_REL);
	if (old)
		wn_file_put(entry_file(old));
	return 0;
}

int wn_fd_close(int fd)
{
	if (fd < 0 || fd >= WN_FD_MAX)
		return -EBADF;
	uintptr_t old = __atomic_exchange_n(&table[fd], 0, __ATOMIC_ACQ_REL);
	if (!old)
		return -EBADF;
	wn_file_put(entry_file(old));
	return 0;
}

int wn_fd_get_flags(int fd)
{
	if (fd < 0 || fd >= WN_FD_MAX)
		return -EBADF;
	uintptr_t e = __atomic_load_n(&table[fd], __ATOMIC_ACQUIRE);
	if (!e)
		return -EBADF;
	return (e & 1) ? FD_CLOEXEC : 0;
}

int wn_fd_set_flags(int fd, int flags)
{
	if (fd < 0 || fd >= WN_FD_MAX)
		return -EBADF;
	uintptr_t e = __atomic_load_n(&table[fd], __ATOMIC_ACQUIRE);
	do {
		if (!e)
			return -EBADF;
	} while (!__atomic_compare_exchange_n(&table[fd], &e, make_entry(entry_file(e), flags), 0,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return 0;
}
