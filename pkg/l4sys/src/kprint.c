/* Formatted output through the kernel console capability. */
#include <fmt.h>
#include <minrt_string.h>
#include <l4/sys/kprint.h>
#include <l4/sys/vcon.h>

long l4_kwrite(const char *s, size_t len)
{
	while (len) {
		unsigned n = len > L4_VCON_WRITE_SIZE ? L4_VCON_WRITE_SIZE : (unsigned)len;
		long err = l4_error(l4_vcon_write(L4_BASE_LOG_CAP, s, n));
		if (err < 0)
			return err;
		s += n;
		len -= n;
	}
	return 0;
}

/* Collects output in a buffer so a line goes out in one write. */
struct kbuf {
	char buf[L4_VCON_WRITE_SIZE];
	size_t n;
};

static void sink(void *ctx, const char *s, size_t len)
{
	struct kbuf *b = ctx;
	while (len) {
		size_t k = sizeof(b->buf) - b->n;
		if (k > len)
			k = len;
		memcpy(b->buf + b->n, s, k);
		b->n += k;
		s += k;
		len -= k;
		if (b->n == sizeof(b->buf)) {
			l4_kwrite(b->buf, b->n);
			b->n = 0;
		}
	}
}

int l4_kvprintf(const char *fmt, va_list ap)
{
	struct kbuf b;
	b.n = 0;
	int n = fmt_vformat(sink, &b, fmt, ap);
	if (b.n)
		l4_kwrite(b.buf, b.n);
	return n;
}

int l4_kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = l4_kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
