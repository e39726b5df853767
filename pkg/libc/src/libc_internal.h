/* Declarations shared by the C library's own source files. */
#pragma once

#include <stddef.h>
#include <l4/re/c/dataspace.h>

/* Memory of its own dataspace, attached read-write at a free address:
 * for what must not come from malloc (the main thread's TLS before
 * __getreent works, thread stacks, the fault handler). size is rounded up
 * to pages. NULL when out of memory or capability slots. */
void *wn_pages_alloc(size_t size);

/* Detaches and frees memory from wn_pages_alloc(). 0 or -L4_E*. */
long wn_pages_free(void *p);

/* Thread-local storage and TCB of the main thread; the first thing
 * __libc_start does (nothing may touch errno before). */
void wn_tls_init_main(void);

/* Starts the task's exception-handler thread (src/fault.c) and makes it the
 * main thread's handler. */
void wn_fault_init(void);

/* Writes s (n bytes) to the log without stdio or locks: for messages on the
 * way out (abort, faults), when stdio's state may be inconsistent. */
void wn_log_raw(const char *s, size_t n);

/* printf-style wn_log_raw() through a stack buffer of 256 bytes. */
__attribute__((format(printf, 1, 2))) void wn_log_rawf(const char *fmt, ...);

/* The program's name for messages: the binary's name without "rom/". */
const char *wn_progname(void);
