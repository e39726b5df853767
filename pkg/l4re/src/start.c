/* C part of program start (crt0): environment, capability allocator,
 * argument vectors, main, and _exit through the parent protocol. */
#include "env_internal.h"
#include <crt0.h>
#include <l4/re/c/parent.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/ipc.h>

int main(int argc, char **argv);
L4_NORETURN void crt0_start(void *kip, void *utcb, long *sp);

/* The C library's start (pkg/libc): thread-local storage, constructors,
 * exit(main(...)). Weak: programs without libc call main directly. */
__attribute__((weak, noreturn)) void __libc_start(int argc, char **argv, char **envp);

static char *no_strings[1];

/* Weak, so that a libc that defines environ itself takes over this
 * variable (every reference, this file's included, then goes to libc's). */
__attribute__((weak)) char **environ = no_strings;

void _exit(int status)
{
	l4re_env_t *env = l4re_env();
	/* The parent usually deletes this task before it would answer; if it
	 * answers (or there is none), the thread stays blocked here. */
	if (env && l4_is_valid_cap(env->parent))
		l4re_parent_signal(env->parent, L4RE_PARENT_SIGNAL_EXIT,
				   (unsigned long)(long)status);
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

void crt0_start(void *kip, void *utcb, long *sp)
{
	(void)kip; /* l4re_kip() finds it at L4_KIP_ADDR */
	int argc = 0;
	char **argv = no_strings;
	char **envp = no_strings;
	l4_cap_idx_t first = L4RE_BOOT_CAP_ALLOC_START << L4_CAP_SHIFT;
	if (!sp)
		l4re_env_init_boot(utcb);
	else if (l4re_env_init_stack(sp, &argc, &argv, &envp))
		first = l4re_env()->first_free_cap;
	environ = envp;
	l4re_util_cap_alloc_init(first);
	if (__libc_start)
		__libc_start(argc, argv, envp);
	_exit(main(argc, argv));
}
