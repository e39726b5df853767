/* The start stack of a program: strings, l4re_aux_t, the named-capability
 * array and l4re_env_t at the top, below them the System V vectors
 * (argc, argv, NULL, envp, NULL, auxv, AT_NULL) that rsp points at. */
#include "ldr_int.h"
#include <minrt_string.h>
#include <l4/re/l4aux.h>

enum { AT_NULL = 0, AT_PAGESZ = 6, MAX_VEC = 64 };

/* A downward cursor in the stack dataspace: loc is the dataspace as the
 * loader sees it, child its address in the program. */
struct stk {
	char *loc;
	l4_addr_t child;
	unsigned long top;  /* offset of the lowest byte used so far */
	int full;
};

static l4_addr_t push(struct stk *s, const void *data, unsigned long len, unsigned long align)
{
	if (s->full || len + align > s->top) {
		s->full = 1;
		return 0;
	}
	s->top = (s->top - len) & ~(align - 1);
	memcpy(s->loc + s->top, data, len);
	return s->child + s->top;
}

/* Pushes the strings of vec (at most MAX_VEC); *n = their count. */
static void push_strings(struct stk *s, const char *const *vec, l4_addr_t *addr, unsigned *n)
{
	*n = 0;
	for (; vec && vec[*n]; ++*n) {
		if (*n == MAX_VEC) {
			s->full = 1;
			return;
		}
		addr[*n] = push(s, vec[*n], strlen(vec[*n]) + 1, 1);
	}
}

static l4_addr_t push_caps(struct stk *s, const struct ldr_stack_args *a)
{
	l4re_env_cap_entry_t e[LDR_MAX_NAMED_CAPS + 1];
	memset(e, 0, sizeof(e));
	for (unsigned i = 0; i < a->n_caps; i++) {
		e[i].cap = (LDR_SLOT_NAMED + i) << L4_CAP_SHIFT;
		strlcpy(e[i].name, a->caps[i].name, sizeof(e[i].name));
	}
	e[a->n_caps].cap = L4_INVALID_CAP;
	e[a->n_caps].flags = ~0UL;
	return push(s, e, (a->n_caps + 1) * sizeof(e[0]), 8);
}

long ldr_stack_build(const struct ldr_stack_args *a, void *loc, l4_addr_t child,
		     unsigned long size, l4_addr_t *sp)
{
	struct stk s = { .loc = loc, .child = child, .top = size };
	l4_addr_t argv[MAX_VEC], envp[MAX_VEC];
	unsigned argc, envc;
	push_strings(&s, a->argv, argv, &argc);
	push_strings(&s, a->envp, envp, &envc);

	l4re_aux_t aux = { .binary = (const char *)argv[0], .kip_ds = L4_INVALID_CAP };
	l4_addr_t aux_a = push(&s, &aux, sizeof(aux), 8);
	l4re_env_t env = a->env;
	env.caps = (l4re_env_cap_entry_t *)push_caps(&s, a);
	l4_addr_t env_a = push(&s, &env, sizeof(env), 8);

	l4_umword_t v[1 + MAX_VEC + 1 + MAX_VEC + 1 + 8];
	unsigned n = 0;
	v[n++] = argc;
	for (unsigned i = 0; i < argc; i++)
		v[n++] = argv[i];
	v[n++] = 0;
	for (unsigned i = 0; i < envc; i++)
		v[n++] = envp[i];
	v[n++] = 0;
	v[n++] = AT_PAGESZ;  v[n++] = L4_PAGESIZE;
	v[n++] = AT_L4_AUX;  v[n++] = aux_a;
	v[n++] = AT_L4_ENV;  v[n++] = env_a;
	v[n++] = AT_NULL;    v[n++] = 0;
	/* System V: rsp is 16-byte aligned at entry and points at argc. */
	*sp = push(&s, v, n * sizeof(v[0]), 16);
	return s.full ? -L4_ERANGE : 0;
}
