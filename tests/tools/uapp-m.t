#!/usr/bin/env bash
# uapp-m.t: a µApp in a folder outside the tree builds against an existing
# build with `make -C <walnut> O=<build> M=<folder>` (doc/uapps.md), its
# modules.list becomes an image, and the image boots: ned runs the folder's
# script, which starts the program with a log tag; ned reports its status.
# Also: M= naming a folder without a Makefile fails with a clear message.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCTREE=${WALNUT_SRC:-$(cd "$here/../.." && pwd)}
BUILD=${WALNUT_BUILD:-$SRCTREE/build/${WALNUT_BOARD:-qemu-x86_64}}
BOARD=${WALNUT_BOARD:-qemu-x86_64}

n=0
check() {
	local desc=$1 st=$2
	shift 2
	n=$((n + 1))
	if [ "$st" -eq 0 ]; then
		printf 'ok %d - %s\n' "$n" "$desc"
	else
		printf 'not ok %d - %s\n' "$n" "$desc"
		local l
		for l in "$@"; do printf '#   %s\n' "$l" >&2; done
	fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/walnut-uapp.XXXXXX")
app=uapp-m-t-$$
trap 'rm -rf "$tmp"; rm -f "$BUILD/bin/$app"; rm -rf "$BUILD/ext/$app"' EXIT
mkdir -p "$tmp/$app"

echo "1..5"

cat >"$tmp/$app/Makefile" <<MK
TARGET = $app
SRC_C = main.c
USE_LIBC = 1
include \$(srctree)/mk/prog.mk
MK
cat >"$tmp/$app/main.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
	char *p = malloc(100);
	printf("out-of-tree app %s says %d\n", argv[0], argc + 40);
	free(p);
	return 5;
}
C
cat >"$tmp/$app/app.cfg" <<LUA
local L4 = require("L4")
L4.default_loader:start({ log = { "uapp" } }, "rom/$app")
LUA
cat >"$tmp/$app/modules.list" <<L
entry $app
roottask moe rom/app.cfg
module ned
module app.cfg
module $app
L

make -C "$SRCTREE" --no-print-directory O="$BUILD" IMAGES_DIR="$tmp/images" \
	M="$tmp/$app" >"$tmp/make.log" 2>&1
st=$?
check "make M=<folder> builds" $st "$(tail -5 "$tmp/make.log")"
[ -x "$BUILD/bin/$app" ]
check "the program is in the build's bin/" $?
[ -f "$tmp/images/$app.elf" ]
check "its modules.list entry became an image" $?

# QEMU keeps running after the program ends (moe does): stop it once the
# status line is there.
timeout 60 bash "$SRCTREE/mk/qemu-cmd" --mode test --exec --serial stdio \
	"$SRCTREE/bsp/$BOARD" "$tmp/images/$app.elf" </dev/null >"$tmp/serial" 2>/dev/null &
qemu=$!
for _ in $(seq 600); do
	grep -aq "ned: .* exited with status" "$tmp/serial" && break
	kill -0 $qemu 2>/dev/null || break
	sleep 0.1
done
kill $qemu 2>/dev/null; pkill -P $qemu 2>/dev/null; wait $qemu 2>/dev/null
out=$(tr -d '\r' <"$tmp/serial" | grep -a -E "out-of-tree app|exited with status")
grep -q "^uapp    | out-of-tree app rom/$app says 41$" <<<"$out" &&
	grep -q "^ned: 'uapp' exited with status 5$" <<<"$out"
check "the image boots and the program runs" $? "serial: $out"

msg=$(make -C "$SRCTREE" --no-print-directory O="$BUILD" M="$tmp/nothing-here" 2>&1)
grep -q "M=.*nothing-here: neither .*/Makefile nor .*/\*/Makefile exists" <<<"$msg"
check "M= without a Makefile fails clearly" $? "$msg"
