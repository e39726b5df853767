/* Internal interface of libl4srv: the seams between the pure code (also
 * built on the host) and the system calls in sys.c. */
#pragma once

/* A relative path so that host tests, which lack this package's include
 * directory, compile the same sources. */
#include "../include/l4/srv/srv.h"

/* Number of receive slots for capability arguments (s->rcv). */
#define L4SRV_RCV_SLOTS 2u

/* --- system calls (sys.c; host tests provide their own) ---------------- */

/* Creates an IPC gate in slot cap, bound to s->thread with label.
 * Returns 0 or the kernel's -L4_E* error. */
long l4srv_sys_gate_create(struct l4srv_server *s, l4_cap_idx_t cap, l4_umword_t label,
			   const char *debug_name);
/* Deletes the object behind gate (every copy becomes empty). */
void l4srv_sys_gate_delete(struct l4srv_server *s, l4_cap_idx_t gate);
/* Removes whatever capability is in slot from this task. */
void l4srv_sys_cap_release(struct l4srv_server *s, l4_cap_idx_t slot);
/* 1 if slot holds a capability. */
int l4srv_sys_cap_valid(struct l4srv_server *s, l4_cap_idx_t slot);
/* 1 if slots a and b name the same object. */
int l4srv_sys_cap_equal(struct l4srv_server *s, l4_cap_idx_t a, l4_cap_idx_t b);

/* --- shared between the pure files -------------------------------------- */

/* Index of the receive slot the request's item idx went to (items linked
 * by L4_ITEM_CONT share one), or -1 when it took none (void item, local
 * id). */
int l4srv_item_rcv_index(const struct l4srv_msg *m, unsigned idx);
/* After a handler: releases received capabilities nobody took and gets
 * fresh slots for the ones taken. */
void l4srv_rcv_cleanup(struct l4srv_server *s, struct l4srv_msg *m);
/* Gets slots for empty receive entries (keeps valid ones first). */
void l4srv_rcv_refill(struct l4srv_server *s);
/* The answer for protocol L4_PROTO_META. */
long l4srv_meta(struct l4srv_obj *obj, struct l4srv_msg *m);
