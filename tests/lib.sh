# lib.sh — helpers for the shell tests that drive the real binary.
# Sourced by tests/*.test; make check sets LOCKSTEP and LOCKSTEP_SRCDIR.

: "${LOCKSTEP:?run from make check (LOCKSTEP is not set)}"
: "${LOCKSTEP_SRCDIR:=.}"
unset NO_COLOR LOCKSTEP_LESSONS
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-test.XXXXXX")
export XDG_STATE_HOME="$TMPD/state" XDG_DATA_HOME="$TMPD/data" HOME="$TMPD/home"
trap 'rm -rf "$TMPD"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { checks=$((checks + 1)); }

# run CMD...: run with stdout/stderr captured in $out/$err and status in $rc.
run() {
	"$@" >"$TMPD/out" 2>"$TMPD/err"
	rc=$?
	out=$(cat "$TMPD/out")
	err=$(cat "$TMPD/err")
}

# expect_rc N WHAT
expect_rc() {
	if [ "$rc" -eq "$1" ]; then ok; else fail "$2: exit $rc, wanted $1 (stderr: $err)"; fi
}
# expect_in TEXT PATTERN WHAT (grep -E)
expect_in() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok; else fail "$3: no /$2/ in: $1"; fi
}
expect_not_in() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then fail "$3: /$2/ in: $1"; else ok; fi
}

# alive PID: the process exists and is not a zombie waiting to be reaped.
alive() {
	[ -r "/proc/$1/stat" ] || return 1
	! sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | grep -q '^Z'
}

finish() {
	echo "$checks passed, $failures failed"
	[ "$failures" -eq 0 ]
}
