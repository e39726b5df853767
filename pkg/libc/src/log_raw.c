/* Last-resort output to the program's log: no stdio, no locks, no malloc,
 * for messages written while the program dies. */
#include "libc_internal.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/re/l4aux.h>
#include <l4/sys/vcon.h>

void wn_log_raw(const char *s, size_t n)
{
	l4_cap_idx_t log = l4re_env()->log;
	while (n) {
		unsigned part = n > L4_VCON_WRITE_SIZE ? L4_VCON_WRITE_SIZE : (unsigned)n;
		if (l4_error(l4_vcon_write(log, s, part)) < 0)
			return;
		s += part;
		n -= part;
	}
}

void wn_log_rawf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	wn_log_raw(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

const char *wn_progname(void)
{
	const l4re_aux_t *aux = l4re_aux;
	const char *name = aux && aux->binary ? aux->binary : "program";
	const char *slash = strrchr(name, '/');
	return slash ? slash + 1 : name;
}
