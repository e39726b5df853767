/* Platform control: shut down, reboot, suspend. In Walnut (as in Fiasco)
 * the kernel ICU object L4_BASE_ICU_CAP is also the platform-control
 * object: messages with label L4_PROTO_PLATFORM_CTL (0) go to these
 * operations, label L4_PROTO_IRQ to the ICU. As in L4Re's
 * l4/sys/platform_control.h; see doc/protocols.md "Platform control".
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

enum L4_platform_ctl_ops {
	L4_PLATFORM_CTL_SYS_SUSPEND_OP        = 0UL,
	L4_PLATFORM_CTL_SYS_SHUTDOWN_OP       = 1UL,
	L4_PLATFORM_CTL_CPU_ALLOW_SHUTDOWN_OP = 2UL,
	L4_PLATFORM_CTL_CPU_ENABLE_OP         = 3UL,
	L4_PLATFORM_CTL_CPU_DISABLE_OP        = 4UL,
};

enum L4_platform_ctl_proto {
	L4_PROTO_PLATFORM_CTL = 0,
};

/* Suspends the system to RAM.
 * \param extras  x86: the ACPI sleep state
 * \retval 0           resumed after suspend
 * \retval -L4_ENOSYS  Walnut (not supported) */
L4_INLINE l4_msgtag_t l4_platform_ctl_system_suspend_u(l4_cap_idx_t pfc, l4_umword_t extras,
						       l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_PLATFORM_CTL_SYS_SUSPEND_OP;
	v->mr[1] = extras;
	return l4_ipc_call(pfc, utcb, l4_msgtag(L4_PROTO_PLATFORM_CTL, 2, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_platform_ctl_system_suspend(l4_cap_idx_t pfc, l4_umword_t extras)
{
	return l4_platform_ctl_system_suspend_u(pfc, extras, l4_utcb());
}

/* Powers the system off (reboot == 0) or reboots it (reboot == 1); does not
 * return on success.
 * \param pfc  the platform-control capability (any rights)
 * \retval -L4_EINVAL  reboot neither 0 nor 1, or not 2 words
 * \retval -L4_ENOSYS  the platform cannot power off */
L4_INLINE l4_msgtag_t l4_platform_ctl_system_shutdown_u(l4_cap_idx_t pfc, l4_umword_t reboot,
							l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_PLATFORM_CTL_SYS_SHUTDOWN_OP;
	v->mr[1] = reboot;
	return l4_ipc_call(pfc, utcb, l4_msgtag(L4_PROTO_PLATFORM_CTL, 2, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_platform_ctl_system_shutdown(l4_cap_idx_t pfc, l4_umword_t reboot)
{
	return l4_platform_ctl_system_shutdown_u(pfc, reboot, l4_utcb());
}

/* Allows (enable = 1) or forbids the kernel to shut CPU phys_id down.
 * \retval 0           done (Walnut: accepted and ignored)
 * \retval -L4_EINVAL  fewer than 3 words or no such CPU */
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_allow_shutdown_u(l4_cap_idx_t pfc, l4_umword_t phys_id,
							   l4_umword_t enable, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_PLATFORM_CTL_CPU_ALLOW_SHUTDOWN_OP;
	v->mr[1] = phys_id;
	v->mr[2] = enable;
	return l4_ipc_call(pfc, utcb, l4_msgtag(L4_PROTO_PLATFORM_CTL, 3, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_allow_shutdown(l4_cap_idx_t pfc, l4_umword_t phys_id,
							 l4_umword_t enable)
{
	return l4_platform_ctl_cpu_allow_shutdown_u(pfc, phys_id, enable, l4_utcb());
}

/* Brings the offline CPU phys_id (x86: local APIC id) online.
 * \retval -L4_ENOSYS  Walnut (not supported) */
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_enable_u(l4_cap_idx_t pfc, l4_umword_t phys_id,
						   l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_PLATFORM_CTL_CPU_ENABLE_OP;
	v->mr[1] = phys_id;
	return l4_ipc_call(pfc, utcb, l4_msgtag(L4_PROTO_PLATFORM_CTL, 2, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_enable(l4_cap_idx_t pfc, l4_umword_t phys_id)
{
	return l4_platform_ctl_cpu_enable_u(pfc, phys_id, l4_utcb());
}

/* Takes the online CPU phys_id offline.
 * \retval -L4_ENOSYS  Walnut (not supported) */
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_disable_u(l4_cap_idx_t pfc, l4_umword_t phys_id,
						    l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_PLATFORM_CTL_CPU_DISABLE_OP;
	v->mr[1] = phys_id;
	return l4_ipc_call(pfc, utcb, l4_msgtag(L4_PROTO_PLATFORM_CTL, 2, 0, 0), L4_IPC_NEVER);
}
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_disable(l4_cap_idx_t pfc, l4_umword_t phys_id)
{
	return l4_platform_ctl_cpu_disable_u(pfc, phys_id, l4_utcb());
}

L4_END_DECLS
