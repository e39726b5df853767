# Lua 5.4, taken from the Debian 12 (bookworm) source package lua5.4.
# Homepage: http://www.lua.org
# Debian:   https://tracker.debian.org/pkg/lua5.4
#
# Plain 'VAR = value' lines only: mk/fetch.sh reads this file too.
# Bumping a version: see doc/deps.md (re-pin pkg/lua/lua.hash by hand).

DEBIAN_MIRROR ?= http://deb.debian.org/debian

LUA_VERSION = 5.4.4
LUA_DEBIAN_REVISION = 3+deb12u1
LUA_DEBIAN_VERSION = $(LUA_VERSION)-$(LUA_DEBIAN_REVISION)
LUA_DEBIAN_SOURCE = lua5.4
LUA_SITE = $(DEBIAN_MIRROR)/pool/main/l/lua5.4
# The upstream tarball, as packed by Debian (unchanged lua.org release).
LUA_SOURCE = lua5.4_$(LUA_VERSION).orig.tar.gz
LUA_FILES = lua5.4_$(LUA_DEBIAN_VERSION).dsc $(LUA_SOURCE) lua5.4_$(LUA_DEBIAN_VERSION).debian.tar.xz
# Top directory of LUA_SOURCE.
LUA_SUBDIR = lua-$(LUA_VERSION)
# Debian's patches (in the .debian tarball, debian/patches/series) include
# security fixes: 0004-cve-2022-28805.patch and 0005-cve-2022-33099.patch.
# The licence text is at the end of doc/readme.html (Debian: Expat).
LUA_LICENSE = MIT
LUA_LICENSE_FILES = doc/readme.html
