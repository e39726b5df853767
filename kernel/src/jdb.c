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
#include <kern/mapdb.h>
#include <kern/thread.h>
#include <kern/vm.h>
#include <l4/sys/consts.h>

static int getc_blocking(void)
{
	int c;
	while ((c = arch_console_getc()) < 0)
		;
	return c;
}

static void list_threads(void)
{
	printk(LOG_ERR, "%-16s %-16s %-8s %4s %12s %5s\n", "task", "thread", "state", "prio",
	       "cpu time us", "id");
	list_for_each(ti, &task_list) {
		struct task *t = list_entry(ti, struct task, all_link);
		list_for_each(hi, &t->threads) {
			struct thread *th = list_entry(hi, struct thread, task_link);
			printk(LOG_ERR, "%-16s %-16s %-8s %4u %12llu %5u%s\n", t->obj.name,
			       th->obj.name, thread_state_name(th->state), th->prio,
			       (unsigned long long)th->cpu_time_us, th->obj.id,
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

/* Reads a decimal number ended by Enter (echoing it). */
static unsigned read_number(void)
{
	unsigned n = 0;
	for (;;) {
		int c = getc_blocking();
		if (c == '\r' || c == '\n')
			break;
		if (c >= '0' && c <= '9') {
			n = n * 10 + (unsigned)(c - '0');
			printk(LOG_ERR, "%c", c);
		}
	}
	printk(LOG_ERR, "\n");
	return n;
}

static struct task *pick_task(void)
{
	printk(LOG_ERR, "task id: ");
	unsigned id = read_number();
	struct kobj *o = kobj_find(id);
	if (!o || o->ops->type != KOBJ_TASK) {
		printk(LOG_ERR, "no task with id %u (o lists objects)\n", id);
		return NULL;
	}
	return container_of(o, struct task, obj);
}

static void list_objects(void)
{
	printk(LOG_ERR, "%6s %-16s %-16s %5s\n", "id", "type", "name", "refs");
	list_for_each(it, &kobj_list) {
		struct kobj *o = list_entry(it, struct kobj, all_link);
		printk(LOG_ERR, "%6u %-16s %-16s %5u\n", o->id, kobj_type_name(o->ops->type),
		       o->name, o->refs);
	}
}

static void list_caps(struct task *t)
{
	printk(LOG_ERR, "capabilities of task %u '%s':\n", t->obj.id, t->obj.name);
	for (u64 i = obj_space_next(&t->caps, 0); i < OBJ_SPACE_MAX_CAPS;
	     i = obj_space_next(&t->caps, i + 1)) {
		struct cap_slot *s = obj_space_lookup(&t->caps, cap_idx(i));
		printk(LOG_ERR, "  %#7llx  %-16s id %-5u %-16s rights %c%c%c%c%s\n",
		       (unsigned long long)(i << L4_CAP_SHIFT), kobj_type_name(s->obj->ops->type),
		       s->obj->id, s->obj->name, (s->rights & CAP_RIGHT_R) ? 'r' : '-',
		       (s->rights & CAP_RIGHT_W) ? 'w' : '-', (s->rights & CAP_RIGHT_S) ? 's' : '-',
		       (s->rights & CAP_RIGHT_D) ? 'd' : '-', s->node->parent ? "" : " (root)");
	}
}

static void list_mappings(struct task *t)
{
	printk(LOG_ERR, "memory mappings of task %u '%s' (virtual -> physical):\n", t->obj.id,
	       t->obj.name);
	void *v;
	unsigned shown = 0;
	for (u64 k = radix_next(&t->mem_nodes, 0, &v); k < RADIX_MAX_KEY && shown < 256;
	     k = radix_next(&t->mem_nodes, k + 1, &v), shown++) {
		struct mapnode *n = v;
		printk(LOG_ERR, "  %016llx -> %016llx %c%c%c%s\n", (unsigned long long)(k << PAGE_SHIFT),
		       (unsigned long long)n->target, (n->rights & VM_R) ? 'r' : '-',
		       (n->rights & VM_W) ? 'w' : '-', (n->rights & VM_X) ? 'x' : '-',
		       n->parent ? "" : " (root)");
	}
	if (shown == 256)
		printk(LOG_ERR, "  ... (first 256 shown)\n");
}

static void help(void)
{
	printk(LOG_ERR, "jdb commands: t threads, o objects (ids), c capabilities of a task,\n"
			"              v memory mappings of a task, k KIP and memory map,\n"
			"              m kernel memory, r reboot, p power off, g go (leave), h help\n");
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
		case 'o': list_objects(); break;
		case 'c': { struct task *t = pick_task(); if (t) list_caps(t); break; }
		case 'v': { struct task *t = pick_task(); if (t) list_mappings(t); break; }
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
