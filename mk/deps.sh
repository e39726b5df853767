#!/usr/bin/env bash
# mk/deps.sh - what 'make deps' runs: install the Debian packages the board
# needs, then fetch and verify the third-party source packages.
#
# Usage: mk/deps.sh [--packages-only | --sources-only]
#
# Environment:
#   SRC            source tree root (default: the parent of this script's dir)
#   BOARD          board name, e.g. qemu-x86_64 (needed for the packages step)
#   DL_DIR         download cache (default: ${XDG_CACHE_HOME:-~/.cache}/walnut/dl)
#   DEBIAN_MIRROR  Debian mirror for source packages (see mk/fetch.sh)
#   V=1            show apt-get's output
#
# Packages: the union of mk/packages.common and bsp/$BOARD/packages. Missing
# ones are installed with apt-get when running as root; otherwise the sudo
# command to run is printed and the script fails.
# Sources: mk/fetch.sh for every pkg/*/*.hash. See doc/deps.md.

set -euo pipefail

prog=deps
die() {
	printf '%s: %s\n' "$prog" "$*" >&2
	exit 1
}
say() {
	printf '  %-7s %s\n' "$1" "$2"
}
usage() {
	printf 'usage: %s [--packages-only | --sources-only]\n' "$0" >&2
	exit 2
}

do_packages=1
do_sources=1
for arg in "$@"; do
	case $arg in
	--packages-only) do_sources=0 ;;
	--sources-only) do_packages=0 ;;
	-h | --help) usage ;;
	*)
		printf '%s: unknown argument: %s\n' "$prog" "$arg" >&2
		usage
		;;
	esac
done
[ $do_packages = 1 ] || [ $do_sources = 1 ] ||
	die "--packages-only and --sources-only exclude each other"

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=${SRC:-$(dirname "$script_dir")}
SRC=${SRC%/}
[ -d "$SRC/mk" ] || die "SRC=$SRC is not a Walnut source tree (no mk/)"
export SRC

# --- Debian packages ---------------------------------------------------------

pkgs=()          # in order of first appearance
declare -A from=() # package -> list file that named it first

# read_list FILE: add the package names in FILE to pkgs.
read_list() {
	local file=$1 name lineno=0 line word
	name=${file#"$SRC"/}
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		line=${line%%#*}
		for word in $line; do
			# Debian package name, optionally with :arch.
			[[ $word =~ ^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?$ ]] ||
				die "$name:$lineno: not a Debian package name: '$word'"
			if [ -z "${from[$word]+set}" ]; then
				from[$word]=$name
				pkgs+=("$word")
			fi
		done
	done <"$file"
}

installed() {
	local status
	status=$(dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null) || return 1
	[[ $status == *"install ok installed"* ]]
}

# run_quiet WHAT CMD...: run CMD, showing its output only with V=1 or when
# it fails.
run_quiet() {
	local what=$1 log rc=0
	shift
	if [ "${V:-0}" = 1 ]; then
		"$@" || die "$what failed (exit $?)"
		return
	fi
	log=$(mktemp "${TMPDIR:-/tmp}/walnut-deps.XXXXXX")
	"$@" >"$log" 2>&1 || rc=$?
	if [ $rc -ne 0 ]; then
		tail -n 30 "$log" >&2
		rm -f -- "$log"
		die "$what failed (exit $rc); last lines above, V=1 shows everything"
	fi
	rm -f -- "$log"
}

packages() {
	[ -n "${BOARD:-}" ] || die "BOARD is not set (e.g. BOARD=qemu-x86_64)"
	[ -d "$SRC/bsp/$BOARD" ] || die "unknown board '$BOARD': no bsp/$BOARD"
	[ -f "$SRC/mk/packages.common" ] || die "mk/packages.common is missing"
	read_list "$SRC/mk/packages.common"
	if [ -f "$SRC/bsp/$BOARD/packages" ]; then
		read_list "$SRC/bsp/$BOARD/packages"
	fi

	command -v dpkg-query >/dev/null 2>&1 ||
		die "dpkg-query not found: not a Debian-based host; install these by hand: ${pkgs[*]}"

	local p missing=()
	for p in "${pkgs[@]}"; do
		installed "$p" || missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		npkgs=${#pkgs[@]}
		return
	fi

	if [ "$(id -u)" -ne 0 ]; then
		printf '%s: missing Debian packages: %s\n' "$prog" "${missing[*]}" >&2
		printf '%s: install them with:\n' "$prog" >&2
		printf '  sudo apt-get install --no-install-recommends %s\n' "${missing[*]}" >&2
		exit 1
	fi
	command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install by hand: ${missing[*]}"

	say DEPS "apt-get update"
	run_quiet "apt-get update" apt-get update
	local named=()
	for p in "${missing[@]}"; do named+=("$p (${from[$p]})"); done
	say DEPS "installing ${missing[*]}"
	run_quiet "apt-get install of ${named[*]}" \
		env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends "${missing[@]}"

	# A virtual package name installs a provider but never shows as
	# installed itself: catch that here, or every run would reinstall.
	for p in "${missing[@]}"; do
		installed "$p" ||
			die "${from[$p]}: '$p' is still not installed after apt-get install (a virtual package? name a real one)"
	done
	npkgs=${#pkgs[@]}
}

# --- third-party sources -----------------------------------------------------

sources() {
	local h
	local -a hashes=()
	shopt -s nullglob
	hashes=("$SRC"/pkg/*/*.hash)
	shopt -u nullglob
	DL_DIR=${DL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/walnut/dl}
	export DL_DIR
	case ${DL_DIR%/}/ in
	"$SRC"/*) printf '%s: warning: DL_DIR=%s is inside the source tree; third-party sources must not be committed\n' "$prog" "$DL_DIR" >&2 ;;
	esac
	for h in "${hashes[@]}"; do
		"$SRC/mk/fetch.sh" "$h"
	done
	nsrc=${#hashes[@]}
}

npkgs=
nsrc=
if [ $do_packages = 1 ]; then packages; fi
if [ $do_sources = 1 ]; then sources; fi

summary=
[ -z "$npkgs" ] || summary="$npkgs Debian packages present"
[ -z "$nsrc" ] || summary="${summary:+$summary, }$nsrc source packages verified in $DL_DIR"
say DEPS "ok: $summary"
