# LLVM libunwind, taken from the Debian 12 (bookworm) source package
# llvm-toolchain-14 (bookworm's default LLVM). The orig tarball is the whole
# LLVM monorepo (about 124 MiB); only its libunwind/ directory is used.
# Homepage: https://www.llvm.org/
# Debian:   https://tracker.debian.org/pkg/llvm-toolchain-14
#
# Plain 'VAR = value' lines only: mk/fetch.sh reads this file too.
# Bumping a version: see doc/deps.md (re-pin pkg/libunwind/libunwind.hash).

DEBIAN_MIRROR ?= http://deb.debian.org/debian

LIBUNWIND_VERSION = 14.0.6
# The Debian version is 1:14.0.6-12; the epoch '1:' is not in file names.
LIBUNWIND_DEBIAN_REVISION = 12
LIBUNWIND_DEBIAN_VERSION = $(LIBUNWIND_VERSION)-$(LIBUNWIND_DEBIAN_REVISION)
LIBUNWIND_DEBIAN_SOURCE = llvm-toolchain-14
LIBUNWIND_SITE = $(DEBIAN_MIRROR)/pool/main/l/llvm-toolchain-14
LIBUNWIND_SOURCE = llvm-toolchain-14_$(LIBUNWIND_VERSION).orig.tar.xz
# Debian's packaging (debian/patches/series).
LIBUNWIND_DEBIAN_TARBALL = llvm-toolchain-14_$(LIBUNWIND_DEBIAN_VERSION).debian.tar.xz
LIBUNWIND_FILES = llvm-toolchain-14_$(LIBUNWIND_DEBIAN_VERSION).dsc $(LIBUNWIND_SOURCE) $(LIBUNWIND_DEBIAN_TARBALL)
# Top directory of LIBUNWIND_SOURCE; the library is in $(LIBUNWIND_SUBDIR)/libunwind.
LIBUNWIND_SUBDIR = llvm-toolchain-14_$(LIBUNWIND_VERSION)
LIBUNWIND_LICENSE = Apache-2.0 WITH LLVM-exception
LIBUNWIND_LICENSE_FILES = libunwind/LICENSE.TXT
