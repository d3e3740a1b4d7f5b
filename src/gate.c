/*
 * gate.c — the step gate, written once for every model.
 *
 * In step mode each worker stops before its next lock, queue, semaphore
 * or GIL operation (or, for coroutines, before the loop resumes one of
 * them) until the learner lets it go.  The gate is a process-shared
 * mutex and condition with one slot per worker, in the run's shared
 * block, so forked workers park on the same gate as threads do.
 *
 * A parker marks its slots parked, with the operation it waits to do,
 * and waits on the condition; the controller sets one slot's release
 * flag and broadcasts.  A parker whose slot was released clears parked
 * and release together, under the mutex, so the controller never sees a
 * stale release.  Several slots park together when the coroutine loop
 * offers its ready coroutines: whichever the learner releases runs next.
 * Switching the gate off, or the run's stop flag, lets every parker go;
 * the waits are timed (GATE_SLICE_NS) so a stop set without a broadcast
 * is seen too.
 */
#include "config.h"

#include <time.h>

#include "gate.h"
#include "util.h"

#define GATE_SLICE_NS 20000000u

void
gate_init(struct gate *g)
{
	atomic_init(&g->on, 0);
	xmutex_init(&g->mu, 1);
	xcond_init(&g->cv, 1);
	for (int i = 0; i < GATE_SLOTS; i++)
		g->slot[i] = (struct gate_slot){ 0 };
}

void
gate_destroy(struct gate *g)
{
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->cv);
}

int
gate_is_on(struct gate *g)
{
	return atomic_load_explicit(&g->on, memory_order_relaxed);
}

void
gate_set(struct gate *g, int on)
{
	pthread_mutex_lock(&g->mu);
	atomic_store(&g->on, on);
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

void
gate_wake(struct gate *g)
{
	pthread_mutex_lock(&g->mu);
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

int
gate_release(struct gate *g, int i)
{
	int rc = -1;

	if (i < 0 || i >= GATE_SLOTS)
		return -1;
	pthread_mutex_lock(&g->mu);
	if (g->slot[i].parked) {
		g->slot[i].release = 1;
		pthread_cond_broadcast(&g->cv);
		rc = 0;
	}
	pthread_mutex_unlock(&g->mu);
	return rc;
}

int
gate_parked(struct gate *g, int i, int *kind, int *obj)
{
	int parked;

	if (i < 0 || i >= GATE_SLOTS)
		return 0;
	pthread_mutex_lock(&g->mu);
	parked = g->slot[i].parked && !g->slot[i].release;
	if (parked) {
		*kind = g->slot[i].kind;
		*obj = g->slot[i].obj;
	}
	pthread_mutex_unlock(&g->mu);
	return parked;
}

/* The first of slots the controller released, or -1 (mutex held). */
static int
released(const struct gate *g, const int *slots, int n)
{
	for (int i = 0; i < n; i++)
		if (g->slot[slots[i]].release)
			return i;
	return -1;
}

int
gate_park(struct gate *g, const int *slots, int n, int kind, int obj,
    const _Atomic int *stop)
{
	struct timespec ts;
	int chosen;

	pthread_mutex_lock(&g->mu);
	for (int i = 0; i < n; i++)
		g->slot[slots[i]] = (struct gate_slot){ .parked = 1, .kind = kind, .obj = obj };
	while ((chosen = released(g, slots, n)) < 0 && atomic_load(&g->on) &&
	    !atomic_load(stop)) {
		deadline_in(&ts, GATE_SLICE_NS);
		pthread_cond_timedwait(&g->cv, &g->mu, &ts);
	}
	for (int i = 0; i < n; i++)
		g->slot[slots[i]].parked = g->slot[slots[i]].release = 0;
	pthread_mutex_unlock(&g->mu);
	return chosen;
}
