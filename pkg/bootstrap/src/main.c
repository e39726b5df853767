/* Bootstrap main line: from the multiboot hand-over to the jump into the 64-bit kernel. */
#include "bootstrap.h"

/* The 32-bit bootstrap and the 64-bit kernel must see one layout. i386 aligns
 * 64-bit members to 4 only, so the layouts agree exactly when every 64-bit
 * member already sits at a multiple of 8 and every size is a multiple of 8. */
#define BI_ALIGNED(type, member) _Static_assert(offsetof(type, member) % 8 == 0, \
	#type "." #member " must be 8-byte aligned for the 64-bit kernel")
BI_ALIGNED(struct walnut_bootinfo, kernel_phys_base);
BI_ALIGNED(struct walnut_bootinfo, mem);
BI_ALIGNED(struct walnut_bootinfo, mods);
BI_ALIGNED(struct walnut_bootinfo, sigma0);
BI_ALIGNED(struct walnut_bootinfo, roottask);
BI_ALIGNED(struct walnut_bi_task, segs);
_Static_assert(sizeof(struct walnut_bi_mem) % 8 == 0, "walnut_bi_mem size");
_Static_assert(sizeof(struct walnut_bi_module) % 8 == 0, "walnut_bi_module size");
_Static_assert(sizeof(struct walnut_bi_seg) % 8 == 0, "walnut_bi_seg size");
_Static_assert(sizeof(struct walnut_bi_task) % 8 == 0, "walnut_bi_task size");
_Static_assert(sizeof(struct walnut_bootinfo) % 8 == 0, "walnut_bootinfo size");

/* CPUID 0x80000001 EDX (Intel SDM vol. 2, CPUID): what bs_enter_kernel needs. */
#define CPUID_EXT_NX (1u << 20)
#define CPUID_EXT_LM (1u << 29)

/* Page aligned so the kernel can give the page back once it has read it. */
static struct walnut_bootinfo bootinfo __attribute__((aligned(4096)));
static struct bs_loader loader;

/* Table indices of the modules with a special role, -1 if absent. */
struct roles {
	int32_t kernel, sigma0, roottask;
};

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *d)
{
	uint32_t b, c;

	__asm__ volatile("cpuid" : "=a"(*a), "=b"(b), "=c"(c), "=d"(*d) : "a"(leaf), "c"(0));
}

static void check_cpu(void)
{
	uint32_t max, edx;

	cpuid(0x80000000, &max, &edx);
	if (max < 0x80000001)
		bs_fail("CPU cannot run 64-bit code");
	cpuid(0x80000001, &max, &edx);
	if (!(edx & CPUID_EXT_LM))
		bs_fail("CPU cannot run 64-bit code");
	if (!(edx & CPUID_EXT_NX))
		bs_fail("CPU has no no-execute support (EFER.NXE)");
}

static void set_role(int32_t *slot, uint32_t index, const char *role)
{
	if (*slot >= 0)
		bs_fail("second %s module (%s)", role, bs_mod_name(&bs_modules[index]));
	*slot = (int32_t)index;
}

/* Sanity of the generated module table; a failure means a broken image build. */
static void scan_modules(struct roles *r)
{
	uint32_t start = bs_addr(__image_start), end = bs_addr(__image_end);

	r->kernel = r->sigma0 = r->roottask = -1;
	if (bs_module_count > WALNUT_BI_MAX_MODS)
		bs_fail("image has %u modules, bootinfo holds %u", bs_module_count,
		        WALNUT_BI_MAX_MODS);
	for (uint32_t i = 0; i < bs_module_count; i++) {
		const struct bs_image_module *m = &bs_modules[i];

		if (m->start < start || m->start > end || m->size > end - m->start)
			bs_fail("module payload outside the image (%s)", bs_mod_name(m));
		switch (m->role) {
		case WALNUT_MOD_KERNEL:   set_role(&r->kernel, i, "kernel"); break;
		case WALNUT_MOD_SIGMA0:   set_role(&r->sigma0, i, "sigma0"); break;
		case WALNUT_MOD_ROOTTASK: set_role(&r->roottask, i, "roottask"); break;
		case WALNUT_MOD_MODULE:   break;
		default:
			bs_fail("unknown module role %u (%s)", m->role, bs_mod_name(m));
		}
	}
	if (r->kernel < 0)
		bs_fail("image has no kernel module");
}

static uint32_t str_or_empty(uint32_t addr)
{
	static const char empty[] = "";

	return addr ? addr : bs_addr(empty);
}

/* The kernel module's command line from modules.list, then whatever the
 * loader was given (QEMU -append, GRUB arguments) so that a boot can be
 * tweaked without rebuilding the image. */
static void fill_cmdline(struct walnut_bootinfo *bi, const struct bs_image_module *kmod)
{
	const char *fixed = bs_phys(str_or_empty(kmod->cmdline));
	size_t len = bs_strlcpy(bi->cmdline, fixed, sizeof bi->cmdline);

	if (len < sizeof bi->cmdline && loader.args[0]) {
		if (len)
			bi->cmdline[len++] = ' ';
		len += bs_strlcpy(bi->cmdline + len, loader.args, sizeof bi->cmdline - len);
	}
	if (len >= sizeof bi->cmdline)
		bs_fail("kernel command line longer than %u bytes (%s)",
		        WALNUT_BI_STR_MAX - 1, bs_mod_name(kmod));
}

static void fill_modules(struct walnut_bootinfo *bi)
{
	bi->mod_count = bs_module_count;
	for (uint32_t i = 0; i < bs_module_count; i++) {
		const struct bs_image_module *m = &bs_modules[i];

		bi->mods[i] = (struct walnut_bi_module){
			.start = m->start,
			.size = m->size,
			.name = str_or_empty(m->name),
			.cmdline = str_or_empty(m->cmdline),
			.role = m->role,
		};
	}
}

static void claim_task(const struct walnut_bi_task *t)
{
	for (uint32_t i = 0; i < t->seg_count; i++)
		bs_memmap_claim(t->segs[i].paddr, t->segs[i].size, WALNUT_MEM_BOOT_TASK);
}

/* Carve what bootstrap knows about out of the FREE ranges. Module payloads
 * go first: they lie inside the bootstrap image, and a carve never touches
 * ranges that are no longer FREE. */
static void claim_memory(const struct walnut_bootinfo *bi)
{
	for (uint32_t i = 0; i < bi->mod_count; i++)
		bs_memmap_claim(bi->mods[i].start, bi->mods[i].size, WALNUT_MEM_MODULE);
	bs_memmap_claim(bi->kernel_phys_base, bi->kernel_phys_end - bi->kernel_phys_base,
	                WALNUT_MEM_KERNEL);
	claim_task(&bi->sigma0);
	claim_task(&bi->roottask);
	/* Code, data, bss: the page tables, the stack, this bootinfo, the RSDP
	 * copy, the module table and strings all live in here. */
	bs_memmap_claim(bs_addr(__image_start), bs_addr(__image_end) - bs_addr(__image_start),
	                WALNUT_MEM_BOOTSTRAP);
	bs_memmap_export(&bootinfo);
}

/* With CONFIG_BOOTSTRAP_PRINT_MEMMAP: the map exactly as the kernel gets it. */
static void print_memmap(const struct walnut_bootinfo *bi)
{
	static const char *const names[] = {
		"?", "free", "reserved", "acpi", "nvs", "kernel", "module", "boot task", "bootstrap",
	};
	for (uint32_t i = 0; i < bi->mem_count; i++) {
		const struct walnut_bi_mem *m = &bi->mem[i];
		bs_printf("bootstrap:   %016llx-%016llx %s\n", m->base, m->base + m->size - 1,
		          m->type < sizeof names / sizeof names[0] ? names[m->type] : "?");
	}
}

void bs_main(uint32_t magic, uint32_t info)
{
	struct walnut_bootinfo *bi = &bootinfo;
	struct roles roles;

	bs_serial_init();
	bs_loader_parse(magic, info, &loader);
	bs_memmap_init(&loader);
	check_cpu();
	scan_modules(&roles);

	bi->magic = WALNUT_BOOTINFO_MAGIC;
	bi->version = WALNUT_BOOTINFO_VERSION;
	bi->size = sizeof *bi;
	bs_strlcpy(bi->loader, loader.name, sizeof bi->loader);
	bi->rsdp = bs_rsdp_find(&loader);
	fill_cmdline(bi, &bs_modules[roles.kernel]);
	fill_modules(bi);

	uint64_t entry = bs_load_kernel(&bs_modules[roles.kernel], bi);
	if (roles.sigma0 >= 0)
		bs_load_task(&bs_modules[roles.sigma0], (uint32_t)roles.sigma0, &bi->sigma0);
	if (roles.roottask >= 0)
		bs_load_task(&bs_modules[roles.roottask], (uint32_t)roles.roottask, &bi->roottask);

	claim_memory(bi);
	uint32_t pml4 = bs_paging_build(bi->kernel_phys_base);

	/* "bootstrap/multiboot1" -> "multiboot1": the prefix is implied here. */
	bs_printf("bootstrap: %s, %llu MiB RAM, %u modules, kernel at 0x%llx\n",
	          loader.name + sizeof "bootstrap/" - 1, bs_memmap_ram_bytes() >> 20,
	          bi->mod_count, bi->kernel_phys_base);
	if (IS_ENABLED_BS(CONFIG_BOOTSTRAP_PRINT_MEMMAP))
		print_memmap(bi);
	bs_enter_kernel(pml4, entry, bs_addr(bi));
}
