# Rules for a user program: $(objtree)/bin/$(TARGET), a static ELF64.
# Linked with crt0 from pkg/crt0 (unless NO_CRT0 = 1) and REQUIRES_LIBS in
# order, each library once more at the end for back references.
include $(srctree)/mk/user.mk

PROG    := $(BINDIR)/$(TARGET)
CRT0    := $(if $(NO_CRT0),,$(LIBDIR)/crt0.o)
libs    := $(foreach l,$(ALL_LIBS),$(LIBDIR)/lib$(l).a) $(if $(NO_CRT0),,$(LIBDIR)/libcrt0.a)
LIBGCC  := $(shell $(CC) $(USER_ARCH_CFLAGS) -print-libgcc-file-name)

.PHONY: all
all: $(PROG)

$(PROG): $(CRT0) $(objs) $(libs)
	$(quiet) LD $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(LD) $(USER_ARCH_LDFLAGS) -static -nostdlib --build-id=none $(LDFLAGS_EXTRA) \
	  -o $@ $(CRT0) $(objs) --start-group $(libs) $(LIBGCC) --end-group
