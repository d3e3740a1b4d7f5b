"""The convoy effect: one I/O thread sleeps DELAY_MS, then handles the
request, TASKS times, while CPU_THREADS threads compute.  Prints the p50
and the p99 of the latency from "data ready" (the sleep's end) to
"handled", in ms, like lockstep demo convoy."""
import sys
import time
import threading

CPU_THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
TASKS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
DELAY = (float(sys.argv[3]) if len(sys.argv) > 3 else 2) / 1000
done = False
latency = []


def io():
    global done
    for _ in range(TASKS):
        start = time.perf_counter()
        time.sleep(DELAY)
        latency.append(max(0.0, time.perf_counter() - (start + DELAY)))
    done = True


def cpu():
    x = 1
    while not done:
        for _ in range(1000):
            x = (x * 1103515245 + 12345) & 0xFFFFFFFF


ts = [threading.Thread(target=io)] + [threading.Thread(target=cpu) for _ in range(CPU_THREADS)]
for t in ts:
    t.start()
for t in ts:
    t.join()
latency.sort()
n = len(latency)
print("%.3f %.3f" % (latency[n // 2] * 1000, latency[min(n - 1, n * 99 // 100)] * 1000))
