/* A moe region map's state, shared by region_map.c (attach, detach,
 * areas, find) and region_map_fault.c (page faults, exceptions). */
#pragma once

#include "moe.h"
#include "rm_tree.h"

/* Addresses a region map manages: everything below the UTCB area. */
#define MOE_RM_MIN        0x1000UL
#define MOE_RM_MAX        0x7fffffdfffffUL
#define MOE_RM_SEARCH_MIN 0x10000UL /* searches start here (or higher) */

struct moe_rm {
	struct l4srv_obj obj;
	struct moe_quota *q;
	struct rm_tree regions;  /* struct rm_region */
	struct rm_tree areas;    /* struct rm_area */
	char name[24];
	unsigned long faults;    /* page faults resolved */
};

struct rm_region {
	struct rm_node n;          /* first: the tree node is the region */
	struct moe_ds *ds;         /* NULL for a reserved (blocking) region */
	unsigned long offset;      /* of n.start in ds */
	unsigned flags;            /* L4RE_RM_F_* region flags (rights, reserved) */
	l4_cap_idx_t client_cap;   /* the client's selector of ds (find, detach) */
};

struct rm_area {
	struct rm_node n;
	unsigned flags;            /* L4RE_RM_F_RESERVED or 0 */
};

extern const struct l4srv_type moe_rm_type;
long moe_rm_page_fault(struct l4srv_obj *obj, struct l4srv_msg *m);
long moe_rm_exception(struct l4srv_obj *obj, struct l4srv_msg *m);
