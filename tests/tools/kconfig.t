#!/usr/bin/env bash
# kconfig.t: the configuration steps of the top-level Makefile (defconfig,
# savedefconfig, olddefconfig, syncconfig through mk/kconfig-sync.py) in a
# temporary O= build directory. Prints TAP.
#
# Round trip: <board>_defconfig then savedefconfig gives back the board's
# defconfig; olddefconfig keeps the configuration; autoconf.h matches .config;
# a changed option changes autoconf.h, an unchanged sync leaves its mtime.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCTREE=$(cd "$here/../.." && pwd)
BOARD=qemu-x86_64
PY=/usr/bin/python3
# Independent of a calling make and of the caller's environment.
unset MAKEFLAGS MAKELEVEL MFLAGS O V BOARD_ KCONFIG_CONFIG srctree E T

n=0
failed=0
diag() { printf '%s\n' "$@" | sed 's/^/# /' >&2; }
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
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
has() { case $1 in *"$2"*) return 0 ;; esac; return 1; }
yes_no() { if "$@"; then echo 0; else echo 1; fi; }
mk() { run make -C "$SRCTREE" --no-print-directory O="$O" "$@"; }
# Settings only: no comments, no blank lines (what savedefconfig's own
# comparison in the Makefile looks at).
settings() { grep -v '^[[:space:]]*\(#\|$\)' "$1" | sort; }
# The .config's values: CONFIG_X=v lines and "# CONFIG_X is not set".
values() { grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set)' "$1" | sort; }
mtime() { stat -c %y "$1"; }
conf_val() { sed -n "s/^CONFIG_$1=//p" "$O/.config"; }
hdr_val() { sed -n "s/^#define CONFIG_$1 //p" "$O/include/generated/autoconf.h"; }

if ! [ -f /usr/lib/python3/dist-packages/kconfiglib.py ]; then
	echo "1..0 # SKIP kconfiglib (python3-kconfiglib) is not installed"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kconfig-t.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
O=$tmp/build
H=$O/include/generated/autoconf.h
A=$O/include/config/auto.conf
board_file=$SRCTREE/build/.board
board_before=$(cat "$board_file" 2>/dev/null; stat -c %y "$board_file" 2>/dev/null)

# --- defconfig ------------------------------------------------------------------

mk "${BOARD}_defconfig"
check "${BOARD}_defconfig in a fresh O= directory: exit 0" $rc "exit $rc" "$err"
check "it writes .config, autoconf.h and auto.conf" \
	"$(yes_no test -s "$O/.config" -a -s "$H" -a -s "$A")" "$(find "$O" -type f)"
check "a defconfig into O= does not change build/.board in the source tree" \
	"$(yes_no test "$board_before" = "$(cat "$board_file" 2>/dev/null; stat -c %y "$board_file" 2>/dev/null)")"

# --- savedefconfig: the round trip -------------------------------------------

mk savedefconfig
check "savedefconfig: exit 0" $rc "exit $rc" "$err"
check "savedefconfig gives back bsp/$BOARD/defconfig (settings)" \
	"$(yes_no diff <(settings "$O/defconfig") <(settings "$SRCTREE/bsp/$BOARD/defconfig"))" \
	"$(diff <(settings "$O/defconfig") <(settings "$SRCTREE/bsp/$BOARD/defconfig"))"
check "savedefconfig says it is the same as the board's" \
	"$(yes_no has "$out" "same as bsp/$BOARD/defconfig")" "$out"

# --- autoconf.h -------------------------------------------------------------------

check "autoconf.h: #define CONFIG_BOARD \"$BOARD\"" \
	"$(yes_no grep -qx "#define CONFIG_BOARD \"$BOARD\"" "$H")" "$(cat "$H")"
hz=$(hdr_val HZ)
check "autoconf.h: CONFIG_HZ is defined, a number in 100..10000 ($hz)" \
	"$({ test -n "$hz" -a "${hz//[0-9]/}" = "" && test "${hz:-0}" -ge 100 -a "${hz:-0}" -le 10000; } && echo 0 || echo 1)"
check "autoconf.h: CONFIG_HZ equals .config's" "$(yes_no test "$hz" = "$(conf_val HZ)")"
check "autoconf.h: #define CONFIG_ARCH \"x86_64\"" "$(yes_no grep -qx '#define CONFIG_ARCH "x86_64"' "$H")"
# Every value of .config is in autoconf.h: y as 1, others as written; an
# unset bool is not defined at all.
mismatch=
while IFS= read -r line; do
	case $line in
	'# CONFIG_'*' is not set')
		sym=${line#'# CONFIG_'}
		sym=${sym%' is not set'}
		grep -q "^#define CONFIG_$sym " "$H" && mismatch+="$sym defined though not set; "
		;;
	CONFIG_*=*)
		sym=${line%%=*}
		sym=${sym#CONFIG_}
		val=${line#*=}
		[ "$val" = y ] && val=1
		[ "$(hdr_val "$sym")" = "$val" ] || mismatch+="$sym: .config '$val', autoconf.h '$(hdr_val "$sym")'; "
		;;
	esac
done < <(values "$O/.config")
check "autoconf.h agrees with every value in .config" "$(yes_no test -z "$mismatch")" "$mismatch"
check "auto.conf holds the same values as .config" \
	"$(yes_no diff <(values "$O/.config") <(values "$A"))" "$(diff <(values "$O/.config") <(values "$A"))"

# --- olddefconfig keeps it ---------------------------------------------------

cp "$O/.config" "$tmp/config.before"
cp "$H" "$tmp/autoconf.before"
mk olddefconfig
check "olddefconfig: exit 0" $rc "exit $rc" "$err"
check "olddefconfig keeps every value" \
	"$(yes_no diff <(values "$tmp/config.before") <(values "$O/.config"))" \
	"$(diff <(values "$tmp/config.before") <(values "$O/.config"))"
check "olddefconfig leaves autoconf.h as it was" "$(yes_no cmp -s "$tmp/autoconf.before" "$H")"
mk savedefconfig
check "savedefconfig after olddefconfig: still bsp/$BOARD/defconfig" \
	"$(yes_no diff <(settings "$O/defconfig") <(settings "$SRCTREE/bsp/$BOARD/defconfig"))"

# --- an unchanged sync leaves autoconf.h alone --------------------------------

touch -d @1000000000 "$H"
old=$(mtime "$H")
touch "$O/.config"  # newer than autoconf.h: the sync must run
config_mtime=$(mtime "$O/.config")
mk syncconfig V=1
check "syncconfig after touching .config: exit 0, kconfig-sync.py ran" \
	"$({ test $rc -eq 0 && has "$out$err" kconfig-sync.py; } && echo 0 || echo 1)" "exit $rc" "$out" "$err"
check "an unchanged sync leaves autoconf.h's mtime unchanged" "$(yes_no test "$(mtime "$H")" = "$old")" \
	"before $old, after $(mtime "$H")"
check "...and its contents" "$(yes_no cmp -s "$tmp/autoconf.before" "$H")"
mk syncconfig V=1
check "a second syncconfig after an unchanged sync has nothing to do" \
	"$({ test $rc -eq 0 && ! has "$out$err" kconfig-sync.py; } && echo 0 || echo 1)" \
	"make O=... syncconfig V=1 ran kconfig-sync.py again: exit $rc" \
	"$(printf '%s' "$out" | grep kconfig-sync.py | head -c 300)"
check "an unchanged sync does not rewrite .config (mtime kept)" \
	"$(yes_no test "$(mtime "$O/.config")" = "$config_mtime")" \
	"before $config_mtime, after $(mtime "$O/.config")"
# 0644 (not tempfile.mkstemp's 0600): readable like any build output.
check "autoconf.h and auto.conf are written with mode 644" \
	"$(yes_no test "$(stat -c %a "$H")" = 644 -a "$(stat -c %a "$A")" = 644)" \
	"autoconf.h $(stat -c %a "$H"), auto.conf $(stat -c %a "$A")"

# --- changing an option --------------------------------------------------------

touch -d @1000000000 "$H"
old=$(mtime "$H")
run env -C "$SRCTREE" srctree="$SRCTREE" KCONFIG_CONFIG="$O/.config" WALNUT_VERSION=0.1.0 \
	"$PY" -m setconfig --kconfig Kconfig HZ=250
check "setconfig HZ=250: exit 0" $rc "exit $rc" "$err"
mk syncconfig
check "syncconfig after the change: exit 0" $rc "exit $rc" "$err"
check "autoconf.h now has CONFIG_HZ 250" "$(yes_no test "$(hdr_val HZ)" = 250)" "$(grep HZ "$H")"
check "autoconf.h was rewritten (new mtime)" "$(yes_no test "$(mtime "$H")" != "$old")"
check "auto.conf has CONFIG_HZ=250" "$(yes_no grep -qx 'CONFIG_HZ=250' "$A")"
mk savedefconfig
check "savedefconfig now records CONFIG_HZ=250 and says it differs" \
	"$({ grep -qx 'CONFIG_HZ=250' "$O/defconfig" && has "$out" "differs from bsp/$BOARD/defconfig"; } && echo 0 || echo 1)" \
	"$out" "$(cat "$O/defconfig")"

# Editing .config by hand, then olddefconfig.
sed -i 's/^CONFIG_KERNEL_DEBUG=y$/# CONFIG_KERNEL_DEBUG is not set/' "$O/.config"
mk olddefconfig
check "a bool switched off by hand: CONFIG_KERNEL_DEBUG no longer defined" \
	"$({ test $rc -eq 0 && ! grep -q '^#define CONFIG_KERNEL_DEBUG ' "$H"; } && echo 0 || echo 1)" "exit $rc" "$err"
sed -i 's/^CONFIG_HZ=.*/CONFIG_HZ=50/' "$O/.config"
mk olddefconfig
check "an out-of-range value: warned about and replaced by the default" \
	"$({ test $rc -eq 0 && has "$err" "HZ" && test "$(conf_val HZ)" = 1000 -a "$(hdr_val HZ)" = 1000; } && echo 0 || echo 1)" \
	"exit $rc" "$err" "HZ: .config $(conf_val HZ), autoconf.h $(hdr_val HZ)"
printf 'CONFIG_NO_SUCH_OPTION=y\n' >>"$O/.config"
mk syncconfig V=1
check "an unknown symbol in .config: not an error, not in autoconf.h" \
	"$({ test $rc -eq 0 && ! grep -q NO_SUCH_OPTION "$H"; } && echo 0 || echo 1)" "exit $rc" "$err"
check "an unknown symbol in .config: warned about, as kconfig-sync.py's doc says" \
	"$(has "$err" NO_SUCH_OPTION && echo 0 || echo 1)" "stderr of make syncconfig: '$err'"
# That sync normalised .config (the unknown symbol is dropped), which must
# leave auto.conf newer than .config: one run, and nothing to do next time.
check "a sync that rewrites .config runs kconfig-sync.py once" \
	"$(yes_no test "$(printf '%s\n' "$out" | grep -c 'kconfig-sync.py Kconfig')" = 1)" \
	"make syncconfig V=1 ran it $(printf '%s\n' "$out" | grep -c 'kconfig-sync.py Kconfig') times:" \
	"$out"
check "...and leaves .config older than auto.conf" \
	"$(yes_no test "$O/.config" -ot "$A")" \
	".config $(mtime "$O/.config"), auto.conf $(mtime "$A")"
mk syncconfig V=1
check "...so the next syncconfig has nothing to do" \
	"$({ test $rc -eq 0 && ! has "$out$err" kconfig-sync.py; } && echo 0 || echo 1)" "$out" "$err"

# The board's defconfig again resets everything.
mk "${BOARD}_defconfig"
mk savedefconfig
check "${BOARD}_defconfig again: back to the board's defconfig" \
	"$(yes_no diff <(settings "$O/defconfig") <(settings "$SRCTREE/bsp/$BOARD/defconfig"))" \
	"$(diff <(settings "$O/defconfig") <(settings "$SRCTREE/bsp/$BOARD/defconfig"))"
check "...with CONFIG_HZ and CONFIG_KERNEL_DEBUG at their defaults" \
	"$(yes_no test "$(hdr_val HZ)" = "$hz" -a "$(hdr_val KERNEL_DEBUG)" = 1)"

# --- an unknown board ---------------------------------------------------------

run make -C "$SRCTREE" --no-print-directory O="$tmp/nosuch" nosuch-board_defconfig
check "an unknown board's defconfig fails, naming bsp/<board>/defconfig" \
	"$({ test $rc -ne 0 && has "$err" "No board 'nosuch-board'"; } && echo 0 || echo 1)" "exit $rc" "$err"
check "...and creates no build directory" "$(yes_no test ! -e "$tmp/nosuch")"

check "build/.board in the source tree is still unchanged" \
	"$(yes_no test "$board_before" = "$(cat "$board_file" 2>/dev/null; stat -c %y "$board_file" 2>/dev/null)")"

echo "1..$n"
[ $failed -eq 0 ]
