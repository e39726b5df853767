/* x86_64 4-level paging: entry bits and the kernel's virtual layout.
 *
 *   0x0000000000000000 - 0x00007fffffffffff  user (PML4 0-255, per task)
 *   0xffff800000000000 - ...                 direct map of all RAM (PML4 256+)
 *   0xffffffff80000000 - ...                 kernel image (PML4 511, PDPT 510)
 * The kernel half (PML4 256-511) is created at boot and copied into every
 * task's PML4; the kernel never adds PML4 entries after that, so the copies
 * stay in sync. */
#pragma once

#include <kern/types.h>

#define PTE_P    (1ull << 0)
#define PTE_W    (1ull << 1)
#define PTE_U    (1ull << 2)
#define PTE_PWT  (1ull << 3)
#define PTE_PCD  (1ull << 4)
#define PTE_A    (1ull << 5)
#define PTE_D    (1ull << 6)
#define PTE_PS   (1ull << 7)
#define PTE_G    (1ull << 8)
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

#define PHYSMAP_BASE 0xffff800000000000ull
#define PHYSMAP_MAX  (64ull << 40) /* up to 64 TiB of physical address space */
#define PML4_KERNEL_FIRST 256
