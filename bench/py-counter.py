"""The shared counter with time.sleep(0) between its read and its write,
4 threads x N increments, with or without a Lock around each increment.
Prints the wall time in ms, like lockstep demo counter --await-between on."""
import sys
import time
import threading

LOCK = len(sys.argv) > 1 and sys.argv[1] == "lock"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
WORKERS = 4
counter = 0
lock = threading.Lock()


def add_unlocked():
    global counter
    for _ in range(N):
        v = counter
        time.sleep(0)
        counter = v + 1


def add_locked():
    global counter
    for _ in range(N):
        with lock:
            v = counter
            time.sleep(0)
            counter = v + 1


ts = [threading.Thread(target=add_locked if LOCK else add_unlocked) for _ in range(WORKERS)]
t0 = time.perf_counter()
for t in ts:
    t.start()
for t in ts:
    t.join()
ms = (time.perf_counter() - t0) * 1000
if LOCK and counter != WORKERS * N:
    sys.exit("locked counter ended at %d" % counter)
print("%.1f" % ms)
