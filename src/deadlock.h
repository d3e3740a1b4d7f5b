/*
 * deadlock.h — find a cycle in a wait-for graph.  See deadlock.c.
 */
#ifndef LOCKSTEP_DEADLOCK_H
#define LOCKSTEP_DEADLOCK_H

/*
 * The graph: worker w waits for lock waiting_on[w] (-1: for none), and
 * lock l is held by worker holder[l] (-1: free, or not a lock).  Fills
 * cycle with worker, lock, worker, lock ... of the first cycle found and
 * returns its length (twice the workers on it), or 0 when there is none.
 * A cycle passes each worker and each lock once, so max ≥ 2 × the smaller
 * of nworkers and nlocks always has room for it.
 */
int deadlock_cycle(const int *waiting_on, int nworkers, const int *holder,
    int nlocks, int *cycle, int max);

#endif
