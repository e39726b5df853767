/* Locate the ACPI RSDP: the loader's copy (multiboot 2) or a scan of the BIOS areas. */
#include "bootstrap.h"

/* ACPI 6.x section 5.2.5: the RSDP starts with "RSD PTR ", its first 20
 * bytes sum to 0 mod 256; revision >= 2 adds a 32-bit length at offset 20
 * and an extended checksum over that length (36). */
#define RSDP_V1_LEN      20
#define RSDP_REV_OFF     15
#define RSDP_LENGTH_OFF  20

/* Legacy BIOS places it on a 16-byte boundary in the first KiB of the EBDA
 * (segment at 0x40e in the BIOS data area) or in 0xe0000..0xfffff. */
#define BDA_EBDA_SEG     0x40e
#define BIOS_ROM_START   0xe0000
#define BIOS_ROM_END     0x100000

/* The RSDP copy handed to the kernel lives in bootstrap memory. */
static uint8_t rsdp_copy[BS_RSDP_MAX] __attribute__((aligned(16)));

static int checksum_ok(const uint8_t *p, uint32_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return sum == 0;
}

static int rsdp_valid(const uint8_t *p, uint32_t avail)
{
	if (avail < RSDP_V1_LEN || memcmp(p, "RSD PTR ", 8) != 0 ||
	    !checksum_ok(p, RSDP_V1_LEN))
		return 0;
	if (p[RSDP_REV_OFF] < 2)
		return 1;
	uint32_t len;
	memcpy(&len, p + RSDP_LENGTH_OFF, 4);
	return len >= RSDP_V1_LEN && len <= avail && checksum_ok(p, len);
}

static uint32_t scan(uint32_t start, uint32_t end)
{
	for (uint32_t a = start; a + RSDP_V1_LEN <= end; a += 16)
		if (rsdp_valid(bs_phys(a), end - a))
			return a;
	return 0;
}

uint64_t bs_rsdp_find(const struct bs_loader *ld)
{
	if (ld->rsdp_len) {
		/* Multiboot 2 passes a copy, not an address; keep ours. */
		memcpy(rsdp_copy, ld->rsdp, ld->rsdp_len);
		return bs_addr(rsdp_copy);
	}
	uint16_t seg;
	memcpy(&seg, bs_phys(BDA_EBDA_SEG), 2);
	uint32_t ebda = (uint32_t)seg << 4;
	uint32_t found = 0;

	if (ebda >= 0x400 && ebda < BIOS_ROM_START)
		found = scan(ebda, ebda + 1024);
	if (!found)
		found = scan(BIOS_ROM_START, BIOS_ROM_END);
	return found;
}
