/* Auxiliary data a loader hands to a program (AT_L4_AUX): binary name,
 * loader flags, debug level (L4Re's l4/re/l4aux.h names and layout). */
#pragma once

#include <l4/sys/types.h>

L4_BEGIN_DECLS

/* Auxiliary-vector types that carry the L4Re start data (L4Re's values);
 * the others follow System V (AT_NULL 0, AT_PAGESZ 6). */
enum l4re_aux_types_t {
	AT_L4_AUX = 0xf0, /* pointer to l4re_aux_t */
	AT_L4_ENV = 0xf1, /* pointer to l4re_env_t */
};

/* Flags of l4re_aux_t.ldr_flags. */
enum l4re_aux_ldr_flags_t {
	L4RE_AUX_LDR_FLAG_EAGER_MAP    = 0x1, /* map every segment at start */
	L4RE_AUX_LDR_FLAG_ALL_SEGS_COW = 0x2, /* copy-on-write for all segments */
	L4RE_AUX_LDR_FLAG_PINNED_SEGS  = 0x4, /* segments in pinned memory */
};

typedef struct l4re_aux_t {
	char const *binary;    /* the program's name (NUL-terminated) */
	l4_cap_idx_t kip_ds;   /* dataspace of the KIP; Walnut: L4_INVALID_CAP
				* (every task has the KIP at L4_KIP_ADDR) */
	l4_umword_t dbg_lvl;   /* debug level of the runtime */
	l4_umword_t ldr_flags; /* L4RE_AUX_LDR_FLAG_* */
	l4_addr_t ldr_base;    /* load offset of the executable (0: static) */
} l4re_aux_t;

/* The program's auxiliary data, or NULL (boot tasks, or none given). */
extern l4re_aux_t *l4re_aux;

L4_END_DECLS
