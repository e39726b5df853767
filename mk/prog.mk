# Rules for a user program: $(objtree)/bin/$(TARGET), a static ELF64.
# Every program gets the start-up code and the runtime of pkg/l4re (crt0.o
# first, libl4re with its requirements among the libraries) unless
# NO_CRT0 = 1; then REQUIRES_LIBS in order, all in one group so that
# libraries may refer to each other in any order.
ifeq ($(NO_CRT0),)
REQUIRES_LIBS += l4re
endif
include $(srctree)/mk/user.mk

PROG    := $(BINDIR)/$(TARGET)
CRT0    := $(if $(NO_CRT0),,$(LIBDIR)/crt0.o)
libs    := $(foreach l,$(ALL_LIBS),$(LIBDIR)/lib$(l).a)
# USE_LIBC = 1: the sysroot's libc, libm and libunwind (mk/sysroot.mk) join the group.
libs    += $(if $(filter 1,$(USE_LIBC)),$(LIBC_LIBS))
LIBGCC  := $(shell $(CC) $(USER_ARCH_CFLAGS) -print-libgcc-file-name)

.PHONY: all
all: $(PROG)

$(PROG): $(CRT0) $(objs) $(libs)
	$(quiet) LD $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(LD) $(USER_ARCH_LDFLAGS) -static -nostdlib --build-id=none $(LDFLAGS_EXTRA) \
	  $(if $(filter 1,$(USE_LIBC)),$(LIBC_LDFLAGS)) \
	  -o $@ $(CRT0) $(objs) --start-group $(libs) $(LIBGCC) --end-group
