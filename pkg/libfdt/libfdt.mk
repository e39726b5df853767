# libfdt (flattened device tree library), taken from the copy in Trusted
# Firmware-A as shipped by the Debian 12 (bookworm) source package
# arm-trusted-firmware 2.8.0+dfsg-1.
#
# Why not device-tree-compiler: libfdt's own Debian source package
# (device-tree-compiler 1.6.1-4, pinned by hand in libfdt.hash comments) is
# listed in bookworm's Sources index, but the Debian mirror this project can
# reach answers 404 for its .orig and .debian tarballs (its .dsc and the
# binary .debs are served). Switch back by replacing the variables below and
# the three hash lines if that mirror ever serves them.
#
# TF-A's lib/libfdt + include/lib/libfdt are an unmodified upstream dtc
# libfdt snapshot taken after dtc v1.6.1 (it has fdt16_ld() and
# fdt_overlay_target_offset(), newer than 1.6.1), except that fdt.h tests
# __ASSEMBLER__ instead of __ASSEMBLY__. fdt_check.c (fdt_check_full()) is
# not part of TF-A's copy. Debian's patches do not touch libfdt.
#
# Homepage (libfdt): https://git.kernel.org/cgit/utils/dtc/dtc.git
# Homepage (source package): https://www.trustedfirmware.org/
# Debian:   https://tracker.debian.org/pkg/arm-trusted-firmware
#
# Plain 'VAR = value' lines only: mk/fetch.sh reads this file too.
# Bumping a version: see doc/deps.md (re-pin pkg/libfdt/libfdt.hash by hand).

DEBIAN_MIRROR ?= http://deb.debian.org/debian

# Version of the Debian source package (TF-A 2.8.0, repacked +dfsg).
LIBFDT_VERSION = 2.8.0+dfsg
LIBFDT_DEBIAN_REVISION = 1
LIBFDT_DEBIAN_VERSION = $(LIBFDT_VERSION)-$(LIBFDT_DEBIAN_REVISION)
LIBFDT_DEBIAN_SOURCE = arm-trusted-firmware
LIBFDT_SITE = $(DEBIAN_MIRROR)/pool/main/a/arm-trusted-firmware
LIBFDT_SOURCE = arm-trusted-firmware_$(LIBFDT_VERSION).orig.tar.xz
LIBFDT_FILES = arm-trusted-firmware_$(LIBFDT_DEBIAN_VERSION).dsc $(LIBFDT_SOURCE) arm-trusted-firmware_$(LIBFDT_DEBIAN_VERSION).debian.tar.xz
# Top directory of LIBFDT_SOURCE, and where libfdt is inside it.
LIBFDT_SUBDIR = trusted-firmware-a-2.8.0
LIBFDT_SRC_SUBDIR = lib/libfdt
LIBFDT_INCLUDE_SUBDIR = include/lib/libfdt
# libfdt is dual licensed; every file says
# SPDX-License-Identifier: (GPL-2.0-or-later OR BSD-2-Clause).
# Walnut uses it under BSD-2-Clause. TF-A's own libfdt.mk is BSD-3-Clause.
LIBFDT_LICENSE = GPL-2.0-or-later OR BSD-2-Clause
LIBFDT_LICENSE_FILES = docs/license.rst
