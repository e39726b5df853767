/* ex-fault: reaches user mode, reports it, then writes to an unmapped
 * address. The harness checks the kernel's report and that the kernel
 * debugger still answers afterwards. */
#include <ktap.h>
#include <l4/sys/kprint.h>

int main(int argc, char **argv);

KTEST(reached_user_mode)
{
	unsigned short cs;
	__asm__("mov %%cs, %0" : "=r"(cs));
	KCHECK_EQ(cs & 3, 3);
}

int main(int argc, char **argv)
{
	int r = ktap_run_all(argc, argv);
	l4_kprintf("ex-fault: writing to 0xdead000\n");
	*(volatile int *)0xdead000 = r;
	l4_kprintf("ex-fault: still alive after the fault: the kernel did not stop me\n");
	return 1;
}
