/* Tasks: creation, the KIP and UTCB mappings, and the Task object's invocations. */
#include <kern/kip.h>
#include <kern/kmem.h>
#include <kern/pmem.h>
#include <kern/string.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <l4/sys/err.h>

struct list task_list = { &task_list, &task_list };

struct task *task_create(const char *name)
{
	struct task *t = kmem_alloc(sizeof(*t));
	if (!t)
		return NULL;
	if (vm_space_init(&t->vm) < 0) {
		kmem_free(t, sizeof(*t));
		return NULL;
	}
	kobj_init(&t->obj, KOBJ_TASK, task_invoke, name);
	obj_space_init(&t->caps);
	list_init(&t->threads);
	list_push_back(&task_list, &t->all_link);
	return t;
}

int task_map_kip(struct task *t)
{
	return vm_map_page(&t->vm, vaddr(L4_KIP_ADDR), kip_phys, VM_R);
}

/* Task protocol (L4_PROTO_TASK): map/unmap and capability queries come with
 * the kernel objects issue; until then they are reported as unsupported. */
u64 task_invoke(struct invocation *inv)
{
	return syscall_error_tag(-L4_ENOSYS);
}
