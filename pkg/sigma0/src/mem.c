/* sigma0's physical memory map: per range a free bitmap (for searching) and
 * an owner byte per page (who got it); pages are never taken back. */
#include "mem.h"
#include "client.h"

#include <minrt_string.h>
#include <l4/sys/err.h>
#include <l4/sys/kprint.h>

#define PAGE     L4_PAGESIZE
#define WBITS    (8 * sizeof(unsigned long))
#define NORDERS  (S0_MAX_ORDER - S0_MIN_ORDER + 1)

struct s0_range {
	l4_addr_t base;          /* physical, page aligned */
	unsigned long pages;
	unsigned char boot;      /* boot-loader memory: only on specific requests */
	unsigned char sub_type;  /* the KIP descriptor's */
	unsigned long *free;     /* one bit per page, set = free */
	unsigned char *owner;    /* one byte per page (S0_FREE, S0_SELF, client) */
	/* Per order: no free naturally aligned block of that order starts
	 * below this address. Valid for ever, as pages never become free. */
	l4_addr_t hint[NORDERS];
};

static l4_kernel_info_t *kip;
static struct s0_range *ranges; /* sorted by base, in sigma0-owned RAM */
static unsigned nranges;

static void *phys_ptr(l4_addr_t pa) { return (void *)(S0_PHYS_BASE + pa); }
static l4_addr_t range_end(const struct s0_range *r) { return r->base + r->pages * PAGE; }

/* -- the KIP's descriptors ---------------------------------------------------- */

static bool tracked(const l4_kernel_info_mem_desc_t *m)
{
	return (m->type == L4_MEM_TYPE_CONVENTIONAL || m->type == L4_MEM_TYPE_BOOTLOADER) &&
	       m->end >= m->start && m->start < S0_PHYS_LIMIT;
}

/* The pages [*b, *e) sigma0 tracks for descriptor i: the descriptor rounded
 * out to pages, except that a partial first page belongs to whichever other
 * descriptor holds the page's start (the kernel decides sigma0's access to
 * a page by that descriptor too). False when nothing is left. */
static bool desc_pages(unsigned i, l4_addr_t *b, l4_addr_t *e)
{
	const l4_kernel_info_mem_desc_t *m = &kip->mem_descs[i];
	l4_addr_t start = l4_trunc_page(m->start);
	l4_addr_t end = m->end >= S0_PHYS_LIMIT ? S0_PHYS_LIMIT : l4_round_page(m->end + 1);
	if (start != m->start) {
		for (unsigned j = 0; j < kip->num_mem_descs; j++) {
			const l4_kernel_info_mem_desc_t *o = &kip->mem_descs[j];
			if (j != i && o->start <= start && start <= o->end) {
				start += PAGE;
				break;
			}
		}
	}
	*b = start;
	*e = end;
	return start < end;
}

/* -- bitmaps -------------------------------------------------------------- */

/* The index of the last clear bit in [idx, idx + n), or ~0UL if all are set. */
static unsigned long last_clear(const unsigned long *w, unsigned long idx, unsigned long n)
{
	unsigned long end = idx + n;
	while (end > idx) {
		unsigned long i = (end - 1) / WBITS;
		unsigned long lo = i * WBITS < idx ? idx - i * WBITS : 0;
		unsigned long hi = end - i * WBITS;
		unsigned long mask = (hi == WBITS ? ~0UL : (1UL << hi) - 1) & ~((1UL << lo) - 1);
		unsigned long clear = ~w[i] & mask;
		if (clear)
			return i * WBITS + (WBITS - 1 - (unsigned long)__builtin_clzl(clear));
		end = i * WBITS;
	}
	return ~0UL;
}

static void clear_bits(unsigned long *w, unsigned long idx, unsigned long n)
{
	for (unsigned long k = idx; k < idx + n; k++)
		w[k / WBITS] &= ~(1UL << (k % WBITS));
}

/* Records pages [idx, idx + n) of r as owner's. */
static void give(struct s0_range *r, unsigned long idx, unsigned long n, unsigned owner)
{
	clear_bits(r->free, idx, n);
	memset(r->owner + idx, (int)owner, n);
}

/* -- set-up ----------------------------------------------------------------- */

static unsigned long bitmap_words(unsigned long pages) { return (pages + WBITS - 1) / WBITS; }

/* Bytes of bookkeeping for n ranges of pages pages in all (each range's
 * bitmap is word aligned, its owner bytes follow all bitmaps). */
static unsigned long bookkeeping_size(unsigned n, unsigned long words, unsigned long pages)
{
	return l4_round_page(n * sizeof(struct s0_range) + words * sizeof(unsigned long) + pages);
}

static void sort_ranges(void)
{
	for (unsigned i = 1; i < nranges; i++) {
		struct s0_range r = ranges[i];
		unsigned j = i;
		for (; j > 0 && ranges[j - 1].base > r.base; j--)
			ranges[j] = ranges[j - 1];
		ranges[j] = r;
	}
}

/* Fills the range table at bookkeeping address bk (sigma0's view). */
static void build_ranges(char *bk)
{
	unsigned n = 0;
	for (unsigned i = 0; i < kip->num_mem_descs; i++) {
		l4_addr_t b, e;
		if (tracked(&kip->mem_descs[i]) && desc_pages(i, &b, &e))
			n++;
	}
	ranges = (struct s0_range *)bk;
	unsigned long *words = (unsigned long *)(bk + n * sizeof(struct s0_range));
	for (unsigned i = 0; i < kip->num_mem_descs; i++) {
		l4_addr_t b, e;
		const l4_kernel_info_mem_desc_t *m = &kip->mem_descs[i];
		if (!tracked(m) || !desc_pages(i, &b, &e))
			continue;
		struct s0_range *r = &ranges[nranges++];
		r->base = b;
		r->pages = (e - b) / PAGE;
		r->boot = m->type == L4_MEM_TYPE_BOOTLOADER;
		r->sub_type = (unsigned char)m->sub_type;
		r->free = words;
		words += bitmap_words(r->pages);
		memset(r->free, 0xff, bitmap_words(r->pages) * sizeof(unsigned long));
		if (r->pages % WBITS)
			r->free[r->pages / WBITS] = (1UL << (r->pages % WBITS)) - 1;
		for (unsigned o = 0; o < NORDERS; o++)
			r->hint[o] = b;
	}
	unsigned char *owners = (unsigned char *)words;
	for (unsigned i = 0; i < nranges; i++) {
		ranges[i].owner = owners;
		memset(owners, S0_FREE, ranges[i].pages);
		owners += ranges[i].pages;
	}
	sort_ranges();
}

long s0_mem_init(l4_kernel_info_t *k)
{
	kip = k;
	unsigned n = 0;
	unsigned long words = 0, pages = 0;
	l4_addr_t best_b = 0, best_e = 0;
	for (unsigned i = 0; i < kip->num_mem_descs; i++) {
		l4_addr_t b, e;
		const l4_kernel_info_mem_desc_t *m = &kip->mem_descs[i];
		if (!tracked(m) || !desc_pages(i, &b, &e))
			continue;
		n++;
		pages += (e - b) / PAGE;
		words += bitmap_words((e - b) / PAGE);
		if (m->type == L4_MEM_TYPE_CONVENTIONAL && e - b > best_e - best_b) {
			best_b = b;
			best_e = e;
		}
	}
	unsigned long size = bookkeeping_size(n, words, pages);
	if (!n || best_e - best_b < size)
		return -L4_ENOMEM;
	/* The top of the largest conventional range: low memory stays free
	 * for clients that need it. */
	l4_addr_t bk = best_e - size;
	build_ranges(phys_ptr(bk));
	for (unsigned i = 0; i < nranges; i++)
		if (ranges[i].base <= bk && bk < range_end(&ranges[i]))
			give(&ranges[i], (bk - ranges[i].base) / PAGE, size / PAGE, S0_SELF);
	return 0;
}

/* -- requests ----------------------------------------------------------------- */

static struct s0_range *find_range(l4_addr_t pa, l4_addr_t size)
{
	for (unsigned i = 0; i < nranges; i++) {
		struct s0_range *r = &ranges[i];
		if (pa >= r->base && pa - r->base < r->pages * PAGE)
			return size <= range_end(r) - pa ? r : NULL;
	}
	return NULL;
}

long s0_mem_take(l4_addr_t pa, unsigned order, unsigned owner)
{
	l4_addr_t size = 1UL << order;
	struct s0_range *r = find_range(pa, size);
	if (!r)
		return -L4_ENOMEM;
	unsigned long idx = (pa - r->base) / PAGE, n = size / PAGE;
	if (last_clear(r->free, idx, n) != ~0UL)
		return -L4_ENOMEM;
	give(r, idx, n, owner);
	return 0;
}

/* Searches r for a free block of order from its hint on; each miss skips
 * past the last taken page inside the candidate. */
static bool take_in(struct s0_range *r, unsigned order, unsigned owner, l4_addr_t *pa)
{
	l4_addr_t size = 1UL << order, end = range_end(r);
	l4_addr_t *hint = &r->hint[order - S0_MIN_ORDER];
	l4_addr_t c = l4_round_size(*hint, (unsigned char)order);
	while (c >= *hint && c < end && size <= end - c) {
		unsigned long idx = (c - r->base) / PAGE;
		unsigned long taken = last_clear(r->free, idx, size / PAGE);
		if (taken == ~0UL) {
			give(r, idx, size / PAGE, owner);
			*hint = c + size;
			*pa = c;
			return true;
		}
		*hint = r->base + (taken + 1) * PAGE;
		c = l4_round_size(*hint, (unsigned char)order);
	}
	*hint = end;
	return false;
}

long s0_mem_take_any(unsigned order, unsigned owner, l4_addr_t *pa)
{
	for (unsigned i = 0; i < nranges; i++)
		if (!ranges[i].boot && take_in(&ranges[i], order, owner, pa))
			return 0;
	return -L4_ENOMEM;
}

int s0_mem_owner(l4_addr_t pa)
{
	struct s0_range *r = find_range(l4_trunc_page(pa), PAGE);
	return r ? r->owner[(pa - r->base) / PAGE] : -1;
}

bool s0_mem_is_io(l4_addr_t pa, unsigned order)
{
	l4_addr_t size = 1UL << order;
	if (pa >= S0_PHYS_LIMIT || size > S0_PHYS_LIMIT - pa)
		return false;
	l4_addr_t last = pa + size - 1;
	for (unsigned i = 0; i < kip->num_mem_descs; i++) {
		const l4_kernel_info_mem_desc_t *m = &kip->mem_descs[i];
		bool memory = m->type == L4_MEM_TYPE_CONVENTIONAL || m->type == L4_MEM_TYPE_RESERVED ||
			      m->type == L4_MEM_TYPE_BOOTLOADER;
		/* Page granular: a page sharing bytes with memory is memory. */
		if (memory && l4_trunc_page(m->start) <= last && pa <= m->end)
			return false;
	}
	return true;
}

/* -- the dump ----------------------------------------------------------------- */

static void dump_owner(unsigned owner)
{
	if (owner == S0_SELF)
		l4_kprintf("sigma0");
	else if (owner == S0_ANON_CLIENT)
		l4_kprintf("a client (table full)");
	else
		l4_kprintf("client %u (label %#lx)", owner, (unsigned long)s0_client_label(owner));
}

/* The runs of given pages in r, one line each. */
static void dump_runs(const struct s0_range *r)
{
	unsigned long k = 0;
	while (k < r->pages) {
		unsigned char o = r->owner[k];
		unsigned long s = k;
		while (k < r->pages && r->owner[k] == o)
			k++;
		if (o == S0_FREE)
			continue;
		l4_kprintf("sigma0:     %012lx-%012lx ", r->base + s * PAGE, r->base + k * PAGE - 1);
		dump_owner(o);
		l4_kprintf("\n");
	}
}

void s0_mem_dump(void)
{
	unsigned long total = 0, free = 0;
	for (unsigned i = 0; i < nranges; i++) {
		const struct s0_range *r = &ranges[i];
		unsigned long f = 0;
		for (unsigned long k = 0; k < r->pages; k++)
			f += r->owner[k] == S0_FREE;
		l4_kprintf("sigma0: range %012lx-%012lx %s, %lu pages, %lu free\n", r->base,
			   range_end(r) - 1, r->boot ? (r->sub_type ? "boot module" : "boot info") : "RAM",
			   r->pages, f);
		dump_runs(r);
		if (!r->boot) {
			total += r->pages;
			free += f;
		}
	}
	l4_kprintf("sigma0: RAM %lu KiB, %lu KiB free\n", total * (PAGE / 1024), free * (PAGE / 1024));
}
