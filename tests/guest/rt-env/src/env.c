/* The initial environment: capabilities, named capabilities, argv, auxv. */
#include "rt_env.h"

#include <crt0.h>
#include <ktap.h>
#include <l4/re/env.h>
#include <l4/re/l4aux.h>
#include <l4/sys/task.h>
#include <minrt_string.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static long cap_present(l4_cap_idx_t c)
{
	return l4_msgtag_label(l4_task_cap_valid(L4RE_THIS_TASK_CAP, c));
}

KTEST(env_caps_valid)
{
	l4re_env_t *e = l4re_env();
	KASSERT(e != NULL);
	KCHECK_EQ(e->main_thread, L4_BASE_THREAD_CAP);
	KCHECK_EQ(e->factory, L4_BASE_FACTORY_CAP);
	KCHECK_EQ(e->rm, L4_BASE_PAGER_CAP);
	KCHECK_EQ(e->log, L4_BASE_LOG_CAP);
	KCHECK_EQ(e->scheduler, L4_BASE_SCHEDULER_CAP);
	KCHECK_EQ(e->parent, 0x10UL << L4_CAP_SHIFT);
	KCHECK_EQ(e->mem_alloc, 0x11UL << L4_CAP_SHIFT);
	KCHECK_EQ(cap_present(L4RE_THIS_TASK_CAP), 1);
	KCHECK_EQ(cap_present(e->main_thread), 1);
	KCHECK_EQ(cap_present(e->factory), 1);
	KCHECK_EQ(cap_present(e->rm), 1);
	KCHECK_EQ(cap_present(e->log), 1);
	KCHECK_EQ(cap_present(e->scheduler), 1);
	KCHECK_EQ(cap_present(e->parent), 1);
	KCHECK_EQ(cap_present(e->mem_alloc), 1);
}

KTEST(env_first_free_and_utcb)
{
	l4re_env_t *e = l4re_env();
	KCHECK_GE(e->first_free_cap, 0x40UL << L4_CAP_SHIFT);
	KCHECK_EQ(e->first_free_cap & (L4_CAP_SIZE - 1), 0);
	/* nothing in the first free slots yet */
	KCHECK_EQ(cap_present(e->first_free_cap), 0);
	KCHECK_EQ(l4_fpage_memaddr(e->utcb_area), 0x7fffffe00000UL);
	KCHECK_EQ(l4_fpage_size(e->utcb_area), 16);
	KCHECK_EQ(e->first_free_utcb, 0x7fffffe00000UL + L4_UTCB_OFFSET);
	KCHECK_EQ((l4_addr_t)l4_utcb(), 0x7fffffe00000UL);
	KCHECK(l4re_kip() == l4_kip());
}

KTEST(env_named_caps)
{
	l4re_env_t *e = l4re_env();
	l4_cap_idx_t rom = l4re_env_get_cap("rom");
	KASSERT(l4_is_valid_cap(rom));
	KCHECK_GE(rom, 0x20UL << L4_CAP_SHIFT);
	KCHECK_LT(rom, e->first_free_cap);
	KCHECK_EQ(cap_present(rom), 1);
	KCHECK_EQ(l4re_env_get_cap_e("rom", e), rom);
	/* lookups by length: a prefix or a longer name is another name */
	KCHECK(l4re_env_get_cap_l("romx", 3, e) != NULL);
	KCHECK(l4re_env_get_cap_l("ro", 2, e) == NULL);
	KCHECK(l4_is_invalid_cap(l4re_env_get_cap("ro")));
	KCHECK(l4_is_invalid_cap(l4re_env_get_cap("rom2")));
	KCHECK(l4_is_invalid_cap(l4re_env_get_cap("")));
	KCHECK(l4_is_invalid_cap(l4re_env_get_cap("no-such-capability")));
	/* the array ends with flags ~0 */
	unsigned n = 0;
	for (l4re_env_cap_entry_t *c = e->caps; c->flags != ~0UL; c++)
		n++;
	KCHECK_GE(n, 1);
	KCHECK_LT(n, 33);
}

KTEST(env_argv)
{
	KASSERT_EQ(rt_argc, 3);
	KCHECK(rt_argv[0] != NULL);
	KCHECK(strcmp(rt_argv[1], "a1") == 0);
	KCHECK(strcmp(rt_argv[2], "a2") == 0);
	KCHECK(rt_argv[3] == NULL);
	/* argv[0] names the program */
	KCHECK(ends_with(rt_argv[0], "rt-env"));
	KCHECK(environ != NULL);
}

KTEST(env_aux)
{
	KASSERT(l4re_aux != NULL);
	KASSERT(l4re_aux->binary != NULL);
	KCHECK(ends_with(l4re_aux->binary, "rt-env"));
}
