/* Shared declarations of bootstrap, the 32-bit loader that starts the Walnut kernel. */
#pragma once

/* 1 when a bool Kconfig option is set (autoconf.h defines it to 1), else 0. */
#define IS_ENABLED_BS(opt) (IS_ENABLED_BS_(opt))
#define IS_ENABLED_BS_(opt) (#opt[0] == '1')

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <abi/bootinfo.h>

#include "image_modules.h"

#define BS_PAGE_SIZE   0x1000ull
#define BS_LARGE_PAGE  0x200000ull     /* 2 MiB: PDE with PS=1 in long mode */
#define BS_4GIB        0x100000000ull  /* bootstrap can only touch memory below this */
#define BS_1GIB        0x40000000ull   /* size of the kernel's fixed mapping window */

/* Physical addresses above this cannot exist on x86-64 (52-bit architectural
 * limit); clamping firmware ranges to it keeps all rounding free of overflow. */
#define BS_PHYS_LIMIT  (1ull << 52)

/* A half-open physical range [base, end) of one enum walnut_bi_mem_type. */
struct bs_range {
	uint64_t base;
	uint64_t end;
	uint32_t type;
};

#define BS_MAX_FW_RANGES 128 /* firmware memory map entries we accept */
#define BS_MAX_AVOID     64  /* loader-owned ranges to keep clear of */
#define BS_RSDP_MAX      36  /* an ACPI 2.0 RSDP is 36 bytes, 1.0 is 20 */

/* Everything bootstrap needs from the multiboot loader, copied out of the
 * loader's info structure before any memory gets written. */
struct bs_loader {
	const char *name;                      /* "bootstrap/multiboot1" or ...2 */
	uint32_t fw_count;
	struct bs_range fw[BS_MAX_FW_RANGES];  /* firmware map, walnut types */
	uint32_t avoid_count;
	struct bs_range avoid[BS_MAX_AVOID];   /* info structure, loader modules */
	char args[WALNUT_BI_STR_MAX];          /* loader command line minus the image path */
	uint32_t rsdp_len;                     /* bytes in rsdp, 0 if the loader gave none */
	uint8_t rsdp[BS_RSDP_MAX];             /* the loader's copy of the RSDP */
};

/* Linker script symbols (bootstrap.ld). */
extern char __image_start[], __image_end[], __bss_start[], __bss_end[];

static inline uint64_t bs_align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }
static inline uint64_t bs_align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static inline uint64_t bs_min(uint64_t a, uint64_t b) { return a < b ? a : b; }
static inline uint64_t bs_max(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* Turn a physical address into a pointer. Paging is off, so they are the same;
 * the empty asm hides the constant from GCC, which otherwise treats accesses
 * to the first 4 KiB (BIOS data area) as null-pointer arithmetic and warns. */
static inline void *bs_phys(uint32_t addr)
{
	__asm__("" : "+r"(addr));
	return (void *)(uintptr_t)addr;
}

static inline uint32_t bs_addr(const void *p) { return (uint32_t)(uintptr_t)p; }

/* lib.c: the freestanding basics (GCC may also emit calls to memcpy/memset). */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t bs_strlcpy(char *dst, const char *src, size_t size);

/* serial.c: COM1 console. */
void bs_serial_init(void);
void bs_putc(char c);

/* print.c: tiny printf (%s %c %u %d %x %llu %llx, '0' flag and width). */
void bs_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void bs_vprintf(const char *fmt, va_list ap);
__attribute__((noreturn, format(printf, 1, 2)))
void bs_fail(const char *fmt, ...);
__attribute__((noreturn)) void bs_halt(void);

/* multiboot.c: understand whichever loader started us. */
void bs_loader_parse(uint32_t magic, uint32_t info, struct bs_loader *ld);

/* acpi.c: physical address of an RSDP the kernel may use, 0 if none. */
uint64_t bs_rsdp_find(const struct bs_loader *ld);

/* memmap.c: firmware map, boot-time allocator, the kernel's mem[] list. */
void bs_memmap_init(const struct bs_loader *ld);
uint64_t bs_memmap_ram_bytes(void);
uint64_t bs_phys_alloc(uint64_t size, uint64_t align, const char *who);
void bs_memmap_claim(uint64_t base, uint64_t size, uint32_t type);
void bs_memmap_export(struct walnut_bootinfo *bi);

/* elf.c: load the kernel and the boot tasks out of their modules. */
uint64_t bs_load_kernel(const struct bs_image_module *mod, struct walnut_bootinfo *bi);
void bs_load_task(const struct bs_image_module *mod, uint32_t index, struct walnut_bi_task *task);

/* paging.c: long-mode page tables, returns the physical address of the PML4. */
uint32_t bs_paging_build(uint64_t kernel_phys_base);

/* main.c: called by entry.S with the loader's %eax and %ebx. */
__attribute__((noreturn)) void bs_main(uint32_t magic, uint32_t info);

/* entry.S: leave for the kernel; never returns. */
__attribute__((noreturn))
void bs_enter_kernel(uint32_t pml4, uint64_t entry, uint32_t bootinfo);

/* Name of a module of the image table, for messages. */
static inline const char *bs_mod_name(const struct bs_image_module *m)
{
	return m->name ? (const char *)bs_phys(m->name) : "?";
}
