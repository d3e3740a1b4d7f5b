#!/bin/sh
# steps.sh — each course step's demo as its lesson binds it, run headless at
# pace 1 on this machine: its real length (baseline included) next to the
# cost model's estimate that 'lockstep check --timing' judges (DESIGN rule 8:
# 3-15 s; start-up costs exempt).
# Usage: bench/steps.sh [path/to/lockstep] [lessons dir]
L=${1:-./src/lockstep}
D=${2:-$(dirname "$0")/../lessons}
LIMIT=${STEP_LIMIT:-40}		# seconds before a step is given up on

get() { sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p" | head -1; }
ncores=$(nproc)
case $ncores in 1|2) col=2 ;; 3|4) col=3 ;; *) col=4 ;; esac

echo "course steps at pace 1 on $ncores cores ($(date -u +%Y-%m-%d), load $(cut -d' ' -f1 /proc/loadavg)); target 3-15 s"
printf '%-40s %9s %9s   %s\n' "step" "real (s)" "est (s)" "verdict"
"$L" check --timing --verbose "$D"/*.lesson 2>/dev/null | while IFS='	' read -r step c2 c4 c8 note; do
	lesson=${step%%:*} id=${step#*:}
	est=$(printf '%s\t%s\t%s\t%s\n' "$step" "$c2" "$c4" "$c8" | cut -f"$col")
	line=$(awk -v id="$id" '$1 == "##" && $2 == "step" { s = $3; sub(":$", "", s) }
	    /^@demo / && s == id { print; exit }' "$D/$lesson.lesson")
	set -- ${line#@demo }
	name=$1; shift
	args=
	for kv in "$@"; do
		case $kv in
		baseline=on) args="$args --baseline" ;;
		baseline=*|names=*|roles=*|scale=*) ;;	# the player's, not knobs
		*) args="$args --${kv%%=*} ${kv#*=}" ;;
		esac
	done
	# shellcheck disable=SC2086
	out=$(timeout "$LIMIT" "$L" demo "$name" $args --json 2>&1)
	rc=$?
	wall=$(echo "$out" | get wall_ms)
	base=$(echo "$out" | get baseline_ms)
	if [ "$rc" -eq 124 ]; then
		printf '%-40s %9s %9s   %s\n' "$step" ">$LIMIT" "$est" "too long"
		continue
	elif [ -z "$wall" ]; then
		printf '%-40s %9s %9s   %s\n' "$step" "-" "$est" "error: $out"
		continue
	fi
	real=$(awk -v w="$wall" -v b="${base:-0}" 'BEGIN { printf "%.2f", (w + b) / 1000 }')
	verdict=$(awk -v r="$real" -v n="$note" 'BEGIN {
	    if (n != "") print "start-up cost (exempt)";
	    else if (r < 3) print "too short"; else if (r > 15) print "too long"; else print "ok" }')
	printf '%-40s %9s %9s   %s\n' "$step" "$real" "$est" "$verdict"
done
