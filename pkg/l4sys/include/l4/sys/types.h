/* Common L4 ABI types: message tags, protocols, capability selectors, timeouts. */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/l4int.h>

L4_BEGIN_DECLS

/* Labels of the protocols the kernel speaks (L4Re's values). */
enum L4_msgtag_protocol {
	L4_PROTO_NONE          = 0,
	L4_PROTO_ALLOW_SYSCALL = 1,
	L4_PROTO_PF_EXCEPTION  = 1,
	L4_PROTO_IRQ           = -1L,
	L4_PROTO_PAGE_FAULT    = -2L,
	L4_PROTO_PREEMPTION    = -3L,
	L4_PROTO_SYS_EXCEPTION = -4L,
	L4_PROTO_EXCEPTION     = -5L,
	L4_PROTO_SIGMA0        = -6L,
	L4_PROTO_IO_PAGE_FAULT = -8L,
	L4_PROTO_KOBJECT       = -10L,
	L4_PROTO_TASK          = -11L,
	L4_PROTO_THREAD        = -12L,
	L4_PROTO_LOG           = -13L,
	L4_PROTO_SCHEDULER     = -14L,
	L4_PROTO_FACTORY       = -15L,
	L4_PROTO_VM            = -16L,
	L4_PROTO_DMA_SPACE     = -17L,
	L4_PROTO_IRQ_SENDER    = -18L,
	L4_PROTO_IRQ_MUX       = -19L,
	L4_PROTO_SEMAPHORE     = -20L,
	L4_PROTO_META          = -21L,
	L4_PROTO_IOMMU         = -22L,
	L4_PROTO_DEBUGGER      = -23L,
	L4_PROTO_SMCCC         = -24L,
};

/* Type tags of the variable-argument words of l4_factory_create() (the
 * type in bits 0-7, the value's size in bytes in bits 16 and up). */
enum L4_varg_type {
	L4_VARG_TYPE_NIL    = 0x00,
	L4_VARG_TYPE_UMWORD = 0x01,
	L4_VARG_TYPE_MWORD  = 0x81,
	L4_VARG_TYPE_STRING = 0x02,
	L4_VARG_TYPE_FPAGE  = 0x03,
	L4_VARG_TYPE_SIGN   = 0x80,
};

enum L4_msgtag_flags {
	L4_MSGTAG_ERROR        = 0x8000, /* set by the kernel: see the UTCB error word */
	L4_MSGTAG_TRANSFER_FPU = 0x1000,
	L4_MSGTAG_SCHEDULE     = 0x2000,
	L4_MSGTAG_PROPAGATE    = 0x4000,
	L4_MSGTAG_FLAGS        = 0xf000,
};

/* Message tag: label in bits 16.., flags 12-15, items 6-11, words 0-5. */
typedef struct l4_msgtag_t {
	l4_mword_t raw;
#ifdef __cplusplus
	long label() const { return raw >> 16; }
	void label(long v) { raw = (l4_mword_t)((raw & 0xffff) | ((l4_umword_t)v << 16)); }
	unsigned words() const { return raw & 0x3f; }
	unsigned items() const { return (raw >> 6) & 0x3f; }
	unsigned flags() const { return raw & 0xf000; }
	bool is_page_fault() const { return label() == L4_PROTO_PAGE_FAULT; }
	bool is_preemption() const { return label() == L4_PROTO_PREEMPTION; }
	bool is_sys_exception() const { return label() == L4_PROTO_SYS_EXCEPTION; }
	bool is_exception() const { return label() == L4_PROTO_EXCEPTION; }
	bool is_sigma0() const { return label() == L4_PROTO_SIGMA0; }
	bool is_io_page_fault() const { return label() == L4_PROTO_IO_PAGE_FAULT; }
	unsigned has_error() const { return raw & L4_MSGTAG_ERROR; }
#endif
} l4_msgtag_t;

typedef unsigned long l4_cap_idx_t;

L4_INLINE l4_msgtag_t l4_msgtag(long label, unsigned words, unsigned items, unsigned flags)
{
	return (l4_msgtag_t){ (l4_mword_t)((l4_umword_t)label << 16) |
			      (l4_mword_t)(words & 0x3f) |
			      (l4_mword_t)((items & 0x3f) << 6) |
			      (l4_mword_t)(flags & 0xf000) };
}
L4_INLINE long l4_msgtag_label(l4_msgtag_t t) { return t.raw >> 16; }
L4_INLINE unsigned l4_msgtag_words(l4_msgtag_t t) { return t.raw & 0x3f; }
L4_INLINE unsigned l4_msgtag_items(l4_msgtag_t t) { return (t.raw >> 6) & 0x3f; }
L4_INLINE unsigned l4_msgtag_flags(l4_msgtag_t t) { return t.raw & 0xf000; }
L4_INLINE unsigned l4_msgtag_has_error(l4_msgtag_t t) { return t.raw & L4_MSGTAG_ERROR; }
L4_INLINE unsigned l4_msgtag_is_page_fault(l4_msgtag_t t) { return l4_msgtag_label(t) == L4_PROTO_PAGE_FAULT; }
L4_INLINE unsigned l4_msgtag_is_preemption(l4_msgtag_t t) { return l4_msgtag_label(t) == L4_PROTO_PREEMPTION; }
L4_INLINE unsigned l4_msgtag_is_sys_exception(l4_msgtag_t t) { return l4_msgtag_label(t) == L4_PROTO_SYS_EXCEPTION; }
L4_INLINE unsigned l4_msgtag_is_exception(l4_msgtag_t t) { return l4_msgtag_label(t) == L4_PROTO_EXCEPTION; }
L4_INLINE unsigned l4_msgtag_is_sigma0(l4_msgtag_t t) { return l4_msgtag_label(t) == L4_PROTO_SIGMA0; }
L4_INLINE unsigned l4_msgtag_is_io_page_fault(l4_msgtag_t t) { return l4_msgtag_label(t) == L4_PROTO_IO_PAGE_FAULT; }

L4_INLINE unsigned l4_is_invalid_cap(l4_cap_idx_t c) { return c & L4_INVALID_CAP_BIT; }
L4_INLINE unsigned l4_is_valid_cap(l4_cap_idx_t c) { return !(c & L4_INVALID_CAP_BIT); }
L4_INLINE unsigned l4_capability_equal(l4_cap_idx_t a, l4_cap_idx_t b)
{
	return (a >> L4_CAP_SHIFT) == (b >> L4_CAP_SHIFT);
}
L4_INLINE l4_cap_idx_t l4_capability_next(l4_cap_idx_t c) { return c + L4_CAP_OFFSET; }

L4_END_DECLS

#include <l4/sys/__l4_fpage.h>
#include <l4/sys/__timeout.h>
