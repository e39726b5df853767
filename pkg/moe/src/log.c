/* Log objects: a Vcon per application that collects output up to each
 * newline and prints it on moe's console as "tag     | text" (L4Re's
 * layout: the tag cut or padded to 8 columns), in the tag's color. */
#include "moe.h"

#include <fmt.h>
#include <l4/sys/err.h>
#include <l4/sys/kprint.h>
#include <l4/sys/vcon.h>
#include <minrt_string.h>

enum {
	LOG_TAG_COLS = 8,   /* columns of the tag in each line (L4Re's) */
	LOG_TAG_MAX  = 32,  /* bytes of the tag kept */
	LOG_LINE_MAX = 256, /* longer lines are printed in pieces */
};

struct moe_log {
	struct l4srv_obj obj; /* first: the framework's view */
	struct moe_quota *q;
	unsigned color;       /* 0 none, 1..7 ANSI color, | 8 bright */
	bool continued;       /* the next piece continues a cut line */
	unsigned tag_len;
	unsigned line_len;
	l4_vcon_attr_t attr;  /* as set by the client; output ignores them */
	char tag[LOG_TAG_MAX + 1];
	char line[LOG_LINE_MAX];
};

/* Prints the collected line: color, tag, "| " (": " for the rest of a cut
 * line), text, reset. One write keeps lines of logs from interleaving. */
static void log_flush(struct moe_log *l, bool newline)
{
	char out[LOG_LINE_MAX + LOG_TAG_COLS + 32];
	unsigned n = 0;
	if (l->color) {
		const char *bright = (l->color & 8) ? "01;" : "";
		n += (unsigned)fmt_snprintf(out, sizeof(out), "\033[%s3%um", bright, l->color & 7);
	}
	unsigned t = l->tag_len < LOG_TAG_COLS ? l->tag_len : LOG_TAG_COLS;
	memcpy(out + n, l->tag, t);
	n += t;
	while (t++ < LOG_TAG_COLS)
		out[n++] = ' ';
	out[n++] = l->continued ? ':' : '|';
	out[n++] = ' ';
	memcpy(out + n, l->line, l->line_len);
	n += l->line_len;
	if (l->color) {
		memcpy(out + n, "\033[0m", 4);
		n += 4;
	}
	out[n++] = '\n';
	l4_kwrite(out, n);
	l->line_len = 0;
	l->continued = !newline;
}

/* Adds text to the line; prints at each newline and when the line is full. */
static void log_add(struct moe_log *l, const char *s, unsigned long len)
{
	for (unsigned long i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\n') {
			log_flush(l, true);
			continue;
		}
		if (c == '\r' || c == 0)
			continue; /* the console adds its own line ends */
		l->line[l->line_len++] = c;
		if (l->line_len == LOG_LINE_MAX)
			log_flush(l, false);
	}
}

/* write: mr0 = L4_VCON_WRITE_OP, mr1 = size, bytes. l4_vcon_write() is
 * a send without a receive phase; the answer (as the kernel console's:
 * 0 or -L4_EMSGTOOSHORT) only reaches callers that wait for it. */
static long log_write(struct moe_log *l, struct l4srv_msg *m)
{
	l4_umword_t size;
	if (l4srv_get_word(m, &size))
		return -L4_EMSGTOOSHORT;
	unsigned long have = (unsigned long)l4srv_words_left(m) * sizeof(l4_umword_t);
	if (size > have || size > L4_VCON_WRITE_SIZE)
		return -L4_EMSGTOOSHORT;
	char buf[L4_VCON_WRITE_SIZE + sizeof(l4_umword_t)];
	for (unsigned long done = 0; done < size; done += sizeof(l4_umword_t)) {
		l4_umword_t w;
		if (l4srv_get_word(m, &w))
			return -L4_EMSGTOOSHORT;
		memcpy(buf + done, &w, sizeof(w));
	}
	log_add(l, buf, size);
	return 0;
}

/* read: there is never input; answer "0 bytes, queue empty". */
static long log_read(struct l4srv_msg *m)
{
	if (l4srv_put_word(m, L4_VCON_READ_STAT_DONE))
		return -L4_EMSGTOOLONG;
	return 0;
}

static long log_set_attr(struct moe_log *l, struct l4srv_msg *m)
{
	l4_vcon_attr_t a;
	if (!(m->rights & L4_CAP_FPAGE_W))
		return -L4_EPERM;
	if (l4srv_get_word(m, &a.i_flags) || l4srv_get_word(m, &a.o_flags) ||
	    l4srv_get_word(m, &a.l_flags))
		return -L4_EMSGTOOSHORT;
	l->attr = a;
	return 0;
}

static long log_get_attr(struct moe_log *l, struct l4srv_msg *m)
{
	if (l4srv_put_word(m, 0) || l4srv_put_word(m, l->attr.i_flags) ||
	    l4srv_put_word(m, l->attr.o_flags) || l4srv_put_word(m, l->attr.l_flags))
		return -L4_EMSGTOOLONG;
	return 0;
}

/* The Vcon protocol: the opcode is in bits 0-15 of mr0 (a read has its
 * size above), so this decodes mr0 itself instead of an opcode table. */
static long log_dispatch(struct l4srv_obj *o, struct l4srv_msg *m)
{
	struct moe_log *l = (struct moe_log *)o;
	l4_umword_t op;
	if (l4srv_get_word(m, &op))
		return -L4_EMSGTOOSHORT;
	switch (op & 0xffff) {
	case L4_VCON_WRITE_OP:
		return log_write(l, m);
	case L4_VCON_READ_OP:
		return log_read(m);
	case L4_VCON_SET_ATTR_OP:
		return log_set_attr(l, m);
	case L4_VCON_GET_ATTR_OP:
		/* mr0 of the answer is skipped by l4_vcon_get_attr (mr1..3) */
		return log_get_attr(l, m);
	default:
		return -L4_ENOSYS;
	}
}

static void log_destroy(struct l4srv_obj *o)
{
	struct moe_log *l = (struct moe_log *)o;
	if (l->line_len)
		log_flush(l, true);
	moe_obj_free(l->q, l, sizeof(*l));
}

static const struct l4srv_iface log_ifaces[] = {
	{ .proto = L4_PROTO_LOG, .any = log_dispatch },
};

static const struct l4srv_type log_type = {
	.name = "log",
	.ifaces = log_ifaces,
	.n_ifaces = 1,
	.destroy = log_destroy,
};

long moe_log_create(struct moe_quota *q, const char *tag, unsigned color,
		    struct l4srv_obj **out)
{
	if (!tag || color > 15)
		return -L4_EINVAL;
	struct moe_log *l = moe_obj_alloc(q, sizeof(*l));
	if (!l)
		return -L4_ENOMEM;
	l->q = q;
	l->color = color;
	l->tag_len = (unsigned)strlcpy(l->tag, tag, sizeof(l->tag));
	if (l->tag_len > LOG_TAG_MAX)
		l->tag_len = LOG_TAG_MAX;
	/* what a terminal starts with: output NL -> CR NL, canonical, echo */
	l->attr.o_flags = L4_VCON_ONLCR;
	l->attr.l_flags = L4_VCON_ICANON | L4_VCON_ECHO;
	if (l4srv_register(&moe_srv, &l->obj, &log_type, "log") < 0) {
		moe_obj_free(q, l, sizeof(*l));
		return -L4_ENOMEM;
	}
	*out = &l->obj;
	return 0;
}
