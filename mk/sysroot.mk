# The C library sysroot: newlib (libc.a, libm.a, headers) and LLVM libunwind
# (libunwind.a, unwind.h, libunwind.h) built for user land from the pinned
# Debian sources, installed in $(SYSROOT)/{include,lib}. See doc/building.md,
# "The sysroot".
#
# Two uses:
#  - the top Makefile runs 'make -f mk/sysroot.mk newlib libunwind' (targets
#    newlib, libunwind, sysroot); each is rebuilt only when its recipe, hash,
#    patches, script or flags change;
#  - mk/user.mk includes it for a package that sets USE_LIBC = 1 and adds
#    LIBC_CFLAGS to its compile flags and LIBC_LIBS to its link.

ifndef COMMON_CFLAGS
include $(srctree)/mk/quiet.mk
include $(srctree)/mk/toolchain.mk
endif

SYSROOT := $(objtree)/sysroot

# newlib's name for the architecture (its configure --target).
NEWLIB_TARGET_x86_64  := x86_64-elf
NEWLIB_TARGET_arm64   := aarch64-elf
NEWLIB_TARGET_riscv64 := riscv64-elf
NEWLIB_TARGET := $(NEWLIB_TARGET_$(ARCH))

# gcc's own freestanding headers (stddef.h, stdarg.h, float.h, limits.h, the
# intrinsics), searched before the sysroot as a cross compiler does.
GCC_INCLUDE := $(shell $(CC) $(USER_ARCH_CFLAGS) -print-file-name=include)

# The compiler is Debian's native gcc: make it see a Walnut target, not
# Linux (no glibc headers, no __linux__/__unix__; __walnut__ instead).
LIBC_TARGET_CFLAGS := -U__linux__ -U__linux -Ulinux -U__gnu_linux__ \
                      -U__unix__ -U__unix -Uunix -D__walnut__

# For a package with USE_LIBC = 1: headers and libraries of the sysroot.
# libunwind.a is in the group too; it adds nothing unless _Unwind_* is used.
LIBC_CFLAGS := -nostdinc -isystem $(GCC_INCLUDE) -isystem $(SYSROOT)/include \
               $(LIBC_TARGET_CFLAGS)
LIBC_LIBS   := $(SYSROOT)/lib/libc.a $(SYSROOT)/lib/libm.a $(SYSROOT)/lib/libunwind.a
# .eh_frame_hdr and its PT_GNU_EH_FRAME header: how libunwind finds the
# unwind tables (pkg/libunwind/src/dl_iterate_phdr.c).
LIBC_LDFLAGS := --eh-frame-hdr

# Code generation for newlib and libunwind: user land (USER_ARCH_CFLAGS: the
# red zone and SSE are allowed), static non-PIC, unwind tables for
# backtraces, one section per function so that a --gc-sections link drops
# what is unused.
SYSROOT_CFLAGS := -O2 -g -fno-pic -fno-pie -fno-stack-protector \
                  -fno-tree-loop-distribute-patterns -fasynchronous-unwind-tables \
                  -ffunction-sections -fdata-sections $(USER_ARCH_CFLAGS)

# newlib's configure options (doc/building.md explains each).
NEWLIB_CONFIGURE := --disable-multilib --disable-nls \
  --disable-newlib-supplied-syscalls \
  --enable-newlib-multithread --enable-newlib-retargetable-locking \
  --enable-newlib-global-stdio-streams --enable-newlib-register-fini \
  --enable-newlib-io-long-long --enable-newlib-io-long-double \
  --enable-newlib-io-c99-formats

include $(srctree)/pkg/newlib/newlib.mk
include $(srctree)/pkg/libunwind/libunwind.mk

NEWLIB_STAMP    := $(SYSROOT)/.newlib.stamp
LIBUNWIND_STAMP := $(SYSROOT)/.libunwind.stamp

sysroot_inputs = $(srctree)/mk/sysroot.mk $(srctree)/mk/arch-$(ARCH).mk \
                 $(srctree)/mk/$(1).sh $(srctree)/mk/srcpkg-lib.sh $(wildcard $(srctree)/pkg/$(1)/*.mk \
                 $(srctree)/pkg/$(1)/*.hash $(srctree)/pkg/$(1)/patches/*)

CXX := $(CROSS_COMPILE)g++
sysroot_env := SRC=$(srctree) OBJ=$(objtree) DL_DIR=$(DL_DIR) \
               CROSS_COMPILE=$(CROSS_COMPILE) V=$(V) \
               TARGET_CC="$(CC) -nostdinc -isystem $(GCC_INCLUDE) $(LIBC_TARGET_CFLAGS)" \
               TARGET_CXX="$(CXX) -nostdinc -isystem $(GCC_INCLUDE) $(LIBC_TARGET_CFLAGS)" \
               TARGET_CFLAGS="$(SYSROOT_CFLAGS)"

.PHONY: sysroot newlib libunwind
sysroot: newlib libunwind
newlib: $(NEWLIB_STAMP)
libunwind: $(LIBUNWIND_STAMP)

# '+': the script's inner make shares this make's job slots.
$(NEWLIB_STAMP): $(call sysroot_inputs,newlib)
	$(if $(NEWLIB_TARGET),,$(error mk/sysroot.mk: no newlib target for ARCH=$(ARCH) (NEWLIB_TARGET_$(ARCH))))
	+$(Q)$(sysroot_env) NEWLIB_TARGET=$(NEWLIB_TARGET) \
	  NEWLIB_SOURCE=$(NEWLIB_SOURCE) NEWLIB_DEBIAN_TARBALL=$(NEWLIB_DEBIAN_TARBALL) \
	  NEWLIB_SUBDIR=$(NEWLIB_SUBDIR) NEWLIB_CONFIGURE="$(NEWLIB_CONFIGURE)" \
	  $(srctree)/mk/newlib.sh
	$(Q)touch $@

# libunwind is compiled against newlib's headers.
$(LIBUNWIND_STAMP): $(call sysroot_inputs,libunwind) $(NEWLIB_STAMP)
	+$(Q)$(sysroot_env) LIBUNWIND_SOURCE=$(LIBUNWIND_SOURCE) \
	  LIBUNWIND_DEBIAN_TARBALL=$(LIBUNWIND_DEBIAN_TARBALL) \
	  LIBUNWIND_SUBDIR=$(LIBUNWIND_SUBDIR) \
	  $(srctree)/mk/libunwind.sh
	$(Q)touch $@

# A package built before the sysroot: say what to do.
$(LIBC_LIBS):
	@echo "mk/sysroot.mk: $@ is missing: run 'make sysroot' (newlib, libunwind)" >&2; exit 1

# The variables a C library user needs, for tests and out-of-tree builds.
.PHONY: sysroot-vars
sysroot-vars:
	@printf '%s\n' 'CC=$(CC)' 'LD=$(LD)' 'SYSROOT=$(SYSROOT)' \
	  'COMMON_CFLAGS=$(COMMON_CFLAGS)' 'USER_ARCH_CFLAGS=$(USER_ARCH_CFLAGS)' \
	  'USER_ARCH_LDFLAGS=$(USER_ARCH_LDFLAGS)' 'LIBC_CFLAGS=$(LIBC_CFLAGS)' \
	  'LIBC_LIBS=$(LIBC_LIBS)' 'LIBC_LDFLAGS=$(LIBC_LDFLAGS)' \
	  'LIBGCC=$(shell $(CC) $(USER_ARCH_CFLAGS) -print-libgcc-file-name)'
