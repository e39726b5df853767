/* ktest-objs: the kernel's singleton objects and the common error rules:
 * Vcon (write, read, attributes, rights), Debugger (object names and ids,
 * kdebug console output, checked by the scenario's expects), platform
 * control (everything but the power-off, which ktest-objs-poweroff does),
 * the Meta protocol, and invalid, rightless and malformed invocations of
 * every object type this suite covers. */
#include <ktap.h>
#include <ktest_more.h>
#include <ktest_util.h>
#include <l4/sys/debugger.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/irq.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/kprint.h>
#include <l4/sys/meta.h>
#include <l4/sys/platform_control.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcon.h>
#include <minrt_string.h>

int main(int argc, char **argv);

#define ENOT_EXISTENT_ERR (-(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT))

static long call_raw(l4_cap_idx_t cap, long label, unsigned words, unsigned items)
{
	return l4_error(l4_ipc_call(cap, l4_utcb(), l4_msgtag(label, words, items, 0), L4_IPC_NEVER));
}

static void kill(l4_cap_idx_t c)
{
	if (!l4_is_invalid_cap(c))
		kt_delete(c);
}

/* ---- Vcon ---------------------------------------------------------------- */

KTEST(vcon_write_ok_and_malformed_writes)
{
	static const char text[] = "ktest-objs: vcon write works\n";
	KCHECK_EQ(l4_error(l4_vcon_write(L4_BASE_LOG_CAP, text, sizeof(text) - 1)), 0);
	KCHECK_EQ(l4_error(l4_vcon_send(L4_BASE_LOG_CAP, "", 0)), 0);
	l4_msg_regs_t *m = l4_utcb_mr();
	/* size beyond the words sent */
	m->mr[0] = L4_VCON_WRITE_OP;
	m->mr[1] = 17;
	KCHECK_EQ(call_raw(L4_BASE_LOG_CAP, L4_PROTO_LOG, 2 + 2, 0), -L4_EMSGTOOSHORT);
	/* size beyond L4_VCON_WRITE_SIZE */
	m->mr[0] = L4_VCON_WRITE_OP;
	m->mr[1] = L4_VCON_WRITE_SIZE + 1;
	KCHECK_EQ(call_raw(L4_BASE_LOG_CAP, L4_PROTO_LOG, 63, 0), -L4_EMSGTOOSHORT);
	/* no size word; no opcode */
	m->mr[0] = L4_VCON_WRITE_OP;
	KCHECK_EQ(call_raw(L4_BASE_LOG_CAP, L4_PROTO_LOG, 1, 0), -L4_EMSGTOOSHORT);
	KCHECK_EQ(call_raw(L4_BASE_LOG_CAP, L4_PROTO_LOG, 0, 0), -L4_EMSGTOOSHORT);
	/* wrong protocol; unknown opcode */
	m->mr[0] = L4_VCON_WRITE_OP;
	m->mr[1] = 0;
	KCHECK_EQ(call_raw(L4_BASE_LOG_CAP, L4_PROTO_TASK, 2, 0), -L4_EBADPROTO);
	m->mr[0] = L4_VCON_WRITE_OP;
	m->mr[1] = 0;
	KCHECK_EQ(call_raw(L4_BASE_LOG_CAP, 0, 2, 0), -L4_EBADPROTO);
	m->mr[0] = 9;
	KCHECK_EQ(call_raw(L4_BASE_LOG_CAP, L4_PROTO_LOG, 1, 0), -L4_ENOSYS);
}

/* Write needs W, set_attr W, read and get_attr R. */
KTEST(vcon_rights_write_needs_w_read_needs_r)
{
	l4_cap_idx_t r_only = kt_cap_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_R, 0);
	KASSERT(!l4_is_invalid_cap(r_only));
	KCHECK_EQ(l4_error(l4_vcon_write(r_only, "x\n", 2)), -L4_EPERM);
	l4_vcon_attr_t a = { L4_VCON_ICRNL, L4_VCON_ONLCR, L4_VCON_ECHO };
	KCHECK_EQ(l4_error(l4_vcon_get_attr(L4_BASE_LOG_CAP, &a)), 0);
	KCHECK_EQ(l4_error(l4_vcon_set_attr(r_only, &a)), -L4_EPERM);
	KCHECK_EQ(l4_error(l4_vcon_get_attr(r_only, &a)), 0);
	KCHECK_GE(l4_vcon_read(r_only, 0, 0), 0);
	/* RW works for everything. */
	l4_cap_idx_t rw = kt_cap_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW, 0);
	KASSERT(!l4_is_invalid_cap(rw));
	KCHECK_EQ(l4_error(l4_vcon_write(rw, "ktest-objs: written through an RW copy\n", 39)), 0);
	KCHECK_EQ(l4_error(l4_vcon_set_attr(rw, &a)), 0);
	l4_task_release_cap(L4_BASE_TASK_CAP, r_only);
	l4_task_release_cap(L4_BASE_TASK_CAP, rw);
}

/* protocols.md, transfer rules: "Capabilities: nothing without R". A copy
 * of the console asked for with W only is not mapped; reading through that
 * slot fails either way. */
KTEST(vcon_copy_without_r_is_not_mapped)
{
	l4_cap_idx_t w_only = kt_cap_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_W, 0);
	KASSERT(!l4_is_invalid_cap(w_only));
	long valid = l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, w_only));
	char buf[8];
	int n = l4_vcon_read(w_only, buf, sizeof(buf));
	l4_vcon_attr_t a;
	long attr_err = l4_error(l4_vcon_get_attr(w_only, &a));
	KCHECK_EQ(valid, 0);
	KCHECK_EQ(n, ENOT_EXISTENT_ERR);
	KCHECK_EQ(attr_err, ENOT_EXISTENT_ERR);
	l4_task_release_cap(L4_BASE_TASK_CAP, w_only);
}

/* Nothing was typed: a read returns 0 bytes and "queue empty". */
KTEST(vcon_read_without_input_returns_nothing)
{
	KCHECK_EQ(l4_vcon_read(L4_BASE_LOG_CAP, 0, 0), 0);
	char buf[16];
	KCHECK_EQ(l4_vcon_read(L4_BASE_LOG_CAP, buf, sizeof(buf)), 0);
	KCHECK_EQ(l4_vcon_read_with_flags(L4_BASE_LOG_CAP, buf, sizeof(buf)), 0);
	l4_utcb_mr()->mr[0] = L4_VCON_READ_OP | (100UL << 16);
	l4_msgtag_t tag = l4_ipc_call(L4_BASE_LOG_CAP, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 1, 0, 0),
				      L4_IPC_NEVER);
	l4_umword_t mr0 = l4_utcb_mr()->mr[0];
	KCHECK_EQ(l4_error(tag), 0);
	KCHECK_EQ(l4_msgtag_words(tag), 1);
	KCHECK_EQ(mr0, L4_VCON_READ_STAT_DONE);
}

KTEST(vcon_attributes_default_and_round_trip)
{
	l4_vcon_attr_t a = { 1, 1, 1 };
	l4_msgtag_t tag = l4_vcon_get_attr(L4_BASE_LOG_CAP, &a);
	KCHECK_EQ(l4_error(tag), 0);
	KCHECK_EQ(l4_msgtag_words(tag), 4);
	KCHECK_EQ(a.i_flags, L4_VCON_ICRNL);
	KCHECK_EQ(a.o_flags, L4_VCON_ONLCR);
	KCHECK_EQ(a.l_flags, L4_VCON_ECHO);
	l4_vcon_attr_t n = { L4_VCON_IGNCR, L4_VCON_ONLCR | L4_VCON_OCRNL, 0 };
	KCHECK_EQ(l4_error(l4_vcon_set_attr(L4_BASE_LOG_CAP, &n)), 0);
	l4_vcon_attr_t b = { 0, 0, 0 };
	KCHECK_EQ(l4_error(l4_vcon_get_attr(L4_BASE_LOG_CAP, &b)), 0);
	KCHECK_EQ(b.i_flags, n.i_flags);
	KCHECK_EQ(b.o_flags, n.o_flags);
	KCHECK_EQ(b.l_flags, n.l_flags);
	/* set_attr with fewer than 4 words */
	l4_utcb_mr()->mr[0] = L4_VCON_SET_ATTR_OP;
	KCHECK_EQ(call_raw(L4_BASE_LOG_CAP, L4_PROTO_LOG, 3, 0), -L4_EMSGTOOSHORT);
	l4_vcon_attr_t dflt = { L4_VCON_ICRNL, L4_VCON_ONLCR, L4_VCON_ECHO };
	KCHECK_EQ(l4_error(l4_vcon_set_attr(L4_BASE_LOG_CAP, &dflt)), 0);
	KCHECK_EQ(l4_error(l4_vcon_get_attr(L4_BASE_LOG_CAP, &b)), 0);
	KCHECK_EQ(b.i_flags, L4_VCON_ICRNL);
}

/* ---- Debugger -------------------------------------------------------------- */

KTEST(debugger_object_name_set_then_get_by_global_id)
{
	l4_cap_idx_t irq = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)), 0);
	KCHECK_EQ(l4_error(l4_debugger_set_object_name(irq, "kt-irq-name")), 0);
	unsigned long id = l4_debugger_global_id(irq);
	KASSERT_NE(id, ~0UL);
	char name[32];
	memset(name, 'x', sizeof(name));
	KCHECK_EQ(l4_error(l4_debugger_get_object_name(L4_BASE_DEBUGGER_CAP, (unsigned)id, name,
							sizeof(name))), 0);
	KCHECK_EQ(strcmp(name, "kt-irq-name"), 0);
	/* The id is stable and names this object in any capability. */
	l4_cap_idx_t copy = kt_cap_copy(irq, L4_CAP_FPAGE_R, 0);
	KASSERT(!l4_is_invalid_cap(copy));
	KCHECK_EQ(l4_debugger_global_id(copy), id);
	KCHECK_EQ(l4_debugger_global_id(irq), id);
	/* Renaming through the R-only copy (any rights). */
	KCHECK_EQ(l4_error(l4_debugger_set_object_name(copy, "renamed")), 0);
	KCHECK_EQ(l4_error(l4_debugger_get_object_name(L4_BASE_DEBUGGER_CAP, (unsigned)id, name,
							sizeof(name))), 0);
	KCHECK_EQ(strcmp(name, "renamed"), 0);
	/* Long names: the first 15 characters are kept. */
	KCHECK_EQ(l4_error(l4_debugger_set_object_name(irq, "abcdefghijklmnopqrstuvwxyz")), 0);
	KCHECK_EQ(l4_error(l4_debugger_get_object_name(L4_BASE_DEBUGGER_CAP, (unsigned)id, name,
							sizeof(name))), 0);
	KCHECK_EQ(strcmp(name, "abcdefghijklmno"), 0);
	/* Other objects have other ids. */
	unsigned long ids[] = {
		l4_debugger_global_id(L4_BASE_TASK_CAP), l4_debugger_global_id(L4_BASE_THREAD_CAP),
		l4_debugger_global_id(L4_BASE_LOG_CAP), l4_debugger_global_id(L4_BASE_ICU_CAP),
		l4_debugger_global_id(L4_BASE_SCHEDULER_CAP), id,
	};
	for (unsigned i = 0; i < 6; i++)
		for (unsigned j = i + 1; j < 6; j++)
			KCHECK_NE(ids[i], ids[j]);
	/* A deleted object's id is gone. */
	KCHECK_EQ(kt_delete(irq), 0);
	KCHECK_EQ(l4_error(l4_debugger_get_object_name(L4_BASE_DEBUGGER_CAP, (unsigned)id, name,
							sizeof(name))), -L4_ENOENT);
}

KTEST(debugger_errors)
{
	char name[16];
	KCHECK_EQ(l4_error(l4_debugger_get_object_name(L4_BASE_DEBUGGER_CAP, 0x7ffffff0, name,
							sizeof(name))), -L4_ENOENT);
	l4_cap_idx_t empty = kt_cap_alloc();
	KCHECK_EQ(l4_error(l4_debugger_set_object_name(empty, "x")), -L4_EINVAL);
	KCHECK_EQ(l4_debugger_global_id(empty), ~0UL);
	l4_utcb_mr()->mr[0] = L4_DEBUGGER_GLOBAL_ID_OP + 0x100;
	KCHECK_EQ(call_raw(L4_BASE_DEBUGGER_CAP, L4_PROTO_DEBUGGER, 1, 0), -L4_EMSGMISSARG);
	l4_utcb_mr()->mr[0] = L4_DEBUGGER_GLOBAL_ID_OP + 0x100;
	KCHECK_EQ(call_raw(L4_BASE_DEBUGGER_CAP, L4_PROTO_LOG, 1, 0), -L4_EBADPROTO);
	l4_utcb_mr()->mr[0] = 0x102; /* kobj_to_id */
	l4_utcb_mr()->mr[1] = 0;
	KCHECK_EQ(l4_error(l4_invoke_debugger(L4_BASE_LOG_CAP, l4_msgtag(0, 2, 0, 0), l4_utcb())),
		  -L4_ENOSYS);
	l4_utcb_mr()->mr[0] = 0x200; /* trace buffer group */
	KCHECK_EQ(call_raw(L4_BASE_DEBUGGER_CAP, L4_PROTO_DEBUGGER, 1, 0), -L4_ENOSYS);
	/* Console group: missing words, a length beyond the words. */
	l4_utcb_mr()->mr[0] = L4_KDEBUG_OUTHEX32;
	KCHECK_EQ(call_raw(L4_BASE_DEBUGGER_CAP, L4_PROTO_DEBUGGER, 1, 0), -L4_EMSGTOOSHORT);
	l4_utcb_mr()->mr[0] = L4_KDEBUG_OUTNSTRING;
	l4_utcb_mr()->mr[1] = 9;
	l4_utcb_mr()->mr[2] = 0x0a3f3f3f3f3f3f3fULL;
	KCHECK_EQ(call_raw(L4_BASE_DEBUGGER_CAP, L4_PROTO_DEBUGGER, 3, 0), -L4_EMSGTOOSHORT);
}

/* The kdebug.h console functions; the scenario expects the lines. */
KTEST(kdebug_output_reaches_console)
{
	outstring("ktest-objs: kdebug outstring\n");
	outstring("ktest-objs: hex32=");
	outhex32(0xdeadbeef);
	outstring(" hex20=");
	outhex20(0x12345);
	outstring(" hex16=");
	outhex16(0xbeef);
	outstring(" hex12=");
	outhex12(0xabc);
	outstring(" hex8=");
	outhex8(0x5a);
	outstring(" dec=");
	outdec(-12345);
	outchar('!');
	outnstring("\nignored", 1);
	/* the same through the raw operations, with their results */
	KCHECK_EQ(l4_error(__kdebug_text(L4_KDEBUG_OUTNSTRING, "ktest-objs: raw text\n", 21)), 0);
	KCHECK_EQ(l4_error(__kdebug_op_1(L4_KDEBUG_OUTCHAR, 'Z')), 0);
	KCHECK_EQ(l4_error(__kdebug_op_1(L4_KDEBUG_OUTHEX32, 0x1122334455667788LL)), 0);
	KCHECK_EQ(l4_error(__kdebug_op_1(L4_KDEBUG_OUTCHAR, '\n')), 0);
}

/* ---- Platform control (all but the power-off) ------------------------------ */

static long pfc_raw(l4_cap_idx_t cap, long label, unsigned words, l4_umword_t op, l4_umword_t a,
		    l4_umword_t b)
{
	l4_utcb_mr()->mr[0] = op;
	l4_utcb_mr()->mr[1] = a;
	l4_utcb_mr()->mr[2] = b;
	return call_raw(cap, label, words, 0);
}

KTEST(platform_control_operations)
{
	const l4_cap_idx_t caps[] = { L4_BASE_ICU_CAP, L4_BASE_PLATFORM_CTL_CAP };
	for (unsigned i = 0; i < 2; i++) {
		l4_cap_idx_t c = caps[i];
		ktap_note("platform control through slot %lu", (unsigned long)(c >> L4_CAP_SHIFT));
		KCHECK_EQ(l4_error(l4_platform_ctl_cpu_allow_shutdown(c, 0, 1)), 0);
		KCHECK_EQ(l4_error(l4_platform_ctl_cpu_allow_shutdown(c, 0, 0)), 0);
		KCHECK_EQ(l4_error(l4_platform_ctl_cpu_allow_shutdown(c, 1000, 1)), -L4_EINVAL);
		KCHECK_EQ(pfc_raw(c, L4_PROTO_PLATFORM_CTL, 2, L4_PLATFORM_CTL_CPU_ALLOW_SHUTDOWN_OP, 0, 1),
			  -L4_EINVAL);
		KCHECK_EQ(l4_error(l4_platform_ctl_system_suspend(c, 0)), -L4_ENOSYS);
		KCHECK_EQ(l4_error(l4_platform_ctl_cpu_enable(c, 0)), -L4_ENOSYS);
		KCHECK_EQ(l4_error(l4_platform_ctl_cpu_disable(c, 0)), -L4_ENOSYS);
		KCHECK_EQ(l4_error(l4_platform_ctl_system_shutdown(c, 7)), -L4_EINVAL);
		KCHECK_EQ(pfc_raw(c, L4_PROTO_PLATFORM_CTL, 1, 99, 0, 0), -L4_ENOSYS);
		KCHECK_EQ(pfc_raw(c, L4_PROTO_PLATFORM_CTL, 0, 0, 0, 0), -L4_EMSGTOOSHORT);
	}
	/* Slot 9 speaks only platform control. */
	KCHECK_EQ(pfc_raw(L4_BASE_PLATFORM_CTL_CAP, L4_PROTO_IRQ, 1, L4_ICU_OP_INFO, 0, 0), -L4_EBADPROTO);
	KCHECK_EQ(pfc_raw(L4_BASE_ICU_CAP, L4_PROTO_LOG, 1, 0, 0, 0), -L4_EBADPROTO);
}

/* ---- Meta ------------------------------------------------------------------- */

struct iface {
	long proto;
	const char *name;
};

static void check_meta(const char *what, l4_cap_idx_t cap, const struct iface *ifs, unsigned n)
{
	ktap_note("meta of %s", what);
	long num = l4_error(l4_meta_num_interfaces(cap));
	KCHECK_EQ(num, n);
	if (num < 0)
		return; /* the rest would only repeat the failure */
	for (unsigned i = 0; i < n; i++) {
		long proto = 0x7777;
		char name[32] = "";
		KCHECK_EQ(l4_error(l4_meta_interface(cap, i, &proto, name, sizeof(name))), 0);
		KCHECK_EQ(proto, ifs[i].proto);
		KCHECK_EQ(strcmp(name, ifs[i].name), 0);
		KCHECK_EQ(l4_error(l4_meta_supports(cap, ifs[i].proto)), 1);
	}
	long proto;
	KCHECK_EQ(l4_error(l4_meta_interface(cap, n, &proto, 0, 0)), -L4_ERANGE);
	KCHECK_EQ(l4_error(l4_meta_supports(cap, L4_PROTO_SIGMA0)), 0);
}

/* protocols.md, Meta: "Every Walnut kernel object answers it". (Not
 * checked: Thread and IPC gate, which protocols.md also lists; by the
 * conventions a META-labelled message to a thread capability or a gate is
 * IPC to the thread, so asking the main thread would call itself.) */
KTEST(meta_kernel_objects_list_their_interfaces)
{
	static const struct iface vcon[] = { { L4_PROTO_LOG, "vcon" }, { L4_PROTO_IRQ, "icu" } };
	static const struct iface icu[] = { { L4_PROTO_IRQ, "icu" },
					    { L4_PROTO_PLATFORM_CTL, "platform_control" } };
	static const struct iface sched[] = { { L4_PROTO_SCHEDULER, "scheduler" },
					      { L4_PROTO_IRQ, "icu" } };
	static const struct iface pfc[] = { { L4_PROTO_PLATFORM_CTL, "platform_control" } };
	static const struct iface dbg[] = { { L4_PROTO_DEBUGGER, "debugger" } };
	static const struct iface irq[] = { { L4_PROTO_IRQ_SENDER, "irq" }, { L4_PROTO_IRQ, "irq_eoi" },
					    { L4_PROTO_KOBJECT, "rcv_endpoint" } };
	check_meta("vcon", L4_BASE_LOG_CAP, vcon, 2);
	check_meta("icu", L4_BASE_ICU_CAP, icu, 2);
	check_meta("scheduler", L4_BASE_SCHEDULER_CAP, sched, 2);
	check_meta("platform control", L4_BASE_PLATFORM_CTL_CAP, pfc, 1);
	check_meta("debugger", L4_BASE_DEBUGGER_CAP, dbg, 1);
	l4_cap_idx_t i = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, i)), 0);
	check_meta("irq", i, irq, 3);
	kill(i);
}

/* ---- common rules: empty slots, receive-only, no rights, overlong ------------- */

/* Every operation on an empty slot is the IPC error L4_IPC_ENOT_EXISTENT. */
KTEST(operations_on_empty_slot_enot_existent)
{
	l4_cap_idx_t e = kt_cap_alloc();
	l4_icu_info_t info;
	l4_vcon_attr_t attr;
	l4_umword_t max, label;
	l4_sched_cpu_set_t cs = l4_sched_cpu_set(0, 0, 0);
	l4_kernel_clock_t us;
	KCHECK_EQ(l4_error(l4_vcon_write(e, "x", 1)), ENOT_EXISTENT_ERR);
	KCHECK_EQ(l4_vcon_read(e, 0, 0), ENOT_EXISTENT_ERR);
	KCHECK_EQ(l4_error(l4_vcon_get_attr(e, &attr)), ENOT_EXISTENT_ERR);
	KCHECK_EQ(l4_error(l4_icu_info(e, &info)), ENOT_EXISTENT_ERR);
	KCHECK_EQ(l4_error(l4_scheduler_info(e, &max, &cs)), ENOT_EXISTENT_ERR);
	KCHECK_EQ(l4_error(l4_scheduler_idle_time(e, &cs, &us)), ENOT_EXISTENT_ERR);
	KCHECK_EQ(l4_error(l4_platform_ctl_cpu_allow_shutdown(e, 0, 1)), ENOT_EXISTENT_ERR);
	KCHECK_EQ(l4_error(l4_thread_stats_time(e, &us)), ENOT_EXISTENT_ERR);
	KCHECK_EQ(l4_error(l4_thread_switch(e)), ENOT_EXISTENT_ERR);
	KCHECK_EQ(l4_error(l4_ipc_gate_get_infos(e, &label)), ENOT_EXISTENT_ERR);
	KCHECK_EQ(l4_error(l4_irq_detach(e)), ENOT_EXISTENT_ERR);
	KCHECK_EQ(l4_error(l4_meta_num_interfaces(e)), ENOT_EXISTENT_ERR);
	/* the Debugger is invoked for an empty slot: its answer */
	KCHECK_EQ(l4_error(l4_debugger_set_object_name(e, "x")), -L4_EINVAL);
}

/* A receive without send phase from a kernel object that sends nothing
 * (not a thread, not an Irq) is IPC to nothing. */
KTEST(receive_only_from_kernel_objects_enot_existent)
{
	const l4_cap_idx_t caps[] = { L4_BASE_LOG_CAP, L4_BASE_ICU_CAP, L4_BASE_SCHEDULER_CAP,
				      L4_BASE_PLATFORM_CTL_CAP, L4_BASE_DEBUGGER_CAP };
	for (unsigned i = 0; i < 5; i++) {
		l4_msgtag_t tag = l4_ipc_receive(caps[i], l4_utcb(), L4_IPC_RECV_TIMEOUT_0);
		KCHECK_EQ(KT_IPC_ERR(tag), L4_IPC_ENOT_EXISTENT);
	}
}

/* Operations that need no rights work through R-only copies of the
 * singleton objects; those that need W or S do not. */
KTEST(rightless_copies_of_kernel_objects)
{
	l4_cap_idx_t icu = kt_cap_copy(L4_BASE_ICU_CAP, L4_CAP_FPAGE_R, 0);
	l4_cap_idx_t sched = kt_cap_copy(L4_BASE_SCHEDULER_CAP, L4_CAP_FPAGE_R, 0);
	l4_cap_idx_t dbg = kt_cap_copy(L4_BASE_DEBUGGER_CAP, L4_CAP_FPAGE_R, 0);
	l4_cap_idx_t pfc = kt_cap_copy(L4_BASE_PLATFORM_CTL_CAP, L4_CAP_FPAGE_R, 0);
	l4_cap_idx_t irq = kt_cap_alloc();
	KASSERT(!l4_is_invalid_cap(icu) && !l4_is_invalid_cap(sched) && !l4_is_invalid_cap(dbg) &&
		!l4_is_invalid_cap(pfc));
	KASSERT_EQ(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)), 0);
	l4_cap_idx_t irq_r = kt_cap_copy(irq, L4_CAP_FPAGE_R, 0);
	KASSERT(!l4_is_invalid_cap(irq_r));
	l4_icu_info_t info;
	KCHECK_EQ(l4_error(l4_icu_info(icu, &info)), 0);
	l4_umword_t max;
	l4_sched_cpu_set_t cs = l4_sched_cpu_set(0, 0, 0);
	KCHECK_EQ(l4_error(l4_scheduler_info(sched, &max, &cs)), 0);
	KCHECK_EQ(l4_error(l4_platform_ctl_cpu_allow_shutdown(pfc, 0, 1)), 0);
	KCHECK_NE(l4_debugger_global_id(L4_BASE_LOG_CAP), ~0UL);
	l4_utcb_mr()->mr[0] = L4_KDEBUG_OUTCHAR;
	l4_utcb_mr()->mr[1] = '\n';
	KCHECK_EQ(call_raw(dbg, L4_PROTO_DEBUGGER, 2, 0), 0);
	/* An Irq without W cannot be bound to a line; without S not to a thread. */
	KCHECK_EQ(l4_error(l4_icu_bind(L4_BASE_ICU_CAP, 5, irq_r)), -L4_EPERM);
	KCHECK_EQ(l4_error(l4_rcv_ep_bind_thread(irq_r, L4_BASE_THREAD_CAP, 0)), -L4_EPERM);
	KCHECK_EQ(l4_error(l4_irq_detach(irq_r)), -L4_EPERM);
	kill(irq);
}

/* protocols.md, Message layout: "words + 2*items must not exceed 63; a tag
 * claiming more is rejected with -L4_EMSGTOOLONG (kernel objects)". */
KTEST(kernel_objects_reject_overlong_messages)
{
	struct { const char *what; l4_cap_idx_t cap; long label; l4_umword_t op; } objs[] = {
		{ "vcon", L4_BASE_LOG_CAP, L4_PROTO_LOG, L4_VCON_GET_ATTR_OP },
		{ "icu", L4_BASE_ICU_CAP, L4_PROTO_IRQ, L4_ICU_OP_INFO },
		{ "scheduler", L4_BASE_SCHEDULER_CAP, L4_PROTO_SCHEDULER, L4_SCHEDULER_INFO_OP },
		{ "platform", L4_BASE_PLATFORM_CTL_CAP, L4_PROTO_PLATFORM_CTL,
		  L4_PLATFORM_CTL_CPU_ALLOW_SHUTDOWN_OP },
		{ "thread", L4_BASE_THREAD_CAP, L4_PROTO_THREAD, L4_THREAD_STATS_OP },
	};
	for (unsigned i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		ktap_note("%s with 62 words and 1 item", objs[i].what);
		l4_msg_regs_t *m = l4_utcb_mr();
		for (unsigned w = 0; w < L4_UTCB_GENERIC_DATA_SIZE; w++)
			m->mr[w] = 0;
		m->mr[0] = objs[i].op;
		KCHECK_EQ(call_raw(objs[i].cap, objs[i].label, 62, 1), -L4_EMSGTOOLONG);
		m->mr[0] = objs[i].op;
		KCHECK_EQ(call_raw(objs[i].cap, objs[i].label, 1, 40), -L4_EMSGTOOLONG);
	}
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
