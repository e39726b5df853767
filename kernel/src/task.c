/* Tasks: creation with their UTCB area, the KIP mapping, destruction. The
 * Task protocol's operations are in task_ops.c. */
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/kip.h>
#include <kern/kmem.h>
#include <kern/map.h>
#include <kern/pmem.h>
#include <kern/quota.h>
#include <kern/string.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/task_ops.h>
#include <kern/thread.h>
#include <l4/sys/err.h>
#include <l4/sys/kip.h>
#include <l4/sys/utcb.h>

struct list task_list = { &task_list, &task_list };

static void task_free_utcbs(struct task *t)
{
	for (unsigned i = 0; i < t->utcb_pages; i++)
		pmem_free_q(t->quota, t->utcb_page[i], 0);
	t->utcb_pages = 0;
}

/* The UTCB area is kernel memory mapped into the task: the kernel reaches
 * every UTCB through the direct map, so IPC never faults on one. */
static int task_setup_utcbs(struct task *t, vaddr_t area, u64 size)
{
	if (!size)
		return 0;
	if (!is_aligned(area.v, PAGE_SIZE) || !is_aligned(size, PAGE_SIZE) ||
	    size > TASK_MAX_UTCB_PAGES * PAGE_SIZE || area.v + size > VM_USER_END ||
	    area.v + size < area.v)
		return -L4_EINVAL;
	if (area.v <= L4_KIP_ADDR && L4_KIP_ADDR < area.v + size)
		return -L4_EEXIST; /* the KIP is already there */
	t->utcb_area = area;
	for (u64 off = 0; off < size; off += PAGE_SIZE) {
		paddr_t p;
		if (!pmem_alloc_q(t->quota, 0, &p))
			return -L4_ENOMEM;
		t->utcb_page[t->utcb_pages++] = p;
		memset(phys_to_virt(p), 0, PAGE_SIZE);
		int err = vm_map_page(&t->vm, vaddr_add(area, off), p, VM_R | VM_W, t->quota);
		if (err)
			return err;
	}
	return 0;
}

void *task_utcb_kernel(struct task *t, vaddr_t va)
{
	u64 off = va.v - t->utcb_area.v;
	if (va.v < t->utcb_area.v || off >= (u64)t->utcb_pages * PAGE_SIZE ||
	    !is_aligned(va.v, L4_UTCB_SIZE))
		return NULL;
	return (char *)phys_to_virt(t->utcb_page[off / PAGE_SIZE]) + off % PAGE_SIZE;
}

struct task *task_create(const char *name, struct quota *q, vaddr_t utcb_area,
			 u64 utcb_size, int *err)
{
	struct task *t = kmem_alloc_q(q, sizeof(*t));
	if (!t) {
		*err = -L4_ENOMEM;
		return NULL;
	}
	t->quota = q;
	*err = vm_space_init(&t->vm, q);
	if (*err) {
		kmem_free_q(q, t, sizeof(*t));
		return NULL;
	}
	kobj_init(&t->obj, &task_ops, name);
	radix_init(&t->mem_nodes);
	radix_init(&t->io_nodes);
	obj_space_init(&t->caps);
	list_init(&t->threads);
	list_push_back(&task_list, &t->all_link);
	*err = task_setup_utcbs(t, utcb_area, utcb_size);
	if (!*err)
		*err = task_map_kip(t);
	if (*err) {
		list_remove(&t->obj.all_link);
		t->obj.ops->destroy(&t->obj);
		return NULL;
	}
	return t;
}

int task_map_kip(struct task *t)
{
	return vm_map_page(&t->vm, vaddr(L4_KIP_ADDR), kip_phys, VM_R, t->quota);
}

/* The last capability is gone: its threads die, its mappings and
 * capabilities are revoked (and with them what was derived from them), and
 * its memory goes back to its quota. */
static void task_destroy(struct kobj *o)
{
	struct task *t = container_of(o, struct task, obj);
	while (!list_empty(&t->threads))
		thread_kill(list_entry(t->threads.next, struct thread, task_link));
	unmap_all(t);
	radix_destroy(&t->mem_nodes, t->quota);
	radix_destroy(&t->io_nodes, t->quota);
	if (t->io_bitmap) {
		arch_io_forget(t->io_bitmap);
		kmem_free_q(t->quota, t->io_bitmap, 8192);
	}
	obj_space_destroy(&t->caps, t->quota);
	vm_space_destroy(&t->vm, t->quota);
	task_free_utcbs(t);
	list_remove(&t->all_link);
	kmem_free_q(t->quota, t, sizeof(*t));
}

/* Deleted while references remain: its threads die and its mappings and
 * capabilities go now; the structure follows with the last reference. */
static void task_kill(struct kobj *o)
{
	struct task *t = container_of(o, struct task, obj);
	while (!list_empty(&t->threads))
		thread_kill(list_entry(t->threads.next, struct thread, task_link));
	unmap_all(t);
}

static const struct kobj_meta task_meta[] = { { L4_PROTO_TASK, "task" }, { 0, NULL } };
const struct kobj_ops task_ops = { KOBJ_TASK, task_invoke, task_destroy, task_kill, task_meta };
