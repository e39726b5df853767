/* moe, the root task: takes all free memory from sigma0 into its page
 * pool, makes the root memory allocator and the rom namespace with every
 * boot module, starts init and then serves its objects forever. */
#include "moe.h"

#include <l4/sigma0/sigma0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/kip.h>
#include <l4/sys/kprint.h>

enum { MAX_OBJS = 16384 };

struct l4srv_server moe_srv;
static struct l4srv_obj *objs[MAX_OBJS];

/* Frames up to the end of conventional memory (what sigma0 hands out). */
static unsigned long ram_frames(void)
{
	l4_kernel_info_t *kip = l4_kip();
	unsigned long end = 0;
	for (unsigned i = 0; i < kip->num_mem_descs && i < L4_KIP_MAX_MEM_DESCS; i++) {
		const l4_kernel_info_mem_desc_t *d = &kip->mem_descs[i];
		if (d->type == L4_MEM_TYPE_CONVENTIONAL && d->end + 1 > end)
			end = d->end + 1;
	}
	return end >> L4_PAGESHIFT;
}

static int take(unsigned order, l4_addr_t *phys)
{
	return l4sigma0_map_anypage(L4_BASE_PAGER_CAP, MOE_PHYS_WINDOW, MOE_PHYS_WINDOW_ORDER,
				    phys, order);
}

/* moe takes all memory sigma0 has at start, as L4Re's moe does. Each
 * page costs the kernel two mapping nodes (sigma0's root and moe's copy);
 * its pool is sized for that (KERNEL_MEM_PERCENT), and if it still runs
 * out, sigma0's reply fails and moe stops taking. moe_mem_grow() asks
 * again later, in blocks of at least 2^GROW_ORDER bytes, for memory that
 * others returned to sigma0. */
enum { GROW_ORDER = 24 };

static unsigned long taken;

bool moe_mem_grow(unsigned order)
{
	l4_addr_t phys;
	for (unsigned o = order > GROW_ORDER ? order : GROW_ORDER; o >= order; o--) {
		if (take(o, &phys) == 0) {
			moe_pages_add(phys, o);
			taken += 1UL << o;
			return true;
		}
	}
	return false;
}

/* The pool's bitmap, then all memory, largest blocks first. Returns
 * false if there is not even room for the bitmap. */
static bool take_memory(void)
{
	unsigned long frames = ram_frames(), bytes = (frames + 63) / 64 * 8;
	unsigned bo = L4_PAGESHIFT;
	while ((1UL << bo) < bytes)
		bo++;
	l4_addr_t phys;
	if (take(bo, &phys) < 0)
		return false;
	moe_pages_init((unsigned long *)(MOE_PHYS_WINDOW + phys), frames);
	for (unsigned order = 28; order >= L4_PAGESHIFT; order--)
		while (take(order, &phys) == 0) {
			moe_pages_add(phys, order);
			taken += 1UL << order;
		}
	l4_kprintf("moe: %lu KiB of memory from sigma0\n", taken >> 10);
	return true;
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	if (!take_memory()) {
		l4_kprintf("moe: no memory from sigma0, stopping\n");
		return 1;
	}
	if (l4srv_server_init(&moe_srv, L4_BASE_THREAD_CAP, L4_BASE_FACTORY_CAP, NULL, objs,
			      MAX_OBJS) < 0) {
		l4_kprintf("moe: server set-up failed, stopping\n");
		return 1;
	}
	struct moe_boot boot = { 0 };
	if (moe_factory_create(NULL, 0, &boot.root_factory) < 0 ||
	    moe_ns_create(NULL, &boot.rom) < 0) {
		l4_kprintf("moe: cannot create the root objects, stopping\n");
		return 1;
	}
	boot.cmdline = moe_boot_modules(boot.rom);
	if (moe_init_start(&boot) < 0)
		l4_kprintf("moe: init not started; serving anyway\n");
	l4srv_loop(&moe_srv);
}
