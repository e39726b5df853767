/* The sigma0 protocol's client side (L4Re's <l4/sigma0/sigma0.h>): ask the
 * root pager for RAM, I/O memory and the KIP. Wire format: doc/protocols.md
 * "sigma0 protocol"; behaviour and errors: doc/runtime.md "sigma0".
 *
 * Every function calls sigma0 (a capability to sigma0's thread, e.g.
 * L4_BASE_PAGER_CAP in a boot task, or an IPC gate bound to it) with
 * label L4_PROTO_SIGMA0 and opens a receive window for the answer in the
 * calling thread's buffer registers (bdr = 0, br[0..1]). */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/kip.h>
#include <l4/sys/types.h>

/* mr0 of a request: SIGMA0_REQ_MAGIC + a request id (L4Re's values). */
#undef SIGMA0_REQ_MAGIC
#undef SIGMA0_REQ_MASK
#define SIGMA0_REQ_MAGIC (~0xFFUL)
#define SIGMA0_REQ_MASK  (~0xFFUL)

#define SIGMA0_REQ_ID_MASK               0xF0
#define SIGMA0_REQ_ID_FPAGE_RAM          0x60 /* mr1: l4_fpage(phys, order, ·) */
#define SIGMA0_REQ_ID_FPAGE_IOMEM        0x70 /* mr1: device memory, uncached */
#define SIGMA0_REQ_ID_FPAGE_IOMEM_CACHED 0x80 /* mr1: device memory, cached */
#define SIGMA0_REQ_ID_FPAGE_ANY          0x90 /* mr1: l4_fpage(0, order, 0) */
#define SIGMA0_REQ_ID_KIP                0xA0
#define SIGMA0_REQ_ID_TBUF               0xB0 /* Walnut: -L4_ENOSYS */
#define SIGMA0_REQ_ID_DEBUG_DUMP         0xC0
#define SIGMA0_REQ_ID_NEW_CLIENT         0xD0 /* Walnut: -L4_ENOSYS */

/* True when word d carries the request magic. */
#define SIGMA0_IS_MAGIC_REQ(d) (((d) & SIGMA0_REQ_MASK) == SIGMA0_REQ_MAGIC)
/* The mr0 value of request x (FPAGE_RAM, KIP, ...). */
#define SIGMA0_REQ(x) (SIGMA0_REQ_MAGIC + SIGMA0_REQ_ID_##x)

#define SIGMA0_REQ_FPAGE_RAM          (SIGMA0_REQ(FPAGE_RAM))
#define SIGMA0_REQ_FPAGE_IOMEM        (SIGMA0_REQ(FPAGE_IOMEM))
#define SIGMA0_REQ_FPAGE_IOMEM_CACHED (SIGMA0_REQ(FPAGE_IOMEM_CACHED))
#define SIGMA0_REQ_FPAGE_ANY          (SIGMA0_REQ(FPAGE_ANY))
#define SIGMA0_REQ_KIP                (SIGMA0_REQ(KIP))
#define SIGMA0_REQ_TBUF               (SIGMA0_REQ(TBUF))
#define SIGMA0_REQ_DEBUG_DUMP         (SIGMA0_REQ(DEBUG_DUMP))
#define SIGMA0_REQ_NEW_CLIENT         (SIGMA0_REQ(NEW_CLIENT))

/* Results of the l4sigma0_* functions, returned negated (L4Re's values). */
enum l4sigma0_return_flags_t {
	L4SIGMA0_OK,           /* success */
	L4SIGMA0_NOTALIGNED,   /* phys, virt or size not aligned */
	L4SIGMA0_IPCERROR,     /* the IPC failed (no sigma0, map failed...) */
	L4SIGMA0_NOFPAGE,      /* sigma0 refused: no mapping came back */
	L4SIGMA0_4,
	L4SIGMA0_5,
	L4SIGMA0_SMALLERFPAGE, /* superpage asked, smaller flexpage received (unused) */
};

L4_BEGIN_DECLS

/* The KIP, received in the window [addr, addr + 2^log2_size).
 * \return the KIP's address in this task, 0 on an error. Walnut: the
 *         kernel maps the KIP at L4_KIP_ADDR in every task and sigma0 just
 *         confirms that address, so the result is L4_KIP_ADDR whatever
 *         the window. */
L4_CV l4_kernel_info_t *l4sigma0_map_kip(l4_cap_idx_t sigma0, void *addr, unsigned log2_size);

/* Maps the RAM [phys, phys + size) at virt, in the largest naturally
 * aligned pieces phys, virt and size allow, one request each. Stops at the
 * first piece sigma0 refuses (pieces before it stay mapped).
 * \retval 0                     all of it mapped
 * \retval -L4SIGMA0_NOTALIGNED  phys, virt or size not page aligned, or size 0
 * \retval -L4SIGMA0_IPCERROR    IPC error
 * \retval -L4SIGMA0_NOFPAGE     sigma0 refused a piece (not RAM, given away) */
L4_CV int l4sigma0_map_mem(l4_cap_idx_t sigma0, l4_addr_t phys, l4_addr_t virt, l4_addr_t size);

/* The same for device memory (anything the KIP lists as neither RAM nor
 * boot-loader nor kernel memory), which may be requested any number of
 * times. cached: 1 write-back cached, 0 uncached (a hint: Walnut's kernel
 * takes the caching from sigma0's own mapping).
 * \retval 0, -L4SIGMA0_NOTALIGNED, -L4SIGMA0_IPCERROR, -L4SIGMA0_NOFPAGE */
L4_CV int l4sigma0_map_iomem(l4_cap_idx_t sigma0, l4_addr_t phys, l4_addr_t virt,
			     l4_addr_t size, int cached);

/* Any free block of 2^sz bytes of RAM (naturally aligned), received in the
 * window [map_area, map_area + 2^log2_map_size); *base receives its
 * physical address (= the send base). With map_area 0 and log2_map_size
 * L4_WHOLE_ADDRESS_SPACE it lands at virtual = physical.
 * \retval 0                    done
 * \retval -L4SIGMA0_IPCERROR   IPC error
 * \retval -L4SIGMA0_NOFPAGE    none left of that size, or a bad size */
L4_CV int l4sigma0_map_anypage(l4_cap_idx_t sigma0, l4_addr_t map_area, unsigned log2_map_size,
			       l4_addr_t *base, unsigned sz);

/* sigma0 prints its memory map and who holds which pages (kernel console). */
L4_CV void l4sigma0_debug_dump(l4_cap_idx_t sigma0);

/* An IPC gate for a new client, received at gate.
 * \retval -L4SIGMA0_IPCERROR  IPC error
 * \retval -L4SIGMA0_NOFPAGE   no capability came back (Walnut's sigma0
 *                             refuses the request with -L4_ENOSYS) */
L4_CV int l4sigma0_new_client(l4_cap_idx_t sigma0, l4_cap_idx_t gate);

/* A message for a result of the functions above. */
L4_INLINE char const *l4sigma0_map_errstr(int err)
{
	switch (err) {
	case 0: return "No error";
	case -L4SIGMA0_NOTALIGNED: return "Phys, virt or size not aligned";
	case -L4SIGMA0_IPCERROR: return "IPC error";
	case -L4SIGMA0_NOFPAGE: return "No fpage received";
	case -L4SIGMA0_SMALLERFPAGE: return "Superpage requested but smaller flexpage received";
	default: return "Unknown error";
	}
}

L4_END_DECLS
