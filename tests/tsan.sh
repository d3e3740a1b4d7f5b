#!/bin/sh
# tsan.sh — the ThreadSanitizer proof, run by .ci/run on a build made with
# ./configure --enable-tsan (not part of make check: it is slow).
#   1. the Check suites that run threads: engine, live, gil, loop
#   2. a headless run of every demo in every model it has
# Fails on any TSan report (no suppressions for lockstep's own code) and on
# a run that does not finish in time.  Usage: tests/tsan.sh [BUILDDIR]
set -u
b=${1:-.}
L=$b/src/lockstep
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# check WHAT CMD...: run under a time limit; a report or a timeout fails.
check() {
	what=$1
	shift
	timeout 300 "$@" >"$log" 2>&1
	rc=$?
	if grep -q 'WARNING: ThreadSanitizer' "$log" || [ "$rc" -eq 66 ] || [ "$rc" -eq 124 ]; then
		echo "FAIL: $what (exit $rc)"
		sed -n '/WARNING: ThreadSanitizer/,/SUMMARY/p' "$log" | head -60
		[ "$rc" -eq 124 ] && tail -5 "$log"
		failed=$((failed + 1))
	else
		echo "ok: $what (exit $rc)"
	fi
}

for s in engine live gil loop; do
	CK_RUN_SUITE=$s check "Check suite $s" "$b/tests/check_lockstep"
done
for d in $("$L" list demos | cut -f1); do
	models=$("$L" demo "$d" --help | sed -n 's/^Models: //p')
	for m in $models; do
		check "demo $d --model $m" "$L" demo "$d" --model "$m"
	done
done
[ "$failed" -eq 0 ] && echo "tsan: clean" || echo "tsan: $failed failed"
[ "$failed" -eq 0 ]
