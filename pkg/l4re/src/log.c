/* Log client: strings to a Vcon in as many writes as they need. */
#include <l4/re/c/log.h>
#include <l4/sys/vcon.h>

void l4re_log_printn_srv(const l4_cap_idx_t logcap, char const *string, int len)
{
	if (!string || len <= 0 || l4_is_invalid_cap(logcap))
		return;
	unsigned left = (unsigned)len;
	while (left) {
		unsigned n = left < L4_VCON_WRITE_SIZE ? left : L4_VCON_WRITE_SIZE;
		if (l4_msgtag_has_error(l4_vcon_write(logcap, string, n)))
			return; /* the log is gone: nobody to tell */
		string += n;
		left -= n;
	}
}

void l4re_log_print_srv(const l4_cap_idx_t logcap, char const *string)
{
	if (!string)
		return;
	unsigned long n = 0;
	while (string[n])
		n++;
	while (n) {
		/* printn takes an int; very long strings go in pieces */
		int k = n > 0x40000000UL ? 0x40000000 : (int)n;
		l4re_log_printn_srv(logcap, string, k);
		string += k;
		n -= (unsigned long)k;
	}
}
