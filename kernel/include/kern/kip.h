/* The kernel side of the Kernel Info Page. */
#pragma once

#include <kern/types.h>
#include <l4/sys/kip.h>

struct cpu;
struct walnut_bootinfo;

extern l4_kernel_info_t *kip;
extern paddr_t kip_phys;

/* Allocates and fills the KIP: versions, frequencies, memory descriptors. */
void kip_init(const struct walnut_bootinfo *bi);
/* Advances the KIP clock; from the boot CPU's timer tick. */
void kip_tick(struct cpu *c);
/* Adds a memory descriptor [start, end] of the given type. */
void kip_add_mem(u64 start, u64 end, unsigned type, unsigned sub_type);
