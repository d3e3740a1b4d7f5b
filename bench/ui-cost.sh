#!/bin/sh
# ui-cost.sh — the cost of watching.  lockstep's interface in a detached
# tmux at 100x30 shows a run of N I/O-bound threads (8, then 64) that
# sleep 10 s each; over WINDOW seconds: the CPU of lockstep's main thread
# (the interface, which also drains the trace) as % of one core, the
# frames drawn (LOCKSTEP_FRAME_LOG) and its CPU per frame; and, for
# context, the whole process's CPU, which adds the conductor and the
# sleeping workers (woken by a stop or a pause, else every 100 ms).  CPU times
# come from schedstat (ns), not clock ticks.  Beside it, `htop -d 1` (a
# redraw every 0.1 s) in another tmux pane, measured the same way (its
# frames counted as 10 a second).  Then: start-up to the
# menu's first frame (CLOCK_MONOTONIC just before exec, to the first frame
# logged), and the peak RSS of the 64-thread run.
# Usage: bench/ui-cost.sh [path/to/lockstep]
L=${1:-./src/lockstep}
case $L in /*) ;; *) L=$(pwd)/$L ;; esac
WINDOW=${UI_WINDOW:-5}
command -v tmux >/dev/null 2>&1 || { echo "ui cost bench: tmux not installed, skipped"; exit 0; }
SOCK=lockstep-uicost-$$
T=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-uicost.XXXXXX")
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT
tm() { tmux -L "$SOCK" "$@"; }
HZ=$(getconf CLK_TCK)
tm -f /dev/null new-session -d -s keep "sleep 600"

# cpu_ticks PID: utime + stime of the whole process, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# cpu_ns PID: the CPU time of PID's main thread, in ns.
cpu_ns() { awk '{ print $1 }' "/proc/$1/task/$1/schedstat" 2>/dev/null || echo 0; }
# child_of PANE-PID NAME: the pid of NAME started by the pane's shell.
child_of() { pgrep -P "$1" -x "$2" | head -1; }
pane_pid() { tm display-message -p -t "$1" '#{pane_pid}'; }

mkdir -p "$T/lessons"
row() { printf '%-46s %12s   %s\n' "$1" "$2" "$3"; }
row "the cost of watching ($(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1 /proc/loadavg))" "measured" "goal"

for n in 8 64; do
	cat >"$T/lessons/uicost.lesson" <<EOL
id: uicost
title: UI cost
level: beginner
order: 1
summary: $n sleeping threads, drawn.

## step one: $n threads
@demo io model=thread workers=$n tasks=$n delay=10000

$n threads wait.
EOL
	rm -f "$T/frames"
	tm kill-session -t u 2>/dev/null
	tm new-session -d -s u -x 100 -y 30 "env XDG_STATE_HOME=$T/state LOCKSTEP_FRAME_LOG=$T/frames TERM=screen-256color LANG=C.UTF-8 $L --lessons $T/lessons learn uicost; sleep 60"
	sleep 1.5
	tm send-keys -t u Space
	sleep 1.5
	pid=$(child_of "$(pane_pid u)" lockstep)
	[ -n "$pid" ] || { row "$n workers: lockstep did not start" "n/a" ""; continue; }
	c0=$(cpu_ns "$pid"); p0=$(cpu_ticks "$pid"); f0=$(wc -l <"$T/frames")
	sleep "$WINDOW"
	c1=$(cpu_ns "$pid"); p1=$(cpu_ticks "$pid"); f1=$(wc -l <"$T/frames")
	[ "$n" = 64 ] && rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
	pct=$(awk -v c=$((c1 - c0)) -v w="$WINDOW" 'BEGIN { printf "%.2f", 100 * c / 1e9 / w }')
	per=$(awk -v c=$((c1 - c0)) -v f=$((f1 - f0)) 'BEGIN { if (f > 0) printf "%.3f", c / 1e6 / f; else print "n/a" }')
	row "lockstep, $n workers: interface CPU (% of a core)" "$pct" "< 3 (8 workers)"
	row "lockstep, $n workers: frames/s" "$(awk -v f=$((f1 - f0)) -v w="$WINDOW" 'BEGIN { printf "%.1f", f / w }')" "30 at most"
	row "lockstep, $n workers: interface CPU per frame (ms)" "$per" "< htop's"
	row "lockstep, $n workers: whole process (% of a core)" "$(awk -v c=$((p1 - p0)) -v hz="$HZ" -v w="$WINDOW" 'BEGIN { printf "%.2f", 100 * c / hz / w }')" ""
	eval "per_$n=\$per"
done
tm kill-session -t u 2>/dev/null

if command -v htop >/dev/null 2>&1; then
	tm new-session -d -s h -x 100 -y 30 "env TERM=screen-256color htop -d 1; sleep 60"
	sleep 2
	hp=$(child_of "$(pane_pid h)" htop)
	c0=$(cpu_ns "$hp")
	sleep "$WINDOW"
	c1=$(cpu_ns "$hp")
	tm kill-session -t h 2>/dev/null
	row "htop -d 1: CPU (% of a core)" "$(awk -v c=$((c1 - c0)) -v w="$WINDOW" 'BEGIN { printf "%.2f", 100 * c / 1e9 / w }')" ""
	hper=$(awk -v c=$((c1 - c0)) -v w="$WINDOW" 'BEGIN { printf "%.3f", c / 1e6 / (10 * w) }')
	row "htop -d 1: CPU per frame (ms, 10 frames/s)" "$hper" ""
	row "lockstep / htop per frame, 8 and 64 workers" "$(awk -v a="$per_8" -v b="$per_64" -v h="$hper" 'BEGIN { if (h > 0) printf "%.2f %.2f", a / h, b / h; else print "n/a" }')" "< 1"
else
	row "htop: not installed (apt-get install htop), skipped" "" ""
fi

# Start-up to the menu's first frame.
if command -v python3 >/dev/null 2>&1; then
	best=""
	for i in 1 2 3 4 5; do
		rm -f "$T/frames" "$T/t0"
		tm new-session -d -s s -x 100 -y 30 "env XDG_STATE_HOME=$T/state LOCKSTEP_FRAME_LOG=$T/frames TERM=screen-256color LANG=C.UTF-8 python3 -c 'import os, sys, time; open(sys.argv[1], \"w\").write(str(time.monotonic_ns())); os.execv(sys.argv[2], sys.argv[2:])' $T/t0 $L; sleep 60"
		sleep 1
		tm kill-session -t s 2>/dev/null
		ms=$(awk -v t0="$(cat "$T/t0" 2>/dev/null)" 'NR == 1 { if (t0 > 0) printf "%.1f", ($1 - t0) / 1e6 }' "$T/frames" 2>/dev/null)
		[ -n "$ms" ] && { [ -z "$best" ] || awk -v a="$ms" -v b="$best" 'BEGIN { exit !(a < b) }'; } && best=$ms
	done
	row "start-up to the menu's first frame (ms, best of 5)" "${best:-n/a}" "< 50"
fi
row "peak RSS, 64 threads + interface (MiB)" "$(awk -v k="${rss:-0}" 'BEGIN { printf "%.1f", k / 1024 }')" "< 32"
