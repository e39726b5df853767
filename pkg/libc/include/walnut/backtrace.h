/* Backtraces of the running program with function names (LLVM libunwind
 * for the frames, the program's ELF symbol table for the names). */
#pragma once

/* Prints the calling thread's backtrace on stderr, skipping the innermost
 * skip frames. */
void wn_backtrace_print(unsigned skip);

/* Prints the backtrace that starts at an unw_context_t (libunwind's saved
 * registers), skipping skip frames. first_is_fault: the first frame's ip is
 * where a fault happened, not a return address. */
void wn_backtrace_from(void *unw_context, unsigned skip, int first_is_fault);

/* The name of the function containing pc and the offset into it; NULL when
 * unknown (no symbol table). */
const char *wn_symbol_name(unsigned long pc, unsigned long *offset);
