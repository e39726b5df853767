# Rules for a user library: $(objtree)/lib/lib$(TARGET).a (TARGET defaults to
# the package name). EXTRA_OBJS names objects installed beside it (crt0.o).
include $(srctree)/mk/user.mk

TARGET  ?= $(PKGNAME)
LIB     := $(LIBDIR)/lib$(TARGET).a
extra   := $(addprefix $(LIBDIR)/,$(notdir $(EXTRA_OBJS)))

.PHONY: all
all: $(LIB) $(extra)

$(LIB): $(filter-out $(addprefix $(pobj)/,$(EXTRA_OBJS)),$(objs))
	$(quiet) AR $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(LIBDIR)/%.o: $(pobj)/$(dir $(firstword $(EXTRA_OBJS)))%.o
	$(Q)mkdir -p $(@D)
	$(Q)cp $< $@
