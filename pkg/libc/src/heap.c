/* The heap behind newlib's malloc (sbrk): a large reserved area of the
 * region map, filled with dataspaces as the break grows and emptied as it
 * shrinks (newlib's malloc trims its top beyond M_TRIM_THRESHOLD), so
 * freed memory goes back to the memory allocator. */
#include "libc_internal.h"
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <unistd.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/consts.h>
#include <l4/sys/thread.h>

enum {
	HEAP_AREA_SHIFT = 36,          /* 64 GiB of address space */
	MIN_CHUNK = 256 * 1024,        /* smallest dataspace attached */
	MAX_CHUNKS = 512,
};

/* Dataspaces attached back to back from the area's start. */
static struct chunk {
	l4_addr_t start;
	size_t size;
} chunks[MAX_CHUNKS];
static unsigned nchunks;
static l4_addr_t area, brk_cur, mapped_end;
static atomic_flag heap_lock = ATOMIC_FLAG_INIT;

static void lock(void)
{
	while (atomic_flag_test_and_set_explicit(&heap_lock, memory_order_acquire))
		l4_thread_yield();
}

static void unlock(void) { atomic_flag_clear_explicit(&heap_lock, memory_order_release); }

static int heap_init(void)
{
	l4_addr_t a = 0;
	if (l4re_rm_reserve_area(&a, 1UL << HEAP_AREA_SHIFT, L4RE_RM_F_SEARCH_ADDR,
				 21 /* 2 MiB aligned */) < 0)
		return -1;
	area = brk_cur = mapped_end = a;
	return 0;
}

/* Grows the mapped part to cover end; chunks double with the heap's size
 * so that the table of chunks stays small. */
static int grow(l4_addr_t end)
{
	size_t need = l4_round_page(end - mapped_end);
	size_t size = mapped_end - area;
	if (size < MIN_CHUNK)
		size = MIN_CHUNK;
	if (size < need)
		size = need;
	if (nchunks == MAX_CHUNKS || mapped_end + size > area + (1UL << HEAP_AREA_SHIFT))
		return -1;
	l4re_ds_t ds = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(ds))
		return -1;
	if (l4re_ma_alloc((long)size, ds, 0) < 0) {
		l4re_util_cap_free(ds);
		return -1;
	}
	void *at = (void *)mapped_end;
	if (l4re_rm_attach(&at, size, L4RE_RM_F_IN_AREA | L4RE_RM_F_RW, ds, 0, 0) < 0) {
		l4re_ma_free(ds);
		l4re_util_cap_free_um(ds);
		return -1;
	}
	chunks[nchunks++] = (struct chunk){ mapped_end, size };
	mapped_end += size;
	return 0;
}

/* Returns the chunks wholly above end to the memory allocator. */
static void shrink(l4_addr_t end)
{
	while (nchunks && chunks[nchunks - 1].start >= end) {
		struct chunk *c = &chunks[--nchunks];
		l4re_ds_t ds = L4_INVALID_CAP;
		if (l4re_rm_detach_ds((void *)c->start, &ds) >= 0 && l4_is_valid_cap(ds)) {
			l4re_ma_free(ds);
			l4re_util_cap_free_um(ds);
		}
		mapped_end = c->start;
	}
}

void *sbrk(ptrdiff_t incr)
{
	lock();
	void *old = (void *)-1;
	if (!area && heap_init() < 0)
		goto out;
	l4_addr_t end = brk_cur + (l4_addr_t)incr;
	if ((incr > 0 && end < brk_cur) || (incr < 0 && (end > brk_cur || end < area)))
		goto out;
	if (end > mapped_end && grow(end) < 0)
		goto out;
	old = (void *)brk_cur;
	brk_cur = end;
	if (incr < 0)
		shrink(end);
out:
	unlock();
	if (old == (void *)-1)
		errno = ENOMEM;
	return old;
}
