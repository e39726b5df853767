# x86_64 code generation flags.
# The kernel lives in the top 2 GiB (-mcmodel=kernel), never touches SSE so
# that user FPU state survives kernel entry untouched, and has no red zone
# because interrupts push onto the current stack.
KERNEL_ARCH_CFLAGS := -m64 -mcmodel=kernel -mno-red-zone -mno-sse -mno-sse2 \
                      -mno-mmx -mno-avx -mno-80387 -fno-omit-frame-pointer
KERNEL_ARCH_LDFLAGS := -m elf_x86_64 -z max-page-size=4096 -z noexecstack
# User programs are static, non-PIE, linked from 0x400000 (ld's default
# text-segment for x86_64) and may use SSE: the kernel keeps FPU state per thread.
USER_ARCH_CFLAGS := -m64 -fno-omit-frame-pointer
USER_ARCH_LDFLAGS := -m elf_x86_64 -z max-page-size=4096 -z noexecstack
