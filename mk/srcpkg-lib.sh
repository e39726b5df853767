# Shell functions shared by the scripts that build third-party source
# packages (mk/newlib.sh, mk/libunwind.sh). Source it after setting prog
# (the package name, also its directory in $DL_DIR); verify needs SRC,
# DL_DIR and hash_rel, run needs log.

die() {
	printf '%s: %s\n' "$prog" "$*" >&2
	exit 1
}
say() {
	printf '  %-7s %s\n' "$1" "$2"
}

# verify FILE: FILE (in $DL_DIR/$prog) exists and matches its pinned sha256.
verify() {
	local f=$1 path=$DL_DIR/$prog/$1 want got
	want=$(awk -v f="$f" '$1 == "sha256" && $3 == f { print $2 }' "$SRC/$hash_rel")
	[ -n "$want" ] || die "$hash_rel: no sha256 for $f"
	[ -f "$path" ] || die "$path is missing: run 'make deps' (it fetches the files pinned in $hash_rel)"
	got=$(sha256sum -- "$path" | cut -d' ' -f1)
	[ "$got" = "$want" ] ||
		die "$path does not match $hash_rel: expected $want, got $got (delete it and run 'make deps')"
}

# run WHAT CMD...: run CMD with its output in $log (and on the terminal
# with V=1); on failure show the log's tail and stop, naming WHAT.
run() {
	local what=$1 rc=0
	shift
	printf '### %s\n' "$*" >>"$log"
	if [ "${V:-0}" = 1 ]; then
		"$@" 2>&1 | tee -a "$log" || rc=${PIPESTATUS[0]}
	else
		"$@" >>"$log" 2>&1 || rc=$?
	fi
	if [ "$rc" -ne 0 ]; then
		[ "${V:-0}" = 1 ] || tail -n 40 "$log" >&2
		die "$what failed (exit $rc); the whole output is in $log"
	fi
}
