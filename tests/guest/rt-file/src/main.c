/* rt-file: output on the console first (the scenario expects these lines),
 * then the registered tests. */
#include <utap.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("rt-file: printf on stdout %d\n", 1);
	fprintf(stderr, "rt-file: fprintf on stderr %s\n", "two");
	printf("rt-file: a line in ");
	printf("three printf calls, ");
	printf("one write\n");
	return utap_run_all(argc, argv);
}
