# Builds the kernel ELF ($(objtree)/kernel/walnut) from kernel/Makefile's obj-y.
#
# kernel/Makefile and kernel/arch/<arch>/Makefile list objects kbuild-style
# (obj-y += src/ipc.o, obj-$(CONFIG_X) += src/x.o) relative to kernel/.
# Objects under ext/ are built from sources elsewhere in the tree
# (ext/pkg/minrt/src/fmt.o <- pkg/minrt/src/fmt.c) with the kernel's flags.
.SECONDARY:
include $(AUTO_CONF)
include $(srctree)/mk/quiet.mk
include $(srctree)/mk/toolchain.mk

kdir := $(srctree)/kernel
kobj := $(objtree)/kernel
obj-y :=
include $(kdir)/Makefile
include $(kdir)/arch/$(ARCH)/Makefile

KERNEL_ELF := $(kobj)/walnut
objs := $(addprefix $(kobj)/,$(obj-y))
LDS  := $(kdir)/arch/$(ARCH)/kernel.ld

KCFLAGS := $(COMMON_CFLAGS) $(KERNEL_ARCH_CFLAGS) -D__KERNEL__ -DWALNUT_VERSION_STRING='"$(WALNUT_VERSION)"' \
           -I$(kdir)/include -I$(kdir)/arch/$(ARCH)/include -I$(srctree)/pkg/minrt/include -I$(srctree)/pkg/l4sys/include \
           -I$(srctree)/pkg/l4sys/include/arch/$(ARCH)

.PHONY: all
all: $(KERNEL_ELF)

$(KERNEL_ELF): $(objs) $(LDS) $(kdir)/Makefile $(kdir)/arch/$(ARCH)/Makefile
	$(quiet) LD $(call rel,$@)
	$(Q)$(LD) $(KERNEL_ARCH_LDFLAGS) -nostdlib -T $(LDS) -o $@ $(objs)

$(kobj)/ext/%.o: $(srctree)/%.c
	$(quiet) CC $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(kobj)/%.o: $(kdir)/%.c
	$(quiet) CC $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(kobj)/%.o: $(kdir)/%.S
	$(quiet) AS $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(KCFLAGS) -D__ASSEMBLY__ -c -o $@ $<

-include $(objs:.o=.d)
