/* moe's internal interfaces between its parts: memory (pages, heap,
 * quotas), the object types it serves, and start-up. Written first by the
 * lead so the parts can be built side by side; owners extend their part. */
#pragma once

#include <stddef.h>
#include <stdbool.h>
#include <l4/sys/types.h>
#include <l4/srv/srv.h>

/* --- core (memory side: page_alloc.c, heap.c, quota.c, main.c) --------- */

/* The one server moe runs (its main thread serves every object). */
extern struct l4srv_server moe_srv;

/* Quotas: every dataspace byte and every object moe makes for a client is
 * charged to the quota of the factory (mem_alloc) it came through. A
 * sub-factory's whole limit (plus its own size) is charged to its parent
 * when it is made, so a charge touches one quota only (quota.c). */
struct moe_quota {
	unsigned long limit;   /* bytes; ~0UL: unlimited */
	unsigned long used;
	struct moe_quota *parent;
};
/* Charges size bytes to q (NULL: moe's own, never fails).
 * \retval 0 / -L4_ENOMEM */
int moe_quota_charge(struct moe_quota *q, unsigned long size);
void moe_quota_release(struct moe_quota *q, unsigned long size);

/* Object memory from moe's heap, charged to q (q may be NULL: moe's own).
 * Returns zeroed memory or NULL. */
void *moe_obj_alloc(struct moe_quota *q, size_t size);
void moe_obj_free(struct moe_quota *q, void *p, size_t size);

/* Physical pages from moe's pool (2^order bytes, order >= 12, naturally
 * aligned), returned as moe's virtual address (MOE_PHYS_WINDOW + phys);
 * not zeroed. NULL when the pool has no such block. */
#define MOE_PHYS_WINDOW 0x400000000000UL
#define MOE_PHYS_WINDOW_ORDER 46
enum { MOE_MAX_ORDER = 18 }; /* largest buddy block: 2^18 pages = 1 GiB */
void *moe_pages_alloc(unsigned order);
void moe_pages_free(void *va, unsigned order);
/* pages contiguous pages aligned to 2^align_order bytes (the unused tail
 * of the power-of-two block goes back to the pool); freed by _free_range. */
void *moe_pages_alloc_range(unsigned long pages, unsigned align_order);
void moe_pages_free_range(void *va, unsigned long pages);
l4_addr_t moe_virt_to_phys(const void *va);
/* Start-up (page_alloc.c, main.c): the free-block bitmap for frames below
 * frames, then each block sigma0 gave (phys, log2 of its size). */
void moe_pages_init(unsigned long *bitmap, unsigned long frames);
void moe_pages_add(l4_addr_t phys, unsigned order);
void moe_pages_stats(unsigned long *free_bytes, unsigned long *total_bytes);
/* Takes another block of at least 2^order bytes from sigma0 into the pool
 * (main.c); false when sigma0 has none left. */
bool moe_mem_grow(unsigned order);

/* Boot modules (boot_info.c): maps the boot info and every module named
 * in it, makes each a read-only dataspace and registers it in rom under
 * its name. Returns moe's own command line ("" if none). */
const char *moe_boot_modules(struct l4srv_obj *rom);

/* --- services (namespace.c, log.c, sched_proxy.c, parent.c) ------------ */

struct moe_ns;

/* A new, empty namespace object, registered with moe_srv. */
long moe_ns_create(struct moe_quota *q, struct l4srv_obj **out);
/* Registers name -> capability in ns (moe-internal use: the rom namespace,
 * init's named capabilities). cap is a selector in moe's task; rights are
 * the L4_CAP_FPAGE_* rights clients receive. */
long moe_ns_register_cap(struct l4srv_obj *ns, const char *name, l4_cap_idx_t cap,
			 unsigned rights);

/* A log (Vcon) object printing "tag     | line" through moe's console.
 * color: 0 none, else an ANSI color index 1..7 (L4Re's color names map to
 * these), | 8 for bright. */
long moe_log_create(struct moe_quota *q, const char *tag, unsigned color,
		    struct l4srv_obj **out);

/* A scheduler proxy: priorities limit..offset, CPU mask. */
long moe_sched_create(struct moe_quota *q, unsigned prio_limit, unsigned prio_offset,
		      l4_umword_t cpus, struct l4srv_obj **out);

/* --- memory objects (dataspace*.c, mem_alloc.c, region_map*.c) ----------- */

/* A new anonymous dataspace (flags: L4RE_MA_* from <l4/re/c/mem_alloc.h>;
 * align: log2 bytes, 0 = a page), charged to q (size rounded up to the
 * backing page size, plus the bookkeeping).
 * \retval 0 / -L4_ENOMEM (quota or memory) / -L4_ERANGE (size 0 or too
 * large, align > 30) / -L4_EINVAL (unknown flags) */
long moe_ds_create(struct moe_quota *q, unsigned long size, unsigned long flags,
		   unsigned align, struct l4srv_obj **out);
/* A read-only dataspace over a boot module (moe's memory). */
long moe_ds_create_module(const void *data, unsigned long size, struct l4srv_obj **out);
long moe_rm_create(struct moe_quota *q, struct l4srv_obj **out);
/* Names a region map in moe's fault messages (e.g. the program's name). */
void moe_rm_set_name(struct l4srv_obj *rm, const char *name);
/* A memory allocator / factory with its own quota of limit bytes, charged
 * to parent (NULL: unlimited, moe's root factory). */
long moe_factory_create(struct moe_quota *parent, unsigned long limit,
			struct l4srv_obj **out);

/* Dataspaces as the region map sees them (dataspace.c). */
struct moe_ds;
extern const struct l4srv_type moe_ds_type;
/* The dataspace obj is, or NULL if obj is not one. */
struct moe_ds *moe_ds_of(struct l4srv_obj *obj);
unsigned long moe_ds_size(const struct moe_ds *ds);
/* The rights the dataspace allows (L4_FPAGE_RO/W/X). */
unsigned moe_ds_rights(const struct moe_ds *ds);
/* The memory backing offset (allocated and zeroed on first touch): moe's
 * address of the largest naturally aligned block around offset that the
 * dataspace backs contiguously, at most 2^max_order bytes, whose offset in
 * the block equals hot's (so it can be mapped at hot's place); *order its
 * log2 size, *va its start.
 * \retval 0  \retval -L4_ERANGE offset beyond the size
 * \retval -L4_ENOMEM no page */
long moe_ds_page(struct moe_ds *ds, unsigned long offset, l4_addr_t hot, unsigned max_order,
		 l4_addr_t *va, unsigned *order);
/* References held by region maps: the memory stays until the last one
 * went, even if the dataspace was freed (its gate is gone at once). */
void moe_ds_get(struct moe_ds *ds);
void moe_ds_put(struct moe_ds *ds);

/* --- start-up (init.c) -------------------------------------------------- */

/* Starts the init program named by moe's command line with the given
 * root objects; prints an error and returns <0 if it cannot. */
struct moe_boot {
	struct l4srv_obj *root_factory; /* the unlimited mem_alloc */
	struct l4srv_obj *rom;          /* namespace with every boot module */
	const char *cmdline;            /* moe's own command line */
};
long moe_init_start(const struct moe_boot *boot);
