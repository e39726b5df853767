/* ktest-sigma0: the sigma0 protocol and <l4/sigma0/sigma0.h>, run as the
 * root task (paged by sigma0): RAM of any size and at given addresses,
 * handed out once; I/O memory any number of times; the KIP; boot-loader
 * memory only on request; refusals; page faults resolved only on pages the
 * faulting client owns; I/O ports; meta; the dump; everything at the end. */
#include <ktap.h>
#include <ktest_more.h>
#include <ktest_task.h>
#include <ktest_util.h>
#include <l4/sigma0/sigma0.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/kprint.h>
#include <l4/sys/meta.h>
#include <l4/sys/task.h>

int main(int argc, char **argv);

#define S0       L4_BASE_PAGER_CAP
/* Where this task receives physical memory: phys p lands at PHYS_WIN + p. */
#define PHYS_WIN 0x400000000000UL
#define BOOTINFO_MAGIC 0x4942554e4c4157ULL /* "WALNUBI", kernel/include/abi/bootinfo.h */
#define HPET_BASE 0xfed00000UL            /* q35: the HPET's registers */

static l4_fpage_t phys_window(void) { return l4_fpage(PHYS_WIN, 46, L4_FPAGE_RWX); }
static volatile l4_umword_t *phys(l4_addr_t pa) { return (volatile l4_umword_t *)(PHYS_WIN + pa); }

/* One raw request: words (0..2) of mr0, mr1; the reply's map item lands
 * in window. The reply's words/items stay in the UTCB. */
static l4_msgtag_t call_label(l4_cap_idx_t s0, long label, unsigned words, l4_umword_t mr0,
			      l4_umword_t mr1, l4_fpage_t window)
{
	l4_utcb_mr()->mr[0] = mr0;
	l4_utcb_mr()->mr[1] = mr1;
	l4_utcb_br()->bdr = 0;
	l4_utcb_br()->br[0] = L4_ITEM_MAP;
	l4_utcb_br()->br[1] = window.raw;
	return l4_ipc_call(s0, l4_utcb(), l4_msgtag(label, words, 0, 0), L4_IPC_NEVER);
}
static l4_msgtag_t call(unsigned words, l4_umword_t mr0, l4_umword_t mr1)
{
	return call_label(S0, L4_PROTO_SIGMA0, words, mr0, mr1, phys_window());
}
/* The reply's label for a request with flexpage fp (0 on success). */
static long req(l4_umword_t op, l4_fpage_t fp)
{
	l4_msgtag_t t = call(2, op, fp.raw);
	return l4_msgtag_has_error(t) ? -1000 - (long)l4_ipc_error(t, l4_utcb()) : l4_msgtag_label(t);
}

/* The first KIP descriptor of type (and sub_type unless ~0u). */
static const l4_kernel_info_mem_desc_t *find_desc(unsigned type, unsigned sub_type)
{
	l4_kernel_info_t *kip = l4_kip();
	for (unsigned i = 0; i < kip->num_mem_descs; i++) {
		const l4_kernel_info_mem_desc_t *m = &kip->mem_descs[i];
		if (m->type == type && (sub_type == ~0u || m->sub_type == sub_type))
			return m;
	}
	return 0;
}
static const l4_kernel_info_mem_desc_t *desc_of(l4_addr_t pa)
{
	l4_kernel_info_t *kip = l4_kip();
	for (unsigned i = 0; i < kip->num_mem_descs; i++)
		if (kip->mem_descs[i].start <= pa && pa <= kip->mem_descs[i].end)
			return &kip->mem_descs[i];
	return 0;
}
static const l4_kernel_info_mem_desc_t *largest_conventional(void)
{
	l4_kernel_info_t *kip = l4_kip();
	const l4_kernel_info_mem_desc_t *best = 0;
	for (unsigned i = 0; i < kip->num_mem_descs; i++) {
		const l4_kernel_info_mem_desc_t *m = &kip->mem_descs[i];
		if (m->type == L4_MEM_TYPE_CONVENTIONAL &&
		    (!best || m->end - m->start > best->end - best->start))
			best = m;
	}
	return best;
}
/* A page in the middle of the largest conventional range (+ k pages):
 * FPAGE_ANY works upwards from low addresses and sigma0's own bookkeeping
 * sits at the top, so nobody has it before a test asks. Far above this
 * program's image, so it can be mapped 1:1. */
static l4_addr_t mid_page(unsigned k)
{
	const l4_kernel_info_mem_desc_t *m = largest_conventional();
	return l4_trunc_size(m->start + (m->end - m->start) / 2, 22) + k * L4_PAGESIZE;
}

/* -- the KIP ------------------------------------------------------------------ */

KTEST(s0_01_kip)
{
	l4_kernel_info_t *k = l4sigma0_map_kip(S0, (void *)0x10000000, L4_PAGESHIFT);
	KASSERT(k == l4_kip());
	KCHECK_EQ(k->magic, L4_KERNEL_INFO_MAGIC);
	l4_msgtag_t t = call(1, SIGMA0_REQ_KIP, 0);
	KCHECK_EQ(l4_msgtag_label(t), 0);
	KCHECK_EQ(l4_msgtag_items(t), 1);
	KCHECK_EQ(l4_utcb_mr()->mr[0] & L4_PAGEMASK, L4_KIP_ADDR);
}

/* -- RAM ------------------------------------------------------------------------ */

KTEST(s0_02_any_page_of_several_orders)
{
	static const unsigned orders[] = { 12, 13, 16, 21, 22, 12 };
	l4_addr_t got[6];
	for (unsigned i = 0; i < 6; i++) {
		unsigned o = orders[i];
		KASSERT_EQ(l4sigma0_map_anypage(S0, PHYS_WIN, 46, &got[i], o), 0);
		KCHECK_EQ(got[i] & ((1UL << o) - 1), 0);
		const l4_kernel_info_mem_desc_t *m = desc_of(got[i]);
		KASSERT(m != 0);
		KCHECK_EQ(m->type, L4_MEM_TYPE_CONVENTIONAL);
		KCHECK(got[i] + (1UL << o) - 1 <= m->end);
		/* It is ours: first and last word writable. */
		*phys(got[i]) = 0x5100 + i;
		*phys(got[i] + (1UL << o) - 8) = 0x5200 + i;
		KCHECK_EQ(*phys(got[i]), 0x5100 + i);
		KCHECK_EQ(*phys(got[i] + (1UL << o) - 8), 0x5200 + i);
		for (unsigned j = 0; j < i; j++) {
			l4_addr_t a = got[j], ae = a + (1UL << orders[j]), b = got[i], be = b + (1UL << o);
			KCHECK(ae <= b || be <= a); /* never given twice */
		}
	}
}

KTEST(s0_03_specific_page_1to1)
{
	l4_addr_t p = mid_page(0);
	KASSERT_EQ(l4sigma0_map_mem(S0, p, p, L4_PAGESIZE), 0);
	*(volatile l4_umword_t *)p = 0xfeed;
	KCHECK_EQ(*(volatile l4_umword_t *)p, 0xfeed);
	/* A 64 KiB block at a given address, in a small window elsewhere. */
	l4_msgtag_t t = call_label(S0, L4_PROTO_SIGMA0, 2, SIGMA0_REQ_FPAGE_RAM,
				   l4_fpage(mid_page(16), 16, L4_FPAGE_RWX).raw,
				   l4_fpage(0x20000000, 16, L4_FPAGE_RWX));
	KASSERT_EQ(l4_msgtag_label(t), 0);
	KCHECK_EQ(l4_msgtag_items(t), 1);
	KCHECK_EQ(l4_utcb_mr()->mr[0] & L4_PAGEMASK, mid_page(16));
	*(volatile l4_umword_t *)0x2000fff8 = 7;
	KCHECK_EQ(*(volatile l4_umword_t *)0x2000fff8, 7);
}

KTEST(s0_04_double_allocation_refused)
{
	l4_addr_t p = mid_page(40);
	KASSERT_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(p, 12, L4_FPAGE_RWX)), 0);
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(p, 12, L4_FPAGE_RWX)), -L4_ENOMEM);
	/* A larger block holding it, too. */
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(l4_trunc_size(p, 20), 20, L4_FPAGE_RWX)),
		  -L4_ENOMEM);
	KCHECK_EQ(l4sigma0_map_mem(S0, p, 0x21000000, L4_PAGESIZE), -L4SIGMA0_NOFPAGE);
}

KTEST(s0_05_nonexistent_range_refused)
{
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(0x100000000000UL, 12, 0)), -L4_ENOMEM);
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(0x200000000000UL, 12, 0)), -L4_ENOMEM);
	/* All of physical memory at once crosses holes and the kernel. */
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(0, 40, 0)), -L4_ENOMEM);
	/* A block larger than any RAM range. */
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_ANY, l4_fpage(0, 40, 0)), -L4_ENOMEM);
}

KTEST(s0_06_kernel_memory_refused)
{
	const l4_kernel_info_mem_desc_t *pool = find_desc(L4_MEM_TYPE_RESERVED, 1);
	const l4_kernel_info_mem_desc_t *image = find_desc(L4_MEM_TYPE_RESERVED, 2);
	const l4_kernel_info_mem_desc_t *tasks = find_desc(L4_MEM_TYPE_RESERVED, 3);
	KASSERT(pool && image && tasks);
	l4_addr_t a[] = { l4_round_page(pool->start), l4_round_page(image->start),
			  l4_round_page(tasks->start) };
	for (unsigned i = 0; i < 3; i++) {
		KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(a[i], 12, 0)), -L4_ENOMEM);
		KCHECK_EQ(req(SIGMA0_REQ_FPAGE_IOMEM, l4_fpage(a[i], 12, 0)), -L4_ENOMEM);
	}
}

/* -- I/O memory ------------------------------------------------------------------- */

KTEST(s0_07_iomem_repeatable)
{
	KASSERT(desc_of(HPET_BASE) == 0);
	for (unsigned i = 0; i < 3; i++)
		KCHECK_EQ(req(SIGMA0_REQ_FPAGE_IOMEM, l4_fpage(HPET_BASE, 12, 0)), 0);
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_IOMEM_CACHED, l4_fpage(HPET_BASE, 12, 0)), 0);
	KCHECK_EQ(l4sigma0_map_iomem(S0, HPET_BASE, 0x22000000, L4_PAGESIZE, 0), 0);
	/* The HPET's capability register: vendor 0x8086 in bits 31..16. */
	KCHECK_EQ((*(volatile l4_uint32_t *)0x22000000 >> 16), 0x8086);
	KCHECK_EQ(*(volatile l4_uint32_t *)(PHYS_WIN + HPET_BASE) >> 16, 0x8086);
	/* RAM is not I/O memory, neither is a range reaching into it. */
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_IOMEM, l4_fpage(mid_page(60), 12, 0)), -L4_ENOMEM);
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_IOMEM, l4_fpage(0, 32, 0)), -L4_ENOMEM);
	KCHECK_EQ(l4sigma0_map_iomem(S0, mid_page(60), 0x22000000, L4_PAGESIZE, 1),
		  -L4SIGMA0_NOFPAGE);
	/* Beyond what sigma0 serves. */
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_IOMEM, l4_fpage(0x200000000000UL, 12, 0)), -L4_ENOMEM);
}

/* -- boot-loader memory -------------------------------------------------------------- */

KTEST(s0_08_bootloader_page_once)
{
	l4_addr_t bi = l4_kip()->user_ptr;
	const l4_kernel_info_mem_desc_t *m = desc_of(bi);
	KASSERT(m != 0);
	KCHECK_EQ(m->type, L4_MEM_TYPE_BOOTLOADER);
	KCHECK_EQ(m->sub_type, 0);
	l4_addr_t page = l4_trunc_page(bi);
	KASSERT_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(page, 12, 0)), 0);
	KCHECK_EQ(*(volatile l4_uint64_t *)(PHYS_WIN + bi), BOOTINFO_MAGIC);
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(page, 12, 0)), -L4_ENOMEM);
	/* A module's first page, too. */
	const l4_kernel_info_mem_desc_t *mod = find_desc(L4_MEM_TYPE_BOOTLOADER, 1);
	if (mod) {
		KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(l4_round_page(mod->start), 12, 0)), 0);
	} else {
		ktap_note("no boot module in this image");
	}
}

/* -- malformed requests ---------------------------------------------------------------- */

KTEST(s0_09_bad_requests)
{
	l4_fpage_t ok = l4_fpage(mid_page(70), 12, 0);
	KCHECK_EQ(req(0x60, ok), -L4_ENOSYS);                       /* no magic */
	KCHECK_EQ(req(SIGMA0_REQ_MAGIC + 0xe0, ok), -L4_ENOSYS);    /* unknown id */
	KCHECK_EQ(req(SIGMA0_REQ_MAGIC + 0x61, ok), -L4_ENOSYS);    /* low bits set */
	KCHECK_EQ(l4_msgtag_label(call(1, SIGMA0_REQ_TBUF, 0)), -L4_ENOSYS);
	KCHECK_EQ(l4_msgtag_label(call(1, SIGMA0_REQ_NEW_CLIENT, 0)), -L4_ENOSYS);
	/* Word counts. */
	KCHECK_EQ(l4_msgtag_label(call(0, 0, 0)), -L4_EMSGTOOSHORT);
	KCHECK_EQ(l4_msgtag_label(call(1, SIGMA0_REQ_FPAGE_RAM, ok.raw)), -L4_EMSGTOOSHORT);
	KCHECK_EQ(l4_msgtag_label(call(1, SIGMA0_REQ_FPAGE_ANY, ok.raw)), -L4_EMSGTOOSHORT);
	KCHECK_EQ(l4_msgtag_label(call(2, SIGMA0_REQ_KIP, 0)), -L4_EMSGTOOLONG);
	KCHECK_EQ(l4_msgtag_label(call(2, SIGMA0_REQ_DEBUG_DUMP, 0)), -L4_EMSGTOOLONG);
	l4_utcb_mr()->mr[2] = 0;
	KCHECK_EQ(l4_msgtag_label(l4_ipc_call(S0, l4_utcb(), l4_msgtag(L4_PROTO_SIGMA0, 3, 0, 0),
					      L4_IPC_NEVER)), -L4_EMSGTOOLONG);
	/* Flexpages. */
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_iofpage(0x70, 1)), -L4_EINVAL);
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(mid_page(70), 11, 0)), -L4_EINVAL);
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(mid_page(70), 46, 0)), -L4_EINVAL);
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(mid_page(71), 13, 0)), -L4_EINVAL);
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage_invalid()), -L4_EINVAL);
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_ANY, l4_fpage(0x100000, 12, 0)), -L4_EINVAL);
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_IOMEM, l4_fpage(HPET_BASE, 47, 0)), -L4_EINVAL);
	/* Another protocol. */
	KCHECK_EQ(l4_msgtag_label(call_label(S0, 0x1234, 1, 0, 0, phys_window())), -L4_EBADPROTO);
	/* Nothing of it was given away: the page is still free. */
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, ok), 0);
}

/* -- page faults ------------------------------------------------------------------------ */

/* A prober thread in this task paged by pager (sigma0 or a gate to it),
 * its exceptions caught by ktap's fault handler. */
static l4_cap_idx_t prober_paged_by(l4_cap_idx_t pager)
{
	return ktt_prober_ex(L4_BASE_TASK_CAP, 0, pager, ktt_handler());
}

KTEST(s0_10_fault_on_page_not_given_is_exception)
{
	l4_cap_idx_t pr = prober_paged_by(S0);
	KASSERT(!l4_is_invalid_cap(pr));
	ktt_fault_reset();
	l4_umword_t v;
	KCHECK_EQ(ktt_read(pr, mid_page(80), &v), KTT_FAULT); /* free RAM, not ours */
	KCHECK_EQ(ktt_fault.exc_count, 1);
	KCHECK_EQ(ktt_fault.trapno, 14);
	KCHECK_EQ(ktt_fault.pfa, mid_page(80));
	KCHECK_EQ(ktt_write(pr, 0x30000000000UL, 1), KTT_FAULT); /* no memory there */
	KCHECK_EQ(ktt_fault.exc_count, 2);
	/* The fault did not give the page away. */
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(mid_page(80), 12, 0)), 0);
	ktt_thread_free(pr);
}

KTEST(s0_11_fault_on_owned_page_after_unmap_is_resolved)
{
	l4_addr_t p = mid_page(90);
	KASSERT_EQ(l4sigma0_map_mem(S0, p, p, L4_PAGESIZE), 0);
	*(volatile l4_umword_t *)p = 0xabcd;
	KASSERT_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(p, 12, L4_FPAGE_RWX),
					  L4_FP_ALL_SPACES)), 0);
	l4_cap_idx_t pr = prober_paged_by(S0);
	KASSERT(!l4_is_invalid_cap(pr));
	ktt_fault_reset();
	l4_umword_t v = 0;
	KCHECK_EQ(ktt_read(pr, p, &v), KTT_OK);
	KCHECK_EQ(v, 0xabcd); /* the same frame came back */
	KCHECK_EQ(ktt_write(pr, p + 8, 5), KTT_OK);
	KCHECK_EQ(ktt_fault.exc_count, 0);
	ktt_thread_free(pr);
}

KTEST(s0_12_clients_told_apart_by_gate_label)
{
	/* A second client: an IPC gate bound to sigma0's thread. */
	l4_cap_idx_t gate = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, S0, 0x5000)), 0);
	l4_addr_t mine = mid_page(100), theirs;
	KASSERT_EQ(l4sigma0_map_mem(S0, mine, mine, L4_PAGESIZE), 0);
	/* The other client cannot have it, nor fault it in. */
	KCHECK_EQ(l4sigma0_map_mem(gate, mine, 0x23000000, L4_PAGESIZE), -L4SIGMA0_NOFPAGE);
	theirs = mid_page(101);
	KASSERT_EQ(l4sigma0_map_mem(gate, theirs, 0x23000000, L4_PAGESIZE), 0);
	l4_cap_idx_t ours = prober_paged_by(S0), other = prober_paged_by(gate);
	KASSERT(!l4_is_invalid_cap(ours) && !l4_is_invalid_cap(other));
	KASSERT_EQ(l4_error(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(mine, 12, L4_FPAGE_RWX),
					  L4_FP_ALL_SPACES)), 0);
	ktt_fault_reset();
	l4_umword_t v;
	KCHECK_EQ(ktt_read(other, mine, &v), KTT_FAULT);   /* label 0x5000: not its page */
	KCHECK_EQ(ktt_read(ours, theirs, &v), KTT_FAULT);  /* label 0: not ours */
	KCHECK_EQ(ktt_fault.exc_count, 2);
	KCHECK_EQ(ktt_read(other, theirs, &v), KTT_OK);    /* its own */
	KCHECK_EQ(ktt_read(ours, mine, &v), KTT_OK);
	KCHECK_EQ(ktt_fault.exc_count, 2);
	ktt_thread_free(ours);
	ktt_thread_free(other);
	KCHECK_EQ(kt_delete(gate), 0);
}

/* -- I/O ports, meta, dump ------------------------------------------------------------ */

KTEST(s0_13_io_ports_still_granted)
{
	l4_fpage_t io_win = l4_iofpage(0, L4_WHOLE_IOADDRESS_SPACE);
	l4_msgtag_t t = call_label(S0, L4_PROTO_IO_PAGE_FAULT, 2, l4_iofpage(0x70, 1).raw, 0, io_win);
	KCHECK_EQ(l4_msgtag_label(t), 0);
	KCHECK_EQ(l4_msgtag_items(t), 1);
	unsigned char a;
	__asm__ volatile("outb %b1, $0x70; inb $0x71, %0" : "=a"(a) : "a"(0x0a));
	KCHECK_NE(a & 0x0f, 0); /* the RTC's status register A answered */
	t = call_label(S0, L4_PROTO_IO_PAGE_FAULT, 2, l4_fpage(0x1000, 12, 0).raw, 0, io_win);
	KCHECK_EQ(l4_msgtag_label(t), -L4_EINVAL);
	t = call_label(S0, L4_PROTO_IO_PAGE_FAULT, 1, l4_iofpage(0x70, 1).raw, 0, io_win);
	KCHECK_EQ(l4_msgtag_label(t), -L4_EMSGTOOSHORT);
}

KTEST(s0_14_meta)
{
	KCHECK_EQ(l4_msgtag_label(l4_meta_num_interfaces(S0)), 1);
	long proto = 0;
	char name[16];
	KCHECK_EQ(l4_msgtag_label(l4_meta_interface(S0, 0, &proto, name, sizeof(name))), 0);
	KCHECK_EQ(proto, L4_PROTO_SIGMA0);
	KCHECK(__builtin_memcmp(name, "sigma0", 7) == 0);
	KCHECK_EQ(l4_msgtag_label(l4_meta_interface(S0, 1, &proto, name, sizeof(name))), -L4_ERANGE);
	KCHECK_EQ(l4_msgtag_label(l4_meta_supports(S0, L4_PROTO_SIGMA0)), 1);
	KCHECK_EQ(l4_msgtag_label(l4_meta_supports(S0, L4_PROTO_TASK)), 0);
}

KTEST(s0_15_debug_dump)
{
	ktap_note("sigma0's dump follows");
	l4sigma0_debug_dump(S0);
	KCHECK_EQ(l4_msgtag_label(call(1, SIGMA0_REQ_DEBUG_DUMP, 0)), 0);
}

/* -- the library's error codes ------------------------------------------------------------ */

KTEST(s0_16_library_errors)
{
	l4_addr_t base = 0;
	l4_cap_idx_t empty = kt_cap_alloc();
	KCHECK_EQ(l4sigma0_map_mem(S0, mid_page(110) + 8, 0x24000000, L4_PAGESIZE), -L4SIGMA0_NOTALIGNED);
	KCHECK_EQ(l4sigma0_map_mem(S0, mid_page(110), 0x24000100, L4_PAGESIZE), -L4SIGMA0_NOTALIGNED);
	KCHECK_EQ(l4sigma0_map_mem(S0, mid_page(110), 0x24000000, 100), -L4SIGMA0_NOTALIGNED);
	KCHECK_EQ(l4sigma0_map_mem(S0, mid_page(110), 0x24000000, 0), -L4SIGMA0_NOTALIGNED);
	KCHECK_EQ(l4sigma0_map_iomem(S0, HPET_BASE + 4, 0x24000000, L4_PAGESIZE, 0), -L4SIGMA0_NOTALIGNED);
	KCHECK_EQ(l4sigma0_map_mem(empty, mid_page(110), 0x24000000, L4_PAGESIZE), -L4SIGMA0_IPCERROR);
	KCHECK_EQ(l4sigma0_map_anypage(empty, PHYS_WIN, 46, &base, 12), -L4SIGMA0_IPCERROR);
	KCHECK_EQ(l4sigma0_map_anypage(S0, PHYS_WIN, 46, &base, 11), -L4SIGMA0_NOFPAGE);
	KCHECK(l4sigma0_map_kip(empty, (void *)0x10000000, 12) == 0);
	KCHECK_EQ(l4sigma0_new_client(S0, kt_cap_alloc()), -L4SIGMA0_NOFPAGE);
	KCHECK_EQ(l4sigma0_new_client(empty, kt_cap_alloc()), -L4SIGMA0_IPCERROR);
	/* A range in pieces: 8 KiB + 4 KiB, 1:1 elsewhere. */
	KCHECK_EQ(l4sigma0_map_mem(S0, mid_page(112), 0x24002000, 3 * L4_PAGESIZE), 0);
	*(volatile l4_umword_t *)0x24002000 = 8;
	*(volatile l4_umword_t *)0x24004ff8 = 9;
	KCHECK_EQ(*(volatile l4_umword_t *)0x24002000 + *(volatile l4_umword_t *)0x24004ff8, 17);
	/* All three pages were given: none can be had again. */
	KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(mid_page(114), 12, 0)), -L4_ENOMEM);
	KCHECK(__builtin_strcmp(l4sigma0_map_errstr(0), "No error") == 0);
	KCHECK(__builtin_strcmp(l4sigma0_map_errstr(-L4SIGMA0_NOTALIGNED),
				"Phys, virt or size not aligned") == 0);
	KCHECK(__builtin_strcmp(l4sigma0_map_errstr(-L4SIGMA0_IPCERROR), "IPC error") == 0);
	KCHECK(__builtin_strcmp(l4sigma0_map_errstr(-L4SIGMA0_NOFPAGE), "No fpage received") == 0);
	KCHECK(__builtin_strcmp(l4sigma0_map_errstr(-99), "Unknown error") == 0);
}

/* -- all of it ---------------------------------------------------------------------------- */

#define SCRATCH 0x25000000UL

/* Takes every block of order o (received into a one-page window, so the
 * client's page tables stay small); returns how many, checks each. */
static unsigned long grab_order(unsigned o, l4_addr_t *last)
{
	unsigned long n = 0;
	for (;;) {
		l4_addr_t b;
		if (l4sigma0_map_anypage(S0, SCRATCH, L4_PAGESHIFT, &b, o) != 0)
			return n;
		const l4_kernel_info_mem_desc_t *m = desc_of(b);
		if (!m || m->type != L4_MEM_TYPE_CONVENTIONAL || (b & ((1UL << o) - 1)))
			ktap_fail(__FILE__, __LINE__, "block %#lx of order %u is not free RAM", b, o);
		n++;
		*last = b;
	}
}

KTEST(s0_99_grab_all_memory_from_order_22_down)
{
	l4_uint64_t t0 = kt_now_us();
	unsigned long bytes = 0, requests = 0;
	l4_addr_t last = 0;
	for (unsigned o = 22; o >= 12; o--) {
		unsigned long n = grab_order(o, &last);
		requests += n + 1;
		bytes += n << o;
	}
	l4_uint64_t us = kt_now_us() - t0;
	ktap_note("%lu KiB in %lu requests, %llu us", bytes >> 10, requests,
		  (unsigned long long)us);
	KCHECK_GT(bytes, 64UL << 20);
	KCHECK_EQ(l4sigma0_map_anypage(S0, SCRATCH, L4_PAGESHIFT, &last, 12), -L4SIGMA0_NOFPAGE);
	/* Boot-loader memory stayed out of it: another page of the boot info's
	 * range is still there for the asking. */
	const l4_kernel_info_mem_desc_t *m = desc_of(l4_kip()->user_ptr);
	KASSERT(m != 0);
	l4_addr_t p = l4_round_page(m->start);
	if (p == l4_trunc_page(l4_kip()->user_ptr))
		p += L4_PAGESIZE;
	if (p + L4_PAGESIZE <= m->end + 1)
		KCHECK_EQ(req(SIGMA0_REQ_FPAGE_RAM, l4_fpage(p, 12, 0)), 0);
	else
		ktap_note("the boot info's range has no second page");
	l4sigma0_debug_dump(S0);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
