"""I/O-bound: TASKS blocking waits of DELAY_MS, by 4 threads or by asyncio
coroutines.  Prints the wall time in ms, like lockstep demo io."""
import sys
import time
import asyncio
import threading

MODEL = sys.argv[1] if len(sys.argv) > 1 else "thread"
TASKS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
DELAY = (float(sys.argv[3]) if len(sys.argv) > 3 else 200) / 1000
WORKERS = 4


def threads():
    lock = threading.Lock()
    todo = list(range(TASKS))

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                todo.pop()
            time.sleep(DELAY)

    ws = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for w in ws:
        w.start()
    for w in ws:
        w.join()


async def coroutines():
    await asyncio.gather(*(asyncio.sleep(DELAY) for _ in range(TASKS)))


t0 = time.perf_counter()
if MODEL == "coroutine":
    asyncio.run(coroutines())
else:
    threads()
print("%.1f" % ((time.perf_counter() - t0) * 1000))
