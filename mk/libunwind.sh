#!/usr/bin/env bash
# mk/libunwind.sh - build LLVM's libunwind (libunwind.a) from the pinned Debian
# llvm-toolchain source package, against newlib's headers, and install it
# into the build's sysroot.
#
# Run by mk/sysroot.mk ('make libunwind') after newlib; from the environment:
#   SRC OBJ DL_DIR CROSS_COMPILE V   as for mk/newlib.sh
#   LIBUNWIND_SOURCE LIBUNWIND_DEBIAN_TARBALL LIBUNWIND_SUBDIR
#                   from pkg/libunwind/libunwind.mk
#   TARGET_CC TARGET_CXX   the C and C++ compilers with their target view
#   TARGET_CFLAGS   code generation flags (as newlib's)
#
# Only $LIBUNWIND_SUBDIR/libunwind/ is unpacked from the (large) monorepo
# tarball. No CMake: the sources CMake would pick for an ELF target are
# compiled directly, the C++ ones without exceptions, RTTI or the C++
# library. Configuration (the defines below):
#   _LIBUNWIND_IS_NATIVE_ONLY     registers of this architecture only
#   _LIBUNWIND_HAS_NO_THREADS     no pthread yet: the FDE cache is not locked
#   _LIBUNWIND_USE_DLADDR=0       no dladdr (unw_get_proc_name uses symbols
#                                 only from the unwind tables' view: none)
#   NDEBUG                        no LIBUNWIND_PRINT_* tracing, no asserts
# Unwind tables are found through dl_iterate_phdr (PT_GNU_EH_FRAME), which
# pkg/libunwind/src/dl_iterate_phdr.c provides for static programs.
# Incremental and locked as mk/newlib.sh is.

set -euo pipefail

prog=libunwind
# shellcheck source=mk/srcpkg-lib.sh
. "$(dirname "$0")/srcpkg-lib.sh"

for v in SRC OBJ DL_DIR LIBUNWIND_SOURCE LIBUNWIND_DEBIAN_TARBALL LIBUNWIND_SUBDIR \
	TARGET_CC TARGET_CXX TARGET_CFLAGS; do
	[ -n "${!v:-}" ] || die "$v is not set (run through 'make libunwind')"
done
CROSS_COMPILE=${CROSS_COMPILE:-}

recipe=pkg/libunwind/libunwind.mk
hash_rel=pkg/libunwind/libunwind.hash
work=$OBJ/libunwind
sysroot=$OBJ/sysroot
mkdir -p "$work" "$sysroot"

[ -f "$sysroot/include/stdio.h" ] ||
	die "no newlib headers in $sysroot/include: build newlib first ('make newlib')"

key=$( {
	cat "$SRC/mk/libunwind.sh" "$SRC/mk/srcpkg-lib.sh" "$SRC/$recipe" "$SRC/$hash_rel" "$SRC"/pkg/libunwind/src/*
	printf '%s\n' "$TARGET_CC" "$TARGET_CXX" "$TARGET_CFLAGS" "$CROSS_COMPILE"
	cat "$OBJ/newlib/.key" 2>/dev/null || true
	${TARGET_CXX%% *} --version | head -n 1
} | sha256sum | cut -d' ' -f1)

exec 9>"$work/.lock"
flock 9
if [ -f "$work/.key" ] && [ "$(cat "$work/.key")" = "$key" ] &&
	[ -f "$sysroot/lib/libunwind.a" ]; then
	exit 0
fi
rm -f "$work/.key"

verify "$LIBUNWIND_SOURCE"
verify "$LIBUNWIND_DEBIAN_TARBALL"

log=$work/build.log
: >"$log"

start=$(date +%s)

# --- unpack (libunwind/ only) and patch ----------------------------------------
say UNPACK "$LIBUNWIND_SOURCE ($LIBUNWIND_SUBDIR/libunwind/)"
rm -rf "$work/src" "$work/obj"
mkdir -p "$work/src" "$work/obj"
run "unpacking $LIBUNWIND_SOURCE" tar -x -J -f "$DL_DIR/libunwind/$LIBUNWIND_SOURCE" \
	-C "$work/src" "$LIBUNWIND_SUBDIR/libunwind"
run "unpacking $LIBUNWIND_DEBIAN_TARBALL" tar -x -J -f "$DL_DIR/libunwind/$LIBUNWIND_DEBIAN_TARBALL" \
	-C "$work/src" debian/patches
srcdir=$work/src/$LIBUNWIND_SUBDIR
[ -f "$srcdir/libunwind/src/libunwind.cpp" ] ||
	die "$recipe: no $LIBUNWIND_SUBDIR/libunwind/src/libunwind.cpp in $LIBUNWIND_SOURCE (LIBUNWIND_SUBDIR?)"

# Debian's patches (debian/patches/series) that change libunwind/ are applied;
# one that also changes other directories cannot be applied to this partial
# tree and stops the build (look at it when bumping the version).
series=$work/src/debian/patches/series
while IFS= read -r line || [ -n "$line" ]; do
	line=${line%%#*}
	read -r p level _ <<<"$line" || true
	[ -n "${p:-}" ] || continue
	pf=$work/src/debian/patches/$p
	[ -f "$pf" ] || die "debian/patches/series names $p, which is not in $LIBUNWIND_DEBIAN_TARBALL"
	targets=$(sed -n 's/^+++ [^/]*\/\([^[:space:]]*\).*/\1/p' "$pf")
	grep -q '^libunwind/' <<<"$targets" || continue
	if grep -qv '^libunwind/' <<<"$targets"; then
		die "debian/patches/$p changes libunwind/ and other directories; mk/libunwind.sh cannot apply it to libunwind/ alone"
	fi
	level=${level:--p1}
	say PATCH "$p"
	run "debian/patches/series: patch $p" patch -d "$srcdir" -p"${level#-p}" --forward --batch -i "$pf"
done <"$series"

# --- compile --------------------------------------------------------------------
lu=$srcdir/libunwind
defs="-D_LIBUNWIND_IS_NATIVE_ONLY -D_LIBUNWIND_HAS_NO_THREADS -D_LIBUNWIND_USE_DLADDR=0 -DNDEBUG"
incs="-I$lu/include -I$SRC/pkg/libunwind/src -isystem $sysroot/include"
cflags="$TARGET_CFLAGS -funwind-tables -fstrict-aliasing $defs $incs"
# The sources CMake lists for ELF targets (the EHABI, SEH and SJLJ ones
# compile to nothing on other targets), and our dl_iterate_phdr.
srcs_c="$lu/src/UnwindLevel1.c $lu/src/UnwindLevel1-gcc-ext.c $lu/src/Unwind-sjlj.c $SRC/pkg/libunwind/src/dl_iterate_phdr.c"
srcs_cxx="$lu/src/libunwind.cpp $lu/src/Unwind-EHABI.cpp $lu/src/Unwind-seh.cpp"
srcs_s="$lu/src/UnwindRegistersRestore.S $lu/src/UnwindRegistersSave.S"

# A generated makefile, so that the compiles share the outer make's job slots.
mkf=$work/obj/Makefile
{
	printf 'CC := %s\nCXX := %s\n' "$TARGET_CC" "$TARGET_CXX"
	printf 'CFLAGS := -std=c99 %s\n' "$cflags"
	printf 'CXXFLAGS := -std=c++11 -fno-exceptions -fno-rtti -fno-threadsafe-statics -nostdinc++ %s\n' "$cflags"
	printf 'ASFLAGS := %s\n' "$cflags"
	objs=
	for s in $srcs_c $srcs_cxx $srcs_s; do
		o=$(basename "$s").o
		objs="$objs $o"
		case $s in
		*.c) printf '%s: %s\n\t$(CC) $(CFLAGS) -c -o $@ $<\n' "$o" "$s" ;;
		*.cpp) printf '%s: %s\n\t$(CXX) $(CXXFLAGS) -c -o $@ $<\n' "$o" "$s" ;;
		*.S) printf '%s: %s\n\t$(CC) $(ASFLAGS) -c -o $@ $<\n' "$o" "$s" ;;
		esac
	done
	printf 'libunwind.a:%s\n\trm -f $@ && %sar rcs $@ $^\n' "$objs" "$CROSS_COMPILE"
} >"$mkf"
jobs=()
case " ${MAKEFLAGS:-} " in
*jobserver*) ;;
*) jobs=(-j"$(nproc)") ;;
esac
say MAKE "libunwind (log: ${log#"$OBJ"/})"
run "compiling libunwind" make -C "$work/obj" -f "$mkf" "${jobs[@]}" libunwind.a

# Nothing of the C++ runtime may be needed: only C library functions.
defined=$("${CROSS_COMPILE}nm" -g --defined-only "$work/obj/libunwind.a" | awk 'NF == 3 { print $3 }' | sort -u)
bad=$("${CROSS_COMPILE}nm" -g --undefined-only "$work/obj/libunwind.a" | awk '$1 == "U" { print $2 }' |
	sort -u | comm -23 - <(printf '%s\n' "$defined") | grep -E '^(_Z|__cxa|__gxx)' || true)
[ -z "$bad" ] || die "libunwind.a needs the C++ runtime: $(echo $bad)"

# --- install --------------------------------------------------------------------
# libunwind.h is LLVM's; <unwind.h> (the _Unwind_* API that libunwind.a
# implements) is gcc's, which comes first on the include path.
if [ -f "$work/manifest" ]; then
	(cd "$sysroot" && xargs -d '\n' rm -f -- <"$work/manifest")
fi
mkdir -p "$sysroot/include" "$sysroot/lib"
cp -f "$lu/include/libunwind.h" "$lu/include/__libunwind_config.h" "$sysroot/include/"
cp -f "$work/obj/libunwind.a" "$sysroot/lib/"
printf '%s\n' include/libunwind.h include/__libunwind_config.h lib/libunwind.a >"$work/manifest"
printf '%s\n' "$key" >"$work/.key"
say SYSROOT "libunwind: libunwind.a in ${sysroot#"$OBJ"/} ($(($(date +%s) - start)) s)"
