/* sigma0, the root pager: takes stock of the memory the KIP gives it and
 * serves requests: I/O ports today; pages come with the runtime issue. */
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
	unsigned long long conv = 0;
	unsigned n = l4_kernel_info_get_num_mem_descs(kip);
	for (unsigned i = 0; i < n; i++) {
		l4_kernel_info_mem_desc_t *m = &l4_kernel_info_get_mem_descs(kip)[i];
		if (l4_kernel_info_get_mem_desc_type(m) == L4_MEM_TYPE_CONVENTIONAL)
			conv += m->end - m->start + 1;
	}
	l4_kprintf("sigma0: %s, %llu MiB conventional memory in %u descriptors\n",
		   kip->version_string, conv >> 20, n);
	/* The I/O ports are sigma0's: an I/O page fault (or the same message
	 * sent on purpose) gets the port range granted. The memory protocol
	 * comes with the runtime; until then other requests get an error, so
	 * that a fault of the root task ends in a clear report, not a hang. */
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_msgtag_has_error(tag)) {
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		l4_msgtag_t reply;
		if (l4_msgtag_label(tag) == L4_PROTO_IO_PAGE_FAULT && l4_msgtag_words(tag) >= 1) {
			l4_fpage_t fp = { .raw = l4_utcb_mr()->mr[0] };
			if (l4_fpage_type(fp) == L4_FPAGE_IO && l4_fpage_size(fp) <= L4_WHOLE_IOADDRESS_SPACE) {
				l4_utcb_mr()->mr[0] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
				l4_utcb_mr()->mr[1] = l4_iofpage(l4_fpage_ioport(fp), l4_fpage_size(fp)).raw;
				reply = l4_msgtag(0, 0, 1, 0);
			} else {
				reply = l4_msgtag(-L4_EINVAL, 0, 0, 0);
			}
		} else {
			reply = l4_msgtag(l4_msgtag_is_page_fault(tag) ? -L4_ENOMEM : -L4_ENOSYS, 0, 0, 0);
		}
		tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}
