/* The server framework: an object registry that maps IPC-gate labels to
 * server objects, dispatch by protocol and opcode, bounds-checked
 * marshalling in and out of the UTCB, and the server loop.
 *
 * A server object embeds struct l4srv_obj and names its type: the
 * interfaces (protocol numbers) it speaks, each with an opcode table. The
 * registry creates one IPC gate per object, bound to the server thread
 * with label = slot << 2; the kernel ORs the caller's W/S rights into bits
 * 0-1, so every request arrives with the object and the caller's rights. */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

struct l4srv_obj;
struct l4srv_msg;
struct l4srv_server;

/* A handler decodes its arguments from m (l4srv_get_*), performs the
 * operation and writes results (l4srv_put_*). It returns the reply label:
 * >= 0 success, -L4_E* failure (the framework then drops any reply words
 * and items), or L4SRV_NO_REPLY to send nothing (e.g. after an IRQ). */
typedef long (*l4srv_handler_t)(struct l4srv_obj *obj, struct l4srv_msg *m);

#define L4SRV_NO_REPLY (-0x10000L)

/* One operation of an interface: its opcode (mr0), the capability rights
 * the caller must hold (L4_CAP_FPAGE_W / L4_CAP_FPAGE_S bits, checked
 * against the label's bits 0-1; -L4_EPERM otherwise) and its handler. */
struct l4srv_op {
	l4_umword_t opcode;
	unsigned rights;
	l4srv_handler_t fn;
};

/* One protocol an object speaks. With ops, mr0 selects the operation
 * (unknown opcode: -L4_ENOSYS, no mr0: -L4_EMSGTOOSHORT); without ops,
 * 'any' takes every message of the protocol (page faults, factory). */
struct l4srv_iface {
	long proto;
	const struct l4srv_op *ops;
	unsigned n_ops;
	l4srv_handler_t any;
	const char *name;    /* meta protocol name (NULL: the type's name) */
};

/* An object type: its name (debugger, meta protocol), its interfaces, and
 * what to do when the object is unregistered (may be NULL). Unknown
 * protocols get -L4_EBADPROTO; L4_PROTO_META is answered by the framework
 * from the interface list. */
struct l4srv_type {
	const char *name;
	const struct l4srv_iface *ifaces;
	unsigned n_ifaces;
	void (*destroy)(struct l4srv_obj *obj);
};

/* Embed first in a server object; the registry fills it in. */
struct l4srv_obj {
	const struct l4srv_type *type;
	l4_cap_idx_t gate;   /* the object's IPC gate in the server's task */
	unsigned slot;       /* registry slot; label = slot << 2 */
};

/* The request being served and the reply being built. Read and write only
 * through the functions below: they check every bound. */
struct l4srv_msg {
	struct l4srv_server *srv;
	l4_utcb_t *utcb;
	l4_msgtag_t tag;     /* the request's tag */
	l4_umword_t label;   /* received label (slot << 2 | rights) */
	unsigned rights;     /* the caller's W/S rights (label & 3) */
	unsigned rpos;       /* next request word to read */
	unsigned wpos;       /* reply words written */
	unsigned witems;     /* reply items written (placed after all words) */
	l4_umword_t out[L4_UTCB_GENERIC_DATA_SIZE]; /* reply, copied at the end */
	l4_umword_t out_items[L4_UTCB_GENERIC_DATA_SIZE / 2][2];
	unsigned taken;      /* bitmask: received capability slots a handler kept */
	/* Walnut additions (l4srv_msg_init() fills them in): */
	unsigned words, items; /* the request's word and item counts */
	unsigned used;       /* bitmask: receive slots the request's items filled */
	int overflow;        /* a put_* found the reply full */
	/* A copy of the request's words and items: handlers may do IPC of
	 * their own (which overwrites the UTCB) and still read arguments. */
	l4_umword_t in[L4_UTCB_GENERIC_DATA_SIZE];
};

/* Prepares m for the request (tag, label) in utcb of server s (NULL for
 * plain decoding); l4srv_dispatch() does this itself. Copies the words
 * and items out of the UTCB.
 * \retval 0 ok  \retval -L4_EMSGTOOLONG the tag claims more than the UTCB holds */
int l4srv_msg_init(struct l4srv_msg *m, struct l4srv_server *s, l4_utcb_t *utcb,
		   l4_msgtag_t tag, l4_umword_t label);

/* --- reading the request ------------------------------------------------ */

/* The next word. \retval 0 ok  \retval -L4_EMSGTOOSHORT none left */
int l4srv_get_word(struct l4srv_msg *m, l4_umword_t *w);
int l4srv_get_sword(struct l4srv_msg *m, l4_mword_t *w);

/* A string (length word, then the bytes in words), copied to buf and
 * NUL-terminated. \retval 0 ok  \retval -L4_EMSGTOOSHORT words missing
 * \retval -L4_EINVAL longer than bufsz - 1 or contains a NUL byte */
int l4srv_get_string(struct l4srv_msg *m, char *buf, unsigned long bufsz,
		     unsigned long *len);

/* Number of words left unread. */
unsigned l4srv_words_left(const struct l4srv_msg *m);

/* Like l4srv_get_string() but for binary data: len bytes (NULs allowed,
 * no terminator added) into buf of bufsz bytes.
 * \retval 0 ok  \retval -L4_EMSGTOOSHORT words missing
 * \retval -L4_EINVAL longer than bufsz */
int l4srv_get_bytes(struct l4srv_msg *m, void *buf, unsigned long bufsz, unsigned long *len);

/* A capability argument: the request's item idx (0-based). If it named one
 * of this server's objects of type want (NULL: any type), *obj is set and
 * *rights = the sender's W/S rights on it; else *cap is the slot it was
 * mapped to and *rights 0 (call l4srv_take_cap() to keep it beyond this
 * request; untaken ones are released after the handler). A gate of this
 * server that arrives mapped (kernel without local ids) is found by
 * comparison and reported as *obj with *rights 0.
 * \retval 0 ok  \retval -L4_EMSGTOOSHORT no such item
 * \retval -L4_EINVAL not an object of type want / nothing received */
int l4srv_get_cap(struct l4srv_msg *m, unsigned idx, const struct l4srv_type *want,
		  struct l4srv_obj **obj, l4_cap_idx_t *cap, unsigned *rights);

/* Keeps the capability received for item idx: the framework puts a fresh
 * slot into the receive buffer for the next request. */
void l4srv_take_cap(struct l4srv_msg *m, unsigned idx);

/* --- writing the reply -------------------------------------------------- */

/* \retval 0 ok  \retval -L4_EMSGTOOLONG the reply is full */
int l4srv_put_word(struct l4srv_msg *m, l4_umword_t w);
int l4srv_put_string(struct l4srv_msg *m, const char *s, unsigned long len);
/* A map item: control word (l4_map_control()/l4_map_obj_control()) and
 * flexpage, sent after all words. */
int l4srv_put_item(struct l4srv_msg *m, l4_umword_t ctl, l4_fpage_t fp);
/* Sends the capability cap with rights (L4_CAP_FPAGE_*) to the caller. */
int l4srv_put_cap(struct l4srv_msg *m, l4_cap_idx_t cap, unsigned rights);

/* --- registry and loop -------------------------------------------------- */

/* Where the server gets capability slots (for gates and received caps):
 * the l4re allocator by default (l4srv_server_init with NULL). */
struct l4srv_cap_ops {
	l4_cap_idx_t (*alloc)(void *ctx);
	void (*free)(void *ctx, l4_cap_idx_t cap);
	void *ctx;
};

/* Server state; one per server thread. Treat as opaque. */
struct l4srv_server {
	l4_cap_idx_t thread;    /* the thread the gates are bound to */
	l4_cap_idx_t factory;   /* kernel factory for IPC gates */
	struct l4srv_cap_ops caps;
	struct l4srv_obj **objs;
	unsigned n_objs, cap_objs;
	l4_cap_idx_t rcv[2];    /* receive slots for capability arguments */
	unsigned long served, rejected;
	/* Walnut additions: */
	unsigned long ipc_errors; /* failed receives and replies (loop) */
	unsigned hint;          /* where to look for a free registry slot */
	int local_ids;          /* the kernel delivered a local id: no scans */
	struct l4srv_obj *created; /* made by the request being answered */
};

/* Prepares s for the thread and factory given; caps may be NULL (use
 * l4re_util_cap_alloc()). objs is storage for max_objs registered objects.
 * \retval 0 ok  \retval -L4_ENOMEM no receive slots */
int l4srv_server_init(struct l4srv_server *s, l4_cap_idx_t thread, l4_cap_idx_t factory,
		      const struct l4srv_cap_ops *caps, struct l4srv_obj **objs,
		      unsigned max_objs);

/* Registers obj (of type t): creates its IPC gate bound to s->thread.
 * \retval 0 ok  \retval -L4_ENOMEM registry full, no slot, or out of memory
 * \retval -L4_EINVAL obj or t NULL  \retval other: the factory's error */
int l4srv_register(struct l4srv_server *s, struct l4srv_obj *obj,
		   const struct l4srv_type *t, const char *debug_name);

/* Deletes obj's gate (clients' copies stop working), frees its slot and
 * calls the type's destroy. */
void l4srv_unregister(struct l4srv_server *s, struct l4srv_obj *obj);

/* The object registered under label (rights bits ignored), or NULL. */
struct l4srv_obj *l4srv_lookup(struct l4srv_server *s, l4_umword_t label);

/* Handles the request in the UTCB (tag, label): dispatch, reply build.
 * Returns the reply tag to send (label L4SRV_NO_REPLY: send nothing). */
l4_msgtag_t l4srv_dispatch(struct l4srv_server *s, l4_msgtag_t tag, l4_umword_t label);
/* The same for the request in utcb (which must be the calling thread's
 * for the reply to be sent from it). */
l4_msgtag_t l4srv_dispatch_u(struct l4srv_server *s, l4_msgtag_t tag, l4_umword_t label,
			     l4_utcb_t *utcb);

/* Serves requests forever with l4_ipc_reply_and_wait(). */
L4_NORETURN void l4srv_loop(struct l4srv_server *s);

/* --- the generic factory protocol ------------------------------------- */

/* One variable argument of a factory create request (L4_VARG_TYPE_*). */
struct l4srv_varg {
	unsigned type;          /* L4_VARG_TYPE_NIL, _UMWORD, _MWORD, _STRING, _FPAGE */
	l4_umword_t len;        /* bytes (strings without the NUL terminator) */
	union {
		l4_umword_t u;
		l4_mword_t i;
		l4_fpage_t fp;
		struct { char buf[128]; } s; /* NUL-terminated copy */
	} v;
};

/* The next vararg. \retval 1 got one  \retval 0 no more
 * \retval -L4_EMSGTOOSHORT truncated  \retval -L4_EINVAL bad type or length */
int l4srv_varg_next(struct l4srv_msg *m, struct l4srv_varg *v);

/* Creates an object for a factory request: proto is mr0 (the protocol of
 * the new object), the vargs follow in m. Returns 0 and the new, already
 * registered object in *out, or -L4_E*. */
typedef long (*l4srv_create_t)(struct l4srv_obj *factory, long proto, struct l4srv_msg *m,
			       struct l4srv_obj **out);

/* An 'any' handler body for L4_PROTO_FACTORY: reads mr0, needs the S
 * right (L4Re's factory create needs it), calls create and sends the new
 * object's gate with rights RWS in the caller's receive buffer. */
long l4srv_factory_dispatch(struct l4srv_obj *factory, struct l4srv_msg *m,
			    l4srv_create_t create);

L4_END_DECLS
