/* The kernel debugger: a command loop on the serial console (debug builds).
 * ESC on the console (checked every timer tick) stops the system and enters
 * it; 'g' continues. Everything runs with interrupts off. */
#include <kern/arch.h>
#include <kern/boot.h>
#include <kern/cpu.h>
#include <kern/jdb.h>
#include <kern/kip.h>
#include <kern/pmem.h>
#include <kern/printk.h>
#include <kern/task.h>
#include <kern/thread.h>

static int getc_blocking(void)
{
	int c;
	while ((c = arch_console_getc()) < 0)
		;
	return c;
}

static void list_threads(void)
{
	printk(LOG_ERR, "%-16s %-16s %-8s %4s %12s\n", "task", "thread", "state", "prio", "cpu time us");
	list_for_each(ti, &task_list) {
		struct task *t = list_entry(ti, struct task, all_link);
		list_for_each(hi, &t->threads) {
			struct thread *th = list_entry(hi, struct thread, task_link);
			printk(LOG_ERR, "%-16s %-16s %-8s %4u %12llu%s\n", t->obj.name, th->obj.name,
			       thread_state_name(th->state), th->prio,
			       (unsigned long long)th->cpu_time_us,
			       th == this_cpu()->current ? "  (current)" : "");
		}
	}
}

static void show_kip(void)
{
	printk(LOG_ERR, "KIP: %s on %s, clock %llu us, %llu ticks, cycle counter %llu kHz\n",
	       kip->version_string, kip->platform_name, (unsigned long long)kip->clock,
	       (unsigned long long)kip->ticks, (unsigned long long)kip->frequency_cpu);
	for (unsigned i = 0; i < kip->num_mem_descs; i++) {
		const l4_kernel_info_mem_desc_t *m = &kip->mem_descs[i];
		printk(LOG_ERR, "  mem %016llx-%016llx type %#x sub %u\n",
		       (unsigned long long)m->start, (unsigned long long)m->end, m->type, m->sub_type);
	}
}

static void help(void)
{
	printk(LOG_ERR, "jdb commands: t threads, k KIP and memory map, m kernel memory,\n"
			"              r reboot, p power off, g go (leave), h help\n");
}

void jdb_enter(const char *reason)
{
	printk(LOG_ERR, "\njdb: kernel debugger (%s); h for help\n", reason);
	for (;;) {
		printk(LOG_ERR, "jdb> ");
		int c = getc_blocking();
		printk(LOG_ERR, "%c\n", c >= 0x20 && c < 0x7f ? c : '?');
		switch (c) {
		case 't': list_threads(); break;
		case 'k': show_kip(); break;
		case 'm':
			printk(LOG_ERR, "kernel pool: %llu of %llu pages free\n",
			       (unsigned long long)pmem_free_pages(),
			       (unsigned long long)pmem_total_pages());
			break;
		case 'r': arch_reboot();
		case 'p': arch_poweroff();
		case 'g': printk(LOG_ERR, "jdb: continuing\n"); return;
		case 'h': help(); break;
		default: printk(LOG_ERR, "unknown command; h for help\n"); break;
		}
	}
}
