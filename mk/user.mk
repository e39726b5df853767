# Common part of prog.mk and lib.mk: compiles a package's sources for user land.
#
# A package Makefile sets TARGET, SRC_C, SRC_S, REQUIRES_LIBS (and optionally
# CFLAGS_EXTRA, INCLUDE_DIRS) and includes mk/prog.mk or mk/lib.mk. Sources
# may name arch/$(ARCH)/... files; the top Makefile passes PKGDIR/PKGNAME.
# The default goal is "all" (defined by prog.mk/lib.mk), not a dependency file's rule.
.PHONY: all
all:
# Objects are never intermediate files to delete.
.SECONDARY:

include $(AUTO_CONF)
include $(srctree)/mk/quiet.mk
include $(srctree)/mk/toolchain.mk

# A package outside the tree (M=, doc/uapps.md) builds under ext/<name>.
pkgrel  := $(if $(filter $(srctree)/%,$(PKGDIR)),$(patsubst $(srctree)/%,%,$(PKGDIR)),ext/$(notdir $(PKGDIR)))
pobj    := $(objtree)/$(pkgrel)
LIBDIR  := $(objtree)/lib
BINDIR  := $(objtree)/bin

# Include paths: the package's own include/ and src/, and the include/ of
# every required library and of the libraries those require (in the source
# tree, and in the build tree for headers a library generates or unpacks).
req_of = $(shell sed -n 's/^REQUIRES_LIBS[[:space:]]*[:+]*=//p' $(srctree)/pkg/$(1)/Makefile 2>/dev/null)
ALL_LIBS := $(REQUIRES_LIBS) $(foreach l,$(REQUIRES_LIBS),$(call req_of,$(l)))
ALL_LIBS := $(ALL_LIBS) $(foreach l,$(ALL_LIBS),$(call req_of,$(l)))
uniq = $(if $(1),$(firstword $(1)) $(call uniq,$(filter-out $(firstword $(1)),$(1))))
ALL_LIBS := $(call uniq,$(ALL_LIBS))

UCFLAGS := $(COMMON_CFLAGS) $(USER_ARCH_CFLAGS) $(CFLAGS_EXTRA) \
           -I$(PKGDIR)/include -I$(PKGDIR)/include/arch/$(ARCH) -I$(PKGDIR)/src $(addprefix -I,$(INCLUDE_DIRS)) \
           $(foreach l,$(ALL_LIBS),-I$(srctree)/pkg/$(l)/include \
             -I$(srctree)/pkg/$(l)/include/arch/$(ARCH) -I$(objtree)/pkg/$(l)/include)

objs := $(addprefix $(pobj)/,$(SRC_C:.c=.o) $(SRC_S:.S=.o))

# USE_LIBC = 1: a hosted C program against the sysroot's newlib (mk/sysroot.mk);
# its objects are rebuilt when newlib is (the sysroot's headers are system
# headers, which -MMD does not record).
# Walnut's own libc headers (pkg/libc: <walnut/...>; pkg/pthread: <pthread.h>,
# <sys/_pthreadtypes.h> replacing newlib's, <semaphore.h>) come before the
# sysroot's.
ifeq ($(USE_LIBC),1)
include $(srctree)/mk/sysroot.mk
UCFLAGS := $(filter-out -ffreestanding,$(UCFLAGS)) \
           $(foreach l,libc pthread,-I$(srctree)/pkg/$(l)/include \
             -I$(srctree)/pkg/$(l)/include/arch/$(ARCH)) $(LIBC_CFLAGS)
$(objs): $(SYSROOT)/lib/libc.a
endif

$(pobj)/%.o: $(PKGDIR)/%.c
	$(quiet) CC $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

$(pobj)/%.o: $(PKGDIR)/%.S
	$(quiet) AS $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(UCFLAGS) -D__ASSEMBLY__ -c -o $@ $<

-include $(objs:.o=.d)
