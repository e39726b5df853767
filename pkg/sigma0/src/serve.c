/* sigma0's message handling: decode and check a request, then perform it
 * and build the reply in the UTCB. */
#include "serve.h"
#include "client.h"
#include "mem.h"

#include <l4/sigma0/sigma0.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/meta.h>
#include <l4/sys/utcb.h>

static l4_msgtag_t result(long r) { return l4_msgtag(r, 0, 0, 0); }

/* -L4_EMSGTOOSHORT / -L4_EMSGTOOLONG unless tag has exactly n words. */
static long want_words(l4_msgtag_t tag, unsigned n)
{
	unsigned w = l4_msgtag_words(tag);
	return w < n ? -L4_EMSGTOOSHORT : w > n ? -L4_EMSGTOOLONG : 0;
}

/* One map item: 2^order bytes at physical pa, sent from sigma0's window
 * with send base pa, so that it lands at window + (pa mod window size) or,
 * with l4_fpage_all() as the window, at pa itself. */
static l4_msgtag_t map_reply(l4_addr_t pa, unsigned order, unsigned rights, unsigned char cache)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = l4_map_control(pa, cache, L4_MAP_ITEM_MAP);
	m->mr[1] = l4_fpage(S0_PHYS_BASE + pa, order, rights).raw;
	return l4_msgtag(0, 0, 1, 0);
}

/* Checks the flexpage of a memory request: a memory flexpage of order
 * S0_MIN_ORDER..S0_MAX_ORDER with its address aligned to the order. */
static long decode_fpage(l4_umword_t raw, l4_addr_t *pa, unsigned *order)
{
	l4_fpage_t fp = { .raw = raw };
	*order = l4_fpage_size(fp);
	*pa = l4_fpage_memaddr(fp);
	if (l4_fpage_type(fp) != L4_FPAGE_MEMORY || *order < S0_MIN_ORDER || *order > S0_MAX_ORDER)
		return -L4_EINVAL;
	return (*pa & ((1UL << *order) - 1)) ? -L4_EINVAL : 0;
}

/* FPAGE_RAM, FPAGE_IOMEM(_CACHED), FPAGE_ANY: mr1 is a flexpage. */
static l4_msgtag_t memory_request(unsigned id, unsigned client)
{
	l4_addr_t pa;
	unsigned order;
	long r = decode_fpage(l4_utcb_mr()->mr[1], &pa, &order);
	if (r < 0)
		return result(r);
	switch (id) {
	case SIGMA0_REQ_ID_FPAGE_RAM:
		r = s0_mem_take(pa, order, client);
		return r < 0 ? result(r) : map_reply(pa, order, L4_FPAGE_RWX, L4_FPAGE_CACHEABLE);
	case SIGMA0_REQ_ID_FPAGE_ANY:
		if (pa)
			return result(-L4_EINVAL);
		r = s0_mem_take_any(order, client, &pa);
		return r < 0 ? result(r) : map_reply(pa, order, L4_FPAGE_RWX, L4_FPAGE_CACHEABLE);
	default: /* I/O memory: anybody, as often as asked */
		if (!s0_mem_is_io(pa, order))
			return result(-L4_ENOMEM);
		return map_reply(pa, order, L4_FPAGE_RW,
				 id == SIGMA0_REQ_ID_FPAGE_IOMEM ? L4_FPAGE_UNCACHEABLE : L4_FPAGE_CACHEABLE);
	}
}

/* The KIP: the kernel maps it into every task at L4_KIP_ADDR and sigma0
 * holds no mapping of its frame it could pass on, so the answer is a void
 * item (no L4_ITEM_MAP bit) that names where the client already has it. */
static l4_msgtag_t kip_reply(void)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = L4_KIP_ADDR;
	m->mr[1] = l4_fpage(L4_KIP_ADDR, L4_PAGESHIFT, L4_FPAGE_RX).raw;
	return l4_msgtag(0, 0, 1, 0);
}

static l4_msgtag_t sigma0_request(l4_msgtag_t tag, unsigned client)
{
	if (l4_msgtag_words(tag) == 0)
		return result(-L4_EMSGTOOSHORT);
	l4_umword_t mr0 = l4_utcb_mr()->mr[0];
	if (!SIGMA0_IS_MAGIC_REQ(mr0))
		return result(-L4_ENOSYS);
	unsigned id = (unsigned)(mr0 & ~SIGMA0_REQ_MASK);
	long r;
	switch (id) {
	case SIGMA0_REQ_ID_FPAGE_RAM:
	case SIGMA0_REQ_ID_FPAGE_IOMEM:
	case SIGMA0_REQ_ID_FPAGE_IOMEM_CACHED:
	case SIGMA0_REQ_ID_FPAGE_ANY:
		r = want_words(tag, 2);
		return r < 0 ? result(r) : memory_request(id, client);
	case SIGMA0_REQ_ID_KIP:
		r = want_words(tag, 1);
		return r < 0 ? result(r) : kip_reply();
	case SIGMA0_REQ_ID_DEBUG_DUMP:
		r = want_words(tag, 1);
		if (r == 0)
			s0_mem_dump();
		return result(r);
	default: /* TBUF, NEW_CLIENT, anything else */
		return result(-L4_ENOSYS);
	}
}

/* A page fault is resolved only on a page this client was given (it lost
 * the mapping, e.g. by unmapping it): mapped again 1:1. Anything else is
 * refused, which the kernel turns into an exception. */
static l4_msgtag_t page_fault(l4_msgtag_t tag, unsigned client)
{
	long r = want_words(tag, 2);
	if (r < 0)
		return result(r);
	l4_addr_t page = l4_trunc_page(l4_utcb_mr()->mr[0]);
	if (s0_mem_owner(page) != (int)client || client == S0_ANON_CLIENT)
		return result(-L4_ENOMEM);
	return map_reply(page, L4_PAGESHIFT, L4_FPAGE_RWX, L4_FPAGE_CACHEABLE);
}

/* I/O ports: sigma0 holds them all and grants any range it is asked for. */
static l4_msgtag_t io_fault(l4_msgtag_t tag)
{
	long r = want_words(tag, 2);
	if (r < 0)
		return result(r);
	l4_fpage_t fp = { .raw = l4_utcb_mr()->mr[0] };
	if (l4_fpage_type(fp) != L4_FPAGE_IO || l4_fpage_size(fp) > L4_WHOLE_IOADDRESS_SPACE)
		return result(-L4_EINVAL);
	l4_utcb_mr()->mr[0] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
	l4_utcb_mr()->mr[1] = l4_iofpage(l4_fpage_ioport(fp), l4_fpage_size(fp)).raw;
	return l4_msgtag(0, 0, 1, 0);
}

/* The meta protocol: one interface, L4_PROTO_SIGMA0 "sigma0". */
static l4_msgtag_t meta(l4_msgtag_t tag)
{
	l4_msg_regs_t *m = l4_utcb_mr();
	unsigned w = l4_msgtag_words(tag);
	if (w == 0)
		return result(-L4_EMSGTOOSHORT);
	switch (m->mr[0]) {
	case L4_META_NUM_INTERFACES_OP:
		return result(1);
	case L4_META_INTERFACE_OP:
		if (w < 2)
			return result(-L4_EMSGTOOSHORT);
		if (m->mr[1] != 0)
			return result(-L4_ERANGE);
		m->mr[0] = (l4_umword_t)L4_PROTO_SIGMA0;
		m->mr[1] = sizeof("sigma0");
		m->mr[2] = 0;
		__builtin_memcpy(&m->mr[2], "sigma0", sizeof("sigma0"));
		return l4_msgtag(0, 3, 0, 0);
	case L4_META_SUPPORTS_OP:
		if (w < 2)
			return result(-L4_EMSGTOOSHORT);
		return result((long)m->mr[1] == L4_PROTO_SIGMA0 || (long)m->mr[1] == L4_PROTO_META);
	default:
		return result(-L4_ENOSYS);
	}
}

l4_msgtag_t s0_serve(l4_msgtag_t tag, l4_umword_t label)
{
	switch (l4_msgtag_label(tag)) {
	case L4_PROTO_SIGMA0:
		return sigma0_request(tag, s0_client_id(label));
	case L4_PROTO_PAGE_FAULT:
		return page_fault(tag, s0_client_id(label));
	case L4_PROTO_IO_PAGE_FAULT:
		return io_fault(tag);
	case L4_PROTO_META:
		return meta(tag);
	default:
		return result(-L4_EBADPROTO);
	}
}
