/* A moe dataspace's state, shared by dataspace.c (backing memory,
 * creation) and dataspace_ops.c (the protocol). */
#pragma once

#include "moe.h"

struct moe_ds {
	struct l4srv_obj obj;
	struct moe_quota *q;    /* charged with 'charged' bytes; NULL once dead */
	unsigned long charged;
	unsigned long size;     /* bytes, as asked for */
	unsigned long flags;    /* L4RE_MA_* */
	unsigned rights;        /* L4_FPAGE_RO/W/X the dataspace allows */
	unsigned unit;          /* log2 of a backing unit: 12, or 21 for super pages */
	unsigned long units;    /* backing units covering size */
	char *base;             /* contiguous or module: all units, in order */
	void **pages;           /* otherwise: each unit's memory or NULL */
	unsigned refs;          /* region maps using it */
	bool module;            /* boot module memory: never freed */
	bool dead;              /* gate deleted; memory goes with the last ref */
};

/* Pointer to the byte at offset (< the page-rounded size) and how many
 * bytes from there are backed contiguously in its unit (*avail). alloc:
 * back an absent unit (zeroed); NULL if absent (reads as zeros) or out of
 * memory. */
char *moe_ds_ptr(struct moe_ds *ds, unsigned long offset, bool alloc, unsigned long *avail);
/* The type's destroy (l4srv_unregister). */
void moe_ds_destroy(struct l4srv_obj *obj);
