/* posix_memalign() on newlib's memalign(). */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

int posix_memalign(void **out, size_t align, size_t size)
{
	if (!align || (align & (align - 1)) || align % sizeof(void *))
		return EINVAL;
	void *p = memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}
