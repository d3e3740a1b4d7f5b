"""Start-up cost: COUNT workers that do nothing, all started then all
joined (threads, fork processes) or gathered (asyncio tasks).  Prints the
wall time per worker in microseconds, like lockstep demo startup."""
import sys
import time
import asyncio
import threading
import multiprocessing

MODEL = sys.argv[1] if len(sys.argv) > 1 else "thread"
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 50


def nothing():
    pass


async def nothing_async():
    pass


async def gather():
    await asyncio.gather(*(asyncio.create_task(nothing_async()) for _ in range(COUNT)))


def main():
    t0 = time.perf_counter()
    if MODEL == "coroutine":
        asyncio.run(gather())
    else:
        if MODEL == "process":
            ws = [multiprocessing.get_context("fork").Process(target=nothing) for _ in range(COUNT)]
        else:
            ws = [threading.Thread(target=nothing) for _ in range(COUNT)]
        for w in ws:
            w.start()
        for w in ws:
            w.join()
    print("%.1f" % ((time.perf_counter() - t0) * 1e6 / COUNT))


if __name__ == "__main__":
    main()
