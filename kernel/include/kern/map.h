/* Mapping and unmapping flexpages between tasks: memory pages and
 * capabilities, recorded in the mapping database so unmap is recursive. */
#pragma once

#include <kern/types.h>

struct task;
struct mapnode;

/* Maps (or grants) pages [src_page, +count) of src to [dst_page, +count) of
 * dst with the source rights masked by rights (VM_*). Pages not mapped in
 * src are skipped, as L4 defines it. Returns 0, or -L4_ENOMEM when the
 * receiver's quota or the kernel pool ran out (pages before that stay
 * mapped). */
int map_mem(struct task *src, u64 src_page, struct task *dst, u64 dst_page, u64 count,
	    unsigned rights, bool grant);
/* Revokes rights (VM_*) from pages [page, +count) of t: from every mapping
 * derived from them, and from t's own when self. Removing VM_R unmaps. */
void unmap_mem(struct task *t, u64 page, u64 count, unsigned rights, bool self);

/* The same for capabilities (rights are CAP_RIGHT_*; the delete right D and
 * the grant/map semantics follow L4Re). */
int map_obj(struct task *src, u64 src_idx, struct task *dst, u64 dst_idx, u64 count,
	    unsigned rights, bool grant);
void unmap_obj(struct task *t, u64 idx, u64 count, unsigned rights, bool self);
/* Deletes the objects behind t's capabilities [idx, +count) that carry the
 * delete right: every capability to them, in every task, is revoked. */
void unmap_obj_delete(struct task *t, u64 idx, u64 count);

/* I/O ports [port, +count) from src to dst (x86): the same ports, rights
 * R/W as one. -L4_EINVAL for a range beyond 65535 or a moved port range. */
int map_io(struct task *src, u64 port, struct task *dst, u64 dport, u64 count, unsigned rights);
void unmap_io(struct task *t, u64 port, u64 count, unsigned rights, bool self);

/* The memory mapping node of t's page, creating sigma0's on first use
 * (sigma0 owns physical memory at SIGMA0_PHYS_BASE + physical address). */
struct mapnode *mem_node(struct task *t, u64 page);
/* Installs a root mapping of a physical page (boot images, UTCBs, KIP). */
int map_mem_root(struct task *t, u64 page, paddr_t pa, unsigned rights);
/* Removes every memory and capability mapping of t (task destruction). */
void unmap_all(struct task *t);
