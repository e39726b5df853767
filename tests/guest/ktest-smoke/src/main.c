/* ktest-smoke: a thread of this task and a thread of a child task answer calls. */
#include <ktap.h>
#include <ktest_util.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>

int main(int argc, char **argv);

static void echo_server(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		l4_utcb_mr()->mr[0] += 1;
		l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 1, 0, 0), &label, L4_IPC_NEVER);
	}
}

KTEST(call_thread_in_same_task)
{
	l4_cap_idx_t th = kt_thread_start(echo_server, 0, 20);
	KASSERT(!l4_is_invalid_cap(th));
	l4_utcb_mr()->mr[0] = 41;
	l4_msgtag_t tag = l4_ipc_call(th, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
	KASSERT_EQ(l4_ipc_error(tag, l4_utcb()), 0);
	KCHECK_EQ(l4_msgtag_words(tag), 1);
	KCHECK_EQ(l4_utcb_mr()->mr[0], 42);
}

KTEST(call_gate_in_child_task)
{
	l4_cap_idx_t task = kt_task_create();
	KASSERT(!l4_is_invalid_cap(task));
	l4_cap_idx_t th = kt_task_thread_start(task, 0, echo_server, 0, 20, L4_INVALID_CAP,
					       L4_INVALID_CAP);
	KASSERT(!l4_is_invalid_cap(th));
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, th, 0x1230)), 0);
	l4_utcb_mr()->mr[0] = 99;
	l4_msgtag_t tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
	KASSERT_EQ(l4_ipc_error(tag, l4_utcb()), 0);
	KCHECK_EQ(l4_utcb_mr()->mr[0], 100);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
