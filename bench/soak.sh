#!/bin/sh
# soak.sh — does lockstep hold up when left running?  Drives the TUI in a
# detached tmux for SOAK_SECONDS (default 120): every lesson in turn, every
# step's demo started (Space) and stopped after 1.5 s if it still runs, then
# again in the next model (m), then the next step (n).  Samples lockstep's RSS and open file descriptors
# every few seconds; at the end compares them with the first sample
# (judged against: RSS within 8 MiB of its start, fds not grown).  Then
# every demo in every model headless at default settings: no trace event
# dropped.  Usage: bench/soak.sh [path/to/lockstep]
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

t0=$(date +%s)
sample
lessons=$("$L" list lessons | cut -f1)
runs=0
while [ $(($(date +%s) - t0)) -lt "$secs" ]; do
	for id in $lessons; do
		[ $(($(date +%s) - t0)) -lt "$secs" ] || break
		tm send-keys -t s / "$id"
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
	done
done
sample
tm send-keys -t s q q q
first=$(head -1 "$T/samples")
last=$(tail -1 "$T/samples")
set -- $first
rss0=$2 fd0=$3
set -- $last
rss1=$2 fd1=$3
maxrss=$(awk '{ if ($2 > m) m = $2 } END { print m }' "$T/samples")
echo "soak: $(($(date +%s) - t0)) s in the TUI, about $runs demo runs"
echo "  RSS  start $((rss0 / 1024)) MiB, end $((rss1 / 1024)) MiB, peak $((maxrss / 1024)) MiB (judged: end within 8 MiB of start)"
echo "  fds  start $fd0, end $fd1 (judged: not grown)"
[ $((rss1 - rss0)) -le 8192 ] || {
	echo "  FAIL: RSS grew by $(((rss1 - rss0) / 1024)) MiB; samples (s, KiB, fds):"
	sed 's/^/    /' "$T/samples"
	fail=1
}
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
