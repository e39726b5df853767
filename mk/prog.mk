# Rules for a user program: $(objtree)/bin/$(TARGET), a static ELF64.
# Every program gets the start-up code and the runtime of pkg/l4re (crt0.o
# first, libl4re with its requirements among the libraries) unless
# NO_CRT0 = 1; then REQUIRES_LIBS in order, all in one group so that
# libraries may refer to each other in any order.
ifeq ($(NO_CRT0),)
REQUIRES_LIBS += l4re
endif
# USE_LIBC = 1: the system layer (pkg/libc) is linked whole, so that its
# definitions (__getreent, the locks, abort, the system calls) are in the
# program before newlib's libc.a could offer its own defaults; pthread and
# what libc requires join the group.
ifeq ($(USE_LIBC),1)
REQUIRES_LIBS += libc pthread
endif
include $(srctree)/mk/user.mk

PROG    := $(BINDIR)/$(TARGET)
CRT0    := $(if $(NO_CRT0),,$(LIBDIR)/crt0.o)
libs    := $(foreach l,$(ALL_LIBS),$(LIBDIR)/lib$(l).a)
# USE_LIBC = 1: the sysroot's libc, libm and libunwind (mk/sysroot.mk) join the group.
libs    += $(if $(filter 1,$(USE_LIBC)),$(LIBC_LIBS))
libc_whole := $(filter $(LIBDIR)/liblibc.a,$(libs))
libs    := $(filter-out $(libc_whole),$(libs))
LIBGCC  := $(shell $(CC) $(USER_ARCH_CFLAGS) -print-libgcc-file-name)

.PHONY: all
all: $(PROG)

$(PROG): $(CRT0) $(objs) $(libc_whole) $(libs)
	$(quiet) LD $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(LD) $(USER_ARCH_LDFLAGS) -static -nostdlib --build-id=none $(LDFLAGS_EXTRA) \
	  $(if $(filter 1,$(USE_LIBC)),$(LIBC_LDFLAGS)) \
	  -o $@ $(CRT0) $(objs) $(if $(libc_whole),--whole-archive $(libc_whole) --no-whole-archive) \
	  --start-group $(libs) $(LIBGCC) --end-group
