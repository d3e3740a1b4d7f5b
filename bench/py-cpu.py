"""CPU-bound speedup: 4 tasks of WORK_MS of pure-Python arithmetic, run by
N threads or N processes, against the same tasks run one after another.
Prints the speedup (sequential wall / parallel wall), like
lockstep demo cpu --model thread|process."""
import sys
import time
import threading
import multiprocessing

MODEL = sys.argv[1] if len(sys.argv) > 1 else "thread"
WORKERS = int(sys.argv[2]) if len(sys.argv) > 2 else 4
TASKS = int(sys.argv[3]) if len(sys.argv) > 3 else 4
WORK_MS = float(sys.argv[4]) if len(sys.argv) > 4 else 250


def spin(n):
    x = 1
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
    return x


def calibrate():
    n = 10000
    while True:
        t0 = time.thread_time()     # CPU time: other processes' load does not count
        spin(n)
        dt = time.thread_time() - t0
        if dt > 0.05:
            return int(n * WORK_MS / 1000 / dt)
        n *= 2


def run_tasks(n, count):
    for _ in range(count):
        spin(n)


def main():
    n = calibrate()
    t0 = time.perf_counter()
    run_tasks(n, TASKS)
    seq = time.perf_counter() - t0
    per = [TASKS // WORKERS + (1 if i < TASKS % WORKERS else 0) for i in range(WORKERS)]
    if MODEL == "process":
        ctx = multiprocessing.get_context("fork")
        ws = [ctx.Process(target=run_tasks, args=(n, k)) for k in per]
    else:
        ws = [threading.Thread(target=run_tasks, args=(n, k)) for k in per]
    t0 = time.perf_counter()
    for w in ws:
        w.start()
    for w in ws:
        w.join()
    par = time.perf_counter() - t0
    print("%.2f" % (seq / par))


if __name__ == "__main__":
    main()
