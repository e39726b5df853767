/* rt-libc: runs the registered tests; an atexit handler proves that
 * returning from main runs them before the status reaches moe. */
#include <utap.h>
#include <stdio.h>
#include <stdlib.h>

static void at_exit_note(void)
{
	printf("rt-libc: atexit handler ran\n");
}

int main(int argc, char **argv)
{
	atexit(at_exit_note);
	return utap_run_all(argc, argv);
}
