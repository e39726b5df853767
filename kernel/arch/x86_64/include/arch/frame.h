/* The register frame saved on a thread's kernel stack at every kernel entry.
 *
 * Interrupts, exceptions and the syscall instruction all build this same
 * layout (entry.S), so any of them can be inspected, changed (exception
 * replies, ex_regs) and resumed the same way. The offsets are used by
 * entry.S; FRAME_SIZE is checked against sizeof at compile time.
 */
#pragma once

#define FRAME_R15     0
#define FRAME_R11     (4 * 8)
#define FRAME_RCX     (12 * 8)
#define FRAME_RAX     (14 * 8)
#define FRAME_VECTOR  (15 * 8)
#define FRAME_ERROR   (16 * 8)
#define FRAME_RIP     (17 * 8)
#define FRAME_CS      (18 * 8)
#define FRAME_RFLAGS  (19 * 8)
#define FRAME_RSP     (20 * 8)
#define FRAME_SS      (21 * 8)
#define FRAME_SIZE    (22 * 8)

/* vector value marking a frame built by the syscall instruction */
#define VECTOR_SYSCALL 0x100

#ifndef __ASSEMBLY__
#include <kern/types.h>

struct trap_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error;
	u64 rip, cs, rflags, rsp, ss; /* as the CPU pushes them for iretq */
};

_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "entry.S frame layout");
_Static_assert(__builtin_offsetof(struct trap_frame, rip) == FRAME_RIP, "frame rip");
_Static_assert(__builtin_offsetof(struct trap_frame, vector) == FRAME_VECTOR, "frame vec");
_Static_assert(__builtin_offsetof(struct trap_frame, rcx) == FRAME_RCX, "frame rcx");
_Static_assert(__builtin_offsetof(struct trap_frame, r11) == FRAME_R11, "frame r11");
#endif
