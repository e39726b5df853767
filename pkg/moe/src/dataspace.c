/* moe's dataspaces: anonymous memory (pages on first touch, or all at once
 * when pinned), physically contiguous memory, super-page backed memory,
 * and read-only boot modules. Backing memory, creation and deletion; the
 * protocol handlers are in dataspace_ops.c. */
#include "dataspace.h"

#include <l4/re/c/mem_alloc.h>
#include <l4/sys/err.h>
#include <l4/sys/kprint.h>
#include <l4/sys/task.h>
#include <minrt_string.h>

enum { DS_MAX_SIZE_SHIFT = 40 }; /* 1 TiB: more than any machine moe runs on */

struct moe_ds *moe_ds_of(struct l4srv_obj *obj)
{
	return obj && obj->type == &moe_ds_type ? (struct moe_ds *)obj : NULL;
}

unsigned long moe_ds_size(const struct moe_ds *ds)
{
	return ds->size;
}

unsigned moe_ds_rights(const struct moe_ds *ds)
{
	return ds->rights;
}

/* The backing of unit u, allocated and zeroed if alloc; NULL if absent. */
static char *unit_mem(struct moe_ds *ds, unsigned long u, bool alloc)
{
	if (ds->base)
		return ds->base + (u << ds->unit);
	if (!ds->pages[u] && alloc) {
		char *p = moe_pages_alloc(ds->unit);
		if (!p)
			return NULL;
		memset(p, 0, 1UL << ds->unit);
		ds->pages[u] = p;
	}
	return ds->pages[u];
}

char *moe_ds_ptr(struct moe_ds *ds, unsigned long offset, bool alloc, unsigned long *avail)
{
	unsigned long limit = l4_round_page(ds->size);
	unsigned long u = offset >> ds->unit;
	char *mem = unit_mem(ds, u, alloc);
	unsigned long unit_end = ds->base ? limit : (u + 1) << ds->unit;
	*avail = (unit_end < limit ? unit_end : limit) - offset;
	return mem ? mem + (offset - (u << ds->unit)) : NULL;
}

long moe_ds_page(struct moe_ds *ds, unsigned long offset, l4_addr_t hot, unsigned max_order,
		 l4_addr_t *va, unsigned *order)
{
	if (offset >= l4_round_page(ds->size))
		return -L4_ERANGE;
	offset = l4_trunc_page(offset);
	unsigned long avail;
	char *p = moe_ds_ptr(ds, offset, true, &avail);
	if (!p)
		return -L4_ENOMEM;
	/* [first, last] = the offsets backed contiguously around offset. */
	unsigned long first = ds->base ? 0 : offset & ~((1UL << ds->unit) - 1);
	unsigned long last = offset + avail - 1;
	l4_addr_t a = (l4_addr_t)p;
	unsigned o = L4_PAGESHIFT;
	while (o < max_order && o < 30) {
		unsigned long m = (1UL << (o + 1)) - 1;
		unsigned long lo = offset & ~m;
		if (lo < first || lo + m > last || ((a ^ offset) & m) ||
		    ((offset ^ hot) & m & L4_PAGEMASK))
			break;
		o++;
	}
	*order = o;
	*va = a & ~((1UL << o) - 1);
	return 0;
}

/* Takes every client mapping of [va, va + 2^order) away. */
static void unmap_clients(void *va, unsigned order)
{
	l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage((l4_addr_t)va, order, L4_FPAGE_RWX),
		      L4_FP_OTHER_SPACES);
}

static void free_backing(struct moe_ds *ds)
{
	if (ds->module)
		return;
	if (ds->base) {
		unsigned long pages = ds->units << (ds->unit - L4_PAGESHIFT);
		for (unsigned long i = 0; i < ds->units; i++)
			unmap_clients(ds->base + (i << ds->unit), ds->unit);
		moe_pages_free_range(ds->base, pages);
	} else if (ds->pages) {
		for (unsigned long u = 0; u < ds->units; u++) {
			if (!ds->pages[u])
				continue;
			unmap_clients(ds->pages[u], ds->unit);
			moe_pages_free(ds->pages[u], ds->unit);
		}
		moe_obj_free(NULL, ds->pages, ds->units * sizeof(void *));
	}
	moe_obj_free(NULL, ds, sizeof(*ds));
}

/* Gate gone (freed or its factory destroyed): the quota is given back at
 * once; the memory when no region map uses it any more. */
void moe_ds_destroy(struct l4srv_obj *obj)
{
	struct moe_ds *ds = (struct moe_ds *)obj;
	moe_quota_release(ds->q, ds->charged);
	ds->q = NULL;
	ds->dead = true;
	if (!ds->refs)
		free_backing(ds);
}

void moe_ds_get(struct moe_ds *ds)
{
	ds->refs++;
}

void moe_ds_put(struct moe_ds *ds)
{
	if (--ds->refs == 0 && ds->dead)
		free_backing(ds);
}

/* Checks the arguments of moe_ds_create; *unit, *units, *align set. */
static long check_create(unsigned long size, unsigned long flags, unsigned *align,
			 unsigned *unit, unsigned long *units)
{
	if (flags & ~(unsigned long)(L4RE_MA_CONTINUOUS | L4RE_MA_PINNED | L4RE_MA_SUPER_PAGES))
		return -L4_EINVAL;
	if (size == 0 || size > (1UL << DS_MAX_SIZE_SHIFT) || *align > 30)
		return -L4_ERANGE;
	*unit = (flags & L4RE_MA_SUPER_PAGES) ? L4_SUPERPAGESHIFT : L4_PAGESHIFT;
	if (*align < *unit)
		*align = *unit;
	*units = (size + (1UL << *unit) - 1) >> *unit;
	return 0;
}

/* Backs ds now: one contiguous block, or every unit (pinned). */
static long back_now(struct moe_ds *ds, unsigned align)
{
	if (ds->flags & L4RE_MA_CONTINUOUS) {
		unsigned long pages = ds->units << (ds->unit - L4_PAGESHIFT);
		ds->base = moe_pages_alloc_range(pages, align);
		if (!ds->base)
			return -L4_ENOMEM;
		memset(ds->base, 0, pages << L4_PAGESHIFT);
		return 0;
	}
	if (ds->flags & L4RE_MA_PINNED)
		for (unsigned long u = 0; u < ds->units; u++)
			if (!unit_mem(ds, u, true))
				return -L4_ENOMEM;
	return 0;
}

long moe_ds_create(struct moe_quota *q, unsigned long size, unsigned long flags,
		   unsigned align, struct l4srv_obj **out)
{
	unsigned unit;
	unsigned long units;
	long err = check_create(size, flags, &align, &unit, &units);
	if (err < 0)
		return err;
	bool contiguous = flags & L4RE_MA_CONTINUOUS;
	unsigned long meta = sizeof(struct moe_ds) + (contiguous ? 0 : units * sizeof(void *));
	unsigned long charge = (units << unit) + meta;
	if (moe_quota_charge(q, charge) < 0)
		return -L4_ENOMEM;
	struct moe_ds *ds = moe_obj_alloc(NULL, sizeof(*ds));
	if (ds && !contiguous && !(ds->pages = moe_obj_alloc(NULL, units * sizeof(void *)))) {
		moe_obj_free(NULL, ds, sizeof(*ds));
		ds = NULL;
	}
	if (!ds) {
		moe_quota_release(q, charge);
		return -L4_ENOMEM;
	}
	ds->size = size;
	ds->flags = flags;
	ds->rights = L4_FPAGE_RWX;
	ds->unit = unit;
	ds->units = units;
	err = back_now(ds, align);
	if (err >= 0)
		err = l4srv_register(&moe_srv, &ds->obj, &moe_ds_type, "ds");
	if (err < 0) {
		moe_quota_release(q, charge);
		free_backing(ds);
		return err == -L4_ENOMEM ? err : -L4_ENOMEM;
	}
	ds->q = q;
	ds->charged = charge;
	*out = &ds->obj;
	return 0;
}

long moe_ds_create_module(const void *data, unsigned long size, struct l4srv_obj **out)
{
	if ((l4_addr_t)data & ~L4_PAGEMASK)
		return -L4_EINVAL; /* boot_info.c copies unaligned modules first */
	struct moe_ds *ds = moe_obj_alloc(NULL, sizeof(*ds));
	if (!ds)
		return -L4_ENOMEM;
	ds->size = size;
	ds->rights = L4_FPAGE_RX;
	ds->unit = L4_PAGESHIFT;
	ds->units = l4_round_page(size) >> L4_PAGESHIFT;
	ds->base = (char *)data;
	ds->module = true;
	long err = l4srv_register(&moe_srv, &ds->obj, &moe_ds_type, "rom");
	if (err < 0) {
		moe_obj_free(NULL, ds, sizeof(*ds));
		return err;
	}
	*out = &ds->obj;
	return 0;
}
