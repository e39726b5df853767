/* clntsrv-client: the client half of the client/server example. It calls
 * the server behind the capability "calc_server" (clntsrv.h) and checks
 * the answers:
 *   clntsrv-client [greet NAME] [reset denied|allowed]
 * greet: the object must greet with NAME (a per-client session);
 * reset: the privileged operation must be refused (a capability without
 * the S right, e.g. :m("rw")) or allowed. Exit status 0 when everything
 * was as expected, 1 otherwise. */
#include "clntsrv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

static l4_cap_idx_t calc;
static int failures;

/* One call: opcode and n operands; mr0 of the reply in *res. */
static long call(unsigned long op, unsigned n, l4_umword_t a, l4_umword_t b, l4_umword_t *res)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = op;
	mr->mr[1] = a;
	mr->mr[2] = b;
	l4_msgtag_t t = l4_ipc_call(calc, l4_utcb(), l4_msgtag(CLNTSRV_PROTO, 1 + n, 0, 0),
				    L4_IPC_NEVER);
	long r = l4_error(t);
	if (r >= 0 && res)
		*res = l4_msgtag_words(t) ? mr->mr[0] : 0;
	return r;
}

static void check(int ok, const char *what)
{
	printf("clntsrv-client: %s: %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static void arithmetic(void)
{
	l4_umword_t v = 0;
	long r = call(CLNTSRV_ADD, 2, 3, 4, &v);
	printf("clntsrv-client: 3 + 4 = %ld\n", r < 0 ? r : (long)v);
	check(r == 0 && v == 7, "add");
	r = call(CLNTSRV_NEG, 1, 5, 0, &v);
	printf("clntsrv-client: neg(5) = %ld\n", r < 0 ? r : (long)v);
	check(r == 0 && (long)v == -5, "neg");
}

static void greet(const char *want)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = CLNTSRV_GREET;
	l4_msgtag_t t = l4_ipc_call(calc, l4_utcb(), l4_msgtag(CLNTSRV_PROTO, 1, 0, 0),
				    L4_IPC_NEVER);
	char name[64] = "";
	long r = l4_error(t);
	unsigned words = l4_msgtag_words(t);
	if (r >= 0 && words >= 1 && mr->mr[0] < sizeof(name) &&
	    (mr->mr[0] + 7) / 8 <= words - 1) {
		memcpy(name, &mr->mr[1], mr->mr[0]);
		name[mr->mr[0]] = 0;
	}
	printf("clntsrv-client: the server greets as '%s'\n", name);
	check(r >= 0 && !strcmp(name, want), "greet");
}

static void reset(int allowed)
{
	long r = call(CLNTSRV_RESET, 0, 0, 0, NULL);
	if (r < 0)
		printf("clntsrv-client: reset refused: %s (%ld)\n", l4sys_errtostr(r), r);
	else
		printf("clntsrv-client: reset done\n");
	check(allowed ? r >= 0 : r == -L4_EPERM, allowed ? "reset allowed" : "reset denied");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	calc = l4re_env_get_cap("calc_server");
	if (l4_is_invalid_cap(calc)) {
		fprintf(stderr, "clntsrv-client: no capability 'calc_server'\n");
		return 1;
	}
	arithmetic();
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "greet"))
			greet(argv[i + 1]);
		else if (!strcmp(argv[i], "reset"))
			reset(!strcmp(argv[i + 1], "allowed"));
		else {
			fprintf(stderr, "clntsrv-client: unknown argument '%s'\n", argv[i]);
			failures++;
		}
	}
	printf("clntsrv-client: %s\n", failures ? "FAILED" : "all done");
	return failures ? 1 : 0;
}
