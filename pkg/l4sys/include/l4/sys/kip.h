/* The Kernel Info Page (KIP): read-only facts the kernel maps into every task
 * at L4_KIP_ADDR: version, clock, CPU frequency, physical memory descriptors.
 * Field and function names follow L4Re's l4/sys/kip.h; the layout is
 * Walnut's (doc/abi.md). */
#pragma once

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>

L4_BEGIN_DECLS

#define L4_KERNEL_INFO_MAGIC 0x4BE6344CUL /* "L4µK" */
#define L4_KIP_ADDR          0x00007fffffff0000UL
#define L4_KIP_MAX_MEM_DESCS 120

/* Memory descriptor types (L4Re's l4_mem_type_t). */
enum l4_mem_type_t {
	L4_MEM_TYPE_UNDEFINED    = 0x0,
	L4_MEM_TYPE_CONVENTIONAL = 0x1, /* RAM for sigma0 to hand out */
	L4_MEM_TYPE_RESERVED     = 0x2, /* kernel memory, never handed out */
	L4_MEM_TYPE_DEDICATED    = 0x3, /* device memory */
	L4_MEM_TYPE_SHARED       = 0x4,
	L4_MEM_TYPE_INFO         = 0xd, /* ACPI and firmware tables */
	L4_MEM_TYPE_BOOTLOADER   = 0xe, /* boot modules and boot task images */
	L4_MEM_TYPE_ARCH         = 0xf,
};

typedef struct l4_kernel_info_mem_desc_t {
	l4_uint64_t start;    /* first byte */
	l4_uint64_t end;      /* last byte (inclusive) */
	l4_uint32_t type;     /* enum l4_mem_type_t */
	l4_uint32_t sub_type; /* for BOOTLOADER: 1 = module, 2 = boot task image */
} l4_kernel_info_mem_desc_t;

typedef struct l4_kernel_info_t {
	l4_uint32_t magic;          /* L4_KERNEL_INFO_MAGIC */
	l4_uint32_t version;        /* kernel ABI version */
	l4_uint64_t clock;          /* microseconds since boot, updated by the timer */
	l4_uint64_t frequency_cpu;  /* cycle counter (TSC) frequency in kHz */
	l4_uint64_t frequency_bus;  /* timer base frequency in kHz */
	l4_uint64_t ticks;          /* timer interrupts since boot (boot CPU) */
	l4_uint32_t timer_hz;       /* timer interrupt frequency */
	l4_uint32_t num_cpus;       /* CPUs online */
	l4_uint64_t user_ptr;       /* physical address of the boot info (for moe) */
	char version_string[96];    /* "Walnut 0.1.0 (gcc ...)" */
	char platform_name[32];     /* board name, e.g. "qemu-x86_64" */
	char arch_name[16];         /* "x86_64" */
	l4_uint32_t num_mem_descs;
	l4_uint32_t mword_bits;     /* 64 */
	l4_kernel_info_mem_desc_t mem_descs[L4_KIP_MAX_MEM_DESCS];
} l4_kernel_info_t;

L4_INLINE l4_kernel_info_t *l4_kip(void) { return (l4_kernel_info_t *)L4_KIP_ADDR; }
L4_INLINE l4_uint64_t l4_kip_clock(l4_kernel_info_t const *kip)
{
	return *(volatile l4_uint64_t const *)&kip->clock;
}
L4_INLINE l4_kernel_info_mem_desc_t *l4_kernel_info_get_mem_descs(l4_kernel_info_t *kip)
{
	return kip->mem_descs;
}
L4_INLINE unsigned l4_kernel_info_get_num_mem_descs(l4_kernel_info_t const *kip)
{
	return kip->num_mem_descs;
}
L4_INLINE l4_umword_t l4_kernel_info_get_mem_desc_start(l4_kernel_info_mem_desc_t const *m)
{
	return m->start;
}
L4_INLINE l4_umword_t l4_kernel_info_get_mem_desc_end(l4_kernel_info_mem_desc_t const *m)
{
	return m->end;
}
L4_INLINE unsigned l4_kernel_info_get_mem_desc_type(l4_kernel_info_mem_desc_t const *m)
{
	return m->type;
}
L4_INLINE unsigned l4_kernel_info_get_mem_desc_subtype(l4_kernel_info_mem_desc_t const *m)
{
	return m->sub_type;
}
L4_INLINE unsigned l4_kernel_info_get_mem_desc_is_virtual(l4_kernel_info_mem_desc_t const *m)
{
	(void)m;
	return 0; /* Walnut's KIP describes physical memory only */
}

/* The kernel ABI version (Walnut's own numbering, not Fiasco's
 * L4_KIP_VERSION_FIASCO). */
L4_INLINE l4_umword_t l4_kip_version(l4_kernel_info_t const *kip)
{
	return kip->version;
}
/* The kernel's version string. Feature names may follow it, each after a
 * NUL, ended by an empty string (see l4_kip_kernel_has_feature()). */
L4_INLINE const char *l4_kip_version_string(l4_kernel_info_t const *kip)
{
	return kip->version_string;
}
/* Offset of the version string from the start of the KIP, in bytes. */
L4_INLINE int l4_kernel_info_version_offset(l4_kernel_info_t const *kip)
{
	return (int)((char const *)kip->version_string - (char const *)kip);
}
/* The clock in nanoseconds (Walnut: microsecond resolution). */
L4_INLINE l4_uint64_t l4_kip_clock_ns(l4_kernel_info_t const *kip)
{
	return l4_kip_clock(kip) * 1000;
}
/* The low machine word of the clock (deprecated in L4Re). */
L4_INLINE l4_umword_t l4_kip_clock_lw(l4_kernel_info_t const *kip)
{
	return (l4_umword_t)l4_kip_clock(kip);
}

/* Walks the feature names after the version string; s must start as
 * l4_kip_version_string(kip). */
#define l4_kip_for_each_feature(s) \
	for (s += __builtin_strlen(s) + 1; *s; s += __builtin_strlen(s) + 1)

/* Whether the kernel lists feature str in the KIP (1) or not (0). Stays
 * within the version_string field and calls no library function. */
L4_INLINE int l4_kip_kernel_has_feature(l4_kernel_info_t const *kip, char const *str)
{
	unsigned long const size = sizeof(kip->version_string);
	char const *v = kip->version_string;
	unsigned long i = 0;
	while (i < size && v[i]) /* skip the version string */
		i++;
	i++;
	while (i < size && v[i]) {
		unsigned long j = 0;
		while (i + j < size && v[i + j] && v[i + j] == str[j])
			j++;
		if (i + j < size && v[i + j] == '\0' && str[j] == '\0')
			return 1;
		while (i < size && v[i]) /* next name */
			i++;
		i++;
	}
	return 0;
}

L4_END_DECLS
