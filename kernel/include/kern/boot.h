/* Boot: the boot information from bootstrap, memory pools, the first tasks. */
#pragma once

#include <abi/bootinfo.h>

/* The kernel's copy of the boot information (valid for the whole run). */
extern struct walnut_bootinfo boot_info;
/* Where bootstrap left the boot info: it stays intact in memory the KIP
 * describes as BOOTLOADER, so moe can read module names from it. */
extern u64 boot_info_phys;

/* Checks and copies the boot information bootstrap left at phys. */
void boot_info_take(u64 phys);
/* Chooses the kernel's memory pool and hands it to pmem. */
void boot_memory_init(void);
/* Describes physical memory in the KIP for sigma0. */
void boot_describe_memory(void);
/* Creates and starts sigma0 and the root task. */
void boot_tasks_start(void);
u64 boot_ram_bytes(void);
u64 boot_pool_bytes(void);
