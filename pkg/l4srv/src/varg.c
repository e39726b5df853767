/* Variable arguments of the factory protocol, as l4_factory_create_add_*()
 * in <l4/sys/factory.h> produce them: a header word type | size << 16,
 * then the value (one word, or the string's bytes in whole words). */
#include "srv_int.h"

#include <minrt_string.h>

int l4srv_varg_next(struct l4srv_msg *m, struct l4srv_varg *v)
{
	unsigned left = l4srv_words_left(m);
	if (!left)
		return 0;
	l4_umword_t hdr = m->in[m->rpos];
	unsigned type = (unsigned)(hdr & 0xffff);
	l4_umword_t len = hdr >> 16;
	v->type = type;
	v->len = len;
	switch (type) {
	case L4_VARG_TYPE_NIL:
		if (len)
			return -L4_EINVAL;
		m->rpos++;
		return 1;
	case L4_VARG_TYPE_UMWORD:
	case L4_VARG_TYPE_MWORD:
	case L4_VARG_TYPE_FPAGE:
		if (len != sizeof(l4_umword_t))
			return -L4_EINVAL;
		if (left < 2)
			return -L4_EMSGTOOSHORT;
		v->v.u = m->in[m->rpos + 1];
		m->rpos += 2;
		return 1;
	case L4_VARG_TYPE_STRING: {
		if (len > (l4_umword_t)(left - 1) * sizeof(l4_umword_t))
			return -L4_EMSGTOOSHORT;
		const char *p = (const char *)&m->in[m->rpos + 1];
		/* l4_factory_create_add_str() sends the NUL, _lstr() may not. */
		l4_umword_t n = len;
		if (n && p[n - 1] == '\0')
			n--;
		if (n > sizeof(v->v.s.buf) - 1)
			return -L4_EINVAL;
		for (l4_umword_t i = 0; i < n; i++)
			if (!p[i])
				return -L4_EINVAL;
		memcpy(v->v.s.buf, p, n);
		v->v.s.buf[n] = '\0';
		v->len = n;
		m->rpos += 1 + (unsigned)l4_bytes_to_mwords((unsigned)len);
		return 1;
	}
	default:
		return -L4_EINVAL;
	}
}
