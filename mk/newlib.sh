#!/usr/bin/env bash
# mk/newlib.sh - build newlib (libc.a, libm.a and headers) from the pinned
# Debian source package and install it into the build's sysroot.
#
# Run by mk/sysroot.mk ('make newlib'); everything comes from the environment:
#   SRC             source tree root
#   OBJ             build directory; work in $OBJ/newlib, install into
#                   $OBJ/sysroot/{include,lib}
#   DL_DIR          download cache holding newlib/<files> (make deps)
#   NEWLIB_TARGET   newlib's target triple, e.g. x86_64-elf
#   NEWLIB_SOURCE NEWLIB_DEBIAN_TARBALL NEWLIB_SUBDIR   from pkg/newlib/newlib.mk
#   NEWLIB_CONFIGURE  configure options (mk/sysroot.mk)
#   TARGET_CC       the compiler with its target view (a command line:
#                   gcc -nostdinc -isystem <gcc include> -U__linux__ ...)
#   TARGET_CFLAGS   code generation flags (CFLAGS_FOR_TARGET)
#   CROSS_COMPILE   prefix of ar, as, ld, nm, ranlib, objdump, readelf, strip
#   V=1             show configure's and make's output
#
# Incremental: the inputs (script, recipe, hash, patches, flags, options,
# compiler version) are hashed into a key; when the key equals the one of the
# last successful build, nothing is rebuilt. The build holds a lock
# ($OBJ/newlib/.lock) so that two makes in one build directory cannot build
# at the same time. Under a make jobserver (recipe marked '+') the inner make
# takes its job slots from it; otherwise it runs with -j$(nproc).

set -euo pipefail

prog=newlib
# shellcheck source=mk/srcpkg-lib.sh
. "$(dirname "$0")/srcpkg-lib.sh"

for v in SRC OBJ DL_DIR NEWLIB_TARGET NEWLIB_SOURCE NEWLIB_DEBIAN_TARBALL \
	NEWLIB_SUBDIR NEWLIB_CONFIGURE TARGET_CC TARGET_CFLAGS; do
	[ -n "${!v:-}" ] || die "$v is not set (run through 'make newlib')"
done
CROSS_COMPILE=${CROSS_COMPILE:-}

recipe=pkg/newlib/newlib.mk
hash_rel=pkg/newlib/newlib.hash
work=$OBJ/newlib
sysroot=$OBJ/sysroot
mkdir -p "$work" "$sysroot"

# The key: everything the result depends on.
key=$( {
	cat "$SRC/mk/newlib.sh" "$SRC/mk/srcpkg-lib.sh" "$SRC/$recipe" "$SRC/$hash_rel"
	cat "$SRC"/pkg/newlib/patches/* 2>/dev/null || true
	printf '%s\n' "$NEWLIB_TARGET" "$NEWLIB_CONFIGURE" "$TARGET_CC" "$TARGET_CFLAGS" "$CROSS_COMPILE"
	${TARGET_CC%% *} --version | head -n 1
} | sha256sum | cut -d' ' -f1)

exec 9>"$work/.lock"
flock 9
if [ -f "$work/.key" ] && [ "$(cat "$work/.key")" = "$key" ] &&
	[ -f "$sysroot/lib/libc.a" ] && [ -f "$sysroot/lib/libm.a" ]; then
	exit 0
fi
rm -f "$work/.key"

verify "$NEWLIB_SOURCE"
verify "$NEWLIB_DEBIAN_TARBALL"

log=$work/build.log
: >"$log"

start=$(date +%s)

# --- unpack and patch ---------------------------------------------------------
say UNPACK "$NEWLIB_SOURCE"
rm -rf "${work:?}/src" "${work:?}/build" "${work:?}/stage" "${work:?}/bin"
mkdir -p "$work/src"
run "unpacking $NEWLIB_SOURCE" tar -x -z -f "$DL_DIR/newlib/$NEWLIB_SOURCE" -C "$work/src"
run "unpacking $NEWLIB_DEBIAN_TARBALL" tar -x -J -f "$DL_DIR/newlib/$NEWLIB_DEBIAN_TARBALL" -C "$work/src"
srcdir=$work/src/$NEWLIB_SUBDIR
[ -d "$srcdir" ] || die "$recipe: NEWLIB_SUBDIR=$NEWLIB_SUBDIR is not the top directory of $NEWLIB_SOURCE"

# apply_series DIR SERIES-NAME: patch -p1 every patch named in DIR/series
# (quilt's format: one name per line, '#' comments, optional -pN).
apply_series() {
	local dir=$1 name=$2 line p level
	[ -f "$dir/series" ] || return 0
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		read -r p level _ <<<"$line" || true
		[ -n "${p:-}" ] || continue
		level=${level:--p1}
		say PATCH "$p"
		run "$name: patch $p" patch -d "$srcdir" -p"${level#-p}" --forward --batch -i "$dir/$p"
	done <"$dir/series"
}
apply_series "$work/src/debian/patches" "debian/patches/series"
apply_series "$SRC/pkg/newlib/patches" "pkg/newlib/patches/series"

# --- the target tools -----------------------------------------------------------
# newlib's configure wants <target>-gcc and friends: small wrappers around the
# project's compiler and binutils.
bin=$work/bin
mkdir -p "$bin"
wrap() {
	printf '#!/bin/sh\nexec %s "$@"\n' "$2" >"$bin/$NEWLIB_TARGET-$1"
	chmod +x "$bin/$NEWLIB_TARGET-$1"
}
wrap gcc "$TARGET_CC"
wrap cc "$TARGET_CC"
for t in ar as ld nm ranlib objdump readelf strip; do
	wrap "$t" "$CROSS_COMPILE$t"
done

# --- configure, build, install ------------------------------------------------
mkdir -p "$work/build"
say CONFIG "newlib $NEWLIB_TARGET"
# shellcheck disable=SC2086 # NEWLIB_CONFIGURE is a list of options
run "configure" env -C "$work/build" PATH="$bin:$PATH" \
	"$srcdir/configure" --target="$NEWLIB_TARGET" --prefix="$work/stage" \
	CC_FOR_TARGET="$bin/$NEWLIB_TARGET-gcc" \
	AR_FOR_TARGET="$bin/$NEWLIB_TARGET-ar" AS_FOR_TARGET="$bin/$NEWLIB_TARGET-as" \
	LD_FOR_TARGET="$bin/$NEWLIB_TARGET-ld" NM_FOR_TARGET="$bin/$NEWLIB_TARGET-nm" \
	RANLIB_FOR_TARGET="$bin/$NEWLIB_TARGET-ranlib" \
	OBJDUMP_FOR_TARGET="$bin/$NEWLIB_TARGET-objdump" \
	READELF_FOR_TARGET="$bin/$NEWLIB_TARGET-readelf" \
	STRIP_FOR_TARGET="$bin/$NEWLIB_TARGET-strip" \
	CFLAGS_FOR_TARGET="$TARGET_CFLAGS" \
	$NEWLIB_CONFIGURE

jobs=()
case " ${MAKEFLAGS:-} " in
*jobserver*) ;; # the outer make's job slots
*) jobs=(-j"$(nproc)") ;;
esac
say MAKE "newlib $NEWLIB_TARGET (log: ${log#"$OBJ"/})"
run "make all-target-newlib" env PATH="$bin:$PATH" make -C "$work/build" "${jobs[@]}" all-target-newlib
run "make install-target-newlib" env PATH="$bin:$PATH" make -C "$work/build" install-target-newlib

# Into the sysroot: headers and libc.a/libm.a of the target directory. The
# files of the previous install (its manifest) go first; what other recipes
# (libunwind) installed stays.
stage=$work/stage/$NEWLIB_TARGET
[ -f "$stage/lib/libc.a" ] && [ -f "$stage/lib/libm.a" ] && [ -f "$stage/include/stdio.h" ] ||
	die "install did not produce $stage/lib/libc.a, libm.a and include/stdio.h; see $log"
if [ -f "$work/manifest" ]; then
	(cd "$sysroot" && xargs -d '\n' rm -f -- <"$work/manifest")
fi
(cd "$stage" && find include -type f -o -type l; printf '%s\n' lib/libc.a lib/libm.a) >"$work/manifest.new"
mkdir -p "$sysroot/include" "$sysroot/lib"
cp -a "$stage/include/." "$sysroot/include/"
cp -f "$stage/lib/libc.a" "$stage/lib/libm.a" "$sysroot/lib/"
mv -f "$work/manifest.new" "$work/manifest"
printf '%s\n' "$key" >"$work/.key"
say SYSROOT "newlib $NEWLIB_TARGET: libc.a libm.a in ${sysroot#"$OBJ"/} ($(($(date +%s) - start)) s)"
