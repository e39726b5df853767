/* sigma0's physical memory map: which RAM and boot-loader pages exist and
 * who has been given each one. */
#pragma once

#include <stdbool.h>
#include <l4/sys/kip.h>
#include <l4/sys/types.h>

/* sigma0 reaches physical address pa at S0_PHYS_BASE + pa (doc/abi.md). The
 * top of that window holds sigma0's own UTCB and KIP, so sigma0 serves only
 * physical addresses below S0_PHYS_LIMIT. */
#define S0_PHYS_BASE  0x0000400000000000UL
#define S0_PHYS_LIMIT 0x0000200000000000UL
#define S0_MIN_ORDER  12
#define S0_MAX_ORDER  45

/* Owner of a page: free, sigma0 itself (its bookkeeping), or a client id
 * (client.h) from S0_FIRST_CLIENT up to S0_ANON_CLIENT. */
enum {
	S0_FREE         = 0,
	S0_SELF         = 1,
	S0_FIRST_CLIENT = 2,
	S0_ANON_CLIENT  = 255, /* given away to a client the table had no room for */
};

/* Takes stock of the KIP's conventional and boot-loader memory and places
 * the bookkeeping in conventional memory (owned by S0_SELF).
 * \retval 0            ready
 * \retval -L4_ENOMEM   no range is large enough for the bookkeeping */
long s0_mem_init(l4_kernel_info_t *kip);

/* Gives [pa, pa + 2^order) to owner: it must lie within one RAM or
 * boot-loader range and every page must be free.
 * \retval 0           given
 * \retval -L4_ENOMEM  not RAM sigma0 owns, or (partly) given away already */
long s0_mem_take(l4_addr_t pa, unsigned order, unsigned owner);

/* Gives a free, naturally aligned block of 2^order bytes of conventional
 * RAM (never boot-loader memory) to owner; *pa receives its address.
 * \retval 0           given
 * \retval -L4_ENOMEM  no such block left */
long s0_mem_take_any(unsigned order, unsigned owner, l4_addr_t *pa);

/* The owner of the page holding pa, or -1 when sigma0 does not track it. */
int s0_mem_owner(l4_addr_t pa);

/* True when [pa, pa + 2^order) is I/O memory: below S0_PHYS_LIMIT and
 * overlapping no RAM, boot-loader or kernel (reserved) memory. */
bool s0_mem_is_io(l4_addr_t pa, unsigned order);

/* Prints the ranges, their free and given pages and the runs of pages
 * each owner holds, on the kernel console. */
void s0_mem_dump(void);
