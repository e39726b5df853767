/* ktest-objs-poweroff: l4_platform_ctl_system_shutdown(). The invalid
 * requests come first (they must return); the last test powers the machine
 * off, so its "ok" line never appears: the scenario checks that QEMU went
 * away by itself instead (tests/scenarios/ktest-objs-poweroff.test). */
#include <ktap.h>
#include <ktest_more.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kprint.h>
#include <l4/sys/platform_control.h>

int main(int argc, char **argv);

static long shutdown_raw(l4_cap_idx_t cap, unsigned words, l4_umword_t mr1)
{
	l4_utcb_mr()->mr[0] = L4_PLATFORM_CTL_SYS_SHUTDOWN_OP;
	l4_utcb_mr()->mr[1] = mr1;
	l4_utcb_mr()->mr[2] = 0;
	return l4_error(l4_ipc_call(cap, l4_utcb(), l4_msgtag(L4_PROTO_PLATFORM_CTL, words, 0, 0),
				    L4_IPC_NEVER));
}

/* Neither 0 (power off) nor 1 (reboot), and the wrong word counts: the
 * request is refused and the machine keeps running. */
KTEST(a_shutdown_invalid_requests_einval)
{
	KCHECK_EQ(l4_error(l4_platform_ctl_system_shutdown(L4_BASE_ICU_CAP, 2)), -L4_EINVAL);
	KCHECK_EQ(l4_error(l4_platform_ctl_system_shutdown(L4_BASE_PLATFORM_CTL_CAP, 2)), -L4_EINVAL);
	KCHECK_EQ(shutdown_raw(L4_BASE_ICU_CAP, 1, 0), -L4_EINVAL);
	KCHECK_EQ(shutdown_raw(L4_BASE_ICU_CAP, 3, 0), -L4_EINVAL);
	KCHECK_EQ(shutdown_raw(L4_BASE_PLATFORM_CTL_CAP, 1, 0), -L4_EINVAL);
	KCHECK_EQ(shutdown_raw(L4_BASE_PLATFORM_CTL_CAP, 3, 1), -L4_EINVAL);
}

/* Power off through the ICU capability (as L4Re code does it). It must
 * not return; the scenario sees QEMU exit. */
KTEST(z_shutdown_powers_off)
{
	l4_kprintf("ktest-objs-poweroff: powering off now\n");
	long err = l4_error(l4_platform_ctl_system_shutdown(L4_BASE_ICU_CAP, 0));
	ktap_fail(__FILE__, __LINE__, "l4_platform_ctl_system_shutdown() returned %ld", err);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
