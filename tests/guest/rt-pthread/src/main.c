/* rt-pthread: runs the registered tests; then the main thread leaves with
 * pthread_exit() while a detached thread still runs, and the program ends
 * (status 0, atexit handlers run) when that last thread returns. */
#include "rt.h"
#include <utap.h>
#include <stdio.h>
#include <stdlib.h>

static void at_exit_note(void)
{
	printf("rt-pthread: atexit handler ran\n");
}

static void *last_thread(void *arg)
{
	(void)arg;
	sleep_ms(50);
	printf("rt-pthread: last thread returns\n");
	return NULL;
}

int main(int argc, char **argv)
{
	int rc = utap_run_all(argc, argv);
	if (rc)
		return rc;
	atexit(at_exit_note);
	pthread_attr_t a;
	pthread_t t;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &a, last_thread, NULL))
		return 1;
	printf("rt-pthread: main thread calls pthread_exit\n");
	pthread_exit(NULL);
}
