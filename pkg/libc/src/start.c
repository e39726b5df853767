/* The C library's part of program start, called by crt0 (pkg/l4re) with the
 * argument vectors: thread-local storage first, then the fault handler,
 * constructors, and exit(main()) so that atexit handlers and stdio flushing
 * run and the status reaches the parent. */
#include "libc_internal.h"
#include <stdlib.h>

void __libc_init_array(void);
int main(int argc, char **argv, char **envp);
__attribute__((noreturn)) void __libc_start(int argc, char **argv, char **envp);

void __libc_start(int argc, char **argv, char **envp)
{
	wn_tls_init_main();
	wn_fault_init();
	__libc_init_array();
	exit(main(argc, argv, envp));
}
