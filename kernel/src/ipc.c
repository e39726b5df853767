/* Synchronous IPC: the receive phase. Senders arrive with the IPC gates and
 * threads of the kernel objects issue; today a receive ends by timeout only. */
#include <kern/cpu.h>
#include <kern/ipc.h>
#include <kern/sched.h>
#include <kern/syscall.h>
#include <kern/thread.h>
#include <kern/timeout.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>

u64 ipc_receive_open(struct thread *t, u64 timeouts, u64 *label)
{
	l4_timeout_s rcv = { (l4_uint16_t)(timeouts & 0xffff) };
	if (l4_timeout_is_absolute(rcv))
		return syscall_error_tag(-L4_EINVAL); /* absolute timeouts: not supported */
	if (l4_timeout_is_zero(rcv))
		return ipc_error_tag(t, L4_IPC_RETIMEOUT);
	if (!l4_timeout_is_never(rcv))
		timeout_arm(t, kernel_time_us() + l4_timeout_rel_us(rcv));
	t->timed_out = false;
	sched_block();
	/* Woken: nobody can send yet, so this was the timeout (or a kill). */
	timeout_disarm(t);
	*label = 0;
	return ipc_error_tag(t, t->timed_out ? L4_IPC_RETIMEOUT : L4_IPC_RECANCELED);
}
