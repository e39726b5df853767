/* The initial environment: the boot-task default and the one a loader
 * passes on the start stack (argc, argv, envp, auxv). */
#include "env_internal.h"
#include <l4/re/l4aux.h>
#include <l4/sys/utcb.h>

l4re_env_t *l4re_global_env;
l4re_aux_t *l4re_aux;

/* System V auxiliary vector types used here. */
enum { AT_NULL = 0 };

/* Boot tasks have no named capabilities: only the end marker. */
static l4re_env_cap_entry_t boot_caps[1] = {
	{ .cap = L4_INVALID_CAP, .flags = ~0UL, .name = "" },
};

static l4re_env_t boot_env;

void l4re_env_init_boot(void *utcb)
{
	/* The kernel installs these in sigma0 and the root task (doc/abi.md);
	 * the pager slot stands in for the region map. */
	boot_env.parent = L4_INVALID_CAP;
	boot_env.rm = L4_BASE_PAGER_CAP;
	boot_env.mem_alloc = L4_INVALID_CAP;
	boot_env.log = L4_BASE_LOG_CAP;
	boot_env.main_thread = L4_BASE_THREAD_CAP;
	boot_env.factory = L4_BASE_FACTORY_CAP;
	boot_env.scheduler = L4_BASE_SCHEDULER_CAP;
	boot_env.first_free_cap = 0x100UL << L4_CAP_SHIFT;
	/* A boot task's UTCB is the first of its area of 64 (16 KiB + 48 KiB:
	 * order 16, as the kernel creates it). */
	l4_addr_t u = (l4_addr_t)utcb;
	boot_env.utcb_area = u ? l4_fpage(u, 16, 0) : l4_fpage_invalid();
	boot_env.first_free_utcb = u ? u + L4_UTCB_OFFSET : 0;
	boot_env.caps = boot_caps;
	l4re_global_env = &boot_env;
	l4re_aux = 0;
}

int l4re_env_init_stack(long *sp, int *argc, char ***argv, char ***envp)
{
	*argc = (int)sp[0];
	*argv = (char **)&sp[1];
	char **p = *argv + *argc + 1; /* past argv's NULL */
	*envp = p;
	while (*p)
		p++;
	l4re_env_t *env = 0;
	l4re_aux_t *aux = 0;
	for (l4_umword_t *a = (l4_umword_t *)(p + 1); a[0] != AT_NULL; a += 2) {
		if (a[0] == AT_L4_ENV)
			env = (l4re_env_t *)a[1];
		else if (a[0] == AT_L4_AUX)
			aux = (l4re_aux_t *)a[1];
	}
	if (!env) {
		/* Started by something that is not an L4Re loader: the base
		 * capabilities are the best guess there is. */
		l4re_env_init_boot(l4_utcb());
		return 0;
	}
	l4re_global_env = env;
	l4re_aux = aux;
	return 1;
}
