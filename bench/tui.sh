#!/bin/sh
# tui.sh — does the interface stay responsive while a demo saturates every
# core?  Runs lockstep in a detached tmux at 100x30 and presses 'h' (show /
# hide the hints: a redraw) 20 times, 150 ms apart, in three situations:
# no demo running; two CPU-bound processes at full load (pace 50) with the
# workers niced as lockstep does it; the same with the workers not niced.
# For each: the key-to-frame latency lockstep measures itself
# (LOCKSTEP_FRAME_LOG: from reading the key to doupdate), the latency seen
# from outside (send-keys until capture-pane shows the change, which adds
# tmux's own round trips), and the frame interval while the demo runs
# (target 33 ms).  Usage: bench/tui.sh [path/to/lockstep]
L=${1:-./src/lockstep}
command -v tmux >/dev/null 2>&1 || { echo "tui bench: tmux not installed, skipped"; exit 0; }
SOCK=lockstep-bench-$$
T=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-bench.XXXXXX")
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT
tm() { tmux -L "$SOCK" "$@"; }
ms() { date +%s%N | cut -c1-16; }	# microseconds
tm -f /dev/null new-session -d -s keep "sleep 600"

# pct FILE P: the P-th percentile of the numbers in FILE.
pct() { sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit }
	i = int(p / 100 * NR + 0.999); if (i < 1) i = 1; if (i > NR) i = NR; printf "%.1f", v[i] }'; }

# hints: what 'h' changes on screen, the hint lines or, when they are
# below the fold, the "(N more lines)" count of the prose column.
hints() { tm capture-pane -p -t b | grep -E "^ *Hint|more lines\)" | cksum; }

# scenario NAME NICE LOAD: LOAD 1 starts the saturating demo first.
scenario() {
	rm -f "$T/frames" "$T/ext"
	tm kill-session -t b 2>/dev/null
	tm new-session -d -s b -x 100 -y 30 "env XDG_STATE_HOME=$T/state LOCKSTEP_FRAME_LOG=$T/frames LOCKSTEP_WORKER_NICE=$2 TERM=screen-256color LANG=C.UTF-8 $L learn gil; sleep 60"
	sleep 1
	# step 2: two CPU-bound workers; as processes (m, 3), at pace 50 (20 s of
	# work)
	tm send-keys -t b n m 3 '<' '<' '<' '<' '<' '<'
	sleep 0.5
	if [ "$3" = 1 ]; then
		tm send-keys -t b Space
		sleep 1
	fi
	: >"$T/frames.keys"
	for i in $(seq 20); do
		before=$(hints)
		t0=$(ms)
		tm send-keys -t b h
		n=0
		while [ "$n" -lt 400 ]; do
			now=$(hints)
			[ "$now" != "$before" ] && break
			sleep 0.002
			n=$((n + 1))
		done
		t1=$(ms)
		echo "$(( (t1 - t0) ))" | awk '{ printf "%.1f\n", $1 / 1000 }' >>"$T/ext"
		sleep 0.15
	done
	tm send-keys -t b q q
	sleep 0.5
	awk '$3 > 0 { printf "%.2f\n", $3 / 1e6 }' "$T/frames" >"$T/key"
	awk '$3 == 0 && $2 > 0 && $2 < 200000000 { printf "%.1f\n", $2 / 1e6 }' "$T/frames" >"$T/iv"
	[ "$3" = 1 ] || : >"$T/iv"	# idle: frames only on keys, no interval to speak of
	printf '%-34s %8s %8s %10s %10s %9s %9s\n' "$1" "$(pct "$T/key" 50)" "$(pct "$T/key" 99)" \
	    "$(pct "$T/ext" 50)" "$(pct "$T/ext" 99)" "$(pct "$T/iv" 50)" "$(pct "$T/iv" 99)"
}

echo "TUI responsiveness on $(nproc) cores, 100x30, 20 key presses each (ms)"
printf '%-34s %8s %8s %10s %10s %9s %9s\n' "situation" "key p50" "key p99" \
    "tmux p50" "tmux p99" "frame p50" "frame p99"
scenario "idle (no demo)" 10 0
scenario "2 CPU processes, workers nice 10" 10 1
scenario "2 CPU processes, workers nice 0" 0 1
echo "key: from reading the key to the frame on the terminal (lockstep's own clock);"
echo "tmux: send-keys until capture-pane shows it; frame: interval between frames"
echo "while the demo runs (30 fps = 33 ms; idle draws only on change)."
