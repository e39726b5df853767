/* Boot modules: the boot info (KIP user_ptr, in boot-loader memory) names
 * every module; moe maps each from sigma0 (FPAGE_RAM requests, once per
 * page) into its physical-memory window and registers it in the rom
 * namespace as a read-only dataspace. */
#include "moe.h"

#include <abi/bootinfo.h>
#include <l4/sigma0/sigma0.h>
#include <l4/sys/err.h>
#include <l4/sys/kip.h>
#include <l4/sys/kprint.h>
#include <minrt_string.h>

enum { MAX_RANGES = 256 };

/* Boot-loader pages moe already holds (sigma0 hands each out once). */
static struct { l4_addr_t lo, hi; } mapped[MAX_RANGES];
static unsigned n_mapped;

static bool page_mapped(l4_addr_t pg)
{
	for (unsigned i = 0; i < n_mapped; i++)
		if (pg >= mapped[i].lo && pg < mapped[i].hi)
			return true;
	return false;
}

/* Makes [phys, phys + len) readable at MOE_PHYS_WINDOW + phys. */
static void *map_phys(l4_addr_t phys, unsigned long len)
{
	l4_addr_t lo = l4_trunc_page(phys), hi = l4_round_page(phys + (len ? len : 1));
	for (l4_addr_t pg = lo; pg < hi;) {
		if (page_mapped(pg)) {
			pg += L4_PAGESIZE;
			continue;
		}
		l4_addr_t end = pg; /* a run of pages not mapped yet */
		while (end < hi && !page_mapped(end))
			end += L4_PAGESIZE;
		int err = l4sigma0_map_mem(L4_BASE_PAGER_CAP, pg, MOE_PHYS_WINDOW + pg, end - pg);
		if (err < 0) {
			l4_kprintf("moe: cannot map boot memory [%#lx, %#lx): %s\n", pg, end,
				   l4sigma0_map_errstr(err));
			return NULL;
		}
		if (n_mapped < MAX_RANGES)
			mapped[n_mapped].lo = pg, mapped[n_mapped++].hi = end;
		pg = end;
	}
	return (void *)(MOE_PHYS_WINDOW + phys);
}

/* A NUL-terminated boot string (at most WALNUT_BI_STR_MAX bytes). */
static const char *boot_string(l4_addr_t phys)
{
	if (!phys)
		return "";
	/* Map page by page: the string may end right before an unmapped page. */
	const char *s = map_phys(phys, 1);
	if (!s)
		return "";
	for (unsigned i = 0; i < WALNUT_BI_STR_MAX; i++) {
		if (!((phys + i) & ~L4_PAGEMASK) && !map_phys(phys + i, 1))
			return "";
		if (!s[i])
			return s;
	}
	return ""; /* unterminated: ignore */
}

/* The module's bytes at a page-aligned address (copied if they are not). */
static const void *module_data(const struct walnut_bi_module *mod)
{
	const char *p = map_phys(mod->start, mod->size);
	if (!p || !(mod->start & ~L4_PAGEMASK))
		return p;
	unsigned long pages = l4_round_page(mod->size) >> L4_PAGESHIFT;
	char *copy = moe_pages_alloc_range(pages ? pages : 1, L4_PAGESHIFT);
	if (copy)
		memcpy(copy, p, mod->size);
	return copy;
}

static void register_module(struct l4srv_obj *rom, const struct walnut_bi_module *mod)
{
	const char *name = boot_string(mod->name), *base = name;
	for (const char *c = name; *c; c++)
		if (*c == '/')
			base = c + 1;
	const void *data = module_data(mod);
	struct l4srv_obj *ds;
	if (!data || moe_ds_create_module(data, mod->size, &ds) < 0) {
		l4_kprintf("moe: boot module '%s' left out (no memory)\n", base);
		return;
	}
	long err = moe_ns_register_cap(rom, base, ds->gate, L4_CAP_FPAGE_RO);
	if (err < 0)
		l4_kprintf("moe: rom/%s: cannot register: %ld\n", base, err);
}

const char *moe_boot_modules(struct l4srv_obj *rom)
{
	l4_addr_t bi_phys = l4_kip()->user_ptr;
	const struct walnut_bootinfo *bi = bi_phys ? map_phys(bi_phys, sizeof(*bi)) : NULL;
	if (!bi || bi->magic != WALNUT_BOOTINFO_MAGIC || bi->version != WALNUT_BOOTINFO_VERSION) {
		l4_kprintf("moe: no boot info (KIP user_ptr %#lx): no boot modules\n", bi_phys);
		return "";
	}
	const char *cmdline = "";
	unsigned n = bi->mod_count < WALNUT_BI_MAX_MODS ? bi->mod_count : WALNUT_BI_MAX_MODS;
	for (unsigned i = 0; i < n; i++) {
		const struct walnut_bi_module *mod = &bi->mods[i];
		if (mod->role == WALNUT_MOD_ROOTTASK)
			cmdline = boot_string(mod->cmdline);
		else if (mod->role == WALNUT_MOD_MODULE)
			register_module(rom, mod);
	}
	return cmdline;
}
