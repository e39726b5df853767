# Walnut top-level Makefile: configuration, kernel, packages, images, run, test.
#
# Quick start:  make run        build the default board and scenario, boot it
#               make test       build everything, run all tests under prove
#               make help       everything else
#
# The build happens in $(O) (default build/<board>); sources are never
# written to except for images/<board>/ where the bootable images land.

WALNUT_VERSION := 0.1.0
export WALNUT_VERSION

SHELL   := /bin/bash
srctree := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
MK      := $(srctree)/mk
PYTHON  := /usr/bin/python3
DL_DIR  ?= $(HOME)/.cache/walnut/dl
export DL_DIR

# ---- which board, which build directory --------------------------------------
# A <board>_defconfig goal names the board. Otherwise O= names the build
# directory and its .config names the board; without O= the board of the last
# defconfig (build/.board) is used, and qemu-x86_64 on a fresh tree.
defconfig_goal := $(firstword $(filter %_defconfig,$(MAKECMDGOALS)))
ifneq ($(defconfig_goal),)
  BOARD := $(patsubst %_defconfig,%,$(defconfig_goal))
endif
ifeq ($(O),)
  ifeq ($(BOARD),)
    BOARD := $(or $(shell cat $(srctree)/build/.board 2>/dev/null),qemu-x86_64)
  endif
  O := $(srctree)/build/$(BOARD)
  IMAGES_DIR ?= $(srctree)/images/$(BOARD)
endif
objtree := $(abspath $(O))
IMAGES_DIR ?= $(objtree)/images

KCONFIG_CONFIG := $(objtree)/.config
AUTOCONF_H     := $(objtree)/include/generated/autoconf.h
AUTO_CONF      := $(objtree)/include/config/auto.conf
kconfig_env    := srctree=$(srctree) KCONFIG_CONFIG=$(KCONFIG_CONFIG) WALNUT_VERSION=$(WALNUT_VERSION)
kconfig_files  := $(shell find $(srctree)/Kconfig $(srctree)/kernel $(srctree)/bsp \
                    $(srctree)/pkg $(srctree)/conf -name 'Kconfig*' 2>/dev/null)

config_goals := %_defconfig menuconfig olddefconfig savedefconfig help deps \
                distclean clean

# Read the configuration unless only configuration goals were asked for.
ifneq ($(filter-out $(config_goals),$(MAKECMDGOALS) $(if $(MAKECMDGOALS),,all)),)
  -include $(AUTO_CONF)
  ifneq ($(CONFIG_BOARD),)
    BOARD := $(patsubst "%",%,$(CONFIG_BOARD))
  endif
endif

include $(MK)/quiet.mk

.PHONY: all
all: images sysroot

# ---- dependencies ------------------------------------------------------------
# deps.stamp records that the board's packages and pinned sources were checked;
# it is redone when a package list, a recipe or a hash changes.
deps_inputs := $(MK)/deps.sh $(MK)/fetch.sh $(MK)/packages.common \
               $(wildcard $(srctree)/bsp/$(BOARD)/packages) \
               $(wildcard $(srctree)/pkg/*/*.hash $(srctree)/pkg/*/*.mk)
DEPS_STAMP := $(objtree)/.deps.stamp

.PHONY: deps
deps:
	$(Q)mkdir -p $(objtree)
	$(Q)SRC=$(srctree) BOARD=$(BOARD) DL_DIR=$(DL_DIR) $(MK)/deps.sh
	$(Q)touch $(DEPS_STAMP)

$(DEPS_STAMP): $(deps_inputs)
	$(Q)mkdir -p $(objtree)
	$(Q)SRC=$(srctree) BOARD=$(BOARD) DL_DIR=$(DL_DIR) $(MK)/deps.sh
	$(Q)touch $@

# ---- configuration -----------------------------------------------------------
# kconfiglib must exist before any configuration step; only the package step
# of deps runs here because nothing else is known before there is a .config.
KCONFIGLIB := /usr/lib/python3/dist-packages/kconfiglib.py
$(KCONFIGLIB):
	$(Q)SRC=$(srctree) BOARD=$(BOARD) DL_DIR=$(DL_DIR) $(MK)/deps.sh --packages-only

%_defconfig: $(KCONFIGLIB)
	@test -f $(srctree)/bsp/$*/defconfig || \
	  { echo "No board '$*': bsp/$*/defconfig does not exist (see make help)" >&2; exit 1; }
	$(Q)mkdir -p $(objtree)
	$(Q)cd $(srctree) && $(kconfig_env) $(PYTHON) -m defconfig --kconfig Kconfig bsp/$*/defconfig
	$(Q)$(if $(filter $(srctree)/build/$*,$(objtree)),echo $* > $(srctree)/build/.board)
	$(Q)$(MAKE) --no-print-directory -f $(srctree)/Makefile O=$(objtree) syncconfig

.PHONY: menuconfig olddefconfig savedefconfig syncconfig
menuconfig: $(KCONFIGLIB) $(KCONFIG_CONFIG)
	$(Q)cd $(srctree) && $(kconfig_env) $(PYTHON) -m menuconfig Kconfig
	$(Q)$(MAKE) --no-print-directory -f $(srctree)/Makefile O=$(objtree) syncconfig

olddefconfig: $(KCONFIGLIB)
	$(Q)mkdir -p $(objtree)
	$(Q)cd $(srctree) && $(kconfig_env) $(PYTHON) -m olddefconfig Kconfig
	$(Q)$(MAKE) --no-print-directory -f $(srctree)/Makefile O=$(objtree) syncconfig

# Writes the minimal configuration to $(O)/defconfig and compares it with the
# board's defconfig (settings only, comments aside) so a round trip is visible.
savedefconfig: $(KCONFIGLIB) $(KCONFIG_CONFIG)
	$(Q)cd $(srctree) && $(kconfig_env) $(PYTHON) -m savedefconfig --kconfig Kconfig --out $(objtree)/defconfig
	$(Q)board=$$(sed -n 's/^CONFIG_BOARD="\(.*\)"/\1/p' $(KCONFIG_CONFIG)); \
	  if diff -q <(grep -v '^\s*\(#\|$$\)' $(objtree)/defconfig) \
	             <(grep -v '^\s*\(#\|$$\)' $(srctree)/bsp/$$board/defconfig) >/dev/null; then \
	    echo "  SAVED   $(objtree)/defconfig (same as bsp/$$board/defconfig)"; \
	  else \
	    echo "  SAVED   $(objtree)/defconfig (differs from bsp/$$board/defconfig; copy it there to make it the board default)"; \
	  fi

# No .config yet: start from the board's defconfig, so a fresh clone builds.
$(KCONFIG_CONFIG): | $(KCONFIGLIB)
	$(Q)$(MAKE) --no-print-directory -f $(srctree)/Makefile $(if $(filter $(srctree)/build/$(BOARD),$(objtree)),,O=$(objtree)) $(BOARD)_defconfig

# autoconf.h and auto.conf follow .config; genconfig leaves an unchanged
# header untouched so that only a real change rebuilds what includes it.
syncconfig: $(AUTO_CONF)
	@:
$(AUTOCONF_H): $(AUTO_CONF)
	@:
$(AUTO_CONF): $(KCONFIG_CONFIG) $(kconfig_files) | $(KCONFIGLIB)
	$(Q)mkdir -p $(dir $(AUTOCONF_H)) $(dir $(AUTO_CONF))
	$(Q)cd $(srctree) && $(kconfig_env) $(PYTHON) $(MK)/kconfig-sync.py Kconfig $(AUTOCONF_H) $(AUTO_CONF)

# ---- building ----------------------------------------------------------------
# Everything below needs a configuration; the sub-makes get the same view.
ARCH          := $(patsubst "%",%,$(CONFIG_ARCH))
CROSS_COMPILE := $(patsubst "%",%,$(CONFIG_CROSS_COMPILE))
EXT_DIR       := $(if $(M),$(abspath $(M)))
sub_env := srctree=$(srctree) objtree=$(objtree) ARCH=$(ARCH) BOARD=$(BOARD) EXT_DIR=$(EXT_DIR) \
           CROSS_COMPILE=$(CROSS_COMPILE) V=$(V) AUTOCONF_H=$(AUTOCONF_H) \
           AUTO_CONF=$(AUTO_CONF) IMAGES_DIR=$(IMAGES_DIR)
sub_make := $(MAKE) --no-print-directory $(if $(filter 1,$(V)),,-s) $(sub_env)

# Packages: pkg/* and the guest test programs under tests/guest/*, each with a
# declarative Makefile. Order follows REQUIRES_LIBS (a library is the package
# of the same name).
pkg_dirs := $(patsubst $(srctree)/%/Makefile,%,$(wildcard $(srctree)/pkg/*/Makefile $(srctree)/tests/guest/*/Makefile))
pkg_dirs := $(filter-out pkg/bootstrap,$(pkg_dirs))
pkg_requires = $(shell sed -n 's/^REQUIRES_LIBS[[:space:]]*[:+]*=//p' $(srctree)/$(1)/Makefile) \
               $(if $(shell grep -l '^include.*/prog\.mk' $(srctree)/$(1)/Makefile),l4re)

.PHONY: kernel packages images $(addprefix build-,$(pkg_dirs))
kernel: $(AUTO_CONF) $(DEPS_STAMP)
	$(Q)$(sub_make) -f $(MK)/kernel.mk

$(foreach d,$(pkg_dirs),$(eval build-$(d): $(addprefix build-pkg/,$(call pkg_requires,$(d)))))
$(addprefix build-,$(pkg_dirs)): build-%: $(AUTO_CONF) $(DEPS_STAMP)
	$(Q)$(sub_make) -f $(srctree)/$*/Makefile PKGDIR=$(srctree)/$* PKGNAME=$(notdir $*)

packages: $(addprefix build-,$(pkg_dirs))

# µApps outside the tree (doc/uapps.md): M=<dir> names a folder holding one
# package (its Makefile, written as in pkg/) or subfolders that each hold
# one. They are built into this build directory after the packages they
# require; <dir>/modules.list (scenarios) and <dir> itself (scripts, data)
# join the image build.
ifneq ($(M),)
M_DIR := $(EXT_DIR)
ext_dirs := $(if $(wildcard $(M_DIR)/Makefile),$(M_DIR),$(patsubst %/Makefile,%,$(wildcard $(M_DIR)/*/Makefile)))
ifeq ($(ext_dirs),)
$(error M=$(M): neither $(M_DIR)/Makefile nor $(M_DIR)/*/Makefile exists)
endif
ext_requires = $(shell sed -n 's/^REQUIRES_LIBS[[:space:]]*[:+]*=//p' $(1)/Makefile) \
               $(if $(shell grep -l '^include.*/prog\.mk' $(1)/Makefile),l4re) \
               $(if $(shell grep -l '^USE_LIBC[[:space:]]*[:?]*=[[:space:]]*1' $(1)/Makefile),libc pthread)
.PHONY: $(addprefix build-ext-,$(notdir $(ext_dirs)))
$(foreach d,$(ext_dirs),$(eval build-ext-$(notdir $(d)): sysroot \
  $(addprefix build-pkg/,$(filter $(patsubst pkg/%,%,$(pkg_dirs)),$(call ext_requires,$(d))))))
$(foreach d,$(ext_dirs),$(eval build-ext-$(notdir $(d)): $(AUTO_CONF) $(DEPS_STAMP) ; \
  $$(Q)$$(sub_make) -f $(d)/Makefile PKGDIR=$(d) PKGNAME=$(notdir $(d))))
packages: $(addprefix build-ext-,$(notdir $(ext_dirs)))
endif

# The C library sysroot (mk/sysroot.mk): newlib and LLVM libunwind from the
# pinned Debian sources, in $(O)/sysroot. Each is rebuilt only when its
# recipe, patches or flags change. A package with USE_LIBC = 1 waits for it.
.PHONY: sysroot newlib libunwind
sysroot newlib libunwind: $(AUTO_CONF) $(DEPS_STAMP)
	+$(Q)$(sub_make) -f $(MK)/sysroot.mk $@
# Its programs and libraries also need the C library's own packages (libc:
# the system layer under newlib; pthread), which need only the sysroot.
pkg_uses_libc = $(shell grep -l '^USE_LIBC[[:space:]]*[:?]*=[[:space:]]*1' $(srctree)/$(1)/Makefile)
libc_pkgs := $(filter pkg/libc pkg/pthread,$(pkg_dirs))
$(foreach d,$(pkg_dirs),$(if $(call pkg_uses_libc,$(d)),$(eval build-$(d): sysroot \
  $(if $(filter $(d),$(libc_pkgs)),,$(addprefix build-,$(libc_pkgs))))))

images: kernel packages
	$(Q)$(sub_make) -f $(MK)/image.mk all

# ---- running -----------------------------------------------------------------
E ?= $(patsubst "%",%,$(CONFIG_DEFAULT_SCENARIO))
.PHONY: run iso
run: images
	@echo "  RUN     $(IMAGES_DIR)/$(E).elf  (Ctrl-A X quits)"
	$(Q)$(MK)/qemu-cmd --mode run --exec $(srctree)/bsp/$(BOARD) $(IMAGES_DIR)/$(E).elf

iso: images
	$(Q)$(sub_make) -f $(MK)/image.mk iso E=$(E)

# ---- tests -------------------------------------------------------------------
# T=<name> runs one scenario (tests/scenarios/<name>.test) or host test.
test_scenarios := $(sort $(wildcard $(srctree)/tests/scenarios/*.test))
.PHONY: test host-tests
host-tests: $(AUTO_CONF)
	$(Q)$(sub_make) -f $(MK)/host-tests.mk

# boot-iso.test boots the default scenario's GRUB ISO.
test: images host-tests sysroot
	$(Q)$(sub_make) -f $(MK)/image.mk iso E=$(E)
	$(Q)cd $(srctree) && WALNUT_SRC=$(srctree) WALNUT_BUILD=$(objtree) \
	  WALNUT_IMAGES=$(IMAGES_DIR) WALNUT_BOARD=$(BOARD) \
	  $(MK)/test-list $(if $(T),--only $(T)) | xargs prove --exec "$(PYTHON) tests/run-test" --timer

# ---- fuzzing -----------------------------------------------------------------
# libFuzzer targets (mk/fuzz.mk), each run FUZZ_TIME seconds (default 60).
.PHONY: fuzz
fuzz: $(AUTO_CONF)
	$(Q)$(sub_make) -f $(MK)/fuzz.mk FUZZ_TIME=$(or $(FUZZ_TIME),60)

# ---- benchmarks --------------------------------------------------------------
# Boots the kbench image (kernel) and then the rbench image (moe and
# libl4re) (TCG: -icount shift=0, so counts are instructions; KVM: real
# cycles) and prints median/minimum per benchmark; tables in bench.txt.
BENCH_IMAGES := kbench rbench lbench
.PHONY: bench
bench: images
	@echo "  BENCH   $(addprefix $(IMAGES_DIR)/,$(addsuffix .elf,$(BENCH_IMAGES)))"
	$(Q)$(PYTHON) $(MK)/bench.py $(srctree)/bsp/$(BOARD) $(objtree)/bench.txt \
	  $(addprefix $(IMAGES_DIR)/,$(addsuffix .elf,$(BENCH_IMAGES)))

# ---- cleaning ----------------------------------------------------------------
.PHONY: clean distclean
clean:
	@echo "  CLEAN   $(objtree) (configuration kept)"
	$(Q)if [ -d $(objtree) ]; then find $(objtree) -mindepth 1 -maxdepth 1 \
	  ! -name .config ! -name .deps.stamp ! -name include -exec rm -rf {} +; fi
	$(Q)rm -rf $(IMAGES_DIR)

distclean:
	@echo "  CLEAN   build/ images/"
	$(Q)rm -rf $(srctree)/build $(filter-out $(srctree)/images,$(wildcard $(srctree)/images/*/))

# ---- help --------------------------------------------------------------------
.PHONY: help
help:
	@echo "Walnut $(WALNUT_VERSION) build"
	@echo
	@echo "Boards (make <board>_defconfig):"
	@for b in $(notdir $(patsubst %/defconfig,%,$(wildcard $(srctree)/bsp/*/defconfig))); do echo "  $${b}_defconfig"; done
	@echo
	@echo "Scenarios (make run E=<entry>; conf/modules.list, tests/modules.list):"
	@sed -n 's/^entry[[:space:]]\{1,\}\([^[:space:]]*\).*/  \1/p' $(srctree)/conf/modules.list
	@echo "  test entries:"; sed -n 's/^entry[[:space:]]\{1,\}\([^[:space:]]*\).*/    \1/p' $(srctree)/tests/modules.list
	@echo
	@echo "Targets:"
	@echo "  all (default)   build kernel, packages and every scenario image"
	@echo "  run [E=entry]   build and boot a scenario in QEMU on this terminal (Ctrl-A X quits)"
	@echo "  test [T=name]   build and run all tests (or one) under prove"
	@echo "  bench           kernel and runtime micro-benchmarks (IPC, faults, map, moe), medians"
	@echo "  fuzz            run the libFuzzer targets (ELF parser) for FUZZ_TIME=<s> (default 60)"
	@echo "  iso [E=entry]   GRUB-bootable ISO of a scenario (x86 boards)"
	@echo "  deps            install missing Debian packages, fetch pinned sources"
	@echo "  menuconfig      edit the configuration (kconfiglib curses UI)"
	@echo "  olddefconfig    update .config, new options at their defaults"
	@echo "  savedefconfig   write the minimal configuration to \$$(O)/defconfig"
	@echo "  kernel          build only the kernel"
	@echo "  sysroot         newlib and libunwind for user land in \$$(O)/sysroot (also: newlib, libunwind)"
	@echo "  clean           remove build products, keep the configuration"
	@echo "  distclean       remove build/ and images/"
	@echo
	@echo "Variables: O=<dir> (build dir, default build/<board>), V=1 (full commands),"
	@echo "           E=<entry>, T=<test>, DL_DIR=<download cache> (default ~/.cache/walnut/dl)"
