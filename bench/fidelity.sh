#!/bin/sh
# fidelity.sh — lockstep beside CPython on this machine, in this run.  For
# each phenomenon a small Python program (bench/py-*.py, one figure each)
# and the matching lockstep demo run FIDELITY_RUNS times (default 3),
# interleaved; the table shows each side's median and lockstep / CPython.
# Goal: every ratio within 0.75-1.33.  The machine's load moves both
# sides; run it when the machine is quiet, and more than once.
# Usage: bench/fidelity.sh [path/to/lockstep]
L=${1:-./src/lockstep}
B=$(dirname "$0")
PY=${PYTHON:-python3}
R=${FIDELITY_RUNS:-3}
command -v "$PY" >/dev/null 2>&1 || { echo "fidelity bench: $PY not installed, skipped"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-fidelity.XXXXXX")
trap 'rm -rf "$T"' EXIT

# get KEY: the first number after "KEY": in stdin.
get() { sed -n "s/.*\"$1\":\([-0-9.e]*\).*/\1/p" | head -1; }
med() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else print v[int((NR + 1) / 2)] }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "n/a") printf "%.2f\n", a / b; else print "n/a" }'; }
verdict() { awk -v r="$1" 'BEGIN { if (r == "n/a") print ""; else if (r >= 0.75 && r <= 1.33) print "ok"; else print "OFF" }'; }
ls_metric() { metric=$1; shift; "$L" demo "$@" --json | get "$metric"; }
ls_per() { a=$(ls_metric per_worker_us $1); b=$(ls_metric per_worker_us $2); div "$a" "$b"; }
py_per() { a=$("$PY" "$B/py-startup.py" $1 30); b=$("$PY" "$B/py-startup.py" $2 30); div "$a" "$b"; }
py_start() { a=$("$PY" "$B/py-start.py" $1 30); b=$("$PY" "$B/py-start.py" $2 30); div "$a" "$b"; }

# row LABEL PY-COMMAND LOCKSTEP-COMMAND: R interleaved runs of each.
row() {
	: >"$T/py"
	: >"$T/ls"
	i=0
	while [ $i -lt "$R" ]; do
		eval "$2" >>"$T/py"
		eval "$3" >>"$T/ls"
		i=$((i + 1))
	done
	p=$(med <"$T/py")
	l=$(med <"$T/ls")
	r=$(div "$l" "$p")
	printf '%-44s %10s %10s %7s  %s\n' "$1" "$p" "$l" "$r" "$(verdict "$r")"
}

echo "lockstep beside CPython ($("$PY" -V 2>&1)), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg), median of $R"
printf '%-44s %10s %10s %7s\n' "phenomenon" "CPython" "lockstep" "ratio"
row "cpu 4x250ms: thread x4 speedup" \
	"$PY $B/py-cpu.py thread 4 4 250" \
	"ls_metric speedup cpu --model thread --workers 4 --tasks 4 --work 250 --baseline"
row "cpu 4x250ms: process x2 speedup" \
	"$PY $B/py-cpu.py process 2 4 250" \
	"ls_metric speedup cpu --model process --workers 2 --tasks 4 --work 250 --baseline"
row "io 10x200ms: thread x4 wall (ms)" \
	"$PY $B/py-io.py thread 10 200" \
	"ls_metric wall_ms io --model thread --workers 4 --tasks 10 --delay 200"
row "io 10x200ms: asyncio wall (ms)" \
	"$PY $B/py-io.py coroutine 10 200" \
	"ls_metric wall_ms io --model coroutine --tasks 10 --delay 200"
: >"$T/cv"
: >"$T/cvl"
# 600 requests, so the p99 is the 6th worst of each run, not the 2nd
row "convoy: I/O latency p50 (ms), 600 requests" \
	"$PY $B/py-convoy.py 2 600 2 | tee -a $T/cv | cut -d' ' -f1" \
	"\"$L\" demo convoy --tasks 600 --json | tee -a $T/cvl | get latency_p50_ms"
p=$(cut -d' ' -f2 <"$T/cv" | med)
l=$(sed -n 's/.*"latency_p99_ms":\([-0-9.e]*\).*/\1/p' "$T/cvl" | med)
r=$(div "$l" "$p")
printf '%-44s %10s %10s %7s  %s\n' "convoy: I/O latency p99 (ms), same runs" "$p" "$l" "$r" "$(verdict "$r")"
row "counter sleep(0), no lock, 4x2000 (ms)" \
	"$PY $B/py-counter.py nolock 2000" \
	"ls_metric wall_ms counter --lock off --await-between on --increments 2000"
row "counter sleep(0), Lock, 4x2000 (ms)" \
	"$PY $B/py-counter.py lock 2000" \
	"ls_metric wall_ms counter --lock on --await-between on --increments 2000"
row "start-up: process / thread, 30 each" \
	"py_per process thread" \
	"ls_per '--model process startup --count 30' '--model thread startup --count 30'"
row "start-up: spawn / fork process, 30 each" \
	"py_start spawn fork" \
	"ls_per '--model process --start spawn startup --count 30' '--model process startup --count 30'"
row "start-up: forkserver / fork, 30 each" \
	"py_start forkserver fork" \
	"ls_per '--model process --start forkserver startup --count 30' '--model process startup --count 30'"
row "start-up: coroutine / thread, 30 each" \
	"py_per coroutine thread" \
	"ls_per '--model coroutine startup --count 30' '--model thread startup --count 30'"
