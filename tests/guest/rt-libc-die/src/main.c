/* rt-libc-die: abort | assert | fault | exit — ends through a chain of
 * named functions (die_outer → die_inner) so the backtrace shows them. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void at_exit_note(void)
{
	printf("rt-libc-die: atexit handler ran\n");
}

__attribute__((noinline)) static void die_inner(const char *how)
{
	if (!strcmp(how, "abort"))
		abort();
	if (!strcmp(how, "assert"))
		assert(how[0] == 'x' && "deliberately false");
	if (!strcmp(how, "fault"))
		*(volatile int *)16 = 1;
	if (!strcmp(how, "exit"))
		exit(42);
	printf("rt-libc-die: unknown way '%s'\n", how);
}

__attribute__((noinline)) static void die_outer(const char *how)
{
	die_inner(how);
	printf("rt-libc-die: still alive after '%s'\n", how);
}

int main(int argc, char **argv)
{
	atexit(at_exit_note);
	printf("rt-libc-die: going to %s\n", argc > 1 ? argv[1] : "(nothing)");
	fflush(stdout);
	die_outer(argc > 1 ? argv[1] : "");
	return 3;
}
