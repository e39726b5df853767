/* Factories: create kernel objects charged to their quota; the new object's
 * capability goes to the slot the caller named in its buffer registers. */
#include <kern/factory.h>
#include <kern/gate.h>
#include <kern/invoke.h>
#include <kern/ipc.h>
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

/* The slot the caller's receive buffer names for the new capability: a
 * single-capability item or an object window (its first slot), at the
 * object cursor bdr gives. False when there is none usable. */
static bool target_slot(const struct invocation *inv, u64 *idx)
{
	const l4_buf_regs_t *br =
		(const l4_buf_regs_t *)((char *)inv->caller->utcb + L4_UTCB_BUF_REGS_OFFSET);
	unsigned pos = (unsigned)(br->bdr >> L4_BDR_OBJ_SHIFT) & 31;
	if (pos >= L4_UTCB_GENERIC_BUFFERS_SIZE - 1)
		return false;
	u64 b = br->br[pos];
	l4_fpage_t win = { .raw = br->br[pos + 1] };
	if ((b & L4_RCV_ITEM_SINGLE_CAP) == L4_RCV_ITEM_SINGLE_CAP) {
		if (b & L4_INVALID_CAP_BIT)
			return false;
		*idx = b >> L4_CAP_SHIFT;
	} else if ((b & L4_ITEM_MAP) && l4_fpage_type(win) == L4_FPAGE_OBJ) {
		*idx = l4_fpage_page(win);
	} else {
		return false;
	}
	return *idx < OBJ_SPACE_MAX_CAPS;
}

/* Delivers a freshly created object (RWSD and the object attributes, for a
 * gate: the server side) or, when that fails, destroys it again. The
 * answer carries the new capability as a map item, as L4Re's does. */
static u64 finish(struct invocation *inv, struct kobj *obj, u64 idx)
{
	int err = task_cap_install(inv->caller->task, cap_idx(idx), obj,
				   CAP_RIGHTS_ALL | CAP_ATTRS_ALL);
	if (err) {
		obj->refs = 1; /* destroy through the ordinary path */
		kobj_put(obj);
		return err == -L4_ENOMEM ? syscall_error_tag(err)
					 : ipc_error_tag(inv->caller, L4_IPC_REMAPFAILED);
	}
	inv_set_mr(inv, 0, L4_ITEM_MAP | (L4_FPAGE_OBJ << 4));
	inv_set_mr(inv, 1, l4_obj_fpage(idx << L4_CAP_SHIFT, 0, L4_CAP_FPAGE_RWSD).raw);
	return (u64)l4_msgtag(0, 0, 1, 0).raw;
}

static u64 create_task(struct invocation *inv, struct factory *f, u64 idx)
{
	unsigned w = 1, type;
	u64 val;
	vaddr_t area = vaddr(0);
	u64 size = 0;
	if (next_varg(inv, &w, &type, &val)) {
		l4_fpage_t fp = { .raw = val };
		if (type != L4_VARG_TYPE_FPAGE)
			return syscall_error_tag(-L4_EINVAL);
		if (fp.raw != l4_fpage_invalid().raw) { /* the invalid flexpage: no area */
			if (l4_fpage_type(fp) != L4_FPAGE_MEMORY || l4_fpage_size(fp) < PAGE_SHIFT ||
			    l4_fpage_size(fp) > 16)
				return syscall_error_tag(-L4_EINVAL);
			area = vaddr(l4_fpage_memaddr(fp));
			size = 1ull << l4_fpage_size(fp);
		}
	}
	int err;
	struct task *t = task_create("", &f->quota, area, size, &err);
	return t ? finish(inv, &t->obj, idx) : syscall_error_tag(err);
}

static u64 create_thread(struct invocation *inv, struct factory *f, u64 idx)
{
	struct thread *t = thread_create(&f->quota, "", SCHED_DEFAULT_PRIO);
	return t ? finish(inv, &t->obj, idx) : syscall_error_tag(-L4_ENOMEM);
}

/* [0, uint label] + optional item naming the thread to bind. */
static u64 create_gate(struct invocation *inv, struct factory *f, u64 idx)
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
			return syscall_error_tag(-L4_ENOENT);
		if (!(ts->rights & CAP_RIGHT_S))
			return syscall_error_tag(-L4_EPERM);
		th = container_of(ts->obj, struct thread, obj);
	}
	struct ipc_gate *g = gate_create(&f->quota, th, label);
	return g ? finish(inv, &g->obj, idx) : syscall_error_tag(-L4_ENOMEM);
}

static u64 create_irq(struct invocation *inv, struct factory *f, u64 idx)
{
	struct irq *i = irq_create(&f->quota);
	return i ? finish(inv, &i->obj, idx) : syscall_error_tag(-L4_ENOMEM);
}

/* [factory proto, uint limit]: a sub-factory whose quota is charged to ours. */
static u64 create_factory(struct invocation *inv, struct factory *f, u64 idx)
{
	unsigned w = 1, type;
	u64 limit;
	if (inv_words(inv) < 3)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	if (inv_words(inv) > 3 || inv_items(inv))
		return syscall_error_tag(-L4_EMSGTOOLONG);
	if (!next_varg(inv, &w, &type, &limit) || type != L4_VARG_TYPE_UMWORD)
		return syscall_error_tag(-L4_EINVAL);
	struct factory *n = factory_create(&f->quota, limit);
	return n ? finish(inv, &n->obj, idx) : syscall_error_tag(-L4_ENOMEM);
}

static u64 factory_invoke(struct invocation *inv)
{
	struct factory *f = container_of(inv->obj, struct factory, obj);
	if (inv_label(inv) != L4_PROTO_FACTORY)
		return syscall_error_tag(-L4_EBADPROTO);
	if (!(inv->cap_flags & L4_SYSF_SEND))
		return ipc_error_tag(inv->caller, L4_IPC_ENOT_EXISTENT);
	if (inv_words(inv) < 1)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	if (!(inv->rights & CAP_RIGHT_S))
		return syscall_error_tag(-L4_EPERM);
	/* Without a receive phase there is nobody to take the capability. */
	if (!(inv->cap_flags & L4_SYSF_RECV))
		return syscall_ok_tag(0, 0);
	u64 idx;
	if (!target_slot(inv, &idx))
		return ipc_error_tag(inv->caller, L4_IPC_REMAPFAILED);
	switch ((long)inv_mr(inv, 0)) {
	case L4_PROTO_TASK: return create_task(inv, f, idx);
	case L4_PROTO_THREAD: return create_thread(inv, f, idx);
	case 0: /* L4Re's code for an IPC gate */
	case L4_PROTO_KOBJECT: return create_gate(inv, f, idx);
	case L4_PROTO_IRQ:
	case L4_PROTO_IRQ_SENDER: return create_irq(inv, f, idx);
	case L4_PROTO_FACTORY: return create_factory(inv, f, idx);
	default: return syscall_error_tag(-L4_ENODEV); /* Vm, Dma_space, ... */
	}
}

static void factory_free(struct quota *q)
{
	struct factory *f = container_of(q, struct factory, quota);
	struct quota *parent = f->parent;
	u64 limit = f->quota.limit;
	kmem_free_q(parent, f, sizeof(*f));
	quota_uncharge(parent, limit); /* the reserved limit goes back */
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

/* The sub-factory's limit is reserved in the parent's quota at once (so
 * two sub-factories can never promise more than the parent has); what is
 * created from it is charged to its own quota only. */
struct factory *factory_create(struct quota *parent, u64 limit)
{
	if (!quota_charge(parent, limit))
		return NULL;
	struct factory *f = kmem_alloc_q(parent, sizeof(*f));
	if (!f) {
		quota_uncharge(parent, limit);
		return NULL;
	}
	kobj_init(&f->obj, &factory_ops, "");
	quota_init(&f->quota, NULL, limit);
	f->parent = parent;
	return f;
}

void factory_init_root(void)
{
	kobj_init(&root_factory.obj, &factory_ops, "root factory");
	quota_init(&root_factory.quota, &quota_root, ~0ull);
	root_factory.parent = NULL;
	root_factory.obj.refs = 1; /* never destroyed */
}
