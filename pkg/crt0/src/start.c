/* C part of program start: argument vector, main, exit. */
#include <crt0.h>
#include <l4/sys/ipc.h>

int main(int argc, char **argv);
void crt0_start(void *kip, void *utcb, long *sp);

static char *no_args[] = { 0 };

void _exit(int status)
{
	(void)status;
	/* There is no parent to tell yet (the runtime issue adds the parent
	 * protocol), so the thread stops here for good. */
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

void crt0_start(void *kip, void *utcb, long *sp)
{
	(void)kip;
	(void)utcb;
	int argc = 0;
	char **argv = no_args;
	if (sp) {
		argc = (int)sp[0];
		argv = (char **)&sp[1];
	}
	_exit(main(argc, argv));
}
