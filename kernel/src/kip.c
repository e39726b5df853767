/* The Kernel Info Page: filled at boot, clock advanced by the timer. */
#include <kern/arch.h>
#include <kern/boot.h>
#include <kern/cpu.h>
#include <kern/kip.h>
#include <kern/panic.h>
#include <kern/pmem.h>
#include <kern/string.h>
#include <abi/bootinfo.h>

#include <fmt.h>

l4_kernel_info_t *kip;
paddr_t kip_phys;

_Static_assert(sizeof(l4_kernel_info_t) <= PAGE_SIZE, "the KIP is one page");

void kip_add_mem(u64 start, u64 end, unsigned type, unsigned sub_type)
{
	if (kip->num_mem_descs >= L4_KIP_MAX_MEM_DESCS)
		panic("KIP: more than %u memory descriptors", L4_KIP_MAX_MEM_DESCS);
	kip->mem_descs[kip->num_mem_descs++] = (l4_kernel_info_mem_desc_t){
		.start = start, .end = end, .type = type, .sub_type = sub_type,
	};
}

void kip_init(const struct walnut_bootinfo *bi)
{
	if (!pmem_alloc(0, &kip_phys))
		panic("KIP: out of memory");
	kip = pmem_virt(kip_phys);
	memset(kip, 0, PAGE_SIZE);
	kip->magic = L4_KERNEL_INFO_MAGIC;
	kip->version = 1;
	kip->frequency_cpu = arch_cycle_khz();
	kip->frequency_bus = 1193; /* the PIT's 1.193182 MHz */
	kip->timer_hz = CONFIG_HZ;
	kip->num_cpus = 1;
	kip->mword_bits = 64;
	kip->user_ptr = boot_info_phys;
	fmt_snprintf(kip->version_string, sizeof(kip->version_string), "Walnut %s (gcc %s)",
		     WALNUT_VERSION_STRING, __VERSION__);
	strlcpy(kip->platform_name, CONFIG_BOARD, sizeof(kip->platform_name));
	strlcpy(kip->arch_name, CONFIG_ARCH, sizeof(kip->arch_name));
}

void kip_tick(struct cpu *c)
{
	if (c->id.v != 0)
		return;
	/* Single writer (the boot CPU); readers see a torn value at worst
	 * across a 64-bit store, which x86_64 makes atomic. */
	kip->clock += 1000000 / CONFIG_HZ;
	kip->ticks++;
}
