/* The expected content of the test module. */
#include "rt_file.h"
#include <stdio.h>

void rt_line(unsigned i, char *buf)
{
	snprintf(buf, 64, "line %03u: the walnut file layer reads boot modules\n", i);
}

const char *rt_content(void)
{
	static char content[RT_SIZE + 1];
	if (!content[0])
		for (unsigned i = 0; i < RT_LINES; i++)
			rt_line(i, content + i * RT_LINE_LEN);
	return content;
}

uint32_t rt_fnv1a(const void *p, size_t n, uint32_t h)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x01000193u;
	return h;
}
