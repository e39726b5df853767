/* Kernel objects and capabilities: the common header of every object type. */
#pragma once

#include <kern/types.h>

enum kobj_type {
	KOBJ_TASK = 1,
	KOBJ_THREAD,
	KOBJ_VCON,
	KOBJ_FACTORY,
	KOBJ_IPC_GATE,
	KOBJ_IRQ,
	KOBJ_ICU,
	KOBJ_SCHEDULER,
	KOBJ_PLATFORM,
	KOBJ_DEBUGGER,
};

/* Capability rights, with L4Re's values (L4_CAP_FPAGE_*). */
#define CAP_RIGHT_S 0x1u /* special: server-side or privileged operations */
#define CAP_RIGHT_W 0x2u
#define CAP_RIGHT_R 0x4u
#define CAP_RIGHT_D 0x8u /* delete */
#define CAP_RIGHTS_ALL 0xfu

struct kobj;
struct thread;

/* What an invocation sees: the caller, the rights its capability carries and
 * the message tag; the message itself is in the caller's UTCB. Returns the
 * tag to deliver back (an error tag on failure). */
struct invocation {
	struct thread *caller;
	struct kobj *obj;
	unsigned rights;
	u64 tag;         /* raw msgtag of the request */
	u64 cap_flags;   /* L4_SYSF_* bits of the capability selector */
	u64 timeout;
};

typedef u64 (*kobj_invoke_t)(struct invocation *inv);

struct kobj {
	enum kobj_type type;
	u32 refs;                /* capabilities and kernel references */
	kobj_invoke_t invoke;
	char name[16];           /* for the debugger; set by l4_debugger_set_object_name */
};

void kobj_init(struct kobj *o, enum kobj_type type, kobj_invoke_t invoke, const char *name);
const char *kobj_type_name(enum kobj_type type);
