/* Kernel start: bring up the boot CPU, memory, the KIP and the first tasks. */
#include <kern/arch.h>
#include <kern/boot.h>
#include <kern/cpu.h>
#include <kern/kip.h>
#include <kern/panic.h>
#include <kern/pmem.h>
#include <kern/printk.h>
#include <kern/sched.h>
#include <kern/quota.h>
#include <kern/thread.h>
#include <kern/objects.h>

void kernel_main(u64 bootinfo_phys);

static void banner(void)
{
	u64 mhz = arch_cycle_khz() / 1000;
	pr_info("Walnut %s (%s, board %s, %s build, %d Hz timer)\n", WALNUT_VERSION_STRING,
		CONFIG_ARCH, CONFIG_BOARD, IS_ENABLED(CONFIG_KERNEL_DEBUG) ? "debug" : "release",
		CONFIG_HZ);
	pr_info("cpu: %s, cycle counter %llu MHz\n", arch_cpu_name(), (unsigned long long)mhz);
	pr_info("memory: %llu MiB RAM, kernel pool %llu MiB (%llu pages free), KIP %u descriptors\n",
		(unsigned long long)(boot_ram_bytes() >> 20),
		(unsigned long long)(boot_pool_bytes() >> 20),
		(unsigned long long)pmem_free_pages(), kip->num_mem_descs);
	pr_info("boot: %s, %u modules, command line '%s'\n", boot_info.loader,
		boot_info.mod_count, boot_info.cmdline);
}

/* The boot CPU's first thread becomes its idle thread. */
static void idle_loop(void)
{
	for (;;) {
		sched_schedule();
		arch_idle();
	}
}

void kernel_main(u64 bootinfo_phys)
{
	struct cpu *c = &cpu_table[0];
	arch_console_init();
	c->id = cpu_nr(0);
	c->online = true;
	arch_cpu_init(c);
	boot_info_take(bootinfo_phys);
	boot_memory_init();
	arch_paging_init(&boot_info);
	arch_irq_init();
	arch_timer_init(CONFIG_HZ);
	kip_init(&boot_info);
	boot_describe_memory();
	banner();
	sched_init_cpu();
	c->idle = c->current = thread_create(&quota_root, "idle", 0);
	if (!c->idle)
		panic("out of memory for the idle thread");
	c->idle->state = THREAD_READY;
	vcon_init();
	icu_init();
	platform_init();
	scheduler_init();
	debugger_init();
	factory_init_root();
	boot_tasks_start();
	idle_loop();
}
