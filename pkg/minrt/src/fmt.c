/* Freestanding printf-style formatter (see fmt.h for what it supports). */
#include <fmt.h>

#include <stdbool.h>
#include <stdint.h>

struct spec {
	bool left, plus, space, alt, zero;
	int width;
	int prec;      /* -1: none given */
	int length;    /* in bytes of the argument: 1, 2, 4, 8 */
	char conv;
};

struct out {
	fmt_sink_t sink;
	void *ctx;
	int count;
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (n) {
		o->sink(o->ctx, s, n);
		o->count += (int)n;
	}
}

static void pad(struct out *o, char c, int n)
{
	char buf[16];
	for (int i = 0; i < (int)sizeof(buf); i++)
		buf[i] = c;
	while (n > 0) {
		int k = n > (int)sizeof(buf) ? (int)sizeof(buf) : n;
		emit(o, buf, (size_t)k);
		n -= k;
	}
}

/* Parses flags, width, precision and length; returns the conversion char's position. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1, .length = 4 };
	for (;; f++) {
		if (*f == '-') sp->left = true;
		else if (*f == '+') sp->plus = true;
		else if (*f == ' ') sp->space = true;
		else if (*f == '#') sp->alt = true;
		else if (*f == '0') sp->zero = true;
		else break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	} else {
		while (*f >= '0' && *f <= '9')
			sp->width = sp->width * 10 + (*f++ - '0');
	}
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		} else {
			while (*f >= '0' && *f <= '9')
				sp->prec = sp->prec * 10 + (*f++ - '0');
		}
	}
	if (f[0] == 'h' && f[1] == 'h') { sp->length = 1; f += 2; }
	else if (f[0] == 'h') { sp->length = 2; f++; }
	else if (f[0] == 'l' && f[1] == 'l') { sp->length = 8; f += 2; }
	else if (f[0] == 'l' || f[0] == 'z' || f[0] == 't' || f[0] == 'j') {
		sp->length = sizeof(long) == 8 ? 8 : 4;
		if (f[0] == 'z') sp->length = sizeof(size_t);
		if (f[0] == 't') sp->length = sizeof(ptrdiff_t);
		if (f[0] == 'j') sp->length = sizeof(intmax_t);
		f++;
	}
	sp->conv = *f;
	return f;
}

static uint64_t fetch_unsigned(const struct spec *sp, va_list *ap)
{
	if (sp->length == 8)
		return va_arg(*ap, unsigned long long);
	unsigned v = va_arg(*ap, unsigned);
	if (sp->length == 1)
		return (unsigned char)v;
	if (sp->length == 2)
		return (unsigned short)v;
	return v;
}

static int64_t fetch_signed(const struct spec *sp, va_list *ap)
{
	if (sp->length == 8)
		return va_arg(*ap, long long);
	int v = va_arg(*ap, int);
	if (sp->length == 1)
		return (signed char)v;
	if (sp->length == 2)
		return (short)v;
	return v;
}

/* Writes digits of v in base into the end of buf; returns the start. */
static char *digits(char *end, uint64_t v, unsigned base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;
	do {
		*--p = set[v % base];
		v /= base;
	} while (v);
	return p;
}

static void format_int(struct out *o, const struct spec *sp, uint64_t mag,
		       bool neg, unsigned base)
{
	char buf[24];
	char *end = buf + sizeof(buf);
	char *s = (mag == 0 && sp->prec == 0) ? end : digits(end, mag, base, sp->conv == 'X');
	int nd = (int)(end - s);
	const char *prefix = "";
	if (neg) prefix = "-";
	else if (sp->plus) prefix = "+";
	else if (sp->space) prefix = " ";
	if (sp->alt && base == 16 && mag) prefix = sp->conv == 'X' ? "0X" : "0x";
	if (sp->alt && base == 8 && (nd == 0 || *s != '0')) prefix = "0";
	int plen = 0;
	while (prefix[plen])
		plen++;
	int zeros = sp->prec > nd ? sp->prec - nd : 0;
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > plen + nd)
		zeros = sp->width - plen - nd;
	int total = plen + zeros + nd;
	if (!sp->left)
		pad(o, ' ', sp->width - total);
	emit(o, prefix, (size_t)plen);
	pad(o, '0', zeros);
	emit(o, s, (size_t)nd);
	if (sp->left)
		pad(o, ' ', sp->width - total);
}

static void format_str(struct out *o, const struct spec *sp, const char *s)
{
	if (!s)
		s = "(null)";
	int n = 0;
	while (s[n] && (sp->prec < 0 || n < sp->prec))
		n++;
	if (!sp->left)
		pad(o, ' ', sp->width - n);
	emit(o, s, (size_t)n);
	if (sp->left)
		pad(o, ' ', sp->width - n);
}

static void format_one(struct out *o, struct spec *sp, va_list *ap)
{
	switch (sp->conv) {
	case 'd': case 'i': {
		int64_t v = fetch_signed(sp, ap);
		format_int(o, sp, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10);
		break;
	}
	case 'u': format_int(o, sp, fetch_unsigned(sp, ap), false, 10); break;
	case 'x': case 'X': format_int(o, sp, fetch_unsigned(sp, ap), false, 16); break;
	case 'o': format_int(o, sp, fetch_unsigned(sp, ap), false, 8); break;
	case 'p':
		sp->alt = true;
		sp->conv = 'x';
		format_int(o, sp, (uintptr_t)va_arg(*ap, void *), false, 16);
		break;
	case 's': format_str(o, sp, va_arg(*ap, const char *)); break;
	case 'c': {
		char c = (char)va_arg(*ap, int);
		if (!sp->left) pad(o, ' ', sp->width - 1);
		emit(o, &c, 1);
		if (sp->left) pad(o, ' ', sp->width - 1);
		break;
	}
	case '%': emit(o, "%", 1); break;
	default: /* unknown conversion: print it verbatim so the mistake shows */
		emit(o, "%", 1);
		if (sp->conv)
			emit(o, &sp->conv, 1);
	}
}

int fmt_vformat(fmt_sink_t sink, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { sink, ctx, 0 };
	va_list aq;
	va_copy(aq, ap);
	while (*fmt) {
		const char *run = fmt;
		while (*fmt && *fmt != '%')
			fmt++;
		emit(&o, run, (size_t)(fmt - run));
		if (!*fmt)
			break;
		struct spec sp;
		fmt = parse_spec(fmt + 1, &sp, &aq);
		format_one(&o, &sp, &aq);
		if (*fmt)
			fmt++;
	}
	va_end(aq);
	return o.count;
}

struct buf_ctx {
	char *buf;
	size_t size, pos;
};

static void buf_sink(void *ctx, const char *s, size_t n)
{
	struct buf_ctx *b = ctx;
	for (size_t i = 0; i < n; i++, b->pos++)
		if (b->pos + 1 < b->size)
			b->buf[b->pos] = s[i];
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_ctx b = { buf, size, 0 };
	int n = fmt_vformat(buf_sink, &b, fmt, ap);
	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
