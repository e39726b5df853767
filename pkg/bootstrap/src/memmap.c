/* Physical memory: the firmware map, the boot-time bump allocator and the kernel's mem[] list. */
#include "bootstrap.h"

/* Working capacity; every claim splits at most one range into three, and the
 * list is merged before it is handed over, so this is far from tight. */
#define MAP_CAP 256

struct bs_map {
	uint32_t count;
	struct bs_range r[MAP_CAP]; /* sorted by base, non-overlapping */
};

static struct bs_map fw_map;   /* the firmware's view, page-granular */
static struct bs_map out_map;  /* fw_map with bootstrap's own use carved out */
static const struct bs_loader *loader;
static uint64_t alloc_cursor;  /* bump pointer: everything below is taken or skipped */

/* Insert one range at index at; returns how many were inserted (0 or 1). */
static uint32_t map_insert(struct bs_map *m, uint32_t at, uint64_t base, uint64_t end,
                           uint32_t type)
{
	if (base >= end)
		return 0;
	if (m->count == MAP_CAP)
		bs_fail("memory map needs more than %u ranges", MAP_CAP);
	memmove(&m->r[at + 1], &m->r[at], (m->count - at) * sizeof m->r[0]);
	m->r[at] = (struct bs_range){ base, end, type };
	m->count++;
	return 1;
}

static void map_remove(struct bs_map *m, uint32_t at)
{
	m->count--;
	memmove(&m->r[at], &m->r[at + 1], (m->count - at) * sizeof m->r[0]);
}

/* Give [base, end) the type, overriding whatever overlaps it. */
static void map_set(struct bs_map *m, uint64_t base, uint64_t end, uint32_t type)
{
	uint32_t i = 0;

	if (base >= end)
		return;
	while (i < m->count) {
		struct bs_range r = m->r[i];

		if (r.end <= base || r.base >= end) {
			i++;
			continue;
		}
		map_remove(m, i);
		i += map_insert(m, i, r.base, base < r.base ? r.base : base, r.type);
		i += map_insert(m, i, end > r.end ? r.end : end, r.end, r.type);
	}
	for (i = 0; i < m->count && m->r[i].base < base; i++)
		;
	map_insert(m, i, base, end, type);
}

/* Give the FREE parts of [base, end) to an owner type. Non-free parts keep
 * their type (the firmware knows better), holes stay holes. */
static void map_carve(struct bs_map *m, uint64_t base, uint64_t end, uint32_t type)
{
	for (uint32_t i = 0; i < m->count; i++) {
		struct bs_range r = m->r[i];

		if (r.type != WALNUT_MEM_FREE || r.end <= base || r.base >= end)
			continue;
		uint64_t lo = bs_max(r.base, base), hi = bs_min(r.end, end);
		uint32_t at = i;

		map_remove(m, i);
		at += map_insert(m, at, r.base, lo, WALNUT_MEM_FREE);
		at += map_insert(m, at, lo, hi, type);
		at += map_insert(m, at, hi, r.end, WALNUT_MEM_FREE);
		i = at - 1;
	}
}

/* Join touching ranges of the same type. */
static void map_merge(struct bs_map *m)
{
	uint32_t w = 0;

	for (uint32_t i = 0; i < m->count; i++) {
		struct bs_range r = m->r[i];

		if (w && m->r[w - 1].type == r.type && m->r[w - 1].end == r.base)
			m->r[w - 1].end = r.end;
		else
			m->r[w++] = r;
	}
	m->count = w;
}

/* Build fw_map. Entries are applied in increasing order of restriction, so
 * where buggy firmware overlaps entries, the more careful type wins. FREE is
 * shrunk to whole pages and everything else grown to whole pages, which makes
 * every resulting range page aligned. */
void bs_memmap_init(const struct bs_loader *ld)
{
	static const uint32_t order[] = {
		WALNUT_MEM_FREE, WALNUT_MEM_ACPI, WALNUT_MEM_NVS, WALNUT_MEM_RESERVED,
	};

	loader = ld;
	fw_map.count = 0;
	for (uint32_t o = 0; o < sizeof order / sizeof order[0]; o++) {
		for (uint32_t i = 0; i < ld->fw_count; i++) {
			const struct bs_range *f = &ld->fw[i];

			if (f->type != order[o])
				continue;
			if (f->type == WALNUT_MEM_FREE)
				map_set(&fw_map, bs_align_up(f->base, BS_PAGE_SIZE),
				        bs_align_down(f->end, BS_PAGE_SIZE), f->type);
			else
				map_set(&fw_map, bs_align_down(f->base, BS_PAGE_SIZE),
				        bs_align_up(f->end, BS_PAGE_SIZE), f->type);
		}
	}
	map_merge(&fw_map);
	out_map = fw_map;
	alloc_cursor = bs_addr(__image_end);
}

uint64_t bs_memmap_ram_bytes(void)
{
	uint64_t total = 0;

	for (uint32_t i = 0; i < fw_map.count; i++)
		if (fw_map.r[i].type == WALNUT_MEM_FREE)
			total += fw_map.r[i].end - fw_map.r[i].base;
	return total;
}

static int hits(const struct bs_range *r, uint64_t base, uint64_t end)
{
	return base < r->end && r->base < end;
}

/* End of the first range overlapping [base, end) that bootstrap must not hand
 * out, 0 if none: the bootstrap image (incl. the module payloads) and what the
 * loader owns (its info structure, its own modules). */
static uint64_t busy_end(uint64_t base, uint64_t end)
{
	const struct bs_range image = { bs_addr(__image_start), bs_addr(__image_end), 0 };

	if (hits(&image, base, end))
		return image.end;
	for (uint32_t i = 0; i < loader->avoid_count; i++)
		if (hits(&loader->avoid[i], base, end))
			return loader->avoid[i].end;
	return 0;
}

/* Bump allocation: the lowest aligned block above everything allocated so far
 * that lies in FREE firmware RAM below 4 GiB (bootstrap runs with 32-bit
 * addresses) and clear of busy ranges. */
uint64_t bs_phys_alloc(uint64_t size, uint64_t align, const char *who)
{
	size = bs_align_up(size, BS_PAGE_SIZE);
	for (uint32_t i = 0; i < fw_map.count; i++) {
		const struct bs_range *r = &fw_map.r[i];
		uint64_t limit = bs_min(r->end, BS_4GIB);
		uint64_t c = bs_align_up(bs_max(alloc_cursor, r->base), align);

		if (r->type != WALNUT_MEM_FREE)
			continue;
		while (c < limit && size <= limit - c) {
			uint64_t skip = busy_end(c, c + size);

			if (!skip) {
				alloc_cursor = c + size;
				return c;
			}
			c = bs_align_up(skip, align);
		}
	}
	bs_fail("out of memory below 4 GiB: %llu KiB wanted (%s)", size >> 10, who);
}

void bs_memmap_claim(uint64_t base, uint64_t size, uint32_t type)
{
	map_carve(&out_map, bs_align_down(base, BS_PAGE_SIZE),
	          bs_align_up(base + size, BS_PAGE_SIZE), type);
}

void bs_memmap_export(struct walnut_bootinfo *bi)
{
	map_merge(&out_map);
	if (out_map.count > WALNUT_BI_MAX_MEM)
		bs_fail("memory map has %u ranges, bootinfo holds %u", out_map.count,
		        WALNUT_BI_MAX_MEM);
	bi->mem_count = out_map.count;
	for (uint32_t i = 0; i < out_map.count; i++) {
		const struct bs_range *r = &out_map.r[i];
		bi->mem[i] = (struct walnut_bi_mem){
			.base = r->base, .size = r->end - r->base, .type = r->type,
		};
	}
}
