/* The system calls of the registry and of capability arguments: gate
 * creation and deletion, releasing and comparing capabilities. */
#include "srv_int.h"

#include <l4/sys/debugger.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>

long l4srv_sys_gate_create(struct l4srv_server *s, l4_cap_idx_t cap, l4_umword_t label,
			   const char *debug_name)
{
	long r = l4_error(l4_factory_create_gate(s->factory, cap, s->thread, label));
	if (r >= 0 && debug_name)
		l4_debugger_set_object_name(cap, debug_name); /* only a debugging aid */
	return r < 0 ? r : 0;
}

void l4srv_sys_gate_delete(struct l4srv_server *s, l4_cap_idx_t gate)
{
	(void)s;
	l4_task_delete_obj(L4_BASE_TASK_CAP, gate);
}

void l4srv_sys_cap_release(struct l4srv_server *s, l4_cap_idx_t slot)
{
	(void)s;
	l4_task_release_cap(L4_BASE_TASK_CAP, slot);
}

int l4srv_sys_cap_valid(struct l4srv_server *s, l4_cap_idx_t slot)
{
	(void)s;
	return l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, slot)) == 1;
}

int l4srv_sys_cap_equal(struct l4srv_server *s, l4_cap_idx_t a, l4_cap_idx_t b)
{
	(void)s;
	return l4_error(l4_task_cap_equal(L4_BASE_TASK_CAP, a, b)) == 1;
}
