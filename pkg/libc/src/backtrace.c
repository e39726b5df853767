/* Backtraces with LLVM libunwind: frames from the unwind tables
 * (.eh_frame via .eh_frame_hdr), names from the symbol table. */
#include "libc_internal.h"
#include <walnut/backtrace.h>
#include <libunwind.h>

enum { MAX_FRAMES = 48 };

static void print_frame(unsigned n, unw_word_t ip, int is_return_address)
{
	unsigned long off;
	/* A return address may be the first byte after the calling function:
	 * look up the call instruction instead. */
	const char *name = wn_symbol_name(ip - (is_return_address ? 1 : 0), &off);
	if (name)
		wn_log_rawf("  #%-2u 0x%016lx %s+0x%lx\n", n, (unsigned long)ip, name,
			    off + (is_return_address ? 1 : 0));
	else
		wn_log_rawf("  #%-2u 0x%016lx ?\n", n, (unsigned long)ip);
}

void wn_backtrace_from(void *unw_context, unsigned skip, int first_is_fault)
{
	unw_cursor_t c;
	if (unw_init_local(&c, (unw_context_t *)unw_context) < 0) {
		wn_log_rawf("backtrace: unavailable (no unwind information)\n");
		return;
	}
	wn_log_rawf("backtrace:\n");
	for (unsigned n = 0, i = 0; i < MAX_FRAMES + skip; i++) {
		unw_word_t ip = 0;
		if (unw_get_reg(&c, UNW_REG_IP, &ip) < 0 || !ip)
			break;
		if (i >= skip)
			print_frame(n++, ip, !(first_is_fault && i == 0));
		if (unw_step(&c) <= 0)
			break;
	}
}

void wn_backtrace_print(unsigned skip)
{
	unw_context_t ctx;
	unw_getcontext(&ctx);
	wn_backtrace_from(&ctx, skip + 1, 0);
}
