/* sigma0, the root pager: takes stock of the memory the KIP gives it, then
 * serves memory requests, page faults and I/O-port requests for ever. */
#include "mem.h"
#include "serve.h"

#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/kprint.h>

int main(int argc, char **argv);

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	l4_kernel_info_t *kip = l4_kip();
	if (kip->magic != L4_KERNEL_INFO_MAGIC) {
		l4_kprintf("sigma0: no KIP at %p (magic %#x)\n", (void *)kip, kip->magic);
		return 1;
	}
	if (s0_mem_init(kip) < 0) {
		l4_kprintf("sigma0: no room for the memory map\n");
		return 1;
	}
	unsigned long long conv = 0;
	unsigned n = l4_kernel_info_get_num_mem_descs(kip);
	for (unsigned i = 0; i < n; i++) {
		l4_kernel_info_mem_desc_t *m = &l4_kernel_info_get_mem_descs(kip)[i];
		if (l4_kernel_info_get_mem_desc_type(m) == L4_MEM_TYPE_CONVENTIONAL)
			conv += m->end - m->start + 1;
	}
	l4_kprintf("sigma0: %s, %llu MiB conventional memory in %u descriptors\n",
		   kip->version_string, conv >> 20, n);
	/* Errors of the receive phase (a client's cancelled call) or of a
	 * reply the client no longer waits for just lead to the next wait. */
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_msgtag_has_error(tag)) {
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		l4_msgtag_t reply = s0_serve(tag, label);
		tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}
