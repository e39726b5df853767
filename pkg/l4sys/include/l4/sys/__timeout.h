/* IPC timeouts: 16-bit relative timeouts (mantissa << exponent microseconds)
 * paired as send|receive in one 32-bit l4_timeout_t, as in L4Re. */
#pragma once

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>

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

L4_INLINE l4_timeout_t l4_timeout(l4_timeout_s snd, l4_timeout_s rcv)
{
	l4_timeout_t t;
	t.p.snd = snd;
	t.p.rcv = rcv;
	return t;
}

/* The smallest encodable relative timeout of at least us microseconds. */
L4_INLINE l4_timeout_s l4_timeout_from_us(l4_uint64_t us)
{
	if (us == 0)
		return L4_IPC_TIMEOUT_0;
	unsigned e = 0;
	while (us > 0x3ff && e < 31) {
		us = (us + 1) >> 1; /* round up so the timeout never gets shorter */
		e++;
	}
	if (e == 0) /* e == 0 with m != 0 is fine; keep the encoding canonical */
		return (l4_timeout_s){ (l4_uint16_t)us };
	return (l4_timeout_s){ (l4_uint16_t)((e << 10) | us) };
}

L4_INLINE l4_uint64_t l4_timeout_rel_us(l4_timeout_s t)
{
	return (l4_uint64_t)(t.t & 0x3ff) << ((t.t >> 10) & 0x1f);
}
L4_INLINE unsigned l4_timeout_is_never(l4_timeout_s t) { return t.t == 0; }
L4_INLINE unsigned l4_timeout_is_zero(l4_timeout_s t) { return t.t != 0 && (t.t & 0x3ff) == 0 && !(t.t & 0x8000); }
L4_INLINE unsigned l4_timeout_is_absolute(l4_timeout_s t) { return (t.t & 0x8000) != 0; }
