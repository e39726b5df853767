/* Anonymous mmap: zeroed, writable, large; munmap of whole mappings and of
 * parts (the region map splits its regions), MAP_FIXED, mprotect (checked
 * through the region map's flags), msync, argument errors, no leaks. */
#include <utap.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/err.h>

enum { PG = 4096 };

/* The region map's region at addr: its flags, or -1 when there is none. */
static long region_flags(const void *addr, l4_addr_t *start, unsigned long *size)
{
	l4_addr_t a = (l4_addr_t)addr;
	unsigned long sz = 1;
	l4re_rm_offset_t off;
	l4re_rm_flags_t fl;
	l4re_ds_t ds;
	if (l4re_rm_find(&a, &sz, &off, &fl, &ds) < 0 || (fl & L4RE_RM_F_IN_AREA))
		return -1;
	if (a > (l4_addr_t)addr)
		return -1; /* only a later region overlaps */
	if (start)
		*start = a;
	if (size)
		*size = sz;
	return (long)fl;
}

static void *anon(size_t len, int prot)
{
	return mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

UTEST(mmap_anon_large_zeroed_writable)
{
	const size_t len = 8u << 20;
	unsigned char *p = anon(len, PROT_READ | PROT_WRITE);
	UASSERT(p != MAP_FAILED);
	UCHECK_EQ((uintptr_t)p % PG, 0);
	size_t nonzero = 0;
	for (size_t off = 0; off < len; off += PG)
		nonzero += p[off] | p[off + PG - 1];
	UCHECK_EQ(nonzero, 0);
	for (size_t off = 0; off < len; off += PG)
		*(uint32_t *)(p + off) = (uint32_t)(off / PG * 2654435761u);
	size_t bad = 0;
	for (size_t off = 0; off < len; off += PG)
		bad += *(uint32_t *)(p + off) != (uint32_t)(off / PG * 2654435761u);
	UCHECK_EQ(bad, 0);
	UCHECK_EQ(munmap(p, len), 0);
	UCHECK_EQ(region_flags(p, NULL, NULL), -1); /* gone from the region map */
	unsigned char *q = anon(len, PROT_READ | PROT_WRITE);
	UASSERT(q != MAP_FAILED);
	UCHECK_EQ(q[len - 1], 0);
	q[len - 1] = 1;
	UCHECK_EQ(munmap(q, len), 0);
}

UTEST(mmap_anon_shared_and_populate)
{
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	UASSERT(p != MAP_FAILED);
	p[0] = 'a';
	UCHECK_EQ(munmap(p, 3 * PG), 0);
	p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
		 -1, 0);
	UASSERT(p != MAP_FAILED);
	UCHECK_EQ(p[2 * PG], 0);
	UCHECK_EQ(munmap(p, 3 * PG), 0);
}

UTEST(mmap_munmap_parts)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);
	UASSERT(p != MAP_FAILED);
	for (int i = 0; i < 4; i++)
		memset(p + i * PG, 'A' + i, PG);
	/* a hole in the middle: the region is split in two */
	UCHECK_EQ(munmap(p + PG, PG), 0);
	UCHECK_EQ(region_flags(p + PG, NULL, NULL), -1);
	l4_addr_t start;
	unsigned long size;
	UCHECK_NE(region_flags(p, &start, &size), -1);
	UCHECK_EQ(start, (l4_addr_t)p);
	UCHECK_EQ(size, PG);
	UCHECK_NE(region_flags(p + 2 * PG, &start, &size), -1);
	UCHECK_EQ(start, (l4_addr_t)p + 2 * PG);
	UCHECK_EQ(size, 2 * PG);
	UCHECK_EQ(p[0], 'A');
	UCHECK_EQ(p[2 * PG], 'C');
	UCHECK_EQ(p[4 * PG - 1], 'D');
	/* the tail, then everything (over the hole) */
	UCHECK_EQ(munmap(p + 3 * PG, PG), 0);
	UCHECK_EQ(region_flags(p + 3 * PG, NULL, NULL), -1);
	UCHECK_EQ(p[2 * PG + 5], 'C');
	UCHECK_EQ(munmap(p, 4 * PG), 0);
	UCHECK_EQ(region_flags(p, NULL, NULL), -1);
	UCHECK_EQ(region_flags(p + 2 * PG, NULL, NULL), -1);
	/* nothing mapped there any more: still fine */
	UCHECK_EQ(munmap(p, 4 * PG), 0);
	/* the head of a mapping; a length that is no multiple of a page */
	p = anon(2 * PG, PROT_READ | PROT_WRITE);
	UASSERT(p != MAP_FAILED);
	p[PG] = 'x';
	UCHECK_EQ(munmap(p, 100), 0);
	UCHECK_EQ(region_flags(p, NULL, NULL), -1);
	UCHECK_EQ(p[PG], 'x');
	UCHECK_EQ(munmap(p + PG, PG), 0);
}

UTEST(mmap_fixed)
{
	char *p = anon(3 * PG, PROT_READ | PROT_WRITE);
	UASSERT(p != MAP_FAILED);
	memset(p, 'z', 3 * PG);
	/* replaces the middle page of our own mapping */
	char *q = mmap(p + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		       -1, 0);
	UCHECK(q == p + PG);
	UCHECK_EQ(p[PG], 0);
	UCHECK_EQ(p[0], 'z');
	UCHECK_EQ(p[2 * PG], 'z');
	UCHECK_EQ(munmap(p, 3 * PG), 0);
	/* at a free place */
	q = mmap(p, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	UCHECK(q == p);
	UCHECK_EQ(munmap(q, PG), 0);
	errno = 0;
	UCHECK(mmap(p + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
	       MAP_FAILED);
	UCHECK_EQ(errno, EINVAL);
}

UTEST(mmap_mprotect)
{
	char *p = anon(3 * PG, PROT_READ | PROT_WRITE);
	UASSERT(p != MAP_FAILED);
	memset(p, 'm', 3 * PG);
	UCHECK_EQ(region_flags(p, NULL, NULL) & L4RE_RM_F_W, L4RE_RM_F_W);
	UCHECK_EQ(mprotect(p, 3 * PG, PROT_READ), 0);
	UCHECK_EQ(region_flags(p, NULL, NULL) & L4RE_RM_F_RWX, L4RE_RM_F_R);
	UCHECK_EQ(p[2 * PG], 'm'); /* same memory */
	/* the middle page inaccessible: a reserved region */
	UCHECK_EQ(mprotect(p + PG, PG, PROT_NONE), 0);
	UCHECK_EQ(region_flags(p + PG, NULL, NULL) & L4RE_RM_F_RESERVED, L4RE_RM_F_RESERVED);
	UCHECK_EQ(region_flags(p, NULL, NULL) & L4RE_RM_F_RESERVED, 0);
	UCHECK_EQ(mprotect(p, 3 * PG, PROT_READ | PROT_WRITE), 0);
	UCHECK_EQ(p[PG], 'm'); /* the contents came back */
	p[PG] = 'n';
	p[0] = 'n';
	UCHECK_EQ(region_flags(p + 2 * PG, NULL, NULL) & L4RE_RM_F_W, L4RE_RM_F_W);
	errno = 0;
	UCHECK_EQ(mprotect(p, 3 * PG, 0x10), -1);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK_EQ(mprotect(p + 1, PG, PROT_READ), -1);
	UCHECK_EQ(errno, EINVAL);
	UCHECK_EQ(munmap(p + 2 * PG, PG), 0);
	errno = 0;
	UCHECK_EQ(mprotect(p, 3 * PG, PROT_READ), -1); /* a gap: not all mapped */
	UCHECK_EQ(errno, ENOMEM);
	UCHECK_EQ(munmap(p, 3 * PG), 0);
}

UTEST(mmap_msync)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	UASSERT(p != MAP_FAILED);
	UCHECK_EQ(msync(p, 2 * PG, MS_SYNC), 0);
	UCHECK_EQ(msync(p + PG, 10, MS_ASYNC | MS_INVALIDATE), 0);
	errno = 0;
	UCHECK_EQ(msync(p, PG, MS_SYNC | MS_ASYNC), -1);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK_EQ(msync(p + 8, PG, MS_SYNC), -1);
	UCHECK_EQ(errno, EINVAL);
	UCHECK_EQ(munmap(p, 2 * PG), 0);
	errno = 0;
	UCHECK_EQ(msync(p, PG, MS_SYNC), -1);
	UCHECK_EQ(errno, ENOMEM);
}

UTEST(mmap_argument_errors)
{
	errno = 0;
	UCHECK(anon(0, PROT_READ) == MAP_FAILED);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK(mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK(mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	       MAP_FAILED);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | 0x100000, -1, 0) ==
	       MAP_FAILED);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK(anon(PG, 0x80) == MAP_FAILED);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK(anon(1UL << 41, PROT_READ) == MAP_FAILED);
	UCHECK_EQ(errno, ENOMEM);
	errno = 0;
	UCHECK_EQ(munmap((void *)0x12345, PG), -1);
	UCHECK_EQ(errno, EINVAL);
	errno = 0;
	UCHECK_EQ(munmap((void *)0x100000, 0), -1);
	UCHECK_EQ(errno, EINVAL);
}

UTEST(mmap_cycles_do_not_leak)
{
	l4_cap_idx_t before = l4re_util_cap_alloc();
	l4re_util_cap_free(before);
	int bad = 0;
	for (int i = 0; i < 300 && !bad; i++) {
		char *p = anon(5 * PG, PROT_READ | PROT_WRITE);
		if (p == MAP_FAILED) {
			bad = 1;
			break;
		}
		p[i % (5 * PG)] = 1;
		/* in parts, with a split */
		bad |= munmap(p + 2 * PG, PG) || munmap(p, 2 * PG) || munmap(p + 3 * PG, 2 * PG);
	}
	UCHECK_EQ(bad, 0);
	l4_cap_idx_t after = l4re_util_cap_alloc();
	l4re_util_cap_free(after);
	UCHECK_EQ(after, before);
}
