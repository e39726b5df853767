/* Boot: taking over bootstrap's information, the kernel memory pool, the
 * KIP memory map and the first two tasks (sigma0 and the root task). */
#include <kern/arch.h>
#include <kern/boot.h>
#include <kern/kip.h>
#include <kern/panic.h>
#include <kern/pmem.h>
#include <kern/printk.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/map.h>
#include <kern/quota.h>
#include <kern/objects.h>
#include <l4/sys/consts.h>
#include <l4/sys/utcb.h>

struct walnut_bootinfo boot_info;
u64 boot_info_phys;

/* The kernel pool: ranges carved out of free RAM below 4 GiB. */
static struct pmem_range pool[WALNUT_BI_MAX_MEM];
static unsigned pool_count;
static u64 pool_bytes, ram_bytes;

#define LOW_LIMIT (4ull << 30)  /* bootstrap identity-maps only this much */
#define POOL_MIN_BASE (1ull << 20)
/* Where boot tasks see their first thread's UTCB. */
#define BOOT_UTCB_AREA 0x00007fffffe00000ull
/* UTCB pages of a boot task: room for 64 threads. */
#define BOOT_UTCB_PAGES 16

u64 boot_ram_bytes(void) { return ram_bytes; }
u64 boot_pool_bytes(void) { return pool_bytes; }

void boot_info_take(u64 phys)
{
	const struct walnut_bootinfo *bi = (const void *)phys; /* identity mapped */
	if (bi->magic != WALNUT_BOOTINFO_MAGIC || bi->version != WALNUT_BOOTINFO_VERSION ||
	    bi->size != sizeof(*bi))
		panic("boot info at %#llx is not from a matching bootstrap (magic %#llx, "
		      "version %u, size %u)", (unsigned long long)phys,
		      (unsigned long long)bi->magic, bi->version, bi->size);
	if (bi->mem_count > WALNUT_BI_MAX_MEM || bi->mod_count > WALNUT_BI_MAX_MODS ||
	    bi->sigma0.seg_count > WALNUT_BI_MAX_SEGS || bi->roottask.seg_count > WALNUT_BI_MAX_SEGS)
		panic("boot info: counts out of range");
	memcpy(&boot_info, bi, sizeof(boot_info));
	boot_info_phys = phys;
	boot_info.cmdline[sizeof(boot_info.cmdline) - 1] = '\0';
	boot_info.loader[sizeof(boot_info.loader) - 1] = '\0';
}

/* Takes the pool from the top of free low memory, range by range. */
void boot_memory_init(void)
{
	u64 want = (u64)CONFIG_KERNEL_MEM_MB << 20;
	for (unsigned i = 0; i < boot_info.mem_count; i++)
		if (boot_info.mem[i].type == WALNUT_MEM_FREE)
			ram_bytes += boot_info.mem[i].size;
	u64 share = align_down(ram_bytes / 100 * CONFIG_KERNEL_MEM_PERCENT, PAGE_SIZE);
	if (want < share)
		want = share;
	if (want > ram_bytes / 2)
		want = align_down(ram_bytes / 2, PAGE_SIZE);
	for (int i = (int)boot_info.mem_count - 1; i >= 0 && pool_bytes < want; i--) {
		const struct walnut_bi_mem *m = &boot_info.mem[i];
		u64 b = MAX(align_up(m->base, PAGE_SIZE), POOL_MIN_BASE);
		u64 e = MIN(align_down(m->base + m->size, PAGE_SIZE), LOW_LIMIT);
		if (m->type != WALNUT_MEM_FREE || b >= e)
			continue;
		u64 take = MIN(e - b, want - pool_bytes);
		pool[pool_count++] = (struct pmem_range){ paddr(e - take), take };
		pool_bytes += take;
	}
	/* pmem wants ascending order; we collected from the top. */
	for (unsigned i = 0; i < pool_count / 2; i++) {
		struct pmem_range t = pool[i];
		pool[i] = pool[pool_count - 1 - i];
		pool[pool_count - 1 - i] = t;
	}
	if (!pool_count || !pmem_init(pool, pool_count))
		panic("no free memory below 4 GiB for the kernel pool");
}

static bool in_pool(u64 a)
{
	for (unsigned i = 0; i < pool_count; i++)
		if (a >= pool[i].base.v && a < pool[i].base.v + pool[i].size)
			return true;
	return false;
}

/* Free RAM goes to sigma0 except the pool; the pool sits at the top of each
 * free range it came from, so a free range splits into at most [free][pool]. */
static void describe_free(u64 b, u64 e)
{
	u64 split = e;
	while (split > b && in_pool(split - 1))
		split -= PAGE_SIZE;
	if (split > b)
		kip_add_mem(b, split - 1, L4_MEM_TYPE_CONVENTIONAL, 0);
	if (split < e)
		kip_add_mem(split, e - 1, L4_MEM_TYPE_RESERVED, 1);
}

void boot_describe_memory(void)
{
	for (unsigned i = 0; i < boot_info.mem_count; i++) {
		const struct walnut_bi_mem *m = &boot_info.mem[i];
		u64 b = m->base, e = m->base + m->size;
		switch (m->type) {
		case WALNUT_MEM_FREE: describe_free(align_up(b, PAGE_SIZE), align_down(e, PAGE_SIZE)); break;
		case WALNUT_MEM_KERNEL: kip_add_mem(b, e - 1, L4_MEM_TYPE_RESERVED, 2); break;
		case WALNUT_MEM_MODULE: kip_add_mem(b, e - 1, L4_MEM_TYPE_BOOTLOADER, 1); break;
		case WALNUT_MEM_BOOTSTRAP: kip_add_mem(b, e - 1, L4_MEM_TYPE_BOOTLOADER, 0); break;
		case WALNUT_MEM_BOOT_TASK: kip_add_mem(b, e - 1, L4_MEM_TYPE_RESERVED, 3); break;
		case WALNUT_MEM_ACPI: kip_add_mem(b, e - 1, L4_MEM_TYPE_INFO, 1); break;
		default: kip_add_mem(b, e - 1, L4_MEM_TYPE_ARCH, m->type); break;
		}
	}
}

static void install_cap(struct task *t, unsigned long sel, struct kobj *o, unsigned rights)
{
	if (task_cap_install(t, cap_idx(sel >> L4_CAP_SHIFT), o, rights) < 0)
		panic("boot: cannot install capability %#lx in '%s'", sel, t->obj.name);
}

static void map_segments(struct task *t, const struct walnut_bi_task *bt)
{
	for (unsigned s = 0; s < bt->seg_count; s++) {
		const struct walnut_bi_seg *seg = &bt->segs[s];
		unsigned rights = ((seg->flags & WALNUT_SEG_R) ? VM_R : 0) |
				  ((seg->flags & WALNUT_SEG_W) ? VM_W : 0) |
				  ((seg->flags & WALNUT_SEG_X) ? VM_X : 0);
		for (u64 off = 0; off < seg->size; off += PAGE_SIZE)
			if (map_mem_root(t, (seg->vaddr + off) >> PAGE_SHIFT,
					 paddr(seg->paddr + off), rights | VM_R) < 0)
				panic("boot: cannot map segment of '%s' at %#llx", t->obj.name,
				      (unsigned long long)(seg->vaddr + off));
	}
}

/* The kernel objects every boot task gets (L4Re's base capabilities). */
static void install_base_caps(struct task *t, struct thread *th)
{
	install_cap(t, L4_BASE_TASK_CAP, &t->obj, CAP_RIGHTS_ALL);
	install_cap(t, L4_BASE_THREAD_CAP, &th->obj, CAP_RIGHTS_ALL);
	install_cap(t, L4_BASE_FACTORY_CAP, &root_factory.obj, CAP_RIGHTS_ALL);
	install_cap(t, L4_BASE_LOG_CAP, &vcon_obj, CAP_RIGHT_R | CAP_RIGHT_W | CAP_RIGHT_S);
	install_cap(t, L4_BASE_ICU_CAP, &icu_obj, CAP_RIGHTS_ALL);
	install_cap(t, L4_BASE_SCHEDULER_CAP, &scheduler_obj, CAP_RIGHTS_ALL);
	install_cap(t, L4_BASE_DEBUGGER_CAP, &debugger_obj, CAP_RIGHTS_ALL);
	install_cap(t, L4_BASE_PLATFORM_CTL_CAP, &platform_obj, CAP_RIGHTS_ALL);
}

/* One boot task: its image, the KIP, one UTCB page, base capabilities, a
 * thread that starts at the ELF entry with rdi = KIP and rsi = UTCB. */
static struct task *start_boot_task(const struct walnut_bi_task *bt, u8 prio, bool sigma0)
{
	const struct walnut_bi_module *mod = &boot_info.mods[bt->module];
	const char *name = phys_to_virt(paddr(mod->name));
	int err;
	struct task *t = task_create(name, &quota_root, vaddr(BOOT_UTCB_AREA), BOOT_UTCB_PAGES * PAGE_SIZE, &err);
	struct thread *th = t ? thread_create(&quota_root, name, prio) : NULL;
	if (!th || thread_bind(th, t, vaddr(BOOT_UTCB_AREA)) < 0)
		panic("boot: out of memory creating '%s'", name);
	t->is_sigma0 = sigma0;
	map_segments(t, bt);
	install_base_caps(t, th);
	pr_info("boot: starting %s (entry %#llx, %u segments)\n", name,
		(unsigned long long)bt->entry, bt->seg_count);
	thread_start_user(th, bt->entry, 0, L4_KIP_ADDR, BOOT_UTCB_AREA);
	return t;
}

void boot_tasks_start(void)
{
	if (!boot_info.sigma0.entry)
		panic("boot: the image has no sigma0");
	struct task *s0 = start_boot_task(&boot_info.sigma0, SCHED_DEFAULT_PRIO + 1, true);
	if (boot_info.roottask.entry) {
		struct task *rt = start_boot_task(&boot_info.roottask, SCHED_DEFAULT_PRIO, false);
		/* The root task's pager is sigma0: a capability to sigma0's thread. */
		struct thread *s0t = list_entry(s0->threads.next, struct thread, task_link);
		install_cap(rt, L4_BASE_PAGER_CAP, &s0t->obj, CAP_RIGHTS_ALL);
		struct thread *rtt = list_entry(rt->threads.next, struct thread, task_link);
		rtt->pager_cap = L4_BASE_PAGER_CAP;
	}
}
