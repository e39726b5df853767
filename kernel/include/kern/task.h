/* Tasks: protection domains owning an address space and an object space. */
#pragma once

#include <kern/list.h>
#include <kern/obj.h>
#include <kern/obj_space.h>
#include <kern/vm.h>

struct task {
	struct kobj obj;
	struct vm_space vm;
	struct obj_space caps;
	struct list threads;   /* struct thread.task_link */
	struct list all_link;  /* in the global task list (debugger) */
	vaddr_t utcb_area;     /* where this task's UTCBs are mapped */
	unsigned utcb_slots_used;
	paddr_t utcb_page;     /* kernel page backing the UTCB area (one page) */
};

/* Creates a task with empty spaces; NULL when out of memory. */
struct task *task_create(const char *name);
/* Maps the KIP read-only at L4_KIP_ADDR in t. */
int task_map_kip(struct task *t);
/* Every task, for the debugger. */
extern struct list task_list;
u64 task_invoke(struct invocation *inv);
