/* boot-test: what a boot task sees of the kernel, checked from user mode. */
#include <ktap.h>
#include <minrt_string.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>

int main(int argc, char **argv);

static l4_kernel_info_t *kip(void) { return l4_kip(); }

KTEST(kip_identifies_kernel)
{
	KASSERT_EQ(kip()->magic, L4_KERNEL_INFO_MAGIC);
	KCHECK(strncmp(kip()->version_string, "Walnut ", 7) == 0);
	KCHECK(strcmp(kip()->platform_name, "qemu-x86_64") == 0);
	KCHECK(strcmp(kip()->arch_name, "x86_64") == 0);
	KCHECK_EQ(kip()->mword_bits, 64);
	KCHECK(kip()->frequency_cpu > 0);
	KCHECK_EQ(kip()->timer_hz, CONFIG_HZ);
}

KTEST(kip_memory_for_sigma0)
{
	unsigned long long conv = 0, reserved = 0;
	unsigned n = l4_kernel_info_get_num_mem_descs(kip());
	KASSERT(n > 0 && n <= L4_KIP_MAX_MEM_DESCS);
	for (unsigned i = 0; i < n; i++) {
		l4_kernel_info_mem_desc_t *m = &l4_kernel_info_get_mem_descs(kip())[i];
		KCHECK(m->end > m->start);
		if (i > 0) /* sorted and disjoint */
			KCHECK(m->start > l4_kernel_info_get_mem_descs(kip())[i - 1].end);
		if (m->type == L4_MEM_TYPE_CONVENTIONAL)
			conv += m->end - m->start + 1;
		if (m->type == L4_MEM_TYPE_RESERVED)
			reserved += m->end - m->start + 1;
	}
	KCHECK(conv >= (256ull << 20)); /* the test board has 512 MiB */
	KCHECK(reserved >= ((unsigned long long)CONFIG_KERNEL_MEM_MB << 20));
}

KTEST(kip_is_read_only_and_clock_runs)
{
	l4_uint64_t start = l4_kip_clock(kip());
	/* Busy user code must not stop the timer: preemption works. */
	unsigned long spins = 0;
	while (l4_kip_clock(kip()) == start && ++spins < 2000000000ul)
		__asm__ volatile("pause");
	KCHECK(l4_kip_clock(kip()) > start);
}

KTEST(utcb_is_reachable)
{
	l4_utcb_t *u = l4_utcb();
	KASSERT(u != 0);
	KCHECK_EQ((unsigned long)u & (L4_UTCB_SIZE - 1), 0);
	l4_utcb_mr()->mr[10] = 0x1234;
	KCHECK_EQ(l4_utcb_mr_u(u)->mr[10], 0x1234);
}

KTEST(vcon_write_succeeds)
{
	KCHECK_EQ(l4_error(l4_vcon_write(L4_BASE_LOG_CAP, "# console write\n", 16)), 0);
}

KTEST(vcon_rejects_short_messages)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4_VCON_WRITE_OP;
	mr->mr[1] = 64; /* claims 64 bytes but sends one word of them */
	l4_msgtag_t tag = l4_ipc_send(L4_BASE_LOG_CAP, l4_utcb(),
				      l4_msgtag(L4_PROTO_LOG, 3, 0, 0), L4_IPC_NEVER);
	KCHECK_EQ(l4_error(tag), -L4_EMSGTOOSHORT);
	tag = l4_ipc_send(L4_BASE_LOG_CAP, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 0, 0, 0),
			  L4_IPC_NEVER);
	KCHECK_EQ(l4_error(tag), -L4_EMSGTOOSHORT);
	mr->mr[1] = 100000; /* larger than any message */
	tag = l4_ipc_send(L4_BASE_LOG_CAP, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 63, 0, 0),
			  L4_IPC_NEVER);
	KCHECK_EQ(l4_error(tag), -L4_EMSGTOOSHORT);
}

KTEST(vcon_rejects_wrong_protocol)
{
	l4_utcb_mr()->mr[0] = L4_VCON_WRITE_OP;
	l4_msgtag_t tag = l4_ipc_send(L4_BASE_LOG_CAP, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 2, 0, 0),
				      L4_IPC_NEVER);
	KCHECK_EQ(l4_error(tag), -L4_EBADPROTO);
}

KTEST(unsupported_operations_say_enosys)
{
	l4_utcb_mr()->mr[0] = 0x55; /* no such Vcon operation */
	l4_msgtag_t tag = l4_ipc_call(L4_BASE_LOG_CAP, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 1, 0, 0),
				      L4_IPC_NEVER);
	KCHECK_EQ(l4_error(tag), -L4_ENOSYS);
	l4_utcb_mr()->mr[0] = L4_TASK_ADD_KU_MEM_OP; /* not supported by Walnut */
	tag = l4_ipc_call(L4_BASE_TASK_CAP, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 2, 0, 0),
			  L4_IPC_NEVER);
	KCHECK_EQ(l4_error(tag), -L4_ENOSYS);
}

KTEST(empty_capability_slots_do_not_exist)
{
	static const l4_cap_idx_t caps[] = {
		0x200UL << L4_CAP_SHIFT,        /* in a present leaf, empty */
		0x12345UL << L4_CAP_SHIFT,      /* in an absent leaf */
		0xfffffffffUL << L4_CAP_SHIFT,  /* beyond the table */
		0,                              /* index 0: never a capability */
	};
	for (unsigned i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		l4_msgtag_t tag = l4_ipc_call(caps[i], l4_utcb(), l4_msgtag(0, 0, 0, 0),
					      L4_IPC_NEVER);
		KCHECK(l4_msgtag_has_error(tag));
		KCHECK_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_ENOT_EXISTENT);
	}
}

KTEST(zero_timeout_returns_at_once)
{
	l4_uint64_t t0 = l4_kip_clock(kip());
	l4_msgtag_t tag = l4_ipc_sleep(L4_IPC_BOTH_TIMEOUT_0);
	KCHECK_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
	KCHECK(l4_kip_clock(kip()) - t0 < 5000);
}

KTEST(relative_timeout_sleeps_long_enough)
{
	l4_uint64_t t0 = l4_kip_clock(kip());
	l4_msgtag_t tag = l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(50000)));
	l4_uint64_t dt = l4_kip_clock(kip()) - t0;
	KCHECK_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
	KCHECK_GE(dt, 50000);
	KCHECK_LT(dt, 1000000);
}

KTEST(absolute_timeouts_are_rejected)
{
	l4_timeout_s abs = { 0x8000 | 10 };
	l4_msgtag_t tag = l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, abs));
	KCHECK_EQ(l4_error(tag), -L4_EINVAL);
}

KTEST(sse_state_survives_sleep)
{
	volatile double x = 1.5;
	double y = x * 3.0;
	l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(2000)));
	KCHECK(y * 2.0 == 9.0);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
