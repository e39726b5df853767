/* Flexpage mapping between tasks, recorded in the mapping database. */
#include <kern/arch.h>
#include <kern/kip.h>
#include <kern/map.h>
#include <kern/mapdb.h>
#include <kern/obj_space.h>
#include <kern/panic.h>
#include <kern/quota.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/vm.h>
#include <l4/sys/err.h>

struct quota *mapnode_quota(const struct mapnode *n) { return n->task->quota; }

/* What a node costs its task's quota (moved along with a grant). */
#define NODE_CHARGE kmem_charge_size(sizeof(struct mapnode))

/* -- memory --------------------------------------------------------------- */

static void mem_remove(struct mapnode *n)
{
	vm_unmap_page(&n->task->vm, vaddr(n->key << PAGE_SHIFT));
	radix_clear(&n->task->mem_nodes, n->key);
}

static void mem_reduce(struct mapnode *n)
{
	/* The page table entry exists, so this allocates nothing. */
	vm_map_page(&n->task->vm, vaddr(n->key << PAGE_SHIFT), paddr(n->target), n->rights,
		    n->task->quota);
}

static const struct mapdb_ops mem_ops = { mem_remove, mem_reduce };

/* How sigma0 may map physical page pa: false for the kernel's own memory
 * (pool, image, boot task images); device memory (no descriptor) uncached. */
static bool sigma0_page(u64 pa, unsigned *attr)
{
	for (unsigned i = 0; i < kip->num_mem_descs; i++) {
		const l4_kernel_info_mem_desc_t *m = &kip->mem_descs[i];
		if (pa < m->start || pa > m->end)
			continue;
		*attr = 0;
		return m->type != L4_MEM_TYPE_RESERVED;
	}
	*attr = VM_UNCACHED;
	return pa < SIGMA0_PHYS_BASE;
}

int map_mem_root(struct task *t, u64 page, paddr_t pa, unsigned rights)
{
	struct mapnode *n = mapnode_new(NULL, t, MAP_MEM, page, pa.v, rights, t->quota);
	if (!n)
		return -L4_ENOMEM;
	int err = radix_set(&t->mem_nodes, page, n, t->quota);
	if (!err)
		err = vm_map_page(&t->vm, vaddr(page << PAGE_SHIFT), pa, rights, t->quota);
	if (err) {
		radix_clear(&t->mem_nodes, page);
		kmem_free_q(t->quota, n, sizeof(*n)); /* nothing was derived from it */
	}
	return err;
}

/* The node of t's page; for sigma0 created on demand. Returns 0 with
 * *out NULL when there is nothing (not sigma0's to have), -L4_ENOMEM when
 * the root node could not be allocated. */
static int mem_node_get(struct task *t, u64 page, struct mapnode **out)
{
	*out = radix_get(&t->mem_nodes, page);
	u64 va = page << PAGE_SHIFT;
	if (*out || !t->is_sigma0 || va < SIGMA0_PHYS_BASE || va >= SIGMA0_PHYS_BASE + SIGMA0_PHYS_SIZE)
		return 0;
	unsigned attr;
	if (!sigma0_page(va - SIGMA0_PHYS_BASE, &attr))
		return 0;
	int err = map_mem_root(t, page, paddr(va - SIGMA0_PHYS_BASE), VM_R | VM_W | VM_X | attr);
	if (err < 0)
		return err;
	*out = radix_get(&t->mem_nodes, page);
	return 0;
}

struct mapnode *mem_node(struct task *t, u64 page)
{
	struct mapnode *n;
	return mem_node_get(t, page, &n) < 0 ? NULL : n;
}

/* True when n is a or lies below a: replacing a would free n. */
static bool derived_from(const struct mapnode *n, const struct mapnode *a)
{
	for (; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

/* Makes room at dst's page: an existing mapping there is revoked unless it is
 * the same frame from the same source, which only gains rights. Returns 1
 * when the page was updated in place, 0 when free, <0 to skip the page. */
static int prepare_dst_mem(struct task *dst, u64 page, struct mapnode *src, unsigned rights)
{
	struct mapnode *old = radix_get(&dst->mem_nodes, page);
	if (!old) {
		paddr_t pa;
		unsigned r;
		/* A present page without a node is the kernel's (KIP, UTCB): keep it. */
		return vm_lookup(&dst->vm, vaddr(page << PAGE_SHIFT), &pa, &r) ? -1 : 0;
	}
	if (old == src || derived_from(src, old))
		return -1;
	if (old->parent == src && old->target == src->target) {
		old->rights |= (u8)rights;
		mem_reduce(old); /* rewrites the entry with the new rights */
		return 1;
	}
	mapdb_revoke(old, VM_R | VM_W | VM_X, true, &mem_ops);
	return 0;
}

static int map_one_page(struct mapnode *s, struct task *dst, u64 dp, unsigned rights)
{
	unsigned eff = s->rights & (rights | VM_UNCACHED);
	if (!(eff & VM_R))
		return 0;
	int r = prepare_dst_mem(dst, dp, s, eff);
	if (r)
		return 0;
	struct mapnode *n = mapnode_new(s, dst, MAP_MEM, dp, s->target, eff, dst->quota);
	if (!n)
		return -L4_ENOMEM;
	int err = radix_set(&dst->mem_nodes, dp, n, dst->quota);
	if (!err)
		err = vm_map_page(&dst->vm, vaddr(dp << PAGE_SHIFT), paddr(s->target), eff, dst->quota);
	if (err) {
		radix_clear(&dst->mem_nodes, dp);
		list_remove(&n->sibling);
		kmem_free_q(dst->quota, n, sizeof(*n));
	}
	return err;
}

/* Grant: the source's node itself moves to dst, keeping what was derived. */
static int grant_one_page(struct mapnode *s, struct task *src, u64 sp, struct task *dst,
			  u64 dp, unsigned rights)
{
	unsigned eff = s->rights & (rights | VM_UNCACHED);
	if (!(eff & VM_R) || (src == dst && sp == dp))
		return 0;
	if (prepare_dst_mem(dst, dp, s, eff))
		return 0;
	if (!quota_charge(dst->quota, NODE_CHARGE))
		return -L4_ENOMEM;
	int err = radix_set(&dst->mem_nodes, dp, s, dst->quota);
	if (!err)
		err = vm_map_page(&dst->vm, vaddr(dp << PAGE_SHIFT), paddr(s->target), eff, dst->quota);
	if (err) {
		radix_clear(&dst->mem_nodes, dp);
		quota_uncharge(dst->quota, NODE_CHARGE);
		return err;
	}
	mem_remove(s); /* from src, which still owns the node */
	quota_uncharge(src->quota, NODE_CHARGE);
	mapnode_move(s, dst, dp);
	s->rights = (u8)eff;
	return 0;
}

int map_mem(struct task *src, u64 src_page, struct task *dst, u64 dst_page, u64 count,
	    unsigned rights, bool grant)
{
	u64 off = 0;
	while (off < count) {
		struct mapnode *s;
		if (src->is_sigma0) {
			/* sigma0 maps on demand; running out of kernel memory
			 * for the root is an error, not a page left out. */
			int err = mem_node_get(src, src_page + off, &s);
			if (err)
				return err;
		} else {
			void *v;
			u64 k = radix_next_below(&src->mem_nodes, src_page + off, src_page + count, &v);
			if (k >= src_page + count)
				break;
			off = k - src_page;
			s = v;
		}
		if (s) {
			int err = grant ? grant_one_page(s, src, src_page + off, dst, dst_page + off, rights)
					: map_one_page(s, dst, dst_page + off, rights);
			if (err)
				return err;
		}
		off++;
	}
	return 0;
}

void unmap_mem(struct task *t, u64 page, u64 count, unsigned rights, bool self)
{
	void *v;
	for (u64 k = radix_next_below(&t->mem_nodes, page, page + count, &v); k < page + count;
	     k = radix_next_below(&t->mem_nodes, k + 1, page + count, &v))
		mapdb_revoke(v, rights, self, &mem_ops);
}

/* -- capabilities --------------------------------------------------------- */

static void obj_remove(struct mapnode *n)
{
	struct cap_slot *slot = obj_space_lookup(&n->task->caps, cap_idx(n->key));
	ASSERT(slot && slot->node == n);
	struct kobj *o = slot->obj;
	slot->obj = NULL;
	slot->rights = 0;
	slot->node = NULL;
	kobj_put(o);
}

static void obj_reduce(struct mapnode *n)
{
	struct cap_slot *slot = obj_space_lookup(&n->task->caps, cap_idx(n->key));
	slot->rights = n->rights;
}

static const struct mapdb_ops obj_ops = { obj_remove, obj_reduce };

int task_cap_install(struct task *t, cap_idx_t idx, struct kobj *obj, unsigned rights)
{
	int err = 0;
	struct cap_slot *slot = obj_space_slot(&t->caps, idx, t->quota, &err);
	if (!slot)
		return err;
	if (slot->obj)
		mapdb_revoke(slot->node, CAP_RIGHTS_ALL, true, &obj_ops);
	struct mapnode *n = mapnode_new(NULL, t, MAP_OBJ, idx.v, (u64)obj, rights, t->quota);
	if (!n)
		return -L4_ENOMEM;
	slot->obj = obj;
	slot->rights = rights;
	slot->node = n;
	kobj_get(obj);
	return 0;
}

struct cap_slot *task_cap(struct task *t, cap_idx_t idx)
{
	struct cap_slot *s = obj_space_lookup(&t->caps, idx);
	return s && s->obj ? s : NULL;
}

void task_cap_remove(struct task *t, cap_idx_t idx)
{
	struct cap_slot *s = task_cap(t, idx);
	if (s)
		mapdb_revoke(s->node, CAP_RIGHTS_ALL, true, &obj_ops);
}

static int map_one_cap(struct cap_slot *s, struct task *src, u64 si, struct task *dst, u64 di,
		       unsigned rights, bool grant)
{
	unsigned eff = s->rights & rights;
	/* Without R nothing is mapped (the right that makes a capability). */
	if (!(eff & CAP_RIGHT_R) || (src == dst && si == di))
		return 0;
	int err = 0;
	struct cap_slot *d = obj_space_slot(&dst->caps, cap_idx(di), dst->quota, &err);
	if (!d)
		return err;
	if (d->obj) {
		if (d->node == s->node || derived_from(s->node, d->node))
			return 0;
		if (d->node->parent == s->node && d->obj == s->obj) {
			d->rights |= eff;
			d->node->rights = (u8)d->rights;
			return 0;
		}
		mapdb_revoke(d->node, CAP_RIGHTS_ALL, true, &obj_ops);
	}
	if (grant) {
		if (!quota_charge(dst->quota, NODE_CHARGE))
			return -L4_ENOMEM;
		struct mapnode *n = s->node;
		*d = (struct cap_slot){ .obj = s->obj, .rights = eff, .node = n };
		*s = (struct cap_slot){ 0 };
		quota_uncharge(src->quota, NODE_CHARGE);
		mapnode_move(n, dst, di);
		n->rights = (u8)eff;
		return 0;
	}
	struct mapnode *n = mapnode_new(s->node, dst, MAP_OBJ, di, (u64)s->obj, eff, dst->quota);
	if (!n)
		return -L4_ENOMEM;
	*d = (struct cap_slot){ .obj = s->obj, .rights = eff, .node = n };
	kobj_get(s->obj);
	return 0;
}

int map_obj(struct task *src, u64 src_idx, struct task *dst, u64 dst_idx, u64 count,
	    unsigned rights, bool grant)
{
	u64 end = src_idx + count;
	for (u64 i = obj_space_next_below(&src->caps, src_idx, end); i < end;
	     i = obj_space_next_below(&src->caps, i + 1, end)) {
		struct cap_slot *s = obj_space_lookup(&src->caps, cap_idx(i));
		int err = map_one_cap(s, src, i, dst, dst_idx + (i - src_idx), rights, grant);
		if (err)
			return err;
	}
	return 0;
}

void unmap_obj(struct task *t, u64 idx, u64 count, unsigned rights, bool self)
{
	u64 end = idx + count;
	for (u64 i = obj_space_next_below(&t->caps, idx, end); i < end;
	     i = obj_space_next_below(&t->caps, i + 1, end))
		mapdb_revoke(obj_space_lookup(&t->caps, cap_idx(i))->node, rights, self, &obj_ops);
}

void unmap_obj_delete(struct task *t, u64 idx, u64 count)
{
	u64 end = idx + count;
	u64 i = obj_space_next_below(&t->caps, idx, end);
	while (i < end) {
		struct cap_slot *s = obj_space_lookup(&t->caps, cap_idx(i));
		if (s->rights & CAP_RIGHT_D) {
			struct kobj *o = s->obj;
			struct mapnode *root = s->node;
			while (root->parent)
				root = root->parent;
			kobj_get(o); /* keep it while it is taken apart */
			if (o->ops->kill)
				o->ops->kill(o);
			mapdb_revoke(root, CAP_RIGHTS_ALL | CAP_ATTRS_ALL, true, &obj_ops);
			kobj_put(o);
		} else {
			/* Without D: released as with L4_FP_ALL_SPACES. */
			mapdb_revoke(s->node, CAP_RIGHTS_ALL, true, &obj_ops);
		}
		i = obj_space_next_below(&t->caps, i + 1, end);
	}
}

/* -- I/O ports -------------------------------------------------------------- */

#define IO_PORTS 65536

static void io_set(struct task *t, u64 port, bool allowed)
{
	if (allowed)
		t->io_bitmap[port / 8] &= (u8)~(1u << (port % 8));
	else
		t->io_bitmap[port / 8] |= (u8)(1u << (port % 8));
	arch_io_changed(t);
}

static void io_remove(struct mapnode *n)
{
	io_set(n->task, n->key, false);
	radix_clear(&n->task->io_nodes, n->key);
}

/* I/O access is all or nothing: losing R or W loses the port. */
static void io_reduce(struct mapnode *n)
{
	if ((n->rights & (VM_R | VM_W)) != (VM_R | VM_W))
		io_set(n->task, n->key, false);
}

static const struct mapdb_ops io_ops = { io_remove, io_reduce };

static bool io_bitmap_ready(struct task *t)
{
	if (t->io_bitmap)
		return true;
	t->io_bitmap = kmem_alloc_q(t->quota, IO_PORTS / 8);
	if (!t->io_bitmap)
		return false;
	memset(t->io_bitmap, 0xff, IO_PORTS / 8);
	return true;
}

/* sigma0 owns every port: its node is made on first use. */
static struct mapnode *io_node(struct task *t, u64 port)
{
	struct mapnode *n = radix_get(&t->io_nodes, port);
	if (n || !t->is_sigma0 || port >= IO_PORTS)
		return n;
	if (!io_bitmap_ready(t))
		return NULL;
	n = mapnode_new(NULL, t, MAP_IO, port, port, VM_R | VM_W, t->quota);
	if (!n)
		return NULL;
	if (radix_set(&t->io_nodes, port, n, t->quota) < 0) {
		kmem_free_q(t->quota, n, sizeof(*n));
		return NULL;
	}
	io_set(t, port, true);
	return n;
}

int map_io(struct task *src, u64 port, struct task *dst, u64 dport, u64 count, unsigned rights)
{
	if (port + count > IO_PORTS || dport + count > IO_PORTS)
		return -L4_EINVAL;
	/* Port numbers are identity-mapped: a port moves only to itself. */
	if (port != dport)
		return -L4_EINVAL;
	if (!(rights & (VM_R | VM_W)))
		return 0;
	for (u64 p = port; p < port + count; p++) {
		struct mapnode *s = io_node(src, p);
		if (!s || src == dst)
			continue;
		struct mapnode *old = radix_get(&dst->io_nodes, p);
		if (old && (old->parent == s || derived_from(s, old)))
			continue;
		if (old)
			mapdb_revoke(old, VM_R | VM_W, true, &io_ops);
		if (!io_bitmap_ready(dst))
			return -L4_ENOMEM;
		struct mapnode *n = mapnode_new(s, dst, MAP_IO, p, p, VM_R | VM_W, dst->quota);
		if (!n)
			return -L4_ENOMEM;
		if (radix_set(&dst->io_nodes, p, n, dst->quota) < 0) {
			list_remove(&n->sibling);
			kmem_free_q(dst->quota, n, sizeof(*n));
			return -L4_ENOMEM;
		}
		io_set(dst, p, true);
	}
	return 0;
}

void unmap_io(struct task *t, u64 port, u64 count, unsigned rights, bool self)
{
	void *v;
	u64 end = MIN(port + count, (u64)IO_PORTS);
	/* Removing R or W removes the port: make R the "essential" right. */
	unsigned r = (rights & (VM_R | VM_W)) ? VM_R | VM_W : 0;
	if (!r)
		return;
	for (u64 k = radix_next_below(&t->io_nodes, port, end, &v); k < end;
	     k = radix_next_below(&t->io_nodes, k + 1, end, &v))
		mapdb_revoke(v, r, self, &io_ops);
}

void unmap_all(struct task *t)
{
	unmap_mem(t, 0, VM_USER_END >> PAGE_SHIFT, VM_R | VM_W | VM_X, true);
	unmap_obj(t, 0, OBJ_SPACE_MAX_CAPS, CAP_RIGHTS_ALL, true);
	unmap_io(t, 0, IO_PORTS, VM_R | VM_W, true);
}
