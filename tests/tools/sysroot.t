#!/usr/bin/env bash
# sysroot.t: the build's C library sysroot (mk/sysroot.mk: newlib, libunwind)
# is complete and usable. Prints TAP.
#
# Checks that $WALNUT_BUILD/sysroot has libc.a, libm.a, libunwind.a and the
# headers, then compiles tests/tools/sysroot-link.c with the flags of a
# USE_LIBC package (mk/user.mk) and links it as mk/prog.mk links a program,
# without crt files (the file has its own _start and system-layer stubs): the
# link must resolve printf, malloc, sin and _Unwind_Backtrace with nothing
# left undefined. On an x86_64 Linux host, for an x86_64 build, the program
# also runs (its stubs make Linux system calls) and its output is checked:
# printf formats, malloc, libm, and a libunwind backtrace naming its callers.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCTREE=${WALNUT_SRC:-$(cd "$here/../.." && pwd)}
BUILD=${WALNUT_BUILD:-$SRCTREE/build/${WALNUT_BOARD:-qemu-x86_64}}

n=0
failed=0
diag() { printf '# %s\n' "$@" >&2; }
# check DESC STATUS [diagnostic lines...]: STATUS 0 is a pass.
check() {
	local desc=$1 st=$2
	shift 2
	n=$((n + 1))
	if [ "$st" -eq 0 ]; then
		printf 'ok %d - %s\n' "$n" "$desc"
	else
		printf 'not ok %d - %s\n' "$n" "$desc"
		failed=$((failed + 1))
		local l
		for l in "$@"; do diag "  $l"; done
	fi
}
skip() {
	n=$((n + 1))
	printf 'ok %d - %s # SKIP %s\n' "$n" "$1" "$2"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/walnut-sysroot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "1..9"

sysroot=$BUILD/sysroot
hint="(run 'make sysroot', which 'make' and 'make test' do)"
for f in lib/libc.a lib/libm.a lib/libunwind.a include/stdio.h include/libunwind.h; do
	[ -f "$sysroot/$f" ]
	check "sysroot has $f" $? "no $sysroot/$f $hint"
done

# The flags, from mk/sysroot.mk itself.
auto_conf=$BUILD/include/config/auto.conf
arch=$(sed -n 's/^CONFIG_ARCH="\(.*\)"/\1/p' "$auto_conf" 2>/dev/null)
cross=$(sed -n 's/^CONFIG_CROSS_COMPILE="\(.*\)"/\1/p' "$auto_conf" 2>/dev/null)
vars=$(make --no-print-directory -s -f "$SRCTREE/mk/sysroot.mk" srctree="$SRCTREE" \
	objtree="$BUILD" ARCH="$arch" CROSS_COMPILE="$cross" \
	AUTOCONF_H="$BUILD/include/generated/autoconf.h" sysroot-vars 2>"$tmp/vars.err")
var() { sed -n "s/^$1=//p" <<<"$vars"; }
CC=$(var CC)
LD=$(var LD)
# As mk/user.mk does for USE_LIBC = 1: hosted, so without -ffreestanding.
cflags="$(var COMMON_CFLAGS | sed 's/ -ffreestanding / /') $(var USER_ARCH_CFLAGS) $(var LIBC_CFLAGS)"

if [ -z "$arch" ] || [ -z "$CC" ]; then
	check "compiles against the sysroot with the project's flags" 1 \
		"cannot read the flags (ARCH '$arch' from $auto_conf):" "$(cat "$tmp/vars.err")"
	check "links without crt files, nothing undefined" 1 "not compiled"
	check "the program defines printf, malloc, sin, _Unwind_Backtrace" 1 "not linked"
	check "runs on the host" 1 "not linked"
	exit 1
fi

# shellcheck disable=SC2086 # flag lists
$CC $cflags -c -o "$tmp/t.o" "$here/sysroot-link.c" >"$tmp/cc.out" 2>&1
check "compiles against the sysroot with the project's flags" $? \
	"$CC $cflags -c $here/sysroot-link.c:" "$(head -n 20 "$tmp/cc.out")"

# As mk/prog.mk links, minus crt0.o and the Walnut libraries.
# shellcheck disable=SC2046,SC2086
$LD $(var USER_ARCH_LDFLAGS) -static -nostdlib --build-id=none $(var LIBC_LDFLAGS) \
	-o "$tmp/t" "$tmp/t.o" --start-group $(var LIBC_LIBS) $(var LIBGCC) --end-group \
	>"$tmp/ld.out" 2>&1
check "links without crt files, nothing undefined" $? "$(head -n 20 "$tmp/ld.out")"

missing=
nm "$tmp/t" >"$tmp/nm.out" 2>/dev/null
for s in printf malloc sin _Unwind_Backtrace; do
	grep -Eq " [TtWw] $s\$" "$tmp/nm.out" || missing="$missing $s"
done
[ -z "$missing" ]
check "the program defines printf, malloc, sin, _Unwind_Backtrace" $? "not defined:$missing"

expected='printf: -42    ab|z  |1234567890123 0xff 3.142 1e-05 2.5
malloc: ok
libm: 0.479426 1.414214 -2.0
backtrace: inner outer main'
if [ "$arch" != x86_64 ] || [ "$(uname -m)" != x86_64 ] || [ "$(uname -s)" != Linux ]; then
	skip "runs on the host" "needs an x86_64 build on an x86_64 Linux host"
elif [ ! -x "$tmp/t" ]; then
	check "runs on the host" 1 "not linked"
else
	out=$(timeout 10 "$tmp/t" 2>&1)
	rc=$?
	[ $rc -eq 0 ] && [ "$out" = "$expected" ]
	check "runs on the host: printf, malloc, libm, backtrace" $? "exit status $rc, output:" \
		"$out" "expected:" "$expected"
fi

[ $failed -eq 0 ]
