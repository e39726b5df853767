/* Flexpages: size-aligned, power-of-two regions of one of a task's spaces
 * (memory, I/O ports, capabilities) with access rights, and the typed map
 * items that carry them in a message. Names, values and bit layout are
 * L4Re's; reached through <l4/sys/types.h>.
 *
 * l4_fpage_t (one machine word):
 *
 *   63              12 11      6 5    4 3      0
 *  +------------------+---------+------+--------+
 *  | address / index  |  order  | type | rights |
 *  +------------------+---------+------+--------+
 *
 *  address: memory address, I/O port number, or capability selector (the
 *  index << L4_CAP_SHIFT), bits below 12 are not part of it; order: log2 of
 *  the size in bytes / ports / capabilities; type: enum L4_fpage_type;
 *  rights: enum L4_fpage_rights (memory, I/O) or L4_cap_fpage_rights
 *  (objects). Type L4_FPAGE_SPECIAL with order L4_WHOLE_ADDRESS_SPACE is
 *  "all spaces" (l4_fpage_all()), with order 0 it is the invalid flexpage.
 *
 * A map item is two words in the message registers after the untyped
 * words: the control word (l4_map_control(): send base | cacheability |
 * L4_ITEM_MAP | grant | L4_ITEM_CONT) and the flexpage. See
 * doc/protocols.md for how the kernel transfers them.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h> /* l4_cap_idx_t; types.h includes this file at its end */

L4_BEGIN_DECLS

enum L4_fpage_consts {
	L4_FPAGE_RIGHTS_SHIFT = 0,
	L4_FPAGE_TYPE_SHIFT   = 4,
	L4_FPAGE_SIZE_SHIFT   = 6,
	L4_FPAGE_ADDR_SHIFT   = 12,

	L4_FPAGE_RIGHTS_BITS  = 4,
	L4_FPAGE_TYPE_BITS    = 2,
	L4_FPAGE_SIZE_BITS    = 6,
	L4_FPAGE_ADDR_BITS    = L4_MWORD_BITS - L4_FPAGE_ADDR_SHIFT,

	L4_FPAGE_RIGHTS_MASK  = ((1UL << L4_FPAGE_RIGHTS_BITS) - 1) << L4_FPAGE_RIGHTS_SHIFT,
	L4_FPAGE_TYPE_MASK    = ((1UL << L4_FPAGE_TYPE_BITS) - 1) << L4_FPAGE_TYPE_SHIFT,
	L4_FPAGE_SIZE_MASK    = ((1UL << L4_FPAGE_SIZE_BITS) - 1) << L4_FPAGE_SIZE_SHIFT,
	L4_FPAGE_ADDR_MASK    = ~0UL << L4_FPAGE_ADDR_SHIFT,
	/* Rights to give when granting: all the sender has. */
	L4_FPAGE_RIGHTS_ALL   = L4_FPAGE_RIGHTS_MASK,
};

typedef union l4_fpage_t {
	l4_umword_t fpage; /* raw value (older name) */
	l4_umword_t raw;   /* raw value */
} l4_fpage_t;

enum {
	/* Order of the largest memory flexpage; with type L4_FPAGE_SPECIAL and
	 * address 0 the flexpage covering every space (l4_fpage_all()). */
	L4_WHOLE_ADDRESS_SPACE = 63,
};

/* A send item: control word (send base) and flexpage. */
typedef struct l4_snd_fpage_t {
	l4_umword_t snd_base;
	l4_fpage_t fpage;
} l4_snd_fpage_t;

/* Rights of memory and I/O-port flexpages. For I/O flexpages W and RO
 * together act as one "access" right: mapping needs either, unmapping
 * either takes the ports away. */
enum L4_fpage_rights {
	L4_FPAGE_X   = 1,
	L4_FPAGE_W   = 2,
	L4_FPAGE_RO  = 4,
	L4_FPAGE_RW  = L4_FPAGE_RO | L4_FPAGE_W,
	L4_FPAGE_RX  = L4_FPAGE_RO | L4_FPAGE_X,
	L4_FPAGE_RWX = L4_FPAGE_RW | L4_FPAGE_X,
};

/* Rights of capabilities (object flexpages and capability slots). R is
 * needed for any mapping to happen; W and S are interface specific (S is
 * the "special"/server right the kernel objects check for privileged
 * operations); D lets the holder delete the object (L4_FP_DELETE_OBJ). */
enum L4_cap_fpage_rights {
	L4_CAP_FPAGE_W    = 0x1,
	L4_CAP_FPAGE_S    = 0x2,
	L4_CAP_FPAGE_R    = 0x4,
	L4_CAP_FPAGE_RO   = 0x4,
	L4_CAP_FPAGE_D    = 0x8,
	L4_CAP_FPAGE_RW   = L4_CAP_FPAGE_R | L4_CAP_FPAGE_W,
	L4_CAP_FPAGE_RS   = L4_CAP_FPAGE_R | L4_CAP_FPAGE_S,
	L4_CAP_FPAGE_RWS  = L4_CAP_FPAGE_RW | L4_CAP_FPAGE_S,
	L4_CAP_FPAGE_RWSD = L4_CAP_FPAGE_RWS | L4_CAP_FPAGE_D,
	L4_CAP_FPAGE_RWD  = L4_CAP_FPAGE_RW | L4_CAP_FPAGE_D,
	L4_CAP_FPAGE_RSD  = L4_CAP_FPAGE_RS | L4_CAP_FPAGE_D,
};

enum L4_fpage_type {
	L4_FPAGE_SPECIAL = 0, /* invalid (order 0) or all spaces (order 63) */
	L4_FPAGE_MEMORY  = 1,
	L4_FPAGE_IO      = 2,
	L4_FPAGE_OBJ     = 3,
};

/* The send base in a map control word is aligned to 4 KiB. */
enum L4_fpage_control {
	L4_FPAGE_CONTROL_OFFSET_SHIFT = 12,
	L4_FPAGE_CONTROL_MASK         = ~0UL << L4_FPAGE_CONTROL_OFFSET_SHIFT,
};

/* Attribute bits an object map item carries in its control word (bits 4-7,
 * next to L4_ITEM_MAP); their meaning is per object type. */
enum L4_obj_fpage_ctl {
	L4_FPAGE_C_REF_CNT     = 0x00, /* the new capability counts as a reference (default) */
	L4_FPAGE_C_NO_REF_CNT  = 0x10, /* it does not */
	L4_FPAGE_C_OBJ_RIGHT1  = 0x20,
	L4_FPAGE_C_OBJ_RIGHT2  = 0x40,
	L4_FPAGE_C_OBJ_RIGHT3  = 0x80,
	L4_FPAGE_C_OBJ_RIGHTS  = 0xe0,
	/* IPC gates: the receiver may use the gate's own operations
	 * (L4_PROTO_KOBJECT: bind, get_infos) instead of having them forwarded. */
	L4_FPAGE_C_IPCGATE_SVR = L4_FPAGE_C_OBJ_RIGHT1,
};

/* Cacheability of memory map items: the cache argument of
 * l4_map_control(), stored in bits 4-7 of the control word. */
enum l4_fpage_cacheability_opt_t {
	L4_FPAGE_CACHE_OPT   = 0x1, /* set: the item carries a cacheability option */
	L4_FPAGE_CACHEABLE   = 0x3, /* write-back */
	L4_FPAGE_BUFFERABLE  = 0x5, /* write-combining */
	L4_FPAGE_UNCACHEABLE = 0x1, /* uncached (device memory) */
};

enum {
	L4_WHOLE_IOADDRESS_SPACE = 16, /* order of the whole I/O-port space */
	L4_IOPORT_MAX            = (1L << L4_WHOLE_IOADDRESS_SPACE),
};

#ifdef __cplusplus
static_assert((unsigned long)L4_CAP_SHIFT >= (unsigned long)L4_FPAGE_ADDR_SHIFT,
	      "capability selectors must fit the flexpage address field");
#else
_Static_assert((unsigned long)L4_CAP_SHIFT >= (unsigned long)L4_FPAGE_ADDR_SHIFT,
	       "capability selectors must fit the flexpage address field");
#endif

/* Builds a flexpage from its fields (address bits below 12 are dropped). */
L4_INLINE l4_fpage_t __l4_fpage_generic(unsigned long address, unsigned int type,
					unsigned int size, unsigned char rights)
{
	l4_fpage_t f;
	f.raw = (address & L4_FPAGE_ADDR_MASK) |
		(((l4_umword_t)size << L4_FPAGE_SIZE_SHIFT) & L4_FPAGE_SIZE_MASK) |
		(((l4_umword_t)type << L4_FPAGE_TYPE_SHIFT) & L4_FPAGE_TYPE_MASK) |
		(((l4_umword_t)rights << L4_FPAGE_RIGHTS_SHIFT) & L4_FPAGE_RIGHTS_MASK);
	return f;
}

/* A memory flexpage.
 * \param address  start (aligned to 1 << size by the kernel's reading)
 * \param size     log2 of the size in bytes, >= L4_LOG2_PAGESIZE;
 *                 L4_WHOLE_ADDRESS_SPACE with address 0 for everything
 * \param rights   L4_FPAGE_RO/RW/RX/RWX... */
L4_INLINE l4_fpage_t l4_fpage(l4_addr_t address, unsigned int size, unsigned char rights)
{
	return __l4_fpage_generic(address, L4_FPAGE_MEMORY, size, rights);
}

/* The special flexpage covering every space of a task (receive windows,
 * unmap of everything). */
L4_INLINE l4_fpage_t l4_fpage_all(void)
{
	return __l4_fpage_generic(0, L4_FPAGE_SPECIAL, L4_WHOLE_ADDRESS_SPACE, 0);
}

/* The invalid flexpage (raw value 0). */
L4_INLINE l4_fpage_t l4_fpage_invalid(void)
{
	return __l4_fpage_generic(0, L4_FPAGE_SPECIAL, 0, 0);
}

/* An I/O-port flexpage of 1 << size ports from port (rights: RW).
 * \param size  log2 of the number of ports; L4_WHOLE_IOADDRESS_SPACE with
 *              port 0 for all ports */
L4_INLINE l4_fpage_t l4_iofpage(unsigned long port, unsigned int size)
{
	return __l4_fpage_generic(port << L4_FPAGE_ADDR_SHIFT, L4_FPAGE_IO, size, L4_FPAGE_RW);
}

/* An object flexpage: 1 << order capabilities starting at selector obj.
 * \param rights  L4_CAP_FPAGE_*; without L4_CAP_FPAGE_R nothing is mapped */
L4_INLINE l4_fpage_t l4_obj_fpage(l4_cap_idx_t obj, unsigned int order, unsigned char rights)
{
	return __l4_fpage_generic(obj, L4_FPAGE_OBJ, order, rights);
}

L4_INLINE unsigned l4_fpage_rights(l4_fpage_t f)
{
	return (unsigned)((f.raw & L4_FPAGE_RIGHTS_MASK) >> L4_FPAGE_RIGHTS_SHIFT);
}
L4_INLINE unsigned l4_fpage_type(l4_fpage_t f)
{
	return (unsigned)((f.raw & L4_FPAGE_TYPE_MASK) >> L4_FPAGE_TYPE_SHIFT);
}
/* log2 of the size (bytes, ports or capabilities). */
L4_INLINE unsigned l4_fpage_size(l4_fpage_t f)
{
	return (unsigned)((f.raw & L4_FPAGE_SIZE_MASK) >> L4_FPAGE_SIZE_SHIFT);
}
/* The address field shifted down (page number, port, capability index). */
L4_INLINE unsigned long l4_fpage_page(l4_fpage_t f)
{
	return (f.raw & L4_FPAGE_ADDR_MASK) >> L4_FPAGE_ADDR_SHIFT;
}
L4_INLINE l4_addr_t l4_fpage_memaddr(l4_fpage_t f) { return f.raw & L4_FPAGE_ADDR_MASK; }
L4_INLINE l4_cap_idx_t l4_fpage_obj(l4_fpage_t f) { return f.raw & L4_FPAGE_ADDR_MASK; }
L4_INLINE unsigned long l4_fpage_ioport(l4_fpage_t f)
{
	return (f.raw & L4_FPAGE_ADDR_MASK) >> L4_FPAGE_ADDR_SHIFT;
}

/* src with its rights replaced by new_rights. */
L4_INLINE l4_fpage_t l4_fpage_set_rights(l4_fpage_t src, unsigned char new_rights)
{
	l4_fpage_t f;
	f.raw = (src.raw & ~(l4_umword_t)L4_FPAGE_RIGHTS_MASK) |
		(((l4_umword_t)new_rights << L4_FPAGE_RIGHTS_SHIFT) & L4_FPAGE_RIGHTS_MASK);
	return f;
}

L4_INLINE int l4_is_fpage_writable(l4_fpage_t fp)
{
	return (l4_fpage_rights(fp) & L4_FPAGE_W) != 0;
}

/* Non-zero when [addr, addr + (1 << size)) lies inside the (memory) flexpage. */
L4_INLINE int l4_fpage_contains(l4_fpage_t fpage, l4_addr_t addr, unsigned size)
{
	l4_addr_t start = l4_fpage_memaddr(fpage);
	l4_addr_t end = start + (1UL << l4_fpage_size(fpage)); /* exclusive */
	return addr >= start && addr + (1UL << size) <= end;
}

/* The largest order (at most 30, 1 GiB) of a flexpage around addr: starting
 * from order (L4_LOG2_PAGESIZE for memory), it grows while the larger
 * flexpage stays inside [min_addr, max_addr) and addr and hotspot have the
 * same offset within it (hotspot ~0: it never grows). The flexpage starts at
 * l4_trunc_size(addr, result). */
L4_INLINE unsigned char l4_fpage_max_order(unsigned char order, l4_addr_t addr,
					   l4_addr_t min_addr, l4_addr_t max_addr,
					   l4_addr_t hotspot L4_DEFAULT_PARAM(0))
{
	while (order < 30) {
		unsigned next = order + 1u;
		l4_addr_t base = l4_trunc_size(addr, (unsigned char)next);
		if (base < min_addr || base + (1UL << next) - 1 > max_addr - 1)
			break;
		if (hotspot == ~0UL || ((addr ^ hotspot) & ((1UL << next) - 1)) != 0)
			break;
		order = (unsigned char)next;
	}
	return order;
}

/* The control word (first word) of a memory map item.
 * \param spot   send base: where the item lands in the receive window (bits
 *               below 12 ignored), see doc/protocols.md "Map items"
 * \param cache  0 (keep the source's caching) or L4_FPAGE_CACHEABLE,
 *               L4_FPAGE_BUFFERABLE, L4_FPAGE_UNCACHEABLE
 * \param grant  L4_MAP_ITEM_MAP or L4_MAP_ITEM_GRANT */
L4_INLINE l4_umword_t l4_map_control(l4_umword_t spot, unsigned char cache, unsigned grant)
{
	return (spot & L4_FPAGE_CONTROL_MASK) | ((l4_umword_t)(cache & 0xf) << 4) |
	       L4_ITEM_MAP | grant;
}

/* The control word of an object or I/O map item (no cacheability); object
 * attribute bits (L4_FPAGE_C_*) may be or-ed in. */
L4_INLINE l4_umword_t l4_map_obj_control(l4_umword_t spot, unsigned grant)
{
	return l4_map_control(spot, 0, grant);
}

L4_END_DECLS
