/*
 * deadlock.c — a wait-for cycle, found in a snapshot of who waits for
 * which lock and who holds it.
 *
 * Each worker waits for at most one lock and each lock has at most one
 * holder, so from any worker there is exactly one path: worker → the lock
 * it waits for → that lock's holder → the lock the holder waits for ...
 * The path either ends (a free lock, a worker that waits for nothing) or
 * comes back to a worker it passed.  Starting from each worker in turn
 * and following at most nworkers steps finds the cycle from one of its
 * members.  The function is pure: the engine feeds it the workers' live
 * slots (watch.c), the lock pane the view model's picture (pane-lock.c),
 * so both name the same cycle.
 */
#include "config.h"

#include "deadlock.h"

/* The path from start: its length if it comes back to start, else 0. */
static int
walk(const int *waiting_on, int nworkers, const int *holder, int nlocks,
    int start, int *cycle, int max)
{
	int cur = start, n = 0;

	for (int steps = 0; steps < nworkers && n + 2 <= max; steps++) {
		int lk = waiting_on[cur], h;

		if (lk < 0 || lk >= nlocks)
			return 0;
		h = holder[lk];
		if (h < 0 || h >= nworkers)
			return 0;
		cycle[n++] = cur;
		cycle[n++] = lk;
		if (h == start)
			return n;
		cur = h;
	}
	return 0;
}

int
deadlock_cycle(const int *waiting_on, int nworkers, const int *holder,
    int nlocks, int *cycle, int max)
{
	for (int start = 0; start < nworkers; start++) {
		int n = walk(waiting_on, nworkers, holder, nlocks, start, cycle, max);

		if (n > 0)
			return n;
	}
	return 0;
}
