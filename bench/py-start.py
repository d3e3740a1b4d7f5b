"""Process start-up by start method: COUNT processes that do nothing, all
started then all joined, with multiprocessing's METHOD (fork, spawn,
forkserver; the fork server's own start included, as in lockstep's run).
Prints the wall time per process in microseconds, like lockstep demo
startup --model process --start METHOD.  The main module imports only
what it needs: spawn and forkserver children import it again."""
import sys
import time
import multiprocessing


def nothing():
    pass


def main():
    method = sys.argv[1] if len(sys.argv) > 1 else "fork"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    ctx = multiprocessing.get_context(method)
    t0 = time.perf_counter()
    ws = [ctx.Process(target=nothing) for _ in range(count)]
    for w in ws:
        w.start()
    for w in ws:
        w.join()
    print("%.1f" % ((time.perf_counter() - t0) * 1e6 / count))


if __name__ == "__main__":
    main()
