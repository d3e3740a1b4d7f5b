#!/bin/sh
# demos.sh — the figures issue 3 asks for on this machine, each next to the
# comparison it is judged against, all measured in this run.
# Usage: bench/demos.sh [path/to/lockstep]
L=${1:-./src/lockstep}

# j DEMO ARGS...: run a demo with --json and print it.
j() { "$L" demo "$@" --json; }
# get KEY: the first number after "KEY": in stdin.
get() { sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p" | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
row() { printf '%-52s %12s   %s\n' "$1" "$2" "$3"; }

echo "lockstep demo figures on $(nproc) cores ($(date -u +%Y-%m-%d))"
row "measurement" "measured" "target"

seq=$(j cpu --model sequential --tasks 4 | get wall_ms)
proc=$(j cpu --model process --workers 2 --tasks 4 | get wall_ms)
thr=$(j cpu --model thread --workers 4 --tasks 4 --gil on | get wall_ms)
free=$(j cpu --model thread --workers 2 --tasks 4 --gil off | get wall_ms)
coro=$(j cpu --model coroutine --tasks 4 | get wall_ms)
row "cpu 4x500ms: sequential wall (ms)" "$seq" "baseline"
row "cpu: process x2 speedup vs sequential" "$(ratio "$seq" "$proc")x" ">= 1.6x"
row "cpu: thread x4 --gil on speedup" "$(ratio "$seq" "$thr")x" "<= 1.15x"
row "cpu: thread x2 --gil off speedup" "$(ratio "$seq" "$free")x" ">= 1.6x"
row "cpu: coroutine speedup" "$(ratio "$seq" "$coro")x" "<= 1.1x"

row "io 10x200ms: sequential wall (ms)" "$(j io --model sequential --tasks 10 --delay 200 | get wall_ms)" "~2000"
row "io: thread x4 wall (ms)" "$(j io --model thread --workers 4 --tasks 10 --delay 200 | get wall_ms)" "~600 (3 rounds)"
row "io: coroutine wall (ms)" "$(j io --model coroutine --tasks 10 --delay 200 | get wall_ms)" "~200"

out=$(j counter --model thread --gil off --lock off --workers 4 --increments 1000000)
row "counter no lock, no GIL: final / expected" "$(echo "$out" | get final) / $(echo "$out" | get expected)" "final < expected"
out=$(j counter --model thread --gil off --lock on --workers 4 --increments 1000000)
row "counter with lock: final / expected" "$(echo "$out" | get final) / $(echo "$out" | get expected)" "equal"

con=$(j convoy --gil on)
coff=$(j convoy --gil off)
for p in p50 p99; do
	on=$(echo "$con" | get latency_${p}_ms)
	off=$(echo "$coff" | get latency_${p}_ms)
	row "convoy: I/O $p latency, GIL on / off (ms)" "$on / $off" ""
	row "convoy: $p ratio on/off" "$(ratio "$on" "$off")x" "many times"
done

for m in sequential thread process coroutine; do
	row "startup: per $m (us, 30 started)" "$(j startup --model $m --count 30 | get per_worker_us)" ""
done
row "pool 20 primes: plain loop wall (ms)" "$(j pool --model sequential | get wall_ms)" ""
row "pool 20 primes: process pool wall (ms)" "$(j pool --executor process | get wall_ms)" "slower than the loop"
