/* Tasks: protection domains owning an address space and an object space. */
#pragma once

#include <kern/list.h>
#include <kern/obj.h>
#include <kern/obj_space.h>
#include <kern/radix.h>
#include <kern/vm.h>

struct quota;
struct mapnode;

#define TASK_MAX_UTCB_PAGES 64

struct task {
	struct kobj obj;
	struct quota *quota;    /* pays for page tables, capability tables, mapping nodes */
	struct vm_space vm;
	struct radix mem_nodes; /* virtual page number -> struct mapnode (memory) */
	struct obj_space caps;
	struct list threads;    /* struct thread.task_link */
	struct list all_link;   /* in task_list (debugger) */
	/* UTCB area: kernel pages mapped at utcb_area in the task. */
	vaddr_t utcb_area;
	unsigned utcb_pages;
	paddr_t utcb_page[TASK_MAX_UTCB_PAGES];
	bool is_sigma0;         /* sigma0's memory is physical memory at SIGMA0_PHYS_BASE */
	struct radix io_nodes;  /* I/O port -> struct mapnode */
	u8 *io_bitmap;          /* 8 KiB, bit set = port denied; NULL: no ports */
};

/* The window where sigma0 sees physical memory: virtual = physical + base. */
#define SIGMA0_PHYS_BASE 0x0000400000000000ull
/* Physical addresses sigma0 can reach: below 32 TiB, so the window ends
 * well before the KIP and UTCB area at the top of user space. */
#define SIGMA0_PHYS_SIZE (1ull << 45)

/* Creates a task whose kernel memory is charged to q, with its UTCB area at
 * [utcb_area, +utcb_size) (utcb_size 0: none). NULL and *err on failure. */
struct task *task_create(const char *name, struct quota *q, vaddr_t utcb_area,
			 u64 utcb_size, int *err);
/* Maps the KIP read-only at L4_KIP_ADDR in t. */
int task_map_kip(struct task *t);
/* The kernel address of the UTCB at user address va in t, or NULL when va
 * is not a 1 KiB slot of t's UTCB area. */
void *task_utcb_kernel(struct task *t, vaddr_t va);
/* Every task, for the debugger. */
extern struct list task_list;
extern const struct kobj_ops task_ops;

/* -- the capability side ------------------------------------------------- */
/* The object behind capability idx in t, with its rights; NULL if none. */
struct cap_slot *task_cap(struct task *t, cap_idx_t idx);
/* Installs a root capability for obj (a new object, a boot capability). */
int task_cap_install(struct task *t, cap_idx_t idx, struct kobj *obj, unsigned rights);
/* Removes one capability (and everything derived from it). */
void task_cap_remove(struct task *t, cap_idx_t idx);
