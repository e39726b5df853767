/* Typed message items: each send item is two message words, a control word
 * (L4_ITEM_MAP, grant, continue, hot spot) and a flexpage; the receiver's
 * buffer registers hold its receive items in order: one word for a single
 * capability (L4_RCV_ITEM_SINGLE_CAP | selector, optionally
 * | L4_RCV_ITEM_LOCAL_ID) or two words (control, receive window flexpage).
 *
 * Local ids: a server that receives a capability to one of its own IPC
 * gates wants to know which of its objects it is, not a second copy of
 * the gate. With L4_RCV_ITEM_LOCAL_ID in a single-capability buffer, a
 * gate bound to a thread of the receiving task is not mapped; the
 * receiver's copy of the item instead carries L4_RCV_ITEM_LOCAL_ID in
 * word 0 and the gate's label | the sender's W/S rights in word 1. The
 * kernel clears that bit in every other received item, so a sender
 * cannot forge a local id. */
#include <kern/gate.h>
#include <kern/ipc_items.h>
#include <kern/map.h>
#include <kern/obj.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/vm.h>
#include <l4/sys/__l4_fpage.h>
#include <l4/sys/consts.h>
#include <l4/sys/ipc.h>

struct window {
	unsigned type;   /* L4_FPAGE_MEMORY / _IO / _OBJ, or L4_FPAGE_SPECIAL: any */
	u64 base;        /* address, port or capability index */
	unsigned order;  /* log2 size in bytes (memory), ports or capabilities */
	bool local_id;   /* single capability: deliver own gates as label */
};

/* Reads the receive item at br[pos] into *w and returns its length in
 * words, or 0 at the end of the list. */
static unsigned read_window(const l4_buf_regs_t *br, unsigned pos, struct window *w)
{
	if (pos >= L4_UTCB_GENERIC_BUFFERS_SIZE)
		return 0;
	u64 c = br->br[pos];
	if (!(c & L4_ITEM_MAP))
		return 0;
	if ((c & L4_RCV_ITEM_SINGLE_CAP) == L4_RCV_ITEM_SINGLE_CAP) {
		*w = (struct window){ L4_FPAGE_OBJ, c >> L4_CAP_SHIFT, 0,
				      (c & L4_RCV_ITEM_LOCAL_ID) != 0 };
		return 1;
	}
	if (pos + 1 >= L4_UTCB_GENERIC_BUFFERS_SIZE)
		return 0;
	l4_fpage_t fp = { .raw = br->br[pos + 1] };
	unsigned type = l4_fpage_type(fp);
	if (type == L4_FPAGE_SPECIAL) /* l4_fpage_all(): anything, anywhere */
		*w = (struct window){ L4_FPAGE_SPECIAL, 0, L4_WHOLE_ADDRESS_SPACE, false };
	else
		*w = (struct window){ type, type == L4_FPAGE_MEMORY ? l4_fpage_memaddr(fp)
								  : l4_fpage_page(fp),
				      l4_fpage_size(fp), false };
	return 2;
}

/* The next receive item for a send item of type, from that type's cursor
 * (memory, I/O and objects each have one, starting where bdr says). */
static bool next_window(const l4_buf_regs_t *br, unsigned *cursor, unsigned type,
			struct window *w)
{
	for (unsigned len; (len = read_window(br, *cursor, w)); ) {
		*cursor += len;
		if (w->type == type || w->type == L4_FPAGE_SPECIAL)
			return true;
	}
	return false;
}

/* The hot-spot rule: the smaller of send flexpage and receive window lies
 * in the larger at the hot spot's offset. Works in units of 'unit' bits. */
static void place(u64 sbase, unsigned sorder, u64 rbase, unsigned rorder, u64 spot,
		  u64 *src, u64 *dst, unsigned *order)
{
	if (sorder <= rorder) {
		u64 off = spot & ((rorder >= 64 ? ~0ull : (1ull << rorder) - 1) & ~((1ull << sorder) - 1));
		*src = sbase;
		*dst = rbase + off;
		*order = sorder;
	} else {
		u64 off = spot & (((1ull << sorder) - 1) & ~((1ull << rorder) - 1));
		*src = sbase + off;
		*dst = rbase;
		*order = rorder;
	}
}

/* If the one capability fp names in s's task is an IPC gate served by a
 * thread of r's task, writes the local id into the receiver's item (out)
 * and returns true. */
static bool local_id(struct thread *s, struct thread *r, l4_fpage_t fp, u64 spot, u64 *out)
{
	struct cap_slot *cs = obj_space_lookup(&s->task->caps,
					       cap_idx(l4_fpage_page(fp) + (spot & ((1ull << l4_fpage_size(fp)) - 1))));
	if (!cs || !cs->obj || cs->obj->ops->type != KOBJ_IPC_GATE)
		return false;
	struct ipc_gate *g = container_of(cs->obj, struct ipc_gate, obj);
	if (g->dead || !g->thread || g->thread->task != r->task)
		return false;
	out[0] = (out[0] & ~(u64)L4_RCV_ITEM_LOCAL_ID) | L4_RCV_ITEM_LOCAL_ID;
	out[1] = g->label | (cs->rights & l4_fpage_rights(fp) & (CAP_RIGHT_W | CAP_RIGHT_S));
	return true;
}

static int do_item(struct thread *s, struct thread *r, u64 ctl, l4_fpage_t fp,
		   const struct window *w, u64 *out)
{
	unsigned type = l4_fpage_type(fp), rights = l4_fpage_rights(fp);
	bool grant = ctl & L4_MAP_ITEM_GRANT;
	unsigned worder = w->type == L4_FPAGE_SPECIAL ? 64 : w->order;
	if (w->type != L4_FPAGE_SPECIAL && w->type != type)
		return -1;
	u64 spot = ctl & L4_FPAGE_CONTROL_MASK, src, dst;
	unsigned order;
	switch (type) {
	case L4_FPAGE_MEMORY: {
		unsigned so = l4_fpage_size(fp);
		if (so < PAGE_SHIFT || so > 47)
			return -1;
		place(l4_fpage_memaddr(fp), so, w->base, worder == 64 ? 47 : worder, spot,
		      &src, &dst, &order);
		if (order < PAGE_SHIFT)
			return -1;
		return map_mem(s->task, src >> PAGE_SHIFT, r->task, dst >> PAGE_SHIFT,
			       1ull << (order - PAGE_SHIFT), rights & (VM_R | VM_W | VM_X), grant);
	}
	case L4_FPAGE_OBJ: {
		unsigned so = l4_fpage_size(fp);
		if (so > 40)
			return -1;
		if (w->local_id && local_id(s, r, fp, spot >> L4_CAP_SHIFT, out))
			return 0;
		place(l4_fpage_page(fp), so, w->base, worder == 64 ? 40 : worder,
		      spot >> L4_CAP_SHIFT, &src, &dst, &order);
		return map_obj(s->task, src, r->task, dst, 1ull << order,
			       rights | (unsigned)(ctl & CAP_ATTRS_ALL), grant);
	}
	case L4_FPAGE_IO: {
		unsigned so = l4_fpage_size(fp);
		if (so > L4_WHOLE_IOADDRESS_SPACE)
			return -1;
		/* Ports keep their numbers: the window only limits which. */
		u64 port = align_down(l4_fpage_ioport(fp), 1ull << so);
		if (w->type == L4_FPAGE_IO &&
		    (port < w->base || port + (1ull << so) > w->base + (1ull << w->order)))
			return -1;
		return map_io(s->task, port, r->task, port, 1ull << so, rights);
	}
	default:
		return -1;
	}
}

unsigned ipc_transfer_items(struct thread *s, struct thread *r, unsigned words, unsigned items)
{
	const l4_msg_regs_t *mr = thread_mrs(s);
	l4_msg_regs_t *rmr = thread_mrs(r);
	const l4_buf_regs_t *br = (const l4_buf_regs_t *)((char *)r->utcb + L4_UTCB_BUF_REGS_OFFSET);
	/* bdr: bits 4..0 first memory item, 9..5 first I/O item, 14..10 first
	 * object item (0 for all three is what L4Re code sets). */
	unsigned cursor[4] = { 0, (unsigned)(br->bdr >> L4_BDR_MEM_SHIFT) & 31,
			       (unsigned)(br->bdr >> L4_BDR_IO_SHIFT) & 31,
			       (unsigned)(br->bdr >> L4_BDR_OBJ_SHIFT) & 31 };
	struct window w;
	bool have = false;
	for (unsigned i = 0; i < items; i++) {
		u64 ctl = mr->mr[words + 2 * i];
		l4_fpage_t fp = { .raw = mr->mr[words + 2 * i + 1] };
		rmr->mr[words + 2 * i] &= ~(u64)L4_RCV_ITEM_LOCAL_ID;
		if (!(ctl & L4_ITEM_MAP))
			continue; /* a void item */
		unsigned type = l4_fpage_type(fp);
		if (type == L4_FPAGE_SPECIAL)
			return L4_IPC_SEMAPFAILED; /* nothing to send in a special flexpage */
		if (!have && !next_window(br, &cursor[type], type, &w))
			return L4_IPC_SEMAPFAILED;
		if (do_item(s, r, ctl, fp, &w, &rmr->mr[words + 2 * i]) < 0)
			return L4_IPC_SEMAPFAILED;
		/* L4_ITEM_CONT: the next item goes into the same receive item. */
		have = ctl & L4_ITEM_CONT;
	}
	return 0;
}
