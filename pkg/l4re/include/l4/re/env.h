/* The initial environment of a program: the capabilities its starter gave
 * it (parent, region map, memory allocator, log, ...), the named
 * capabilities, the first free capability slot and UTCB. L4Re's
 * l4/re/env.h names and layout; crt0 sets it up (see doc/runtime.md). */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/kip.h>
#include <l4/sys/types.h>
#include <l4/re/consts.h>

L4_BEGIN_DECLS

/* One named capability of the initial environment. The array env->caps
 * ends with an entry whose flags are ~0UL. */
typedef struct l4re_env_cap_entry_t {
	l4_cap_idx_t cap;  /* selector of the object in this task */
	l4_umword_t flags; /* unused (0); ~0UL marks the end of the array */
	char name[16];     /* NUL-terminated unless all 16 bytes are used */
} l4re_env_cap_entry_t;

/* The initial environment. Invalid capabilities are L4_INVALID_CAP. */
typedef struct l4re_env_t {
	l4_cap_idx_t parent;         /* parent (exit signal), slot 0x10 */
	l4_cap_idx_t rm;             /* region map = pager, slot 4 */
	l4_cap_idx_t mem_alloc;      /* memory allocator / factory, slot 0x11 */
	l4_cap_idx_t log;            /* log (Vcon), slot 5 */
	l4_cap_idx_t main_thread;    /* the first thread, slot 3 */
	l4_cap_idx_t factory;        /* kernel-object factory, slot 2 */
	l4_cap_idx_t scheduler;      /* scheduler (maybe a proxy), slot 7 */
	l4_cap_idx_t first_free_cap; /* first selector the program may use */
	l4_fpage_t utcb_area;        /* the task's UTCB area */
	l4_addr_t first_free_utcb;   /* first UTCB not used by the runtime */
	l4re_env_cap_entry_t *caps;  /* named capabilities, see above */
} l4re_env_t;

/* Set by crt0 before main; do not change. */
extern l4re_env_t *l4re_global_env;

/* The program's initial environment. */
L4_INLINE l4re_env_t *l4re_env(void) L4_NOTHROW
{
	return l4re_global_env;
}

/* The kernel info page (mapped at L4_KIP_ADDR in every task). */
L4_INLINE l4_kernel_info_t *l4re_kip(void) L4_NOTHROW
{
	return l4_kip();
}

/* The entry named by the first l bytes of name (name need not be
 * NUL-terminated), or NULL if e has no such entry. */
L4_INLINE l4re_env_cap_entry_t const *
l4re_env_get_cap_l(char const *name, unsigned l, l4re_env_t const *e) L4_NOTHROW
{
	if (!e || !e->caps || l == 0 || l > sizeof(e->caps->name))
		return NULL;
	for (l4re_env_cap_entry_t const *c = e->caps; c->flags != ~0UL; c++) {
		unsigned i = 0;
		while (i < l && c->name[i] == name[i] && name[i])
			i++;
		if (i == l && (l == sizeof(c->name) || c->name[l] == 0))
			return c;
	}
	return NULL;
}

/* The selector of the named capability in environment e, or
 * L4_INVALID_CAP if there is none (test with l4_is_invalid_cap()). */
L4_INLINE l4_cap_idx_t l4re_env_get_cap_e(char const *name, l4re_env_t const *e) L4_NOTHROW
{
	unsigned l = 0;
	while (name[l])
		l++;
	l4re_env_cap_entry_t const *c = l4re_env_get_cap_l(name, l, e);
	return c ? c->cap : L4_INVALID_CAP;
}

/* The selector of the named capability in this program's environment, or
 * L4_INVALID_CAP. */
L4_INLINE l4_cap_idx_t l4re_env_get_cap(char const *name) L4_NOTHROW
{
	return l4re_env_get_cap_e(name, l4re_env());
}

L4_END_DECLS
