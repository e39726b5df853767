/* Common kernel object helpers. */
#include <kern/obj.h>
#include <kern/string.h>

void kobj_init(struct kobj *o, enum kobj_type type, kobj_invoke_t invoke, const char *name)
{
	o->type = type;
	o->refs = 0;
	o->invoke = invoke;
	strlcpy(o->name, name ? name : "", sizeof(o->name));
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
