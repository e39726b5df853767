/* Constants of the L4 API: syscall flags, capability selector layout, base
 * capabilities, page sizes (names and values as in L4Re's l4/sys/consts.h). */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>

/* Operation bits in the low bits of an invoked capability selector. */
enum l4_syscall_flags_t {
	L4_SYSF_NONE           = 0x00,
	L4_SYSF_SEND           = 0x01, /* send phase to the object */
	L4_SYSF_RECV           = 0x02, /* receive phase */
	L4_SYSF_OPEN_WAIT      = 0x04, /* receive from anyone */
	L4_SYSF_REPLY          = 0x08, /* send through the implicit reply capability */
	L4_SYSF_CALL           = L4_SYSF_SEND | L4_SYSF_RECV,
	L4_SYSF_WAIT           = L4_SYSF_OPEN_WAIT | L4_SYSF_RECV,
	L4_SYSF_SEND_AND_WAIT  = L4_SYSF_OPEN_WAIT | L4_SYSF_CALL,
	L4_SYSF_REPLY_AND_WAIT = L4_SYSF_WAIT | L4_SYSF_SEND | L4_SYSF_REPLY,
};

enum l4_cap_consts_t {
	L4_CAP_SHIFT       = 12UL,
	L4_CAP_SIZE        = 1UL << L4_CAP_SHIFT,
	L4_CAP_OFFSET      = 1UL << L4_CAP_SHIFT,
	L4_CAP_MASK        = ~0UL << (L4_CAP_SHIFT - 1),
	L4_INVALID_CAP     = ~0UL << (L4_CAP_SHIFT - 1),
	L4_INVALID_CAP_BIT = 1UL << (L4_CAP_SHIFT - 1),
};

enum l4_sched_consts_t {
	L4_SCHED_MIN_PRIO = 0,
	L4_SCHED_MAX_PRIO = 255,
};

/* Capabilities the kernel installs in sigma0 and the root task. */
enum l4_default_caps_t {
	L4_BASE_TASK_CAP      = 1UL << L4_CAP_SHIFT,
	L4_BASE_FACTORY_CAP   = 2UL << L4_CAP_SHIFT,
	L4_BASE_THREAD_CAP    = 3UL << L4_CAP_SHIFT,
	L4_BASE_PAGER_CAP     = 4UL << L4_CAP_SHIFT,
	L4_BASE_LOG_CAP       = 5UL << L4_CAP_SHIFT,
	L4_BASE_ICU_CAP       = 6UL << L4_CAP_SHIFT,
	L4_BASE_SCHEDULER_CAP = 7UL << L4_CAP_SHIFT,
	L4_BASE_IOMMU_CAP     = 8UL << L4_CAP_SHIFT,
	L4_BASE_DEBUGGER_CAP  = 10UL << L4_CAP_SHIFT,
	L4_BASE_CAPS_LAST     = L4_BASE_DEBUGGER_CAP,
};

#define L4_PAGESHIFT       12
#define L4_SUPERPAGESHIFT  21
#define L4_PAGESIZE        (1UL << L4_PAGESHIFT)
#define L4_PAGEMASK        (~(L4_PAGESIZE - 1))
#define L4_LOG2_PAGESIZE   L4_PAGESHIFT
#define L4_SUPERPAGESIZE   (1UL << L4_SUPERPAGESHIFT)
#define L4_SUPERPAGEMASK   (~(L4_SUPERPAGESIZE - 1))
#define L4_LOG2_SUPERPAGESIZE L4_SUPERPAGESHIFT

L4_INLINE l4_addr_t l4_trunc_page(l4_addr_t a) { return a & L4_PAGEMASK; }
L4_INLINE l4_addr_t l4_round_page(l4_addr_t a) { return (a + L4_PAGESIZE - 1) & L4_PAGEMASK; }
L4_INLINE l4_addr_t l4_trunc_size(l4_addr_t a, unsigned char bits) { return a & (~0UL << bits); }
L4_INLINE l4_addr_t l4_round_size(l4_addr_t v, unsigned char bits)
{
	return (v + (1UL << bits) - 1) & (~0UL << bits);
}
L4_INLINE unsigned l4_bytes_to_mwords(unsigned size)
{
	return (size + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t);
}

enum l4_addr_consts_t { L4_INVALID_ADDR = ~0UL };
#define L4_INVALID_PTR ((void *)L4_INVALID_ADDR)
#ifndef NULL
# define NULL ((void *)0)
#endif
