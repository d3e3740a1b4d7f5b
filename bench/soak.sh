#!/bin/sh
# soak.sh — does lockstep hold up when left running?  Drives the TUI in a
# detached tmux for SOAK_SECONDS (default 120): lessons in turn, every
# step's demo started (Space) and stopped after 1.5 s if it still runs,
# then again in the next model (m), then the next step (n).  The first
# half of the time visits lessons in order; the second half visits the
# same lessons again, so each run of the second pass repeats one of the
# first.  Samples lockstep's RSS and open file descriptors after every
# step.  Judged against:
#  - no leak: RSS at the end of the second pass within 4 MiB of the end of
#    the first.  A leak grows with every run; what lockstep keeps on
#    purpose does not: the last run (its view, and its record for going
#    back in time: at most REC_MAX_CHUNKS chunks, ~31 MiB, a few MiB for a
#    lesson's run), the drain buffers at the largest batch seen, and
#    malloc's free memory kept for reuse, all reached in the first pass;
#  - retained memory bounded: RSS at the end within 40 MiB of the start
#    (the record's cap and 8 MiB);
#  - file descriptors not grown.
# Then every demo in every model headless at default settings: no trace
# event dropped.  Usage: bench/soak.sh [path/to/lockstep]
L=${1:-./src/lockstep}
secs=${SOAK_SECONDS:-120}
command -v tmux >/dev/null 2>&1 || { echo "soak: tmux not installed, skipped"; exit 0; }
SOCK=lockstep-soak-$$
T=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-soak.XXXXXX")
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT
tm() { tmux -L "$SOCK" "$@"; }
tm -f /dev/null new-session -d -s keep "sleep 600"
fail=0

tm new-session -d -s s -x 120 -y 40 "env XDG_STATE_HOME=$T/state TERM=screen-256color LANG=C.UTF-8 $L; sleep 600"
sleep 1
pid=$(tm list-panes -t s -F '#{pane_pid}')
lk=$(pgrep -P "$pid" | head -1)
[ -n "$lk" ] || { echo "soak: lockstep did not start"; exit 1; }

sample() {
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$lk/status" 2>/dev/null)
	fds=$(ls "/proc/$lk/fd" 2>/dev/null | wc -l)
	echo "$(($(date +%s) - t0)) $rss $fds" >>"$T/samples"
}
# wait_run: until the run ends (or 20 s)
wait_run() {
	n=200
	while [ "$n" -gt 0 ] && ! tm capture-pane -p -t s | grep -Eq "done in|deadlocked|failed|stopped|no demo| ready "; do
		sleep 0.1
		n=$((n - 1))
	done
	[ "$n" -gt 0 ] || { echo "  (a run did not end in 20 s:"; tm capture-pane -p -t s | tail -3; echo ")"; }
}

# run_briefly: start the step's demo, let it run 1.5 s, stop it if it
# still runs (the stop path is soaked too), wait until it has ended.
run_briefly() {
	tm send-keys -t s Space
	sleep 1.5
	tm capture-pane -p -t s | grep -q "running" && tm send-keys -t s Space
	wait_run
	runs=$((runs + 1))
}

# visit ID: open lesson ID, run each of its steps in two models, back to
# the menu.
visit() {
	tm send-keys -t s / "$1"
	sleep 0.3
	tm send-keys -t s Enter
	sleep 0.3
	for step in 1 2 3; do
		run_briefly
		tm send-keys -t s m
		run_briefly
		sample
		tm send-keys -t s n
		sleep 0.2
	done
	tm send-keys -t s q Escape
	sleep 0.3
}

t0=$(date +%s)
sample
runs=0
visited=
for id in $("$L" list lessons | cut -f1); do
	[ $(($(date +%s) - t0)) -lt $((secs / 2)) ] || break
	visit "$id"
	visited="$visited $id"
done
sample
pass1=$(tail -1 "$T/samples")
runs1=$runs
for id in $visited; do
	visit "$id"
done
sample
tm send-keys -t s q q q
first=$(head -1 "$T/samples")
last=$(tail -1 "$T/samples")
set -- $first
rss0=$2 fd0=$3
set -- $pass1
rssp=$2
set -- $last
rss1=$2 fd1=$3
maxrss=$(awk '{ if ($2 > m) m = $2 } END { print m }' "$T/samples")
echo "soak: $(($(date +%s) - t0)) s in the TUI, $runs demo runs, lessons visited twice:$visited"
echo "  RSS  start $((rss0 / 1024)) MiB, after pass 1 ($runs1 runs) $((rssp / 1024)) MiB, after pass 2 $((rss1 / 1024)) MiB, peak $((maxrss / 1024)) MiB"
echo "       (judged: pass 2 ends within 4 MiB of pass 1: no leak; within 40 MiB of the start: retained memory bounded)"
echo "  fds  start $fd0, end $fd1 (judged: not grown)"
if [ $((rss1 - rssp)) -gt 4096 ] || [ $((rss1 - rss0)) -gt 40960 ]; then
	echo "  FAIL: RSS grew by $(((rss1 - rssp) / 1024)) MiB over the second pass, $(((rss1 - rss0) / 1024)) MiB in all; samples (s, KiB, fds):"
	sed 's/^/    /' "$T/samples"
	fail=1
fi
[ "$fd1" -le "$fd0" ] || { echo "  FAIL: file descriptors grew"; fail=1; }

drops=0
for d in $("$L" list demos | cut -f1); do
	for m in $("$L" demo "$d" --help | sed -n 's/^Models: //p'); do
		n=$("$L" demo "$d" --model "$m" --json 2>/dev/null | sed -n 's/.*"dropped":\([0-9]*\).*/\1/p')
		[ "${n:-0}" -eq 0 ] || { echo "  $d --model $m: $n events dropped"; drops=$((drops + 1)); }
	done
done
echo "  dropped events at default settings: $drops runs with drops (judged: none)"
[ "$drops" -eq 0 ] || fail=1
exit "$fail"
