/* The calculator protocol of the clntsrv example (server and client). A
 * request is a call with label CLNTSRV_PROTO, the opcode in mr0 and the
 * operands in the next words; the reply's label is the result (>= 0) or
 * -L4_E*, with the values in mr0... The server also speaks the factory
 * protocol: create(CLNTSRV_PROTO, "name") makes a per-client session
 * object that greets with that name. */
#pragma once

/* An application protocol number (L4Re's own numbers are 0x4000..). */
#define CLNTSRV_PROTO 0x7c01L

enum clntsrv_op {
	CLNTSRV_ADD = 0,   /* mr1 + mr2 -> mr0; no right needed */
	CLNTSRV_NEG = 1,   /* -mr1 -> mr0 */
	CLNTSRV_GREET = 2, /* -> string: the session's name ("calc" for the server) */
	CLNTSRV_RESET = 3, /* needs the S right: requests served so far -> mr0, counter reset */
};
