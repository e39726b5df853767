/* x86_64 system-call binding: every kernel operation is one `syscall`.
 *
 * In:  rdi = capability selector | L4_SYSF_* flags, rsi = message tag,
 *      rdx = timeouts (l4_timeout_t), r8 = label to send (receive ops).
 * Out: rsi = result tag, r8 = received label.
 * The kernel preserves every other register except rcx and r11, which the
 * syscall instruction itself uses, and rdi/rdx, which it may change. */
#pragma once

#include <l4/sys/types.h>

L4_INLINE l4_msgtag_t l4_invoke_arch(l4_umword_t cap_flags, l4_msgtag_t tag,
				     l4_timeout_t timeout, l4_umword_t *label)
{
	register l4_umword_t rdi __asm__("rdi") = cap_flags;
	register l4_umword_t rsi __asm__("rsi") = (l4_umword_t)tag.raw;
	register l4_umword_t rdx __asm__("rdx") = timeout.raw;
	register l4_umword_t r8 __asm__("r8") = *label;
	__asm__ volatile("syscall"
			 : "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r8)
			 :
			 : "rcx", "r11", "memory");
	*label = r8;
	return (l4_msgtag_t){ (l4_mword_t)rsi };
}
