/* Common kernel object helpers. */
#include <kern/obj.h>
#include <kern/string.h>

static u32 next_id = 1;
struct list kobj_list = { &kobj_list, &kobj_list };

struct kobj *kobj_find(u32 id)
{
	list_for_each(it, &kobj_list) {
		struct kobj *o = list_entry(it, struct kobj, all_link);
		if (o->id == id)
			return o;
	}
	return NULL;
}

void kobj_init(struct kobj *o, const struct kobj_ops *ops, const char *name)
{
	o->ops = ops;
	o->refs = 0;
	o->id = next_id++;
	strlcpy(o->name, name ? name : "", sizeof(o->name));
	list_push_back(&kobj_list, &o->all_link);
}

/* Objects whose last reference is gone; the kernel runs with interrupts
 * off on one CPU at a time, which protects the queue. */
struct kobj *kobj_reap_head;

void kobj_put(struct kobj *o)
{
	if (--o->refs == 0 && o->ops->destroy) {
		o->next_dead = kobj_reap_head;
		kobj_reap_head = o;
	}
}

void kobj_reap_queue(void)
{
	while (kobj_reap_head) {
		struct kobj *o = kobj_reap_head;
		kobj_reap_head = o->next_dead;
		list_remove(&o->all_link);
		o->ops->destroy(o);
	}
}

const char *kobj_type_name(enum kobj_type type)
{
	switch (type) {
	case KOBJ_TASK: return "Task";
	case KOBJ_THREAD: return "Thread";
	case KOBJ_VCON: return "Vcon";
	case KOBJ_FACTORY: return "Factory";
	case KOBJ_IPC_GATE: return "Ipc_gate";
	case KOBJ_IRQ: return "Irq";
	case KOBJ_ICU: return "Icu";
	case KOBJ_SCHEDULER: return "Scheduler";
	case KOBJ_PLATFORM: return "Platform_control";
	case KOBJ_DEBUGGER: return "Debugger";
	}
	return "?";
}
