#!/usr/bin/env bash
# deps-hash.t: mk/fetch.sh and mk/deps.sh verify third-party sources against
# the sha256 pinned in pkg/<name>/<name>.hash. Prints TAP.
#
# Works on a temporary copy of pkg/lua (recipe and hash file) in a temporary
# source tree, a temporary download cache pre-filled from the real one
# (${DL_DIR:-~/.cache/walnut/dl}/lua) and a temporary file:// "mirror"
# (DEBIAN_MIRROR), so no network is needed and nothing real is modified.
# Skipped when the real cache has no Lua sources.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCTREE=$(cd "$here/../.." && pwd)
FETCH=$SRCTREE/mk/fetch.sh
REAL_DL=${DL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/walnut/dl}
unset DL_DIR DEBIAN_MIRROR V

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
# run CMD...: sets $rc, $out (stdout) and $err (stderr).
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
has() { case $1 in *"$2"*) return 0 ;; esac; return 1; }
sha() { sha256sum -- "$1" | cut -d' ' -f1; }

# The recipe's files, straight from the real hash file.
mapfile -t files < <(sed -n 's/^sha256[[:space:]]\{1,\}[0-9a-f]\{64\}[[:space:]]\{1,\}\([^[:space:]]*\).*/\1/p' \
	"$SRCTREE/pkg/lua/lua.hash")
if [ ${#files[@]} -ne 3 ]; then
	echo "1..0 # SKIP pkg/lua/lua.hash does not pin the 3 files this test expects"
	exit 0
fi
for f in "${files[@]}"; do
	if [ ! -f "$REAL_DL/lua/$f" ]; then
		echo "1..0 # SKIP no cached $f in $REAL_DL/lua (run make deps first)"
		exit 0
	fi
done
dsc=${files[0]} orig=${files[1]} deb=${files[2]}

real_hash_sum=$(sha "$SRCTREE/pkg/lua/lua.hash")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/deps-hash.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT

SRC=$tmp/src
HASH=$SRC/pkg/lua/lua.hash
DL=$tmp/dl
MIRROR=$tmp/mirror
POOL=$MIRROR/pool/main/l/lua5.4
mkdir -p "$SRC/pkg/lua" "$SRC/mk" "$POOL"
cp "$SRCTREE/pkg/lua/lua.mk" "$SRCTREE/pkg/lua/lua.hash" "$SRC/pkg/lua/"
cp "$SRCTREE/mk/fetch.sh" "$SRCTREE/mk/deps.sh" "$SRC/mk/"
for f in "${files[@]}"; do cp "$REAL_DL/lua/$f" "$POOL/"; done
good_hash=$(cat "$HASH")

# fresh_dl [cached]: an empty download cache, or one holding good copies.
fresh_dl() {
	rm -rf -- "$DL"
	mkdir -p "$DL/lua"
	if [ "${1:-}" = cached ]; then
		for f in "${files[@]}"; do cp "$POOL/$f" "$DL/lua/"; done
	fi
}
# Run from the temporary tree's root, as 'mk/fetch.sh pkg/lua/lua.hash' is
# meant to be (a relative hash file name is looked up in $PWD first).
fetch() {
	run env -C "$SRC" SRC="$SRC" DL_DIR="$DL" DEBIAN_MIRROR="file://$MIRROR" \
		"$FETCH" pkg/lua/lua.hash
}
# set_hash_line FILE SUM: pin SUM for FILE in the temporary hash file.
set_hash_line() {
	printf '%s\n' "$good_hash" | awk -v f="$1" -v s="$2" \
		'$1 == "sha256" && $3 == f { $2 = s; print "sha256  " $2 "  " $3; next } { print }' >"$HASH"
}
all_good() {
	local f
	for f in "${files[@]}"; do
		[ -f "$DL/lua/$f" ] && [ "$(sha "$DL/lua/$f")" = "$(sha "$POOL/$f")" ] || return 1
	done
}
no_part_files() { [ -z "$(find "$DL" -name '*.part' 2>/dev/null)" ]; }

# --- a good hash file --------------------------------------------------------

fresh_dl cached
fetch
check "good hashes, cached files: exit 0" $rc "exit $rc" "$err"
check "good hashes, cached files: nothing fetched" "$(has "$out$err" FETCH && echo 1 || echo 0)" "$out" "$err"
all_good
check "good hashes, cached files: cache intact" $?

fresh_dl
fetch
check "good hashes, empty cache: exit 0 (fetched from the file:// mirror)" $rc "exit $rc" "$err"
all_good
check "good hashes, empty cache: every file fetched and correct" $? "$(ls -la "$DL/lua")"
no_part_files
check "good hashes, empty cache: no temporary .part files left" $?

# --- a wrong sha256 ---------------------------------------------------------

# One hex digit of the orig tarball's sum changed.
good_sum=$(awk -v f="$orig" '$1 == "sha256" && $3 == f { print $2 }' <<<"$good_hash")
if [ "${good_sum:10:1}" = 0 ]; then digit=1; else digit=0; fi
bad_sum=${good_sum:0:10}$digit${good_sum:11}
set_hash_line "$orig" "$bad_sum"
fresh_dl cached
fetch
check "wrong sha256: fetch fails" "$([ $rc -ne 0 ] && echo 0 || echo 1)" "exit $rc"
check "wrong sha256: the message names the .hash file" \
	"$(has "$err" "pkg/lua/lua.hash" && echo 0 || echo 1)" "stderr: $err"
check "wrong sha256: the message names the file" \
	"$(has "$err" "sha256 mismatch for $orig" && echo 0 || echo 1)" "stderr: $err"
check "wrong sha256: the message gives both sums" \
	"$(has "$err" "expected $bad_sum, got $good_sum" && echo 0 || echo 1)" "stderr: $err"
check "wrong sha256: no file kept under the pinned name" \
	"$([ ! -e "$DL/lua/$orig" ] && echo 0 || echo 1)" "$(ls -la "$DL/lua")"
no_part_files
check "wrong sha256: no temporary .part files left" $? "$(find "$DL")"
# The files before it in the list were verified and stay.
check "wrong sha256: the other cached files are untouched" \
	"$([ "$(sha "$DL/lua/$dsc")" = "$(sha "$POOL/$dsc")" ] && echo 0 || echo 1)"
printf '%s\n' "$good_hash" >"$HASH"

# Upper-case hex is no sha256 here: malformed, with file:line.
set_hash_line "$orig" "$(printf '%s' "$good_sum" | tr a-f A-F)"
fresh_dl cached
fetch
line=$(grep -n "  $orig\$" "$HASH" | cut -d: -f1)
check "upper-case sha256: fatal, naming pkg/lua/lua.hash:$line" \
	"$([ $rc -ne 0 ] && has "$err" "pkg/lua/lua.hash:$line:" && echo 0 || echo 1)" "exit $rc" "stderr: $err"
check "upper-case sha256: the cached file is kept (nothing fetched)" \
	"$(all_good && ! has "$out$err" FETCH && echo 0 || echo 1)"

# A short sum.
set_hash_line "$orig" "${good_sum:0:63}"
fetch
check "63-digit sha256: fatal, naming the line" \
	"$([ $rc -ne 0 ] && has "$err" "pkg/lua/lua.hash:$line: not a sha256" && echo 0 || echo 1)" \
	"exit $rc" "stderr: $err"

# --- a missing hash line ------------------------------------------------------

printf '%s\n' "$good_hash" | grep -v "  $dsc\$" >"$HASH"
fresh_dl
fetch
check "missing hash line: fatal" "$([ $rc -ne 0 ] && echo 0 || echo 1)" "exit $rc"
check "missing hash line: the message names the .hash file and the file" \
	"$(has "$err" "pkg/lua/lua.hash: no sha256 for $dsc" && echo 0 || echo 1)" "stderr: $err"
check "missing hash line: nothing downloaded (checked before any fetch)" \
	"$([ -z "$(ls -A "$DL/lua")" ] && ! has "$out$err" FETCH && echo 0 || echo 1)" \
	"$(ls -la "$DL/lua")" "$out"

# An empty hash file (comments only).
printf '# nothing pinned\n' >"$HASH"
fetch
check "hash file without sums: fatal" \
	"$([ $rc -ne 0 ] && has "$err" "no sha256 for" && echo 0 || echo 1)" "exit $rc" "stderr: $err"

# --- other malformed hash files ---------------------------------------------

{ printf '%s\n' "$good_hash"; printf 'sha256  %s  %s\n' "$bad_sum" "$orig"; } >"$HASH"
fresh_dl cached
fetch
line=$(wc -l <"$HASH")
check "two different sums for one file: fatal, naming the second line" \
	"$([ $rc -ne 0 ] && has "$err" "pkg/lua/lua.hash:$line: conflicting sha256 lines for $orig" && echo 0 || echo 1)" \
	"exit $rc" "stderr: $err"

{ printf '%s\n' "$good_hash"; printf 'sha256  %s  %s\n' "$good_sum" "$orig"; } >"$HASH"
fetch
check "the same sum twice for one file: accepted" $rc "exit $rc" "stderr: $err"

printf '%s\n' "$good_hash" | sed "s/^sha256\(.*  $deb\)\$/md5\1/" >"$HASH"
fetch
check "another hash type: fatal" \
	"$([ $rc -ne 0 ] && has "$err" "unsupported hash type 'md5'" && echo 0 || echo 1)" "exit $rc" "stderr: $err"

{ printf '%s\n' "$good_hash"; printf 'sha256  %s  %s  extra\n' "$good_sum" "$orig"; } >"$HASH"
fetch
check "a line with an extra word: fatal (malformed)" \
	"$([ $rc -ne 0 ] && has "$err" "malformed line" && echo 0 || echo 1)" "exit $rc" "stderr: $err"
printf '%s\n' "$good_hash" >"$HASH"

# --- a bad download or a bad cached copy ------------------------------------

cp "$POOL/$orig" "$tmp/orig.save"
printf 'tampered' >>"$POOL/$orig"
fresh_dl
fetch
check "tampered download: fatal" "$([ $rc -ne 0 ] && echo 0 || echo 1)" "exit $rc"
check "tampered download: message names the .hash file, the file and the URL" \
	"$(has "$err" "pkg/lua/lua.hash: sha256 mismatch for $orig" && has "$err" "file://$POOL/$orig" && has "$err" "not kept" && echo 0 || echo 1)" \
	"stderr: $err"
check "tampered download: not kept, no .part left" \
	"$([ ! -e "$DL/lua/$orig" ] && no_part_files && echo 0 || echo 1)" "$(find "$DL")"
cp "$tmp/orig.save" "$POOL/$orig"

fresh_dl cached
printf 'x' >>"$DL/lua/$deb"
fetch
check "corrupt cached copy: fetched again, exit 0" $rc "exit $rc" "stderr: $err"
check "corrupt cached copy: says so" \
	"$(has "$out$err" "$deb: cached copy does not match pkg/lua/lua.hash" && echo 0 || echo 1)" "$out" "$err"
all_good
check "corrupt cached copy: replaced by a good one" $?

rm -f "$POOL/$deb"
fresh_dl
fetch
check "file missing on the mirror: fatal, naming the .hash file and the file" \
	"$([ $rc -ne 0 ] && has "$err" "pkg/lua/lua.hash: cannot download $deb" && echo 0 || echo 1)" \
	"exit $rc" "stderr: $err"
cp "$REAL_DL/lua/$deb" "$POOL/"

# --- how the hash file is named ---------------------------------------------

fresh_dl cached
run env -C "$tmp" SRC="$SRC" DL_DIR="$DL" DEBIAN_MIRROR="file://$MIRROR" "$FETCH" "$HASH"
check "absolute hash file name: accepted" $rc "exit $rc" "stderr: $err"
run env -C "$tmp" SRC="$SRC" DL_DIR="$DL" DEBIAN_MIRROR="file://$MIRROR" "$FETCH" pkg/lua/lua.hash
check "relative name from elsewhere: found under \$SRC" $rc "exit $rc" "stderr: $err"
cp "$HASH" "$SRC/pkg/lua/other.hash"
run env -C "$SRC" SRC="$SRC" DL_DIR="$DL" "$FETCH" pkg/lua/other.hash
check "a hash file not named after its directory: fatal" \
	"$([ $rc -ne 0 ] && has "$err" "hash file must be named pkg/lua/lua.hash" && echo 0 || echo 1)" \
	"exit $rc" "stderr: $err"
rm -f "$SRC/pkg/lua/other.hash"
run env -C "$SRC" SRC="$SRC" DL_DIR="$DL" "$FETCH" pkg/nosuch/nosuch.hash
check "a missing hash file: fatal" \
	"$([ $rc -ne 0 ] && has "$err" "pkg/nosuch/nosuch.hash: no such hash file" && echo 0 || echo 1)" \
	"exit $rc" "stderr: $err"

# --- mk/deps.sh --sources-only over the temporary tree ----------------------

fresh_dl cached
run env SRC="$SRC" DL_DIR="$DL" DEBIAN_MIRROR="file://$MIRROR" "$SRC/mk/deps.sh" --sources-only
check "deps.sh --sources-only: good hashes pass" \
	"$([ $rc -eq 0 ] && has "$out" "1 source packages verified" && echo 0 || echo 1)" "exit $rc" "$out" "$err"
set_hash_line "$orig" "$bad_sum"
fresh_dl cached
run env SRC="$SRC" DL_DIR="$DL" DEBIAN_MIRROR="file://$MIRROR" "$SRC/mk/deps.sh" --sources-only
check "deps.sh --sources-only: a wrong sha256 fails it, naming the .hash file and the file" \
	"$([ $rc -ne 0 ] && has "$err" "pkg/lua/lua.hash: sha256 mismatch for $orig" && ! has "$out" "verified" && echo 0 || echo 1)" \
	"exit $rc" "$out" "$err"
printf '%s\n' "$good_hash" >"$HASH"

# --- nothing real was touched -----------------------------------------------

check "the real pkg/lua/lua.hash is unchanged" \
	"$([ "$(sha "$SRCTREE/pkg/lua/lua.hash")" = "$real_hash_sum" ] && echo 0 || echo 1)"
for f in "${files[@]}"; do
	want=$(awk -v f="$f" '$1 == "sha256" && $3 == f { print $2 }' "$SRCTREE/pkg/lua/lua.hash")
	[ "$(sha "$REAL_DL/lua/$f")" = "$want" ] || { real_ok=1; break; }
done
check "the real download cache still matches the pinned sums" "${real_ok:-0}"

echo "1..$n"
[ $failed -eq 0 ]
