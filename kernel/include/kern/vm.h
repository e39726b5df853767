/* User address spaces: page tables owned by a task. */
#pragma once

#include <kern/types.h>

/* Access rights of a user mapping. */
#define VM_R 4u
#define VM_W 2u
#define VM_X 1u
/* Attribute, not a right: map uncached (device memory). */
#define VM_UNCACHED 8u

struct vm_space {
	paddr_t root; /* top-level page table (PML4 on x86_64) */
};

struct quota;

/* Creates an empty user space sharing the kernel half; its page tables are
 * charged to q. -L4_ENOMEM on failure. */
int vm_space_init(struct vm_space *s, struct quota *q);
/* Maps one 4 KiB page; replaces an existing mapping at va. -L4_ENOMEM when a
 * page table cannot be had from q, -L4_EINVAL for a kernel-half or
 * unaligned va. */
int vm_map_page(struct vm_space *s, vaddr_t va, paddr_t pa, unsigned rights, struct quota *q);
/* Removes the mapping at va; returns true when there was one. */
bool vm_unmap_page(struct vm_space *s, vaddr_t va);
/* Looks up va: true, with its frame and rights, when mapped. */
bool vm_lookup(struct vm_space *s, vaddr_t va, paddr_t *pa, unsigned *rights);
/* Frees every page table of the user half (not the mapped pages). */
void vm_space_destroy(struct vm_space *s, struct quota *q);
/* Makes s the active space on this CPU. */
void vm_space_activate(struct vm_space *s);
/* Highest user virtual address + 1. */
#define VM_USER_END 0x0000800000000000ull
