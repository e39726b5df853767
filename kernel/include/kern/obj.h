/* Kernel objects and capabilities: the common header of every object type.
 *
 * Every object is reached through capabilities (struct cap_slot in a task's
 * object space). refs counts them plus kernel-internal references; when it
 * drops to zero the object's type destroys it.
 */
#pragma once

#include <kern/list.h>
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
#define CAP_RIGHT_W 0x1u /* interface-specific "write" */
#define CAP_RIGHT_S 0x2u /* interface-specific "special" (server side) */
#define CAP_RIGHT_R 0x4u
#define CAP_RIGHT_D 0x8u /* delete */
#define CAP_RIGHTS_ALL 0xfu

struct kobj;
struct thread;

/* What an invocation sees: the caller, the rights its capability carries and
 * the message tag; the message itself is in the caller's UTCB. The invoke
 * function returns the tag to deliver back (an error tag on failure). */
struct invocation {
	struct thread *caller;
	struct kobj *obj;
	unsigned rights;
	u64 tag;         /* raw msgtag of the request */
	u64 cap_flags;   /* L4_SYSF_* bits of the capability selector */
	u64 timeout;
	u64 *label;      /* where a received label goes (IPC to threads/gates) */
};

struct kobj_meta {
	long proto;
	const char *name;
};

struct kobj_ops {
	enum kobj_type type;
	/* Decodes and performs an operation (see struct invocation). */
	u64 (*invoke)(struct invocation *inv);
	/* The last reference is gone: tear the object down and free it. */
	void (*destroy)(struct kobj *o);
	/* Deleted through a capability with D (L4_FP_DELETE_OBJ): stop being
	 * usable now, even while kernel references keep the memory (may be NULL). */
	void (*kill)(struct kobj *o);
	/* The protocols it speaks (L4_PROTO_META), NULL-terminated by name. */
	const struct kobj_meta *meta;
};

/* Object attribute bits stored with a capability next to its rights
 * (L4_FPAGE_C_OBJ_RIGHTS: the IPC gate's server right). */
#define CAP_ATTR_IPCGATE_SVR 0x20u
#define CAP_ATTRS_ALL 0xe0u

struct kobj {
	const struct kobj_ops *ops;
	u32 refs;                /* capabilities and kernel references */
	u32 id;                  /* global id for the debugger */
	char name[16];           /* set by l4_debugger_set_object_name */
	struct kobj *next_dead;  /* in the reap queue once refs reached zero */
	struct list all_link;    /* in kobj_list, for the debugger */
};

/* Every live object (the debugger lists and finds them by id). */
extern struct list kobj_list;
/* The live object with global id, or NULL. */
struct kobj *kobj_find(u32 id);

void kobj_init(struct kobj *o, const struct kobj_ops *ops, const char *name);
const char *kobj_type_name(enum kobj_type type);
static inline void kobj_get(struct kobj *o) { o->refs++; }
/* Drops a reference. When it was the last, the object is queued and
 * destroyed by kobj_reap(): destruction releases capabilities, which may
 * drop more objects, and the queue keeps that iterative. */
void kobj_put(struct kobj *o);
/* Destroys every queued object (called before returning to user mode). */
void kobj_reap_queue(void);
extern struct kobj *kobj_reap_head;
static inline void kobj_reap(void)
{
	if (__builtin_expect(kobj_reap_head != 0, 0))
		kobj_reap_queue();
}
