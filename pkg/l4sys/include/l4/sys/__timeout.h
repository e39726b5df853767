/* IPC timeouts: 16-bit relative timeouts (mantissa << exponent microseconds)
 * paired as send|receive in one 32-bit l4_timeout_t, as in L4Re. */
#pragma once

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>

L4_BEGIN_DECLS

/* Bits 0-9 mantissa m, bits 10-14 exponent e: m << e microseconds. 0 means
 * never; m == 0 with e != 0 means zero (do not block). Bit 15 marks an
 * absolute timeout (reserved in Walnut: rejected with L4_EINVAL). */
typedef struct l4_timeout_s {
	l4_uint16_t t;
} l4_timeout_s;

typedef union l4_timeout_t {
	l4_uint32_t raw;
	struct {
		l4_timeout_s rcv;
		l4_timeout_s snd;
	} p;
} l4_timeout_t;

#define L4_IPC_TIMEOUT_0      ((l4_timeout_s){ 0x0400 })
#define L4_IPC_TIMEOUT_NEVER  ((l4_timeout_s){ 0 })
#define L4_IPC_NEVER_INITIALIZER { 0 }
#define L4_IPC_NEVER          ((l4_timeout_t){ 0 })
#define L4_IPC_RECV_TIMEOUT_0 ((l4_timeout_t){ 0x00000400 })
#define L4_IPC_SEND_TIMEOUT_0 ((l4_timeout_t){ 0x04000000 })
#define L4_IPC_BOTH_TIMEOUT_0 ((l4_timeout_t){ 0x04000400 })

/* l4_timeout_from_us(): this many microseconds mean "never"; anything
 * above L4_TIMEOUT_US_MAX is "never" as well. */
#define L4_TIMEOUT_US_NEVER (~0ULL)
#define L4_TIMEOUT_US_MAX   ((1ULL << 41) - 1)

L4_INLINE l4_timeout_t l4_timeout(l4_timeout_s snd, l4_timeout_s rcv)
{
	l4_timeout_t t;
	t.p.snd = snd;
	t.p.rcv = rcv;
	return t;
}

/* A relative timeout of man << exp microseconds (man 0..1023, exp 0..31). */
L4_INLINE l4_timeout_s l4_timeout_rel(unsigned man, unsigned exp)
{
	l4_timeout_s t;
	t.t = (l4_uint16_t)((man & 0x3ff) | ((exp << 10) & 0x7c00));
	return t;
}

/* A send/receive pair from explicit mantissas and exponents. */
L4_INLINE l4_timeout_t l4_ipc_timeout(unsigned snd_man, unsigned snd_exp,
				      unsigned rcv_man, unsigned rcv_exp)
{
	return l4_timeout(l4_timeout_rel(snd_man, snd_exp), l4_timeout_rel(rcv_man, rcv_exp));
}

L4_INLINE void l4_snd_timeout(l4_timeout_s snd, l4_timeout_t *to) { to->p.snd = snd; }
L4_INLINE void l4_rcv_timeout(l4_timeout_s rcv, l4_timeout_t *to) { to->p.rcv = rcv; }

/* The smallest encodable relative timeout of at least us microseconds
 * (Walnut rounds up; L4Re truncates). 0 gives the zero timeout,
 * L4_TIMEOUT_US_NEVER and anything that does not fit give "never". */
L4_INLINE l4_timeout_s l4_timeout_from_us(l4_uint64_t us)
{
	if (us == 0)
		return L4_IPC_TIMEOUT_0;
	if (us > L4_TIMEOUT_US_MAX)
		return L4_IPC_TIMEOUT_NEVER;
	unsigned e = 0;
	while (us > 0x3ff) {
		us = (us + 1) >> 1; /* round up so the timeout never gets shorter */
		e++;
	}
	if (e > 31)
		return L4_IPC_TIMEOUT_NEVER;
	l4_timeout_s t;
	t.t = (l4_uint16_t)((e << 10) | us);
	return t;
}

/* Walnut: the duration of a relative timeout in microseconds (0 for never). */
L4_INLINE l4_uint64_t l4_timeout_rel_us(l4_timeout_s t)
{
	return (l4_uint64_t)(t.t & 0x3ff) << ((t.t >> 10) & 0x1f);
}
/* L4Re: the duration in microseconds, ~0 for never. */
L4_INLINE l4_kernel_clock_t l4_timeout_rel_get(l4_timeout_s to)
{
	if (to.t == 0)
		return ~0ULL;
	return (l4_kernel_clock_t)(to.t & 0x3ff) << ((to.t >> 10) & 0x1f);
}
L4_INLINE unsigned l4_timeout_is_never(l4_timeout_s t) { return t.t == 0; }
L4_INLINE unsigned l4_timeout_is_zero(l4_timeout_s t) { return t.t != 0 && (t.t & 0x3ff) == 0 && !(t.t & 0x8000); }
L4_INLINE unsigned l4_timeout_is_absolute(l4_timeout_s t) { return (t.t & 0x8000) != 0; }
/* The clock value at which a relative timeout started at cur expires
 * (0 for absolute timeouts, whose value lives in a buffer register). */
L4_INLINE l4_kernel_clock_t l4_timeout_get(l4_kernel_clock_t cur, l4_timeout_s to)
{
	if (l4_timeout_is_absolute(to))
		return 0;
	return cur + l4_timeout_rel_get(to);
}

L4_END_DECLS
