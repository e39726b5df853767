/* hello: greets from user mode once a second, through the kernel console. */
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/kprint.h>

int main(int argc, char **argv);

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (unsigned n = 1;; n++) {
		l4_kprintf("hello: Hello World! (%u, %llu ms since boot)\n", n,
			   (unsigned long long)(l4_kip_clock(l4_kip()) / 1000));
		l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(1000000)));
	}
}
