/* The server loop: receive buffers for capability arguments, dispatch,
 * reply-and-wait; IPC errors never lead to a reply with stale contents. */
#include "srv_int.h"

/* Receive buffers: one single-capability item per receive slot, local ids
 * preferred (our own gates come back as label | rights). */
static void set_buffers(struct l4srv_server *s, l4_utcb_t *u)
{
	l4_buf_regs_t *br = l4_utcb_br_u(u);
	unsigned n = 0;
	l4srv_rcv_refill(s);
	br->bdr = 0;
	for (unsigned b = 0; b < L4SRV_RCV_SLOTS && !l4_is_invalid_cap(s->rcv[b]); b++)
		br->br[n++] = s->rcv[b] | L4_RCV_ITEM_SINGLE_CAP | L4_RCV_ITEM_LOCAL_ID;
	br->br[n] = 0;
}

/* A failed receive may have mapped some items before it failed: empty the
 * receive slots. A failed reply: an object made for it is unreachable. */
static void ipc_failed(struct l4srv_server *s, l4_utcb_t *u)
{
	s->ipc_errors++;
	if (l4_ipc_is_rcv_error(u)) {
		for (unsigned b = 0; b < L4SRV_RCV_SLOTS; b++)
			if (!l4_is_invalid_cap(s->rcv[b]))
				l4srv_sys_cap_release(s, s->rcv[b]);
	} else if (s->created) {
		l4srv_unregister(s, s->created);
	}
	s->created = 0;
}

l4_msgtag_t l4srv_dispatch(struct l4srv_server *s, l4_msgtag_t tag, l4_umword_t label)
{
	return l4srv_dispatch_u(s, tag, label, l4_utcb());
}

void l4srv_loop(struct l4srv_server *s)
{
	l4_utcb_t *u = l4_utcb();
	l4_umword_t label;
	set_buffers(s, u);
	l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_msgtag_has_error(tag)) {
			ipc_failed(s, u);
			set_buffers(s, u);
			tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
			continue;
		}
		l4_msgtag_t r = l4srv_dispatch_u(s, tag, label, u);
		set_buffers(s, u); /* handlers may have used the buffer registers */
		if (l4_msgtag_label(r) == L4SRV_NO_REPLY)
			tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
		else
			tag = l4_ipc_reply_and_wait(u, r, &label, L4_IPC_NEVER);
	}
}
