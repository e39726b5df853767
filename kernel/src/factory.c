/* Factories: create kernel objects charged to their quota; the new object's
 * capability goes to the slot the caller named in its buffer registers. */
#include <kern/factory.h>
#include <kern/gate.h>
#include <kern/invoke.h>
#include <kern/ipc.h>
#include <kern/irq_obj.h>
#include <kern/quota.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <l4/sys/__l4_fpage.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>

struct factory root_factory;

/* The next variable argument at word *w: its type and one value word.
 * Returns false when the message ends or the argument is malformed. */
static bool next_varg(const struct invocation *inv, unsigned *w, unsigned *type, u64 *val)
{
	unsigned words = inv_words(inv);
	if (*w >= words)
		return false;
	u64 hdr = inv_mr(inv, *w);
	*type = hdr & 0xff;
	u64 len = hdr >> 16;
	if (*type == L4_VARG_TYPE_NIL) {
		*w += 1;
		*val = 0;
		return true;
	}
	u64 nwords = *type == L4_VARG_TYPE_STRING ? (len + 7) / 8 : 1;
	if (*w + 1 + nwords > words)
		return false;
	*val = inv_mr(inv, *w + 1);
	*w += 1 + (unsigned)nwords;
	return true;
}

/* Installs obj at the slot the caller's br[0] names (one-capability buffer). */
static int deliver_cap(struct invocation *inv, struct kobj *obj)
{
	const l4_buf_regs_t *br =
		(const l4_buf_regs_t *)((char *)inv->caller->utcb + L4_UTCB_BUF_REGS_OFFSET);
	u64 b = br->br[0];
	if ((b & L4_RCV_ITEM_SINGLE_CAP) != L4_RCV_ITEM_SINGLE_CAP || (b & L4_INVALID_CAP_BIT))
		return -L4_EINVAL;
	/* The creator's capability carries the object attributes too (for a
	 * gate: the server side). */
	return task_cap_install(inv->caller->task, cap_idx(b >> L4_CAP_SHIFT), obj,
				CAP_RIGHTS_ALL | CAP_ATTRS_ALL);
}

/* Delivers a freshly created object or, when that fails, destroys it. */
static u64 finish(struct invocation *inv, struct kobj *obj)
{
	int err = deliver_cap(inv, obj);
	if (err) {
		obj->refs = 1; /* destroy through the ordinary path */
		kobj_put(obj);
		return syscall_error_tag(err);
	}
	return syscall_ok_tag(0, 0);
}

static u64 create_task(struct invocation *inv, struct factory *f)
{
	unsigned w = 1, type;
	u64 val;
	vaddr_t area = vaddr(0);
	u64 size = 0;
	if (next_varg(inv, &w, &type, &val)) {
		l4_fpage_t fp = { .raw = val };
		if (type != L4_VARG_TYPE_FPAGE || l4_fpage_type(fp) != L4_FPAGE_MEMORY ||
		    l4_fpage_size(fp) < PAGE_SHIFT || l4_fpage_size(fp) > 30)
			return syscall_error_tag(-L4_EINVAL);
		area = vaddr(l4_fpage_memaddr(fp));
		size = 1ull << l4_fpage_size(fp);
	}
	int err;
	struct task *t = task_create("", &f->quota, area, size, &err);
	return t ? finish(inv, &t->obj) : syscall_error_tag(err);
}

static u64 create_thread(struct invocation *inv, struct factory *f)
{
	struct thread *t = thread_create(&f->quota, "", SCHED_DEFAULT_PRIO);
	return t ? finish(inv, &t->obj) : syscall_error_tag(-L4_ENOMEM);
}

/* [0, uint label] + optional item naming the thread to bind. */
static u64 create_gate(struct invocation *inv, struct factory *f)
{
	unsigned w = 1, type;
	u64 label = 0;
	if (next_varg(inv, &w, &type, &label) && type != L4_VARG_TYPE_UMWORD &&
	    type != L4_VARG_TYPE_MWORD)
		return syscall_error_tag(-L4_EINVAL);
	struct thread *th = NULL;
	if (inv_items(inv)) {
		struct cap_slot *ts = inv_cap_item(inv, inv_words(inv));
		if (!ts || ts->obj->ops->type != KOBJ_THREAD)
			return syscall_error_tag(-L4_EINVAL);
		th = container_of(ts->obj, struct thread, obj);
	}
	struct ipc_gate *g = gate_create(&f->quota, th, label);
	return g ? finish(inv, &g->obj) : syscall_error_tag(-L4_ENOMEM);
}

static u64 create_irq(struct invocation *inv, struct factory *f)
{
	struct irq *i = irq_create(&f->quota);
	return i ? finish(inv, &i->obj) : syscall_error_tag(-L4_ENOMEM);
}

/* [factory proto, uint limit]: a sub-factory whose quota is charged to ours. */
static u64 create_factory(struct invocation *inv, struct factory *f)
{
	unsigned w = 1, type;
	u64 limit;
	if (!next_varg(inv, &w, &type, &limit) || type != L4_VARG_TYPE_UMWORD)
		return syscall_error_tag(-L4_EINVAL);
	struct factory *n = factory_create(&f->quota, limit);
	return n ? finish(inv, &n->obj) : syscall_error_tag(-L4_ENOMEM);
}

static u64 factory_invoke(struct invocation *inv)
{
	struct factory *f = container_of(inv->obj, struct factory, obj);
	if (inv_label(inv) != L4_PROTO_FACTORY)
		return syscall_error_tag(-L4_EBADPROTO);
	if (inv_words(inv) < 1)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	if (!(inv->rights & CAP_RIGHT_S))
		return syscall_error_tag(-L4_EPERM);
	switch ((long)inv_mr(inv, 0)) {
	case L4_PROTO_TASK: return create_task(inv, f);
	case L4_PROTO_THREAD: return create_thread(inv, f);
	case 0: /* L4Re's code for an IPC gate */
	case L4_PROTO_KOBJECT: return create_gate(inv, f);
	case L4_PROTO_IRQ_SENDER: return create_irq(inv, f);
	case L4_PROTO_FACTORY: return create_factory(inv, f);
	default: return syscall_error_tag(-L4_ENODEV); /* Vm, Dma_space, ... */
	}
}

static void factory_free(struct quota *q)
{
	struct factory *f = container_of(q, struct factory, quota);
	kmem_free_q(f->quota.parent, f, sizeof(*f));
}

/* Objects made by a factory live on its quota after it is gone; the
 * factory (and its quota) is freed when the last of them is. */
static void factory_destroy(struct kobj *o)
{
	struct factory *f = container_of(o, struct factory, obj);
	if (f->quota.used)
		f->quota.on_empty = factory_free;
	else
		factory_free(&f->quota);
}

static const struct kobj_meta factory_meta[] = { { L4_PROTO_FACTORY, "factory" }, { 0, NULL } };
const struct kobj_ops factory_ops = { KOBJ_FACTORY, factory_invoke, factory_destroy, NULL,
				      factory_meta };

struct factory *factory_create(struct quota *parent, u64 limit)
{
	struct factory *f = kmem_alloc_q(parent, sizeof(*f));
	if (!f)
		return NULL;
	kobj_init(&f->obj, &factory_ops, "");
	quota_init(&f->quota, parent, limit);
	return f;
}

void factory_init_root(void)
{
	kobj_init(&root_factory.obj, &factory_ops, "root factory");
	quota_init(&root_factory.quota, &quota_root, ~0ull);
	root_factory.obj.refs = 1; /* never destroyed */
}
