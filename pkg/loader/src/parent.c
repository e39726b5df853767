/* The parent object for starters: receives a child's signals (exit with
 * its status), records them and wakes the waiter through an Irq. */
#include <l4/loader/loader.h>
#include <l4/re/protocols.h>
#include <l4/re/c/parent.h>
#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>

/* signal(sig, val): sig L4RE_PARENT_SIGNAL_EXIT records val as the exit
 * status; other signals are not supported. */
static long op_signal(struct l4srv_obj *obj, struct l4srv_msg *m)
{
	struct ldr_parent *p = (struct ldr_parent *)obj;
	l4_umword_t sig, val;
	int r = l4srv_get_word(m, &sig);
	if (r == 0)
		r = l4srv_get_word(m, &val);
	if (r < 0)
		return r;
	if (sig != L4RE_PARENT_SIGNAL_EXIT)
		return -L4_ENOSYS;
	p->status = (long)val;
	p->exited = 1;
	if (l4_is_valid_cap(p->irq))
		l4_irq_trigger(p->irq);
	if (p->on_exit)
		p->on_exit(p);
	return 0;
}

static const struct l4srv_op parent_ops[] = {
	{ L4RE_PARENT_OP_SIGNAL, 0, op_signal },
};
static const struct l4srv_iface parent_ifaces[] = {
	{ .proto = L4RE_PROTO_PARENT, .ops = parent_ops, .n_ops = 1, .name = "L4Re::Parent" },
};
const struct l4srv_type ldr_parent_type = {
	.name = "parent", .ifaces = parent_ifaces, .n_ifaces = 1, .destroy = 0,
};

long ldr_parent_register(struct ldr_parent *p, struct l4srv_server *srv,
			 l4_cap_idx_t factory, l4_cap_idx_t waiter, const struct ldr_host *host)
{
	if (!host)
		host = &ldr_host_rm;
	p->exited = 0;
	p->irq = L4_INVALID_CAP;
	if (l4_is_valid_cap(waiter)) {
		p->irq = host->cap_alloc(host->ctx);
		if (l4_is_invalid_cap(p->irq))
			return -L4_ENOMEM;
		long r = l4_error(l4_factory_create_irq(factory, p->irq));
		if (r == 0)
			r = l4_error(l4_irq_attach(p->irq, 0, waiter));
		if (r < 0) {
			l4_task_delete_obj(L4_BASE_TASK_CAP, p->irq);
			host->cap_free(host->ctx, p->irq);
			p->irq = L4_INVALID_CAP;
			return r;
		}
	}
	int r = l4srv_register(srv, &p->obj, &ldr_parent_type, "parent");
	if (r < 0)
		ldr_parent_unregister(p, 0, host);
	return r;
}

void ldr_parent_unregister(struct ldr_parent *p, struct l4srv_server *srv,
			   const struct ldr_host *host)
{
	if (!host)
		host = &ldr_host_rm;
	if (srv)
		l4srv_unregister(srv, &p->obj);
	if (l4_is_valid_cap(p->irq)) {
		l4_task_delete_obj(L4_BASE_TASK_CAP, p->irq);
		host->cap_free(host->ctx, p->irq);
		p->irq = L4_INVALID_CAP;
	}
}
