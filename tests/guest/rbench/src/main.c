/* rbench: micro-benchmarks of the runtime (moe and libl4re) in
 * cycle-counter ticks (rdtsc); under QEMU TCG with -icount shift=0 a tick
 * is one guest instruction. moe starts it as init. Prints one line per
 * benchmark, "rbench: <name> median M min N rounds R", then "rbench: done". */
#include "rbench.h"

#include <crt0.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/kprint.h>
#include <l4/sys/task.h>

int main(int argc, char **argv);

uint64_t rb_samples[RB_ROUNDS], rb_first[RB_ROUNDS], rb_second[RB_ROUNDS];

void rb_report(const char *name, uint64_t *s, unsigned n)
{
	bench_report("rbench", name, s, n);
}

void rb_fail(const char *what, long err)
{
	/* mk/bench.py stops at this line instead of waiting for "done". */
	l4_kprintf("rbench: failed: %s (%ld)\n", what, err);
	_exit(1);
}

/* An opcode moe's dataspaces do not have: the request goes through the
 * kernel's IPC path and the server framework's lookup (object, protocol,
 * opcode table) and comes back as -L4_ENOSYS without any handler. */
enum { RB_BAD_OPCODE = 0x7fff };

static long bad_opcode_call(l4re_ds_t ds)
{
	l4_utcb_t *u = l4_utcb();
	l4_utcb_mr_u(u)->mr[0] = RB_BAD_OPCODE;
	l4_msgtag_t tag = l4_ipc_call(ds, u, l4_msgtag(L4RE_PROTO_DATASPACE, 1, 0, 0),
				      L4_IPC_NEVER);
	return l4_error_u(tag, u);
}

static void bench_rejected_request(l4re_ds_t ds)
{
	long r = bad_opcode_call(ds);
	if (r != -L4_ENOSYS)
		rb_fail("moe did not reject an unknown opcode with -L4_ENOSYS", r);
	for (unsigned i = 0; i < RB_WARMUP; i++)
		bad_opcode_call(ds);
	for (unsigned i = 0; i < RB_ROUNDS; i++) {
		uint64_t t0 = bench_cycles();
		bad_opcode_call(ds);
		rb_samples[i] = bench_cycles() - t0;
	}
	rb_report("moe call, unknown opcode (-L4_ENOSYS)", rb_samples, RB_ROUNDS);
}

/* The cheapest request with a handler: l4re_ds_size() (op info). */
static void bench_ds_size(l4re_ds_t ds)
{
	if (l4re_ds_size(ds) != L4_PAGESIZE)
		rb_fail("l4re_ds_size", (long)l4re_ds_size(ds));
	for (unsigned i = 0; i < RB_WARMUP; i++)
		l4re_ds_size(ds);
	for (unsigned i = 0; i < RB_ROUNDS; i++) {
		uint64_t t0 = bench_cycles();
		l4re_ds_size(ds);
		rb_samples[i] = bench_cycles() - t0;
	}
	rb_report("l4re_ds_size (ds info)", rb_samples, RB_ROUNDS);
}

/* Looks "rbench" up in the rom namespace; the capability (moe's gate of
 * the module's dataspace) is released again after each, untimed, so every
 * query maps into an empty slot. */
static void bench_ns_query(void)
{
	l4_cap_idx_t rom = l4re_env_get_cap("rom");
	l4_cap_idx_t slot = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(rom) || l4_is_invalid_cap(slot))
		rb_fail("no 'rom' capability or no slot", -L4_ENOENT);
	for (unsigned i = 0; i < RB_WARMUP + RB_ROUNDS; i++) {
		uint64_t t0 = bench_cycles();
		long r = l4re_ns_query_srv(rom, "rbench", slot);
		uint64_t dt = bench_cycles() - t0;
		if (r < 0)
			rb_fail("l4re_ns_query_srv(rom, \"rbench\")", r);
		l4_task_release_cap(L4RE_THIS_TASK_CAP, slot);
		if (i >= RB_WARMUP)
			rb_samples[i - RB_WARMUP] = dt;
	}
	rb_report("l4re_ns_query_srv (rom, \"rbench\")", rb_samples, RB_ROUNDS);
	l4re_util_cap_free(slot);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	l4_kprintf("rbench: cycle counter %llu kHz (KIP)\n",
		   (unsigned long long)l4_kip()->frequency_cpu);
	l4re_ds_t ds = rb_ds_new(L4_PAGESIZE);
	bench_rejected_request(ds);
	bench_ds_size(ds);
	bench_ns_query();
	rb_bench_map_region();
	rb_bench_alloc_free();
	rb_bench_attach_detach();
	rb_bench_faults();
	l4_kprintf("rbench: done\n");
	return 0;
}
