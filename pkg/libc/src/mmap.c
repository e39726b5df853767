/* mmap(), munmap(), mprotect(), msync(): dataspaces attached to the region
 * map. Anonymous memory is a fresh dataspace from the memory allocator; a
 * file mapping attaches the file's dataspace (or, private and writable, a
 * copy of it). A table of the mappings, split as parts are unmapped or
 * reprotected (moe splits its regions the same way on an exact detach),
 * frees each dataspace when its last part goes. */
#include "file_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/lock.h>
#include <sys/mman.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>

#define MAP_KNOWN (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE | \
		   MAP_POPULATE)
#define PROT_KNOWN (PROT_READ | PROT_WRITE | PROT_EXEC)
/* moe's limit for one dataspace */
#define MAX_LEN (1UL << 40)

/* What a mapping shows: a dataspace of ours, or a file's. */
struct mm_backing {
	unsigned refs;         /* table entries using it */
	l4re_ds_t ds;
	struct wn_file *file;  /* a file's dataspace, kept by this reference */
	int writable;          /* may be attached with W */
};

/* One piece of a mapping: [start, end) shows b->ds from offset. Sorted by
 * start, no overlaps; each is one region of the region map. */
struct mm_region {
	struct mm_region *next;
	l4_addr_t start, end;
	l4_uint64_t offset;
	int prot;
	struct mm_backing *b;
};

/* The table and the region map's regions it describes: under mm_lock. */
static struct mm_region *regions;
static _LOCK_T mm_lock;

/* newlib's locks need an init call (struct __lock is lock.c's): the first
 * user makes the lock, a loser of the race closes its spare one. */
static void mm_lock_take(void)
{
	_LOCK_T l = __atomic_load_n(&mm_lock, __ATOMIC_ACQUIRE);
	if (!l) {
		_LOCK_T fresh;
		__retarget_lock_init(&fresh);
		if (__atomic_compare_exchange_n(&mm_lock, &l, fresh, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			l = fresh;
		else
			__retarget_lock_close(fresh);
	}
	__retarget_lock_acquire(l);
}

static void mm_lock_drop(void)
{
	__retarget_lock_release(mm_lock);
}

static void backing_put(struct mm_backing *b)
{
	if (--b->refs)
		return;
	if (b->file) {
		wn_file_put(b->file);
	} else {
		l4re_ma_free(b->ds);
		l4re_util_cap_free_um(b->ds);
	}
	free(b);
}

/* A fresh zero-filled dataspace of size bytes in *b. */
static int backing_anon(size_t size, struct mm_backing *b)
{
	b->ds = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(b->ds))
		return -ENOMEM;
	long err = l4re_ma_alloc((long)size, b->ds, 0);
	if (err < 0) {
		l4re_util_cap_free(b->ds);
		return -ENOMEM;
	}
	b->writable = 1;
	return 0;
}

/* A private writable mapping of a file: a fresh dataspace with a copy of
 * the file's bytes from off on; the rest of the last page stays zero. */
static int backing_copy(l4re_ds_t src, l4_uint64_t src_size, l4_uint64_t off, size_t size,
			struct mm_backing *b)
{
	int err = backing_anon(size, b);
	if (err < 0)
		return err;
	l4_uint64_t n = src_size - off < size ? src_size - off : size;
	long r = n ? l4re_ds_copy_in(b->ds, 0, src, off, n) : 0;
	if (r < 0) {
		l4re_ma_free(b->ds);
		l4re_util_cap_free_um(b->ds);
		return -wn_file_errno(r);
	}
	return 0;
}

/* The backing of a file mapping; *ds_off = where in it the mapping starts. */
static int backing_file(int fd, int prot, int flags, off_t off, size_t size,
			struct mm_backing *b, l4_uint64_t *ds_off)
{
	struct wn_file *f = wn_fd_get(fd);
	if (!f)
		return -EBADF;
	int acc = __atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_ACCMODE;
	l4re_ds_t ds;
	l4_uint64_t ds_size;
	int writable;
	int err = 0;
	if (!f->ops->get_ds)
		err = -ENODEV; /* no memory behind this kind of file */
	else if (acc == O_WRONLY)
		err = -EACCES;
	else
		err = f->ops->get_ds(f, &ds, &ds_size, &writable);
	if (!err && (l4_uint64_t)off >= l4_round_page(ds_size))
		err = -ENXIO; /* beyond the file's last page */
	if (!err && (flags & MAP_SHARED) && (prot & PROT_WRITE) && (acc != O_RDWR || !writable))
		err = -EACCES;
	if (err) {
		wn_file_put(f);
		return err;
	}
	if ((flags & MAP_PRIVATE) && (prot & PROT_WRITE)) {
		err = backing_copy(ds, ds_size, (l4_uint64_t)off, size, b);
		wn_file_put(f);
		*ds_off = 0;
		return err;
	}
	b->ds = ds;
	b->file = f;
	/* a private mapping must never write the file: no W for it */
	b->writable = (flags & MAP_SHARED) && acc == O_RDWR && writable;
	*ds_off = (l4_uint64_t)off;
	return 0;
}

/* Attaches [*start, +size) with the rights of prot (PROT_NONE: a reserved
 * region, so that every access faults). extra: SEARCH_ADDR, EAGER_MAP. */
static int attach(l4_addr_t *start, size_t size, int prot, const struct mm_backing *b,
		  l4_uint64_t off, l4re_rm_flags_t extra)
{
	l4re_rm_flags_t fl = extra;
	l4re_ds_t ds = b->ds;
	if (prot == PROT_NONE) {
		fl = (fl & ~L4RE_RM_F_EAGER_MAP) | L4RE_RM_F_RESERVED;
		ds = L4_INVALID_CAP;
		off = 0;
	} else {
		/* moe maps every region readable: x86 has no write-only pages */
		fl |= L4RE_RM_F_R | ((prot & PROT_WRITE) ? L4RE_RM_F_W : 0) |
		      ((prot & PROT_EXEC) ? L4RE_RM_F_X : 0);
	}
	void *at = (void *)*start;
	int r = l4re_rm_attach(&at, size, fl, ds, off, L4_PAGESHIFT);
	if (r < 0) {
		if (r == -L4_EPERM)
			return -EACCES;
		if (r == -L4_ERANGE)
			return -ENXIO;
		return r == -L4_EADDRNOTAVAIL ? -ENOMEM : -wn_file_errno(r);
	}
	*start = (l4_addr_t)at;
	return 0;
}

/* Detaches exactly [start, start + size) of one region (moe trims or
 * splits it) and unmaps its pages. 0 or an L4 error. */
static long detach_exact(l4_addr_t start, l4_addr_t size)
{
	int r = l4re_rm_detach_range_srv(l4re_env()->rm, start, size, L4RE_RM_DETACH_EXACT,
					 NULL, L4_BASE_TASK_CAP);
	return r < 0 ? r : 0;
}

/* Cuts [lo, hi) out of *pp's region r (already detached); spare is an
 * entry for the tail when the cut is a hole (used and set NULL then). */
static void table_cut(struct mm_region **pp, l4_addr_t lo, l4_addr_t hi,
		      struct mm_region **spare)
{
	struct mm_region *r = *pp;
	if (lo == r->start && hi == r->end) {
		*pp = r->next;
		backing_put(r->b);
		free(r);
	} else if (lo == r->start) {
		r->offset += hi - r->start;
		r->start = hi;
	} else if (hi == r->end) {
		r->end = lo;
	} else {
		struct mm_region *t = *spare;
		*spare = NULL;
		*t = *r;
		t->start = hi;
		t->offset = r->offset + (hi - r->start);
		t->b->refs++;
		r->end = lo;
		r->next = t;
	}
}

/* munmap() under the lock: every piece of ours in [start, end). */
static int unmap_locked(l4_addr_t start, l4_addr_t end)
{
	struct mm_region **pp = &regions;
	while (*pp && (*pp)->start < end) {
		struct mm_region *r = *pp;
		if (r->end <= start) {
			pp = &r->next;
			continue;
		}
		l4_addr_t lo = r->start > start ? r->start : start;
		l4_addr_t hi = r->end < end ? r->end : end;
		struct mm_region *spare = NULL;
		if (lo > r->start && hi < r->end && !(spare = malloc(sizeof(*spare))))
			return -ENOMEM;
		long err = detach_exact(lo, hi - lo);
		if (err < 0) {
			free(spare);
			return -wn_file_errno(err);
		}
		table_cut(pp, lo, hi, &spare);
		if (*pp == r && r->end <= lo)
			pp = &r->next; /* r keeps its head: go past it */
	}
	return 0;
}

static void table_insert(struct mm_region *n)
{
	struct mm_region **pp = &regions;
	while (*pp && (*pp)->start < n->start)
		pp = &(*pp)->next;
	n->next = *pp;
	*pp = n;
}

/* Checks the arguments of mmap(); 0 or a negative errno. */
static int mmap_check(void *addr, size_t len, int prot, int flags, off_t off)
{
	int type = flags & (MAP_SHARED | MAP_PRIVATE);
	if (len == 0 || (prot & ~PROT_KNOWN) || (flags & ~MAP_KNOWN) ||
	    (type != MAP_SHARED && type != MAP_PRIVATE))
		return -EINVAL;
	if (off < 0 || (off & (L4_PAGESIZE - 1)))
		return -EINVAL;
	if ((flags & MAP_FIXED) && ((l4_addr_t)addr & (L4_PAGESIZE - 1)))
		return -EINVAL;
	if (len > MAX_LEN)
		return -ENOMEM;
	return 0;
}

static void *mmap_fail(int err)
{
	errno = err;
	return MAP_FAILED;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	int err = mmap_check(addr, len, prot, flags, off);
	if (err < 0)
		return mmap_fail(-err);
	size_t size = l4_round_page(len);
	struct mm_region *r = calloc(1, sizeof(*r));
	struct mm_backing *b = calloc(1, sizeof(*b));
	if (!r || !b) {
		free(r);
		free(b);
		return mmap_fail(ENOMEM);
	}
	b->refs = 1;
	l4_uint64_t ds_off = 0;
	err = (flags & MAP_ANONYMOUS) ? backing_anon(size, b)
				      : backing_file(fd, prot, flags, off, size, b, &ds_off);
	if (err < 0) {
		free(r);
		free(b);
		return mmap_fail(-err);
	}
	l4_addr_t start = (l4_addr_t)addr & ~(l4_addr_t)(L4_PAGESIZE - 1);
	l4re_rm_flags_t extra = (flags & MAP_POPULATE) ? L4RE_RM_F_EAGER_MAP : 0;
	if (!(flags & MAP_FIXED))
		extra |= L4RE_RM_F_SEARCH_ADDR;
	mm_lock_take();
	if (flags & MAP_FIXED)
		err = unmap_locked(start, start + size);
	if (!err)
		err = attach(&start, size, prot, b, ds_off, extra);
	if (err == -ENOMEM && !(flags & MAP_FIXED) && start) {
		start = 0; /* no room above the hint: anywhere */
		err = attach(&start, size, prot, b, ds_off, extra);
	}
	if (!err) {
		*r = (struct mm_region){ .start = start, .end = start + size, .offset = ds_off,
					 .prot = prot, .b = b };
		table_insert(r);
	}
	mm_lock_drop();
	if (err < 0) {
		free(r);
		backing_put(b);
		return mmap_fail(-err);
	}
	return (void *)start;
}

/* Checks addr/len of munmap, mprotect and msync: *start, *end or -errno. */
static int range_check(void *addr, size_t len, l4_addr_t *start, l4_addr_t *end)
{
	l4_addr_t a = (l4_addr_t)addr;
	if ((a & (L4_PAGESIZE - 1)) || len == 0 || len > MAX_LEN)
		return -EINVAL;
	*start = a;
	*end = a + l4_round_page(len);
	return *end < a ? -EINVAL : 0;
}

int munmap(void *addr, size_t len)
{
	l4_addr_t start, end;
	int err = range_check(addr, len, &start, &end);
	if (!err) {
		mm_lock_take();
		err = unmap_locked(start, end);
		mm_lock_drop();
	}
	if (err < 0) {
		errno = -err;
		return -1;
	}
	return 0;
}

/* Whether our pieces cover [start, end) without a gap (under the lock). */
static int covered(l4_addr_t start, l4_addr_t end)
{
	l4_addr_t at = start;
	for (struct mm_region *r = regions; r && at < end; r = r->next) {
		if (r->end <= at)
			continue;
		if (r->start > at)
			return 0;
		at = r->end;
	}
	return at >= end;
}

int msync(void *addr, size_t len, int flags)
{
	l4_addr_t start, end;
	int err = range_check(addr, len, &start, &end);
	if (!err && ((flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
		     (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC)))
		err = -EINVAL;
	if (!err) {
		/* A mapping shows the dataspace itself: there is nothing to
		 * write back, only the range to check. */
		mm_lock_take();
		if (!covered(start, end))
			err = -ENOMEM;
		mm_lock_drop();
	}
	if (err < 0) {
		errno = -err;
		return -1;
	}
	return 0;
}

/* Gives [lo, hi) of the piece *pp (= r) the rights prot: detach exactly
 * that range and attach the same dataspace there again (moe has no
 * operation that changes a region's rights), then split the piece. */
static int reprotect(struct mm_region **pp, l4_addr_t lo, l4_addr_t hi, int prot)
{
	struct mm_region *r = *pp;
	struct mm_region *mid = NULL, *tail = NULL;
	if ((lo > r->start && !(mid = malloc(sizeof(*mid)))) ||
	    (hi < r->end && !(tail = malloc(sizeof(*tail))))) {
		free(mid);
		return -ENOMEM;
	}
	l4_addr_t r_start = r->start, r_end = r->end;
	l4_uint64_t off = r->offset + (lo - r_start);
	long err = detach_exact(lo, hi - lo);
	if (err < 0) {
		free(mid);
		free(tail);
		return -wn_file_errno(err);
	}
	l4_addr_t at = lo;
	int aerr = attach(&at, hi - lo, prot, r->b, off, 0);
	if (aerr < 0) {
		/* the range is gone from the region map: forget it here too */
		table_cut(pp, lo, hi, &tail);
		free(mid);
		free(tail);
		return aerr;
	}
	int old_prot = r->prot;
	if (mid) {
		*mid = *r;
		mid->start = lo;
		mid->offset = off;
		mid->b->refs++;
		r->end = lo;
		r->next = mid;
	} else {
		mid = r;
	}
	mid->end = hi;
	mid->prot = prot;
	if (tail) {
		*tail = *mid;
		tail->start = hi;
		tail->end = r_end;
		tail->offset = off + (hi - lo);
		tail->prot = old_prot;
		tail->b->refs++;
		mid->next = tail;
	}
	return 0;
}

/* mprotect() under the lock, on a range that is all ours. */
static int protect_locked(l4_addr_t start, l4_addr_t end, int prot)
{
	for (struct mm_region *r = regions; r && r->start < end; r = r->next)
		if (r->end > start && (prot & PROT_WRITE) && !r->b->writable)
			return -EACCES; /* a file not writable through this mapping */
	l4_addr_t at = start;
	while (at < end) {
		struct mm_region **pp = &regions;
		while ((*pp)->end <= at)
			pp = &(*pp)->next;
		struct mm_region *r = *pp;
		l4_addr_t hi = r->end < end ? r->end : end;
		if (r->prot != prot) {
			int err = reprotect(pp, at, hi, prot);
			if (err < 0)
				return err;
		}
		at = hi;
	}
	return 0;
}

int mprotect(void *addr, size_t len, int prot)
{
	l4_addr_t start, end;
	int err = range_check(addr, len, &start, &end);
	if (!err && (prot & ~PROT_KNOWN))
		err = -EINVAL;
	if (!err) {
		mm_lock_take();
		err = covered(start, end) ? protect_locked(start, end, prot) : -ENOMEM;
		mm_lock_drop();
	}
	if (err < 0) {
		errno = -err;
		return -1;
	}
	return 0;
}
