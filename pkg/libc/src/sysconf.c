/* sysconf() and related queries about the system. */
#include <errno.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>
#include <l4/sys/consts.h>
#include <l4/sys/kip.h>

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return L4_PAGESIZE;
	case _SC_CLK_TCK:
		return CLOCKS_PER_SEC;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return 1; /* the kernel schedules on the boot CPU */
	case _SC_OPEN_MAX:
		return 256;
	case _SC_ARG_MAX:
		return 4096;
	case _SC_PHYS_PAGES: {
		l4_kernel_info_t *kip = l4_kip();
		unsigned long bytes = 0;
		l4_kernel_info_mem_desc_t *d = l4_kernel_info_get_mem_descs(kip);
		unsigned n = l4_kernel_info_get_num_mem_descs(kip);
		for (unsigned i = 0; i < n && i < L4_KIP_MAX_MEM_DESCS; i++)
			if (l4_kernel_info_get_mem_desc_type(&d[i]) == L4_MEM_TYPE_CONVENTIONAL &&
			    !l4_kernel_info_get_mem_desc_is_virtual(&d[i]))
				bytes += l4_kernel_info_get_mem_desc_end(&d[i]) -
					 l4_kernel_info_get_mem_desc_start(&d[i]) + 1;
		return (long)(bytes / L4_PAGESIZE);
	}
	default:
		errno = EINVAL;
		return -1;
	}
}

int getpagesize(void)
{
	return L4_PAGESIZE;
}
