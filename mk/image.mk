# Builds bootable images: one per modules.list entry, bootstrap + modules.
#
# For each entry, mk/modules.py turns the entry's lines into modules.S, which
# .incbin's the kernel, sigma0, the root task and the modules; that object is
# linked with bootstrap's objects into $(IMAGES_DIR)/<entry>.elf. Board
# specific outputs (the GRUB ISO on x86) come from bsp/<board>/image.mk.
.SECONDARY:
include $(AUTO_CONF)
include $(srctree)/mk/quiet.mk
include $(srctree)/mk/toolchain.mk
include $(srctree)/pkg/bootstrap/Makefile

PYTHON     := /usr/bin/python3
# EXT_DIR: a folder of µApps built with M= (doc/uapps.md): its scenarios
# and files join the others.
LISTS      := $(srctree)/conf/modules.list $(srctree)/tests/modules.list \
              $(wildcard $(EXT_DIR)/modules.list)
MOD_PATH   := $(objtree)/bin:$(objtree)/kernel:$(srctree)/conf:$(srctree)/tests/conf$(if $(EXT_DIR),:$(EXT_DIR))
ENTRIES    := $(shell $(PYTHON) $(srctree)/mk/modules.py --list $(LISTS))
bsdir      := $(srctree)/pkg/bootstrap
bsobj      := $(objtree)/pkg/bootstrap
BS_OBJS    := $(addprefix $(bsobj)/,$(BOOTSTRAP_SRC_C:.c=.o) $(BOOTSTRAP_SRC_S:.S=.o))
BS_FLAGS   := $(BOOTSTRAP_CFLAGS) -MMD -MP -include $(AUTOCONF_H) -I$(bsdir)/src -I$(srctree)/kernel/include
IMGOBJ     := $(objtree)/images
IMAGES     := $(addprefix $(IMAGES_DIR)/,$(addsuffix .elf,$(ENTRIES)))

.PHONY: all iso
all: $(IMAGES)

$(bsobj)/%.o: $(bsdir)/%.c
	$(quiet) CC $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BS_FLAGS) -c -o $@ $<

$(bsobj)/%.o: $(bsdir)/%.S
	$(quiet) AS $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BS_FLAGS) -D__ASSEMBLY__ -c -o $@ $<

# modules.S is regenerated on every run but only rewritten when it changes.
.PHONY: FORCE
$(IMGOBJ)/%/modules.S: FORCE
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) $(srctree)/mk/modules.py --gen $* --out $@ --dep $(@D)/modules.d \
	  --path $(MOD_PATH) $(LISTS)

$(IMGOBJ)/%/modules.o: $(IMGOBJ)/%/modules.S
	$(quiet) AS $(call rel,$@)
	$(Q)$(CC) -m32 -c -o $@ $<

$(IMAGES_DIR)/%.elf: $(IMGOBJ)/%/modules.o $(BS_OBJS) $(bsdir)/$(BOOTSTRAP_LDS)
	$(quiet) IMAGE $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(LD) -m elf_i386 -nostdlib -T $(bsdir)/$(BOOTSTRAP_LDS) -o $@ $(BS_OBJS) $<

-include $(BS_OBJS:.o=.d) $(wildcard $(IMGOBJ)/*/modules.d)
-include $(srctree)/bsp/$(BOARD)/image.mk
