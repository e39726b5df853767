/* moe's init start: parses "--init=rom/<prog> [args]" from moe's command
 * line and starts init with the program loader (pkg/loader) in a second
 * moe thread, which calls moe's own objects through their gates while the
 * main thread serves them. */
#include "moe.h"
#include <fmt.h>
#include <minrt_string.h>
#include <l4/loader/loader.h>
#include <l4/re/env.h>
#include <l4/re/c/namespace.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kprint.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

enum {
	MAX_ARGS = 32,
	CMDLINE_MAX = 512,
	/* The init thread's private capability slots: moe's l4re allocator
	 * belongs to the main thread (not thread-safe); 0x400.. is in the
	 * range boot tasks keep free below the allocator's 0x800. */
	INIT_SLOT_FIRST = 0x400, INIT_SLOTS = 256,
	INIT_PRIO = 0xf0,
	STACK_SIZE = 16384,
};

/* Where the init thread sees a dataspace: moe has no region map, so the
 * loader's host maps it here with l4re_ds_map_region() (1 GiB, naturally
 * aligned, below moe's physical-memory window at 0x400000000000). */
#define SCRATCH_WINDOW   0x300000000000UL
#define SCRATCH_ORDER    30

static struct {
	char line[CMDLINE_MAX];          /* moe's command line, split in place */
	const char *argv[MAX_ARGS + 1];  /* init's argv; argv[0] = "rom/<prog>" */
	struct ldr_named_cap caps[12];
	unsigned n_caps;
	struct moe_boot boot;            /* a copy: main's is on its stack */
	struct ldr_parent parent;
	struct ldr_app app;
	unsigned char slot_used[INIT_SLOTS];
} init;

static char init_stack[STACK_SIZE] __attribute__((aligned(16)));

/* --- the loader host of the init thread ------------------------------- */

static long scratch_attach(void *ctx, l4re_ds_t ds, unsigned long size, int rw, void **addr)
{
	(void)ctx;
	if (size > (1UL << SCRATCH_ORDER))
		return -L4_ENOMEM;
	*addr = (void *)SCRATCH_WINDOW;
	return l4re_ds_map_region(ds, 0, rw ? L4RE_DS_F_RW : L4RE_DS_F_R, SCRATCH_WINDOW,
				  SCRATCH_WINDOW + l4_round_page(size));
}

static void scratch_detach(void *ctx, void *addr, unsigned long size)
{
	(void)ctx, (void)addr, (void)size;
	l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(SCRATCH_WINDOW, SCRATCH_ORDER, L4_FPAGE_RWX),
		      L4_FP_ALL_SPACES);
}

static l4_cap_idx_t slot_alloc(void *ctx)
{
	(void)ctx;
	for (unsigned i = 0; i < INIT_SLOTS; i++)
		if (!init.slot_used[i]) {
			init.slot_used[i] = 1;
			return (l4_cap_idx_t)(INIT_SLOT_FIRST + i) << L4_CAP_SHIFT;
		}
	return L4_INVALID_CAP;
}

static void slot_free(void *ctx, l4_cap_idx_t cap)
{
	(void)ctx;
	unsigned long i = (cap >> L4_CAP_SHIFT) - INIT_SLOT_FIRST;
	if (i < INIT_SLOTS)
		init.slot_used[i] = 0;
}

static const struct ldr_host scratch_host = {
	.attach = scratch_attach, .detach = scratch_detach,
	.cap_alloc = slot_alloc, .cap_free = slot_free,
};

/* --- command line ------------------------------------------------------ */

/* Splits moe's command line ("moe [--opt...] [--] [init args]") into
 * init's argv. Returns 0 or -L4_EINVAL (printed). */
static long parse_cmdline(const char *cmdline)
{
	unsigned n = 0;
	int args = 0, first = 1;
	strlcpy(init.line, cmdline ? cmdline : "", sizeof(init.line));
	init.argv[n++] = "rom/ned";
	for (char *p = init.line; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p)
			break;
		char *w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = 0;
		if (first) { /* moe's own name */
			first = 0;
		} else if (!args && !strncmp(w, "--init=", 7)) {
			init.argv[0] = w + 7;
		} else if (!args && !strcmp(w, "--")) {
			args = 1;
		} else if (!args && w[0] == '-') {
			l4_kprintf("moe: ignoring unknown option '%s'\n", w);
		} else if (n == MAX_ARGS) {
			l4_kprintf("moe: too many arguments for init\n");
			return -L4_EINVAL;
		} else {
			args = 1;
			init.argv[n++] = w;
		}
	}
	init.argv[n] = 0;
	if (strncmp(init.argv[0], "rom/", 4) || !init.argv[0][4]) {
		l4_kprintf("moe: init must be a boot module (rom/<name>), not '%s'\n", init.argv[0]);
		return -L4_EINVAL;
	}
	return 0;
}

/* --- init's capabilities ---------------------------------------------- */

static void add_cap(const char *name, l4_cap_idx_t cap, unsigned rights)
{
	/* Only what this kernel has (e.g. no IOMMU on x86_64 QEMU). */
	if (l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, cap)) <= 0)
		return;
	init.caps[init.n_caps++] = (struct ldr_named_cap){ name, cap, rights };
}

/* The named capabilities L4Re's moe gives ned (rom, log, icu, iommu,
 * sigma0, mem, jdb), plus Walnut's platform control. */
static void init_caps(const struct moe_boot *boot)
{
	add_cap("rom", boot->rom->gate, L4_CAP_FPAGE_R);
	add_cap("log", L4_BASE_LOG_CAP, L4_CAP_FPAGE_RWS);
	add_cap("icu", L4_BASE_ICU_CAP, L4_CAP_FPAGE_RWS);
	add_cap("iommu", L4_BASE_IOMMU_CAP, L4_CAP_FPAGE_RWS);
	add_cap("sigma0", L4_BASE_PAGER_CAP, L4_CAP_FPAGE_RWS);
	add_cap("mem", boot->root_factory->gate, L4_CAP_FPAGE_RWS);
	add_cap("jdb", L4_BASE_DEBUGGER_CAP, L4_CAP_FPAGE_RWS);
	add_cap("platform_ctl", L4_BASE_PLATFORM_CTL_CAP, L4_CAP_FPAGE_RWS);
}

/* --- the init thread ---------------------------------------------------- */

static void init_exited(struct ldr_parent *p)
{
	l4_kprintf("moe: init exited with status %ld\n", p->status);
}

/* Runs on its own stack and UTCB; reaches moe's objects through their
 * gates (the main thread serves them meanwhile). Never returns. */
static L4_NORETURN void init_thread(void)
{
	const struct moe_boot *boot = &init.boot;
	l4_cap_idx_t bin = slot_alloc(0);
	long r = l4re_ns_query_to_srv(boot->rom->gate, init.argv[0] + 4, bin, 0);
	if (r < 0) {
		l4_kprintf("moe: init program '%s' not found (%ld)\n", init.argv[0], r);
	} else {
		struct ldr_opts o = {
			.factory = L4_BASE_FACTORY_CAP, .mem = boot->root_factory->gate,
			.rm_fab = boot->root_factory->gate, .log = L4_BASE_LOG_CAP,
			.scheduler = L4_BASE_SCHEDULER_CAP, .parent = &init.parent,
			.caps = init.caps, .n_caps = init.n_caps, .argv = init.argv,
			.host = &scratch_host,
		};
		l4_kprintf("moe: starting init: %s\n", init.argv[0]);
		r = ldr_app_start(&init.app, bin, &o);
		if (r < 0)
			l4_kprintf("moe: cannot start init '%s': %s (%ld)\n", init.argv[0],
				   init.app.msg, r);
	}
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

/* A second thread in moe: UTCB from moe's area (claimed from the env),
 * pager sigma0, entry init_thread on init_stack. */
static long start_init_thread(void)
{
	l4re_env_t *env = l4re_env();
	l4_cap_idx_t th = slot_alloc(0);
	l4_addr_t utcb = env->first_free_utcb;
	env->first_free_utcb += L4_UTCB_OFFSET;
	long r = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, th));
	if (r < 0)
		return r;
	l4_thread_control_start();
	l4_thread_control_pager(L4_BASE_PAGER_CAP);
	l4_thread_control_exc_handler(L4_BASE_PAGER_CAP);
	l4_thread_control_bind((l4_utcb_t *)utcb, L4_BASE_TASK_CAP);
	r = l4_error(l4_thread_control_commit(th));
	/* As if called: rsp + 8 is 16-byte aligned at a function's entry. */
	l4_addr_t sp = (l4_addr_t)(init_stack + STACK_SIZE) - 8;
	if (r == 0)
		r = l4_error(l4_thread_ex_regs(th, (l4_addr_t)init_thread, sp, 0));
	l4_sched_param_t prio = l4_sched_param(INIT_PRIO, 0);
	if (r == 0)
		r = l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, th, &prio));
	return r;
}

long moe_init_start(const struct moe_boot *boot)
{
	init.boot = *boot;
	long r = parse_cmdline(boot->cmdline);
	if (r < 0)
		return r;
	init_caps(boot);
	/* Registered by the main thread: the server's registry is its own. */
	init.parent.on_exit = init_exited;
	r = ldr_parent_register(&init.parent, &moe_srv, L4_BASE_FACTORY_CAP, L4_INVALID_CAP,
				&scratch_host);
	if (r == 0)
		r = start_init_thread();
	if (r < 0)
		l4_kprintf("moe: cannot start the init thread (%ld)\n", r);
	return r;
}
