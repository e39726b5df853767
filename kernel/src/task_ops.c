/* The Task protocol (L4_PROTO_TASK): map, unmap, capability information. */
#include <kern/invoke.h>
#include <kern/ipc.h>
#include <kern/ipc.h>
#include <kern/map.h>
#include <kern/mapdb.h>
#include <kern/task.h>
#include <kern/task_ops.h>
#include <kern/thread.h>
#include <kern/vm.h>
#include <l4/sys/__l4_fpage.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/task.h>

/* Largest memory flexpage: the user half. */
#define MAX_MEM_ORDER 47
/* Largest object flexpage covering all capability indices. */
#define MAX_OBJ_ORDER 40

/* Decode: [op, snd_base | control bits, fpage] + an object item naming
 * the source task. The destination is the invoked task: W on it; the S
 * right of mapped capabilities needs S on both task capabilities. */
static u64 task_map(struct invocation *inv, struct task *dst)
{
	if (inv_words(inv) < 3)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	if (inv_items(inv) < 1 || !(inv_mr(inv, 3) & L4_ITEM_MAP))
		return syscall_error_tag(-L4_EMSGMISSARG);
	l4_fpage_t item = { .raw = inv_mr(inv, 4) };
	if (l4_fpage_type(item) != L4_FPAGE_OBJ)
		return syscall_error_tag(-L4_EMSGMISSARG);
	struct cap_slot *ss = inv_cap_item(inv, 3);
	if (!ss || ss->obj->ops->type != KOBJ_TASK)
		return syscall_error_tag(-L4_EINVAL);
	if (!(inv->rights & CAP_RIGHT_W))
		return syscall_error_tag(-L4_EPERM);
	struct task *src = container_of(ss->obj, struct task, obj);
	u64 snd_base = inv_mr(inv, 1);
	bool grant = snd_base & L4_MAP_ITEM_GRANT;
	l4_fpage_t fp = { .raw = inv_mr(inv, 2) };
	unsigned order = l4_fpage_size(fp), rights = l4_fpage_rights(fp);
	int err = 0;
	switch (l4_fpage_type(fp)) {
	case L4_FPAGE_MEMORY: {
		if (order < PAGE_SHIFT)
			return syscall_error_tag(-L4_EINVAL);
		if (order > MAX_MEM_ORDER)
			order = MAX_MEM_ORDER; /* clipped to the address space */
		u64 s = align_down(l4_fpage_memaddr(fp), 1ull << order);
		u64 d = align_down(snd_base & (VM_USER_END - 1), 1ull << order);
		if (s + (1ull << order) > VM_USER_END || d + (1ull << order) > VM_USER_END)
			return syscall_error_tag(-L4_EINVAL);
		err = map_mem(src, s >> PAGE_SHIFT, dst, d >> PAGE_SHIFT,
			      1ull << (order - PAGE_SHIFT), rights & (VM_R | VM_W | VM_X), grant);
		break;
	}
	case L4_FPAGE_OBJ: {
		if (order > MAX_OBJ_ORDER)
			order = MAX_OBJ_ORDER;
		u64 s = align_down(l4_fpage_page(fp), 1ull << order);
		u64 d = align_down(snd_base >> L4_CAP_SHIFT, 1ull << order);
		if (!((inv->rights & ss->rights) & CAP_RIGHT_S))
			rights &= ~CAP_RIGHT_S;
		rights |= snd_base & CAP_ATTRS_ALL; /* object attributes of the control bits */
		err = map_obj(src, s, dst, d, 1ull << order, rights, grant);
		break;
	}
	case L4_FPAGE_IO: {
		if (order > L4_WHOLE_IOADDRESS_SPACE)
			order = L4_WHOLE_IOADDRESS_SPACE;
		u64 port = align_down(l4_fpage_ioport(fp), 1ull << order);
		err = map_io(src, port, dst, port, 1ull << order, rights);
		break;
	}
	default:
		return syscall_error_tag(-L4_EINVAL);
	}
	/* Out of kernel memory or quota while mapping: an IPC map failure,
	 * as it would be for the same flexpage sent in a message. */
	if (err == -L4_ENOMEM)
		return ipc_error_tag(inv->caller, L4_IPC_SEMAPFAILED);
	return err ? syscall_error_tag(err) : syscall_ok_tag(0, 0);
}

/* One unmap flexpage: revokes rights from what t derived (and from t's own
 * mappings with L4_FP_ALL_SPACES); with L4_FP_DELETE_OBJ and the delete
 * right, objects are destroyed: every capability to them goes. */
static int unmap_one(struct task *t, l4_fpage_t fp, u64 mask)
{
	unsigned order = l4_fpage_size(fp), rights = l4_fpage_rights(fp);
	bool self = mask & L4_FP_ALL_SPACES;
	switch (l4_fpage_type(fp)) {
	case L4_FPAGE_MEMORY:
		if (order < PAGE_SHIFT || order > 63)
			return -L4_EINVAL;
		if (order > MAX_MEM_ORDER)
			order = MAX_MEM_ORDER;
		unmap_mem(t, align_down(l4_fpage_memaddr(fp), 1ull << order) >> PAGE_SHIFT,
			  1ull << (order - PAGE_SHIFT), rights, self);
		return 0;
	case L4_FPAGE_OBJ: {
		if (order > 63)
			return -L4_EINVAL;
		if (order > MAX_OBJ_ORDER)
			order = MAX_OBJ_ORDER;
		u64 idx = align_down(l4_fpage_page(fp), 1ull << order);
		if ((mask & L4_FP_DELETE_OBJ) == L4_FP_DELETE_OBJ) {
			unmap_obj_delete(t, idx, 1ull << order);
			return 0;
		}
		unmap_obj(t, idx, 1ull << order, rights, self);
		return 0;
	}
	case L4_FPAGE_SPECIAL: /* l4_fpage_all(): everything */
		if (order != L4_WHOLE_ADDRESS_SPACE)
			return -L4_EINVAL;
		unmap_mem(t, 0, VM_USER_END >> PAGE_SHIFT, rights, self);
		unmap_obj(t, 0, 1ull << MAX_OBJ_ORDER, rights, self);
		unmap_io(t, 0, 1ull << L4_WHOLE_IOADDRESS_SPACE, rights, self);
		return 0;
	case L4_FPAGE_IO:
		if (order > L4_WHOLE_IOADDRESS_SPACE)
			return -L4_EINVAL;
		unmap_io(t, align_down(l4_fpage_ioport(fp), 1ull << order), 1ull << order, rights, self);
		return 0;
	default:
		return -L4_EINVAL;
	}
}

/* Decode: [op, map_mask, fpage...]; needs W on the task. */
static u64 task_unmap(struct invocation *inv, struct task *t)
{
	unsigned words = inv_words(inv);
	if (words < 2)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	u64 mask = inv_mr(inv, 1);
	for (unsigned i = 2; i < words; i++) {
		l4_fpage_t fp = { .raw = inv_mr(inv, i) };
		int err = unmap_one(t, fp, mask);
		if (err)
			return syscall_error_tag(err);
		/* The answer echoes each flexpage with its access bits (none:
		 * Walnut does not track referenced/dirty yet). */
		inv_set_mr(inv, i, fp.raw & ~(u64)L4_FPAGE_RIGHTS_MASK);
	}
	return syscall_ok_tag(0, words);
}

/* Decode: [op, cap] (bit 0: ask for derived copies) or [op, cap_a, cap_b].
 * The answer is the label: 1 yes, 0 no. */
static u64 task_cap_info(struct invocation *inv, struct task *t)
{
	unsigned words = inv_words(inv);
	if (words < 2 || words > 3)
		return syscall_error_tag(-L4_EINVAL);
	u64 a = inv_mr(inv, 1);
	struct cap_slot *sa = (a & L4_INVALID_CAP_BIT) ? NULL
				: task_cap(t, cap_idx(a >> L4_CAP_SHIFT));
	if (words >= 3) {
		u64 b = inv_mr(inv, 2);
		struct cap_slot *sb = (b & L4_INVALID_CAP_BIT) ? NULL
					: task_cap(t, cap_idx(b >> L4_CAP_SHIFT));
		bool same_sel = (a >> L4_CAP_SHIFT) == (b >> L4_CAP_SHIFT);
		return syscall_ok_tag(same_sel || (sa && sb && sa->obj == sb->obj), 0);
	}
	if (a & 1)
		return syscall_ok_tag(sa && !list_empty(&sa->node->children), 0);
	return syscall_ok_tag(sa != NULL, 0);
}

u64 task_invoke(struct invocation *inv)
{
	struct task *t = container_of(inv->obj, struct task, obj);
	if (!(inv->cap_flags & L4_SYSF_SEND))
		return ipc_error_tag(inv->caller, L4_IPC_ENOT_EXISTENT);
	if (inv_label(inv) != L4_PROTO_TASK)
		return syscall_error_tag(-L4_EBADPROTO);
	if (inv_words(inv) < 1)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	switch (inv_mr(inv, 0)) {
	case L4_TASK_MAP_OP: return task_map(inv, t);
	case L4_TASK_UNMAP_OP: return task_unmap(inv, t);
	case L4_TASK_CAP_INFO_OP: return task_cap_info(inv, t);
	default: return syscall_error_tag(-L4_ENOSYS); /* ku_mem, LDT, vGICC */
	}
}
