/* Read the multiboot 1 or 2 information into a loader-neutral struct bs_loader. */
#include "bootstrap.h"

#define MB1_LOADER_MAGIC 0x2BADB002 /* %eax from a multiboot 1 loader */
#define MB2_LOADER_MAGIC 0x36D76289 /* %eax from a multiboot 2 loader */

/* Multiboot 1 info structure (spec 0.6.96 section 3.3), the part we read. */
struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower;      /* KiB of RAM from 0, flag bit 0 */
	uint32_t mem_upper;      /* KiB of RAM from 1 MiB up to the first hole, flag bit 0 */
	uint32_t boot_device;
	uint32_t cmdline;        /* flag bit 2 */
	uint32_t mods_count;     /* flag bit 3 */
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;    /* flag bit 6 */
	uint32_t mmap_addr;
	uint32_t drives_length;
	uint32_t drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name; /* flag bit 9 */
};

#define MB1_INFO_SIZE    116 /* whole structure incl. framebuffer fields */
#define MB1_FLAG_MEM     (1u << 0)
#define MB1_FLAG_CMDLINE (1u << 2)
#define MB1_FLAG_MODS    (1u << 3)
#define MB1_FLAG_MMAP    (1u << 6)
#define MB1_FLAG_LDNAME  (1u << 9)

/* One mb1 module descriptor (16 bytes). */
struct mb1_module {
	uint32_t start, end, string, reserved;
};

/* mb1 memory map entry; 'size' counts the bytes after itself. The 64-bit
 * fields sit at offset 4, so read them with memcpy (packed layout). */
struct mb1_mmap_entry {
	uint32_t size;
	uint32_t base_lo, base_hi;
	uint32_t len_lo, len_hi;
	uint32_t type;
};

/* Multiboot 2 tags (spec 2.0 section 3.6), 8-byte aligned, after an 8-byte
 * header {total_size, reserved}. */
#define MB2_TAG_END       0
#define MB2_TAG_CMDLINE   1
#define MB2_TAG_MODULE    3
#define MB2_TAG_MEMINFO   4
#define MB2_TAG_MMAP      6
#define MB2_TAG_ACPI_OLD  14 /* copy of an ACPI 1.0 RSDP */
#define MB2_TAG_ACPI_NEW  15 /* copy of an ACPI 2.0+ RSDP */

struct mb2_tag {
	uint32_t type, size;
};

/* Firmware (e820-style) memory types, shared by both multiboot versions. */
#define FW_AVAILABLE 1
#define FW_RESERVED  2
#define FW_ACPI      3
#define FW_NVS       4

static uint32_t fw_type(uint32_t t)
{
	switch (t) {
	case FW_AVAILABLE: return WALNUT_MEM_FREE;
	case FW_ACPI:      return WALNUT_MEM_ACPI;
	case FW_NVS:       return WALNUT_MEM_NVS;
	default:           return WALNUT_MEM_RESERVED; /* incl. 2 reserved, 5 bad RAM */
	}
}

static void add_fw(struct bs_loader *ld, uint64_t base, uint64_t len, uint32_t type)
{
	if (len == 0 || base >= BS_PHYS_LIMIT)
		return;
	if (ld->fw_count == BS_MAX_FW_RANGES)
		bs_fail("firmware memory map has more than %u entries", BS_MAX_FW_RANGES);
	uint64_t end = len > BS_PHYS_LIMIT - base ? BS_PHYS_LIMIT : base + len;
	ld->fw[ld->fw_count++] = (struct bs_range){ base, end, fw_type(type) };
}

static void add_avoid(struct bs_loader *ld, uint64_t base, uint64_t end)
{
	if (end <= base)
		return;
	if (ld->avoid_count == BS_MAX_AVOID)
		bs_fail("loader passed more than %u modules", BS_MAX_AVOID - 2);
	ld->avoid[ld->avoid_count++] = (struct bs_range){ base, end, 0 };
}

/* Fallback when there is no map: conventional memory plus the first
 * contiguous stretch above 1 MiB, both given in KiB. On a PC everything
 * between the two is EBDA, video memory and BIOS ROM (where the RSDP lives),
 * so list that as reserved rather than leave a hole. */
static void add_lower_upper(struct bs_loader *ld, uint32_t lower_kib, uint32_t upper_kib)
{
	uint64_t lower = (uint64_t)lower_kib << 10;

	add_fw(ld, 0, lower, FW_AVAILABLE);
	if (lower < 0x100000)
		add_fw(ld, lower, 0x100000 - lower, FW_RESERVED);
	add_fw(ld, 0x100000, (uint64_t)upper_kib << 10, FW_AVAILABLE);
}

static void set_args(struct bs_loader *ld, const char *cmdline, int skip_path)
{
	/* Skip the image path some loaders put first ("image.elf args"). */
	if (skip_path) {
		while (*cmdline && *cmdline != ' ')
			cmdline++;
	}
	while (*cmdline == ' ')
		cmdline++;
	if (bs_strlcpy(ld->args, cmdline, sizeof ld->args) >= sizeof ld->args)
		bs_fail("loader command line longer than %u bytes", WALNUT_BI_STR_MAX - 1);
}

static void set_rsdp(struct bs_loader *ld, const uint8_t *rsdp, uint32_t len)
{
	ld->rsdp_len = len < BS_RSDP_MAX ? len : BS_RSDP_MAX;
	memcpy(ld->rsdp, rsdp, ld->rsdp_len);
}

static void parse_mb1_mmap(struct bs_loader *ld, uint32_t addr, uint32_t length)
{
	uint32_t off = 0;

	/* Each entry is 4 + size bytes; 20 is the smallest size with all fields. */
	while (off + sizeof(struct mb1_mmap_entry) <= length) {
		struct mb1_mmap_entry e;

		memcpy(&e, bs_phys(addr + off), sizeof e);
		if (e.size < 20)
			break;
		add_fw(ld, (uint64_t)e.base_hi << 32 | e.base_lo,
		       (uint64_t)e.len_hi << 32 | e.len_lo, e.type);
		off += e.size + 4;
	}
}

static void parse_mb1(struct bs_loader *ld, uint32_t addr)
{
	const struct mb1_info *mbi = bs_phys(addr);

	ld->name = "bootstrap/multiboot1";
	add_avoid(ld, addr, (uint64_t)addr + MB1_INFO_SIZE);

	if (mbi->flags & MB1_FLAG_MMAP) {
		parse_mb1_mmap(ld, mbi->mmap_addr, mbi->mmap_length);
		add_avoid(ld, mbi->mmap_addr, (uint64_t)mbi->mmap_addr + mbi->mmap_length);
	}
	if (ld->fw_count == 0 && (mbi->flags & MB1_FLAG_MEM))
		add_lower_upper(ld, mbi->mem_lower, mbi->mem_upper);

	if (mbi->flags & MB1_FLAG_MODS) {
		const struct mb1_module *mods = bs_phys(mbi->mods_addr);
		for (uint32_t i = 0; i < mbi->mods_count; i++)
			add_avoid(ld, mods[i].start, mods[i].end);
	}

	if (mbi->flags & MB1_FLAG_CMDLINE) {
		/* QEMU's -kernel puts the image path first ("path -append"); GRUB 2
		 * passes only the arguments. QEMU names itself "qemu". */
		int qemu = (mbi->flags & MB1_FLAG_LDNAME) &&
		           memcmp(bs_phys(mbi->boot_loader_name), "qemu", 5) == 0;
		set_args(ld, bs_phys(mbi->cmdline), qemu);
	}
}

/* Multiboot 2 fields need not be naturally aligned for their size. */
static uint32_t tag_u32(const uint8_t *tag, uint32_t off)
{
	uint32_t v;

	memcpy(&v, tag + off, 4);
	return v;
}

static void parse_mb2_mmap(struct bs_loader *ld, const uint8_t *tag, uint32_t size)
{
	uint32_t entry_size = tag_u32(tag, 8), off;

	if (entry_size < 24) /* {u64 base, u64 length, u32 type, u32 reserved} */
		return;
	for (off = 16; off + entry_size <= size; off += entry_size) {
		uint64_t base, len;
		uint32_t type;

		memcpy(&base, tag + off, 8);
		memcpy(&len, tag + off + 8, 8);
		memcpy(&type, tag + off + 16, 4);
		add_fw(ld, base, len, type);
	}
}

/* What the tag walk remembers beyond struct bs_loader. */
struct mb2_walk {
	int have_meminfo, have_acpi_new;
	uint32_t mem_lower, mem_upper;
};

static void parse_mb2_tag(struct bs_loader *ld, struct mb2_walk *w, const uint8_t *p,
                          const struct mb2_tag *tag)
{
	switch (tag->type) {
	case MB2_TAG_CMDLINE:
		set_args(ld, (const char *)p + 8, 0); /* GRUB 2 leaves out the path */
		break;
	case MB2_TAG_MODULE: /* {mod_start, mod_end, string} */
		add_avoid(ld, tag_u32(p, 8), tag_u32(p, 12));
		break;
	case MB2_TAG_MEMINFO: /* {mem_lower, mem_upper} in KiB */
		w->mem_lower = tag_u32(p, 8);
		w->mem_upper = tag_u32(p, 12);
		w->have_meminfo = 1;
		break;
	case MB2_TAG_MMAP:
		parse_mb2_mmap(ld, p, tag->size);
		break;
	case MB2_TAG_ACPI_NEW:
		set_rsdp(ld, p + 8, tag->size - 8);
		w->have_acpi_new = 1;
		break;
	case MB2_TAG_ACPI_OLD:
		/* The 2.0 structure also carries the XSDT: prefer it. */
		if (!w->have_acpi_new)
			set_rsdp(ld, p + 8, tag->size - 8);
		break;
	}
}

static void parse_mb2(struct bs_loader *ld, uint32_t addr)
{
	const uint8_t *info = bs_phys(addr);
	struct mb2_walk w = { 0 };
	uint32_t total = tag_u32(info, 0);

	ld->name = "bootstrap/multiboot2";
	add_avoid(ld, addr, (uint64_t)addr + total);
	for (uint32_t off = 8; off + sizeof(struct mb2_tag) <= total;) {
		struct mb2_tag tag;

		memcpy(&tag, info + off, sizeof tag);
		if (tag.type == MB2_TAG_END || tag.size < sizeof tag)
			break;
		parse_mb2_tag(ld, &w, info + off, &tag);
		off += (uint32_t)bs_align_up(tag.size, 8);
	}
	if (ld->fw_count == 0 && w.have_meminfo)
		add_lower_upper(ld, w.mem_lower, w.mem_upper);
}

void bs_loader_parse(uint32_t magic, uint32_t info, struct bs_loader *ld)
{
	memset(ld, 0, sizeof *ld);
	if (magic == MB1_LOADER_MAGIC)
		parse_mb1(ld, info);
	else if (magic == MB2_LOADER_MAGIC)
		parse_mb2(ld, info);
	else
		bs_fail("not started by a multiboot loader (magic 0x%x)", magic);
	if (ld->fw_count == 0)
		bs_fail("loader gave no memory map (%s)", ld->name);
}
