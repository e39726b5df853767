/* x86_64 thread operations: the FS base for thread-local storage
 * (fiasco_amd64_set_segment_base); GS stays the kernel's UTCB pointer. */
#include <kern/arch.h>
#include <kern/invoke.h>
#include <kern/thread.h>
#include <kern/vm.h>
#include <l4/sys/segment.h>
#include <l4/sys/thread.h>

static u64 set_segment_base(struct invocation *inv, struct thread *t)
{
	if (inv_words(inv) < 2)
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	u64 segr = (inv_mr(inv, 0) >> 16) & 0xffff;
	u64 base = inv_mr(inv, 1);
	if (segr != L4_AMD64_SEGMENT_FS || base >= VM_USER_END)
		return syscall_error_tag(-L4_EINVAL);
	t->fs_base = base;
	arch_set_fs_base(t);
	return syscall_ok_tag(0, 0);
}

u64 arch_thread_op(struct invocation *inv, struct thread *t)
{
	switch (inv_mr(inv, 0) & 0xffff) {
	case L4_THREAD_AMD64_SET_SEGMENT_BASE_OP:
		return set_segment_base(inv, t);
	default:
		return syscall_error_tag(-L4_ENOSYS);
	}
}
