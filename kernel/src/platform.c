/* Platform control (label L4_PROTO_PLATFORM_CTL, 0): power off and reboot. */
#include <kern/arch.h>
#include <kern/invoke.h>
#include <kern/ipc.h>
#include <kern/objects.h>
#include <kern/printk.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <l4/sys/err.h>
#include <l4/sys/platform_control.h>

struct kobj platform_obj;

/* [1, 0|1]: power off or reboot; does not return on success. */
static u64 shutdown(struct invocation *inv)
{
	if (inv_words(inv) != 2 || inv_mr(inv, 1) > 1)
		return syscall_error_tag(-L4_EINVAL);
	bool reboot = inv_mr(inv, 1);
	pr_info("platform: %s requested by '%s'\n", reboot ? "reboot" : "power off",
		inv->caller->task->obj.name);
	if (reboot)
		arch_reboot();
	arch_poweroff();
}

u64 platform_op(struct invocation *inv)
{
	if (!inv_words(inv))
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	switch (inv_mr(inv, 0)) {
	case L4_PLATFORM_CTL_SYS_SHUTDOWN_OP: return shutdown(inv);
	case L4_PLATFORM_CTL_CPU_ALLOW_SHUTDOWN_OP:
		if (inv_words(inv) < 3 || inv_mr(inv, 1) >= CONFIG_MAX_CPUS)
			return syscall_error_tag(-L4_EINVAL);
		return syscall_ok_tag(0, 0);
	default: /* suspend, CPU hotplug */
		return syscall_error_tag(-L4_ENOSYS);
	}
}

static u64 platform_invoke(struct invocation *inv)
{
	if (!(inv->cap_flags & L4_SYSF_SEND))
		return ipc_error_tag(inv->caller, L4_IPC_ENOT_EXISTENT);
	if (inv_label(inv) != L4_PROTO_PLATFORM_CTL)
		return syscall_error_tag(-L4_EBADPROTO);
	return platform_op(inv);
}

static const struct kobj_meta platform_meta[] = { { L4_PROTO_PLATFORM_CTL, "platform_control" }, { 0, NULL } };
static const struct kobj_ops platform_ops = { KOBJ_PLATFORM, platform_invoke, NULL, NULL,
					      platform_meta };

void platform_init(void)
{
	kobj_init(&platform_obj, &platform_ops, "platform");
	platform_obj.refs = 1;
}
