/* Bounds-checked reading of a request and writing of a reply (no system
 * calls: also built on the host). */
#include "srv_int.h"

#include <minrt_string.h>

int l4srv_msg_init(struct l4srv_msg *m, struct l4srv_server *s, l4_utcb_t *utcb,
		   l4_msgtag_t tag, l4_umword_t label)
{
	unsigned words = l4_msgtag_words(tag), items = l4_msgtag_items(tag);
	m->srv = s;
	m->utcb = utcb;
	m->tag = tag;
	m->label = label;
	m->rights = (unsigned)(label & 3);
	m->rpos = m->wpos = m->witems = 0;
	m->taken = m->used = 0;
	m->overflow = 0;
	m->words = m->items = 0;
	/* The kernel never delivers more than the UTCB holds; a caller-made
	 * tag might claim it (decode nothing then). */
	if (words + 2 * items > L4_UTCB_GENERIC_DATA_SIZE)
		return -L4_EMSGTOOLONG;
	m->words = words;
	m->items = items;
	memcpy(m->in, l4_utcb_mr_u(utcb)->mr, (words + 2 * items) * sizeof(l4_umword_t));
	for (unsigned i = 0; i < items; i++) {
		int r = l4srv_item_rcv_index(m, i);
		if (r >= 0)
			m->used |= 1u << r;
	}
	return 0;
}

unsigned l4srv_words_left(const struct l4srv_msg *m)
{
	return m->rpos < m->words ? m->words - m->rpos : 0;
}

int l4srv_get_word(struct l4srv_msg *m, l4_umword_t *w)
{
	if (!l4srv_words_left(m))
		return -L4_EMSGTOOSHORT;
	*w = m->in[m->rpos++];
	return 0;
}

int l4srv_get_sword(struct l4srv_msg *m, l4_mword_t *w)
{
	l4_umword_t u;
	int r = l4srv_get_word(m, &u);
	if (r == 0)
		*w = (l4_mword_t)u;
	return r;
}

/* Length word and bytes of a string/blob; checks that the words are
 * there (n <= words left * 8, written without overflow). */
static int get_blob(struct l4srv_msg *m, const char **p, unsigned long *n)
{
	unsigned left = l4srv_words_left(m);
	if (!left)
		return -L4_EMSGTOOSHORT;
	l4_umword_t len = m->in[m->rpos];
	if (len > (l4_umword_t)(left - 1) * sizeof(l4_umword_t))
		return -L4_EMSGTOOSHORT;
	*p = (const char *)&m->in[m->rpos + 1];
	*n = len;
	return 0;
}

static int has_nul(const char *p, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		if (!p[i])
			return 1;
	return 0;
}

static void skip_blob(struct l4srv_msg *m, unsigned long n)
{
	m->rpos += 1 + (unsigned)l4_bytes_to_mwords(n);
}

int l4srv_get_string(struct l4srv_msg *m, char *buf, unsigned long bufsz, unsigned long *len)
{
	const char *p;
	unsigned long n;
	int r = get_blob(m, &p, &n);
	if (r)
		return r;
	if (bufsz == 0 || n > bufsz - 1 || has_nul(p, n))
		return -L4_EINVAL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (len)
		*len = n;
	skip_blob(m, n);
	return 0;
}

int l4srv_get_bytes(struct l4srv_msg *m, void *buf, unsigned long bufsz, unsigned long *len)
{
	const char *p;
	unsigned long n;
	int r = get_blob(m, &p, &n);
	if (r)
		return r;
	if (n > bufsz)
		return -L4_EINVAL;
	memcpy(buf, p, n);
	if (len)
		*len = n;
	skip_blob(m, n);
	return 0;
}

/* Whether words more words and items more items still fit the reply. */
static int room(struct l4srv_msg *m, unsigned long words, unsigned items)
{
	unsigned long total = m->wpos + words + 2ul * (m->witems + items);
	if (total > L4_UTCB_GENERIC_DATA_SIZE) {
		m->overflow = 1;
		return 0;
	}
	return 1;
}

int l4srv_put_word(struct l4srv_msg *m, l4_umword_t w)
{
	if (!room(m, 1, 0))
		return -L4_EMSGTOOLONG;
	m->out[m->wpos++] = w;
	return 0;
}

int l4srv_put_string(struct l4srv_msg *m, const char *s, unsigned long len)
{
	if (len > L4_UTCB_GENERIC_DATA_SIZE * sizeof(l4_umword_t) ||
	    !room(m, 1 + l4_bytes_to_mwords(len), 0))
		return -L4_EMSGTOOLONG;
	m->out[m->wpos++] = len;
	unsigned nw = (unsigned)l4_bytes_to_mwords(len);
	if (nw)
		m->out[m->wpos + nw - 1] = 0; /* no stale bytes in the padding */
	memcpy(&m->out[m->wpos], s, len);
	m->wpos += nw;
	return 0;
}

int l4srv_put_item(struct l4srv_msg *m, l4_umword_t ctl, l4_fpage_t fp)
{
	if (!room(m, 0, 1))
		return -L4_EMSGTOOLONG;
	m->out_items[m->witems][0] = ctl;
	m->out_items[m->witems][1] = fp.raw;
	m->witems++;
	return 0;
}

int l4srv_put_cap(struct l4srv_msg *m, l4_cap_idx_t cap, unsigned rights)
{
	return l4srv_put_item(m, l4_map_obj_control(0, L4_MAP_ITEM_MAP),
			      l4_obj_fpage(cap, 0, (unsigned char)rights));
}
