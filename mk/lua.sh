#!/usr/bin/env bash
# mk/lua.sh - unpack the pinned Debian lua5.4 source into the build directory
# and apply Debian's patches to it; pkg/lua/Makefile compiles liblua.a from
# the result.
#
# Run by pkg/lua/Makefile; everything comes from the environment:
#   SRC             source tree root
#   OBJ             build directory; the patched tree goes to
#                   $OBJ/lua/src/$LUA_SUBDIR
#   DL_DIR          download cache holding lua/<files> (make deps)
#   LUA_SOURCE LUA_DEBIAN_TARBALL LUA_SUBDIR LUA_DEBIAN_PATCHES_SKIP
#                   from pkg/lua/lua.mk
#   V=1             show tar's and patch's output
#
# Both tarballs are checked against pkg/lua/lua.hash before anything is
# unpacked (mk/srcpkg-lib.sh's verify, as for newlib). Every patch named in
# debian/patches/series is applied unless LUA_DEBIAN_PATCHES_SKIP names it
# (lua.mk says why); then pkg/lua/patches/series, if there is one.
#
# Incremental: the inputs (script, recipe, hash, our patches) are hashed into
# a key; when it equals the key of the last successful unpack, nothing is
# done. The tree is unpacked next to the old one and renamed into place, and
# a lock ($OBJ/lua/.lock) keeps two makes in one build directory apart.

set -euo pipefail

prog=lua
# shellcheck source=mk/srcpkg-lib.sh
. "$(dirname "$0")/srcpkg-lib.sh"

for v in SRC OBJ DL_DIR LUA_SOURCE LUA_DEBIAN_TARBALL LUA_SUBDIR; do
	[ -n "${!v:-}" ] || die "$v is not set (run through pkg/lua/Makefile)"
done
LUA_DEBIAN_PATCHES_SKIP=${LUA_DEBIAN_PATCHES_SKIP:-}

recipe=pkg/lua/lua.mk
hash_rel=pkg/lua/lua.hash
work=$OBJ/lua
mkdir -p "$work"

key=$( {
	cat "$SRC/mk/lua.sh" "$SRC/mk/srcpkg-lib.sh" "$SRC/$recipe" "$SRC/$hash_rel"
	cat "$SRC"/pkg/lua/patches/* 2>/dev/null || true
	printf '%s\n' "$LUA_SOURCE" "$LUA_DEBIAN_TARBALL" "$LUA_SUBDIR" "$LUA_DEBIAN_PATCHES_SKIP"
} | sha256sum | cut -d' ' -f1)

exec 9>"$work/.lock"
flock 9
tree=$work/src/$LUA_SUBDIR
if [ -f "$work/.key" ] && [ "$(cat "$work/.key")" = "$key" ] && [ -f "$tree/src/lua.h" ]; then
	exit 0
fi
rm -f "$work/.key"

verify "$LUA_SOURCE"
verify "$LUA_DEBIAN_TARBALL"

log=$work/unpack.log
: >"$log"

# --- unpack ---------------------------------------------------------------------
say UNPACK "$LUA_SOURCE"
new=$work/src.new
rm -rf "$new"
mkdir -p "$new"
run "unpacking $LUA_SOURCE" tar -x -z -f "$DL_DIR/lua/$LUA_SOURCE" -C "$new"
run "unpacking $LUA_DEBIAN_TARBALL" tar -x -J -f "$DL_DIR/lua/$LUA_DEBIAN_TARBALL" -C "$new" debian/patches
srcdir=$new/$LUA_SUBDIR
[ -f "$srcdir/src/lua.h" ] ||
	die "$recipe: LUA_SUBDIR=$LUA_SUBDIR is not the top directory of $LUA_SOURCE (no src/lua.h)"

# --- patch ----------------------------------------------------------------------
# skipped NAME: whether LUA_DEBIAN_PATCHES_SKIP lists NAME.
skipped() {
	case " $LUA_DEBIAN_PATCHES_SKIP " in
	*" $1 "*) return 0 ;;
	*) return 1 ;;
	esac
}

# apply_series DIR SERIES-NAME SKIP: patch every patch named in DIR/series
# (quilt's format: one name per line, '#' comments, optional -pN); with
# SKIP=yes the ones in LUA_DEBIAN_PATCHES_SKIP are left out.
apply_series() {
	local dir=$1 name=$2 skip=$3 line p level
	[ -f "$dir/series" ] || return 0
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		read -r p level _ <<<"$line" || true
		[ -n "${p:-}" ] || continue
		[ -f "$dir/$p" ] || die "$name names $p, which does not exist"
		if [ "$skip" = yes ] && skipped "$p"; then
			say SKIP "$p"
			continue
		fi
		level=${level:--p1}
		say PATCH "$p"
		run "$name: patch $p" patch -d "$srcdir" -p"${level#-p}" --forward --batch -i "$dir/$p"
	done <"$dir/series"
}
# A skipped patch that the series no longer names is a stale recipe.
for p in $LUA_DEBIAN_PATCHES_SKIP; do
	grep -qx "$p" <(sed 's/#.*//; s/[[:space:]].*//' "$new/debian/patches/series") ||
		die "$recipe: LUA_DEBIAN_PATCHES_SKIP names $p, which debian/patches/series does not"
done
apply_series "$new/debian/patches" "debian/patches/series" yes
apply_series "$SRC/pkg/lua/patches" "pkg/lua/patches/series" no

# --- into place -----------------------------------------------------------------
rm -rf "$work/src.old"
[ ! -d "$work/src" ] || mv "$work/src" "$work/src.old"
mv "$new" "$work/src"
rm -rf "$work/src.old"
printf '%s\n' "$key" >"$work/.key"
say SRC "lua: patched tree in ${tree#"$OBJ"/}"
