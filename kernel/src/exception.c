/* User exceptions and page faults: resolved by the thread's pager or
 * exception handler through IPC (L4_PROTO_PAGE_FAULT, L4_PROTO_EXCEPTION),
 * and reported with a register dump when nobody can take them. */
#include <arch/frame.h>
#include <kern/arch.h>
#include <kern/cpu.h>
#include <kern/exception.h>
#include <kern/map.h>
#include <kern/printk.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <l4/sys/__l4_fpage.h>
#include <l4/sys/consts.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

/* The faulting thread's UTCB as it was: the kernel borrows its message and
 * buffer registers for the fault IPC and puts them back afterwards. */
struct utcb_save {
	u64 mr[L4_UTCB_GENERIC_DATA_SIZE];
	u64 bdr, br0, br1, error;
};

static l4_buf_regs_t *thread_brs(struct thread *t)
{
	return (l4_buf_regs_t *)((char *)t->utcb + L4_UTCB_BUF_REGS_OFFSET);
}

static void utcb_borrow(struct thread *t, struct utcb_save *s)
{
	l4_buf_regs_t *br = thread_brs(t);
	memcpy(s->mr, thread_mrs(t)->mr, sizeof(s->mr));
	s->bdr = br->bdr;
	s->br0 = br->br[0];
	s->br1 = br->br[1];
	s->error = thread_tcr(t)->error;
	/* Reply items land anywhere in the task: l4_fpage_all() as window. */
	br->bdr = 0;
	br->br[0] = L4_ITEM_MAP;
	br->br[1] = l4_fpage_all().raw;
}

static void utcb_return(struct thread *t, const struct utcb_save *s)
{
	l4_buf_regs_t *br = thread_brs(t);
	memcpy(thread_mrs(t)->mr, s->mr, sizeof(s->mr));
	br->bdr = s->bdr;
	br->br[0] = s->br0;
	br->br[1] = s->br1;
	thread_tcr(t)->error = s->error;
}

/* A call on t's behalf to the handler at selector sel (a thread or an IPC
 * gate). Returns false when there is none or the IPC failed. */
static bool handler_call(struct thread *t, u64 sel, u64 tag, u64 *reply)
{
	if (sel & L4_INVALID_CAP_BIT)
		return false;
	struct cap_slot *h = task_cap(t->task, cap_idx(sel >> L4_CAP_SHIFT));
	if (!h || (h->obj->ops->type != KOBJ_THREAD && h->obj->ops->type != KOBJ_IPC_GATE))
		return false;
	u64 label;
	*reply = syscall_invoke(t, (sel & ~0xfull) | L4_SYSF_CALL, tag, 0, &label);
	return !l4_msgtag_has_error((l4_msgtag_t){ (l4_mword_t)*reply });
}

static void write_exc_regs(struct thread *t, const struct trap_frame *f,
			   const struct user_exception *ex)
{
	l4_exc_regs_t *e = (l4_exc_regs_t *)thread_mrs(t)->mr;
	memset(e, 0, sizeof(*e));
	e->r15 = f->r15; e->r14 = f->r14; e->r13 = f->r13; e->r12 = f->r12;
	e->r11 = f->r11; e->r10 = f->r10; e->r9 = f->r9; e->r8 = f->r8;
	e->rdi = f->rdi; e->rsi = f->rsi; e->rbp = f->rbp; e->rbx = f->rbx;
	e->rdx = f->rdx; e->rcx = f->rcx; e->rax = f->rax;
	e->pfa = ex->fault_addr;
	e->trapno = ex->vector;
	e->err = ex->error;
	e->ip = f->rip;
	e->cs = f->cs;
	e->flags = f->rflags;
	e->sp = f->rsp;
	e->ss = f->ss;
	e->fs_base = t->fs_base;
	e->gs_base = t->utcb_user.v;
}

/* The handler's reply carries the new state: registers, rip, rsp, fs_base
 * and the user-changeable rflags bits; everything is checked. */
static void read_exc_regs(struct thread *t, struct trap_frame *f)
{
	const l4_exc_regs_t *e = (const l4_exc_regs_t *)thread_mrs(t)->mr;
	const u64 user_flags = 0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x100 | 0x400 | 0x800 |
			       0x40000 | 0x200000; /* CF PF AF ZF SF TF DF OF AC ID */
	f->r15 = e->r15; f->r14 = e->r14; f->r13 = e->r13; f->r12 = e->r12;
	f->r11 = e->r11; f->r10 = e->r10; f->r9 = e->r9; f->r8 = e->r8;
	f->rdi = e->rdi; f->rsi = e->rsi; f->rbp = e->rbp; f->rbx = e->rbx;
	f->rdx = e->rdx; f->rcx = e->rcx; f->rax = e->rax;
	if (e->ip < VM_USER_END)
		f->rip = e->ip;
	if (e->sp < VM_USER_END)
		f->rsp = e->sp;
	if (e->fs_base < VM_USER_END) {
		t->fs_base = e->fs_base;
		arch_set_fs_base(t);
	}
	f->rflags = (e->flags & user_flags) | 0x202;
}

static void report_and_kill(struct thread *t, const struct trap_frame *f,
			    const struct user_exception *ex, const char *why)
{
	printk(LOG_ERR, "\nUSER EXCEPTION: %s in task '%s' thread '%s' at ip %#llx", ex->name,
	       t->task->obj.name, t->obj.name, (unsigned long long)arch_frame_ip(f));
	if (ex->is_page_fault)
		printk(LOG_ERR, ", %s %s %#llx", ex->exec ? "executing" : ex->write ? "writing" : "reading",
		       (ex->error & 1) ? "protected" : "unmapped", (unsigned long long)ex->fault_addr);
	printk(LOG_ERR, "\n");
	arch_dump_user_regs(f);
	printk(LOG_ERR, "%s: thread '%s' of task '%s' halted\n", why, t->obj.name, t->task->obj.name);
	thread_halt(t);
	sched_schedule(); /* comes back only when ex_regs restarts the thread */
}

/* The exception IPC: true when the handler answered (the thread resumes
 * with the state it sent back). */
static bool exception_ipc(struct thread *t, struct trap_frame *f, const struct user_exception *ex)
{
	struct utcb_save save;
	u64 reply;
	u64 sel = (t->exc_handler_cap & L4_INVALID_CAP_BIT) ? t->pager_cap : t->exc_handler_cap;
	utcb_borrow(t, &save);
	write_exc_regs(t, f, ex);
	bool ok = handler_call(t, sel, (u64)l4_msgtag(L4_PROTO_EXCEPTION,
						      L4_UTCB_EXCEPTION_REGS_SIZE, 0, 0).raw, &reply);
	l4_msgtag_t rt = { (l4_mword_t)reply };
	/* A negative label: the handler refuses; the thread cannot go on. */
	ok = ok && l4_msgtag_label(rt) >= 0;
	if (ok && l4_msgtag_words(rt) >= L4_UTCB_EXCEPTION_REGS_SIZE)
		read_exc_regs(t, f);
	utcb_return(t, &save);
	return ok;
}

/* The page-fault IPC: true when the pager answered with a mapping (or
 * anything but a request to turn the fault into an exception). */
static bool page_fault_ipc(struct thread *t, struct trap_frame *f, const struct user_exception *ex,
			   bool *as_exception)
{
	struct utcb_save save;
	u64 reply;
	utcb_borrow(t, &save);
	thread_mrs(t)->mr[0] = (ex->fault_addr & ~7ull) | (ex->write ? 2 : 0) | (ex->exec ? 4 : 0);
	thread_mrs(t)->mr[1] = f->rip;
	bool ok = handler_call(t, t->pager_cap, (u64)l4_msgtag(L4_PROTO_PAGE_FAULT, 2, 0, 0).raw,
			       &reply);
	utcb_return(t, &save);
	long label = l4_msgtag_label((l4_msgtag_t){ (l4_mword_t)reply });
	*as_exception = ok && (label == L4_PROTO_PF_EXCEPTION || label < 0);
	return ok;
}

void exception_user(struct trap_frame *f, const struct user_exception *ex)
{
	struct thread *t = current_thread();
	if (ex->is_page_fault) {
		/* sigma0 owns physical memory: the kernel maps it on first touch. */
		if (t->task->is_sigma0 && mem_node(t->task, ex->fault_addr >> PAGE_SHIFT))
			return;
		bool as_exception = false;
		if (page_fault_ipc(t, f, ex, &as_exception) && !as_exception)
			return;
		if (!as_exception && (t->exc_handler_cap & L4_INVALID_CAP_BIT))
			report_and_kill(t, f, ex, "no pager answered the page fault");
	}
	if (exception_ipc(t, f, ex))
		return;
	report_and_kill(t, f, ex, "no exception handler took it");
}

void exception_check_pending(struct trap_frame *f)
{
	struct thread *t = current_thread();
	if (!t->pending_exception)
		return;
	t->pending_exception = false;
	struct user_exception ex = { .vector = 0xff, .name = "ex_regs-triggered exception" };
	exception_user(f, &ex);
}
