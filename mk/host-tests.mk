# Builds the host unit tests: tests/host/<name>.c (each with a "// sources:"
# line naming the tree files it tests) compiled natively with ASan and UBSan
# into $(objtree)/host-tests/<name>, linked with the TAP library tests/lib.
.SECONDARY:
include $(AUTO_CONF)
include $(srctree)/mk/quiet.mk

HOSTCC     := gcc
HOST_DIR   := $(objtree)/host-tests
TESTS      := $(basename $(notdir $(wildcard $(srctree)/tests/host/*.c)))
# Packages whose headers host tests may include (never libc's: they would
# shadow the host's own).
HOST_PKG_INC := $(wildcard $(addprefix $(srctree)/pkg/,$(addsuffix /include,minrt l4sys l4srv l4re loader libsigma0)))
HOSTCFLAGS := -std=gnu11 -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=all -Wall -Wextra -Werror -Wno-unused-parameter \
              -DHOST_TEST -include $(AUTOCONF_H) -I$(srctree)/tests/lib \
              -I$(srctree)/kernel/include -I$(srctree)/kernel/arch/$(ARCH)/include \
              $(foreach d,$(HOST_PKG_INC),-I$(d) -I$(d)/arch/$(ARCH))

HDRS       := $(shell find $(srctree)/kernel/include $(srctree)/kernel/arch/$(ARCH)/include \
                $(srctree)/tests/lib $(srctree)/tests/host $(HOST_PKG_INC) \
                -name '*.h' 2>/dev/null)
srcs_of = $(addprefix $(srctree)/,$(shell sed -n 's|^// sources:||p' $(srctree)/tests/host/$(1).c))

.PHONY: all
all: $(addprefix $(HOST_DIR)/,$(TESTS))

define host_test
$(HOST_DIR)/$(1): $(srctree)/tests/host/$(1).c $(call srcs_of,$(1)) $(srctree)/tests/lib/tap.c $(HDRS)
	$$(quiet) HOSTCC $$(call rel,$$@)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(HOSTCC) $$(HOSTCFLAGS) -o $$@ $$(filter %.c,$$^)
endef
$(foreach t,$(TESTS),$(eval $(call host_test,$(t))))

