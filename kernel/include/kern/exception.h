/* CPU exceptions raised by user code. */
#pragma once

#include <kern/types.h>

struct trap_frame;

struct user_exception {
	unsigned vector;
	u64 error;
	u64 fault_addr;   /* page faults: the address accessed */
	const char *name; /* "#PF page fault" */
	bool is_page_fault, write, exec;
};

/* Handles an exception of the current thread in user mode. Without a pager
 * or exception handler to send it to, the thread is reported with its
 * register dump and killed; the rest of the system goes on. */
void exception_user(struct trap_frame *f, const struct user_exception *ex);
/* Raises the exception l4_thread_ex_regs() asked for, before the current
 * thread returns to user mode. */
void exception_check_pending(struct trap_frame *f);
