/* User exceptions: reported with the faulting task and registers, then the
 * thread is killed so that the rest of the system keeps running. */
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/exception.h>
#include <kern/printk.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/thread.h>

void exception_user(struct trap_frame *f, const struct user_exception *ex)
{
	struct thread *t = current_thread();
	printk(LOG_ERR, "\nUSER EXCEPTION: %s in task '%s' thread '%s' at ip %#llx",
	       ex->name, t->task->obj.name, t->obj.name, (unsigned long long)arch_frame_ip(f));
	if (ex->is_page_fault)
		printk(LOG_ERR, ", %s %s %#llx", ex->exec ? "executing" : ex->write ? "writing" : "reading",
		       (ex->error & 1) ? "protected" : "unmapped",
		       (unsigned long long)ex->fault_addr);
	printk(LOG_ERR, "\n");
	arch_dump_user_regs(f);
	printk(LOG_ERR, "no exception handler: thread '%s' of task '%s' killed\n",
	       t->obj.name, t->task->obj.name);
	thread_kill(t);
	sched_schedule(); /* does not come back: the thread is dead */
}
