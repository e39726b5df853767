# newlib C library, taken from the Debian 12 (bookworm) source package newlib.
# Homepage: https://sourceware.org/newlib/
# Debian:   https://tracker.debian.org/pkg/newlib
#
# Plain 'VAR = value' lines only: mk/fetch.sh reads this file too.
# Bumping a version: see doc/deps.md (re-pin pkg/newlib/newlib.hash by hand).

DEBIAN_MIRROR ?= http://deb.debian.org/debian

NEWLIB_VERSION = 3.3.0
NEWLIB_DEBIAN_REVISION = 1.3+deb12u1
NEWLIB_DEBIAN_VERSION = $(NEWLIB_VERSION)-$(NEWLIB_DEBIAN_REVISION)
NEWLIB_DEBIAN_SOURCE = newlib
NEWLIB_SITE = $(DEBIAN_MIRROR)/pool/main/n/newlib
NEWLIB_SOURCE = newlib_$(NEWLIB_VERSION).orig.tar.gz
# Debian's packaging (debian/patches/series).
NEWLIB_DEBIAN_TARBALL = newlib_$(NEWLIB_DEBIAN_VERSION).debian.tar.xz
NEWLIB_FILES = newlib_$(NEWLIB_DEBIAN_VERSION).dsc $(NEWLIB_SOURCE) $(NEWLIB_DEBIAN_TARBALL)
# Top directory of NEWLIB_SOURCE.
NEWLIB_SUBDIR = newlib-$(NEWLIB_VERSION)
# Debian's patches include mallocr-CVE-2021-3420.patch (debian/patches/series).
# newlib is a collection of permissive (mostly BSD-style) licences, listed
# file by file in COPYING.NEWLIB; libgloss in COPYING.LIBGLOSS. The GPL texts
# in the tarball cover build tools only, not what gets linked.
NEWLIB_LICENSE = BSD-style collection (see COPYING.NEWLIB)
NEWLIB_LICENSE_FILES = COPYING.NEWLIB COPYING.LIBGLOSS
