/* The test server of ktest-srv: "echo" objects (a value and a name) and a
 * factory that makes more of them, served by a thread of the root task. */
#pragma once

#include <l4/srv/srv.h>

#define P_ECHO 0x4200L

enum echo_op {
	ECHO_GET = 0,    /* -> value, name (string); label 0 */
	ECHO_SET = 1,    /* W: value, name (string, < 32 bytes) */
	ECHO_STR = 2,    /* string (< 64 bytes) -> the same string; label = length */
	ECHO_FLOOD = 3,  /* writes 100 words, ignoring the errors */
	ECHO_ADMIN = 4,  /* S: label 7 */
	ECHO_CAP = 5,    /* mode; item 0 -> see server.c */
	ECHO_BIG = 6,    /* n -> a string of n bytes */
	ECHO_DELETE = 7, /* W: unregisters the object */
};

struct echo {
	struct l4srv_obj o;
	long value;
	char name[32];
};

extern struct l4srv_server echo_srv;
extern struct echo echo_main;          /* the first object */
extern struct l4srv_obj echo_factory;  /* makes echo objects (P_ECHO, value, name) */
extern l4_cap_idx_t echo_kept_cap;     /* last capability ECHO_CAP mode 1 kept */
extern volatile unsigned long echo_caps_alloc, echo_caps_free;

/* Starts the server thread (once); 0 when it runs. */
int echo_server_start(void);
