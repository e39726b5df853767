# Toolchain and flags shared by kernel and user builds.
CC      := $(CROSS_COMPILE)gcc
LD      := $(CROSS_COMPILE)ld
AR      := $(CROSS_COMPILE)ar
OBJCOPY := $(CROSS_COMPILE)objcopy
NM      := $(CROSS_COMPILE)nm

# Warnings are errors everywhere; -MMD -MP give correct incremental builds.
WARN_CFLAGS   := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
                 -Wmissing-prototypes -Wno-unused-parameter
COMMON_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-common -fno-pic -fno-pie \
                 -fno-stack-protector -fno-strict-aliasing \
                 -fno-tree-loop-distribute-patterns -MMD -MP \
                 -include $(AUTOCONF_H) $(WARN_CFLAGS)
COMMON_ASFLAGS := -MMD -MP -include $(AUTOCONF_H)

include $(srctree)/mk/arch-$(ARCH).mk
