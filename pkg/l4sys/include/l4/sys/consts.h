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
	/* Walnut extension (slot 9 is unused in L4Re): the platform-control
	 * object. L4Re code reaches the same operations through
	 * L4_BASE_ICU_CAP with label L4_PROTO_PLATFORM_CTL. */
	L4_BASE_PLATFORM_CTL_CAP = 9UL << L4_CAP_SHIFT,
	L4_BASE_DEBUGGER_CAP  = 10UL << L4_CAP_SHIFT,
	L4_BASE_ARM_SMCCC_CAP = 11UL << L4_CAP_SHIFT, /* Arm only; empty on x86_64 */
	L4_BASE_CAPS_LAST     = L4_BASE_ARM_SMCCC_CAP, /* last reserved slot (L4Re's value) */
};

/* The map_mask word of l4_task_unmap(): which mappings an unmap reaches.
 * The rights to take away are the rights bits of each flexpage. */
enum l4_unmap_flags_t {
	L4_FP_ALL_SPACES   = 0x80000000UL, /* the task's own mapping too, not only those derived from it */
	L4_FP_DELETE_OBJ   = 0xc0000000UL, /* objects: delete them (needs the D right); implies ALL_SPACES */
	L4_FP_OTHER_SPACES = 0x0UL,        /* only mappings derived from the task's (memory, I/O) */
};

/* Bits of the first word of a typed message item (send item, see
 * l4_map_control()) and of a buffer (receive) item. */
enum l4_msg_item_consts_t {
	L4_ITEM_MAP            = 8, /* the item is a map item */
	L4_ITEM_CONT           = 1, /* send: the next item goes to the same buffer */
	L4_MAP_ITEM_GRANT      = 2, /* send: grant (move) instead of map */
	L4_MAP_ITEM_MAP        = 0, /* send: map */
	L4_RCV_ITEM_SINGLE_CAP = L4_ITEM_MAP | 2, /* buffer: one-word item for one capability */
	L4_RCV_ITEM_LOCAL_ID   = 4, /* buffer: prefer a local id to a mapping */
};

/* The buffer descriptor (l4_buf_regs_t.bdr): index of the first buffer
 * item per space, see l4_bdr(). */
enum l4_buffer_desc_consts_t {
	L4_BDR_MEM_SHIFT   = 0,
	L4_BDR_IO_SHIFT    = 5,
	L4_BDR_OBJ_SHIFT   = 10,
	L4_BDR_OFFSET_MASK = (1UL << 20) - 1,
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
# ifdef __cplusplus
#  define NULL 0
# else
#  define NULL ((void *)0)
# endif
#endif
