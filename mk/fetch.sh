#!/usr/bin/env bash
# mk/fetch.sh - download one third-party source package into the download
# cache and verify every file against the sha256 pinned in the tree.
#
# Usage: mk/fetch.sh pkg/<name>/<name>.hash
#
# The recipe is pkg/<name>/<name>.mk, read here as plain 'VAR = value' lines
# (also '?=', ':=' and '+='; '$(VAR)' references are expanded):
#   <NAME>_SITE   directory URL the files are fetched from
#   <NAME>_FILES  the files to fetch (.dsc, .orig tarball(s), .debian tarball)
# <NAME> is <name> upper-cased with '-' turned into '_'.
#
# The .hash file holds 'sha256  <64 hex digits>  <file>' lines and '#'
# comments. Every file in <NAME>_FILES must have exactly one sha256 there.
#
# Environment:
#   SRC            source tree root (default: the parent of this script's dir)
#   DL_DIR         download cache (default: ${XDG_CACHE_HOME:-~/.cache}/walnut/dl);
#                  files land in $DL_DIR/<name>/
#   DEBIAN_MIRROR  overrides 'DEBIAN_MIRROR ?= ...' in the recipe
#   V=1            show the downloader's own output
#
# A cached file whose sha256 matches is used as it is, without the network.
# A cached file that does not match is deleted and fetched again. Downloads go
# to a temporary name in the same directory and are renamed into place only
# after their sha256 matched, so the cache never holds a bad file under a
# good name.

set -euo pipefail

prog=deps
die() {
	printf '%s: %s\n' "$prog" "$*" >&2
	exit 1
}
say() {
	printf '  %-7s %s\n' "$1" "$2"
}

[ $# -eq 1 ] || {
	printf 'usage: %s pkg/<name>/<name>.hash\n' "$0" >&2
	exit 2
}

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=${SRC:-$(dirname "$script_dir")}
SRC=${SRC%/}

hash_arg=$1
case $hash_arg in
/*) hash_file=$hash_arg ;;
*) if [ -e "$hash_arg" ]; then hash_file=$PWD/$hash_arg; else hash_file=$SRC/$hash_arg; fi ;;
esac
# Name files relative to the source tree in messages.
show() {
	case $1 in
	"$SRC"/*) printf '%s' "${1#"$SRC"/}" ;;
	*) printf '%s' "$1" ;;
	esac
}
hash_name=$(show "$hash_file")

[ -f "$hash_file" ] || die "$hash_name: no such hash file"
pkg_dir=$(dirname "$hash_file")
name=$(basename "$pkg_dir")
[ "$(basename "$hash_file")" = "$name.hash" ] ||
	die "$hash_name: hash file must be named pkg/$name/$name.hash"
mk_file=$pkg_dir/$name.mk
mk_name=$(show "$mk_file")
[ -f "$mk_file" ] || die "$mk_name: missing recipe for $hash_name"

prefix=$(printf '%s' "$name" | tr 'a-z-' 'A-Z_')

# --- read the recipe ---------------------------------------------------------

declare -A var=()

# expand WHERE TEXT: replace $(VAR) and ${VAR} by their values, recursively.
expand() {
	local where=$1 text=$2 out ref depth=0
	local re='\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]'
	while [[ $text =~ $re ]]; do
		ref=${BASH_REMATCH[1]}
		[ -n "${var[$ref]+set}" ] || die "$where: \$($ref) is not defined"
		out=${var[$ref]}
		text=${text/"${BASH_REMATCH[0]}"/"$out"}
		depth=$((depth + 1))
		[ $depth -lt 100 ] || die "$where: variable references loop"
	done
	case $text in
	*'$'*) die "$where: unsupported make construct in '$text' (only \$(VAR) references)" ;;
	esac
	printf '%s' "$text"
}

lineno=0
assign_re='^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*([?:+]?=)[[:space:]]*(.*)$'
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	line=${line%%#*}
	[[ $line =~ ^[[:space:]]*$ ]] && continue
	[[ $line =~ $assign_re ]] ||
		die "$mk_name:$lineno: cannot parse (only 'VAR = value' lines are supported)"
	key=${BASH_REMATCH[1]}
	op=${BASH_REMATCH[2]}
	val=${BASH_REMATCH[3]}
	val=${val%"${val##*[![:space:]]}"}
	case $val in *\\) die "$mk_name:$lineno: line continuations are not supported" ;; esac
	case $op in
	'=') var[$key]=$val ;;
	':=') var[$key]=$(expand "$mk_name:$lineno" "$val") ;;
	'+=') var[$key]="${var[$key]:+${var[$key]} }$val" ;;
	'?=')
		if [ -n "${var[$key]+set}" ]; then
			:
		elif env_val=$(printenv "$key") && [ -n "$env_val" ]; then
			var[$key]=$env_val
		else
			var[$key]=$val
		fi
		;;
	esac
done <"$mk_file"

# DEBIAN_MIRROR from the environment wins over the recipe, as with make's '?='.
if [ -n "${DEBIAN_MIRROR:-}" ]; then
	var[DEBIAN_MIRROR]=$DEBIAN_MIRROR
fi

getvar() {
	local key=$1
	[ -n "${var[$key]+set}" ] || die "$mk_name: $key is not set"
	local v
	v=$(expand "$mk_name: $key" "${var[$key]}")
	[ -n "$v" ] || die "$mk_name: $key is empty"
	printf '%s' "$v"
}

site=$(getvar "${prefix}_SITE")
site=${site%/}
case $site in
http://* | https://* | ftp://* | file://*) ;;
*) die "$mk_name: ${prefix}_SITE is not a URL: '$site'" ;;
esac
files_s=$(getvar "${prefix}_FILES")
read -r -a files <<<"$files_s"
[ ${#files[@]} -gt 0 ] || die "$mk_name: ${prefix}_FILES is empty"
for f in "${files[@]}"; do
	[[ $f =~ ^[A-Za-z0-9][A-Za-z0-9+._~-]*$ ]] ||
		die "$mk_name: ${prefix}_FILES: bad file name '$f'"
done

# --- read the pinned hashes --------------------------------------------------

declare -A pin=()
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	line=${line#"${line%%[![:space:]]*}"}
	case $line in '#'* | '') continue ;; esac
	read -r algo sum file extra <<<"$line" || true
	if [ -z "${file:-}" ] || [ -n "${extra:-}" ]; then
		die "$hash_name:$lineno: malformed line (want 'sha256  <hash>  <file>')"
	fi
	[ "$algo" = sha256 ] ||
		die "$hash_name:$lineno: unsupported hash type '$algo' (only sha256)"
	[[ $sum =~ ^[0-9a-f]{64}$ ]] ||
		die "$hash_name:$lineno: not a sha256 (64 lower-case hex digits): '$sum'"
	if [ -n "${pin[$file]+set}" ] && [ "${pin[$file]}" != "$sum" ]; then
		die "$hash_name:$lineno: conflicting sha256 lines for $file"
	fi
	pin[$file]=$sum
done <"$hash_file"

# Every file must be pinned before anything is fetched.
for f in "${files[@]}"; do
	[ -n "${pin[$f]+set}" ] || die "$hash_name: no sha256 for $f (every fetched file must be pinned)"
done

# --- fetch and verify --------------------------------------------------------

sha256_of() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum -- "$1" | cut -d' ' -f1
	else
		shasum -a 256 -- "$1" | cut -d' ' -f1
	fi
}

if command -v curl >/dev/null 2>&1; then
	fetcher=curl
elif command -v wget >/dev/null 2>&1; then
	fetcher=wget
else
	fetcher=
fi

# download URL DEST: exit status of the downloader.
download() {
	local url=$1 dest=$2
	case $fetcher in
	curl)
		local show=(-sS)
		if [ "${V:-0}" = 1 ] || [ -t 2 ]; then show=(--progress-bar); fi
		curl "${show[@]}" --fail --location --retry 3 --retry-delay 2 \
			--connect-timeout 20 --speed-limit 1024 --speed-time 60 \
			--output "$dest" -- "$url"
		;;
	wget)
		local show=(-q)
		if [ "${V:-0}" = 1 ]; then show=(); fi
		wget "${show[@]}" --tries=3 --waitretry=2 --timeout=60 \
			--output-document="$dest" -- "$url"
		;;
	esac
}

# why RC: the downloader's exit status in words.
why() {
	local w=
	case $fetcher:$1 in
	curl:6) w='cannot resolve host' ;;
	curl:7) w='cannot connect' ;;
	curl:22) w='HTTP error, e.g. 404: no such file on the mirror' ;;
	curl:28) w='timed out' ;;
	curl:35 | curl:60) w='TLS error' ;;
	curl:23) w='cannot write to the download cache' ;;
	wget:3) w='cannot write to the download cache' ;;
	wget:4) w='network failure' ;;
	wget:5) w='TLS error' ;;
	wget:8) w='HTTP error, e.g. 404: no such file on the mirror' ;;
	esac
	printf '%s exit %s%s' "$fetcher" "$1" "${w:+: $w}"
}

DL_DIR=${DL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/walnut/dl}
dl=${DL_DIR%/}/$name
mkdir -p -- "$dl" || die "$hash_name: cannot create download directory $dl"

tmp=
cleanup() {
	if [ -n "$tmp" ]; then rm -f -- "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for f in "${files[@]}"; do
	dest=$dl/$f
	want=${pin[$f]}
	if [ -f "$dest" ]; then
		got=$(sha256_of "$dest")
		if [ "$got" = "$want" ]; then
			continue
		fi
		say DEPS "$f: cached copy does not match $hash_name, fetching again"
		rm -f -- "$dest"
	fi
	[ -n "$fetcher" ] || die "$hash_name: cannot download $f: neither curl nor wget is installed"
	url=$site/$f
	say FETCH "$f"
	tmp=$(mktemp "$dl/.$f.XXXXXX.part")
	if download "$url" "$tmp"; then
		:
	else
		rc=$?
		die "$hash_name: cannot download $f from $url ($(why "$rc"))"
	fi
	got=$(sha256_of "$tmp")
	[ "$got" = "$want" ] ||
		die "$hash_name: sha256 mismatch for $f: expected $want, got $got (from $url; not kept)"
	chmod 0644 -- "$tmp"
	mv -f -- "$tmp" "$dest"
	tmp=
done
