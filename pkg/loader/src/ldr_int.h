/* Internal interfaces of the loader library between its files. */
#pragma once

#include <l4/loader/loader.h>
#include <l4/re/env.h>

/* What goes onto a program's start stack. env is complete except caps. */
struct ldr_stack_args {
	const char *const *argv;
	const char *const *envp;
	const struct ldr_named_cap *caps;
	unsigned n_caps;
	l4re_env_t env;
};

/* Writes the start stack into the stack dataspace, seen by the loader at
 * loc and by the program at [child, child + size); *sp = the program's
 * initial rsp. \retval 0 ok  \retval -L4_ERANGE does not fit (or more
 * than 64 arguments or environment strings) */
long ldr_stack_build(const struct ldr_stack_args *a, void *loc, l4_addr_t child,
		     unsigned long size, l4_addr_t *sp);
