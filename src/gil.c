/*
 * gil.c — CPython's GIL hand-off, with real threads.
 *
 * One holder at a time runs "bytecode".  The model follows take_gil() and
 * drop_gil() of CPython 3.11–3.13 (Python/ceval_gil.c), step for step:
 *
 *  - take: if the GIL is free, take it at once — a thread coming back from
 *    I/O may barge in ahead of threads already waiting.  Otherwise wait on
 *    cond for one switch interval at a time.  When a wait times out, the
 *    GIL is still held and switch_number has not moved meanwhile, set
 *    drop_request (the eval breaker) and keep waiting.  A wait that ends
 *    because cond was signalled does not ask anything: it retries.
 *  - on taking it (under switch_mutex): locked = 1; if the taker is not the
 *    last holder, it becomes the last holder and switch_number grows — a
 *    thread that drops and retakes the GIL itself is no switch at all, so
 *    it does not restart anybody's interval.  Signal switch_cond, clear a
 *    pending drop request.
 *  - drop: locked = 0 and signal cond — one waiter, whichever the OS's
 *    condition variable wakes, which is why the winner among several
 *    waiters is not the one that asked first.  Then FORCE_SWITCHING: if a
 *    drop request is pending (whether the drop answers it at the eval
 *    breaker or is a voluntary release for I/O or a lock), clear it and
 *    wait on switch_cond until some other thread has taken the GIL, so the
 *    dropper cannot take it straight back.
 *  - check (the eval breaker, between "bytecodes": loop back-edges and
 *    calls, never in the middle of "counter += 1"): if drop_request is
 *    set, drop and take again.
 *  - blocking I/O, time.sleep() (sleep(0) too) and blocking on a Lock drop
 *    it voluntarily (Py_BEGIN_ALLOW_THREADS) and take it again afterwards
 *    like any waiter (work.c, sync.c).
 *
 * Simplifications, on purpose:
 *  - one drop request per GIL, not per thread state (3.13 sets it on the
 *    holder's thread state; with one holder at a time it is the same);
 *  - the eval breaker is looked at every 16 units of the compute loop
 *    (under a microsecond, work.c) and at the demos' loop back-edges,
 *    where CPython looks every few bytecodes.  How soon the holder answers
 *    matters: it decides whether the waiter that asked, still on its way
 *    into cond, or one asleep in it takes the signal.  Answered only
 *    every 50 µs, the convoy's I/O thread won nine hand-offs in ten and
 *    waited 0.38 of CPython's median;
 *  - the waits that CPython makes untimed (FORCE_SWITCHING's) are timed
 *    slices here that also see the run's stop flag and give up when no
 *    thread waits for the GIL any more, so a stopping run never hangs;
 *  - the interval and every wait are stretched by the run's pace, so a
 *    slowed down run looks the same, only slower;
 *  - no signal handling, pending calls or GC in the eval breaker.
 */
#include "config.h"

#include <errno.h>
#include <time.h>

#include "gil.h"
#include "trace.h"
#include "util.h"

/* FORCE_SWITCHING waits in slices this long, to see the stop flag. */
#define SWITCH_SLICE_NS 20000000u

static int
gil_pace(const struct gil *g)
{
	int p = g->pace != NULL ? atomic_load_explicit(g->pace, memory_order_relaxed) : 1;

	return p < 1 ? 1 : p;
}

static int
gil_stopping(const struct gil *g)
{
	return g->stop != NULL && atomic_load_explicit(g->stop, memory_order_relaxed);
}

static void
init_pair(pthread_mutex_t *m, pthread_cond_t *c, int pshared)
{
	xmutex_init(m, pshared);
	xcond_init(c, pshared);
}

void
gil_init(struct gil *g, uint64_t interval_ns, int pshared, struct trace *trace,
    const _Atomic int *stop, const _Atomic int *pace)
{
	init_pair(&g->mutex, &g->cond, pshared);
	init_pair(&g->switch_mutex, &g->switch_cond, pshared);
	g->locked = 0;
	g->holder = -1;
	g->switch_number = 0;
	atomic_init(&g->drop_request, 0);
	atomic_init(&g->waiters, 0);
	g->interval_ns = interval_ns;
	g->switches = g->forced = 0;
	g->trace = trace;
	g->stop = stop;
	g->pace = pace;
}

void
gil_destroy(struct gil *g)
{
	pthread_mutex_destroy(&g->mutex);
	pthread_cond_destroy(&g->cond);
	pthread_mutex_destroy(&g->switch_mutex);
	pthread_cond_destroy(&g->switch_cond);
}

void
gil_take(struct gil *g, int track)
{
	uint64_t t0 = now_ns();
	struct timespec ts;

	trace_emit_at(g->trace, track, t0, EV_GIL_REQUEST, 0, 0);
	pthread_mutex_lock(&g->mutex);
	if (g->locked)
		atomic_fetch_add(&g->waiters, 1);
	while (g->locked) {
		uint64_t saved = g->switch_number;
		int rc;

		deadline_in(&ts, g->interval_ns * (uint64_t)gil_pace(g));
		rc = pthread_cond_timedwait(&g->cond, &g->mutex, &ts);
		if (rc == ETIMEDOUT && g->locked && g->switch_number == saved &&
		    !gil_stopping(g)) {
			atomic_store(&g->drop_request, 1);
			trace_emit(g->trace, track, EV_GIL_DROP_REQUEST, 0, g->holder);
		}
		if (!g->locked)
			atomic_fetch_sub(&g->waiters, 1);
	}
	pthread_mutex_lock(&g->switch_mutex);
	g->locked = 1;
	if (g->holder != track) {
		g->holder = track;
		g->switch_number++;
		g->switches++;
	}
	pthread_cond_signal(&g->switch_cond);
	pthread_mutex_unlock(&g->switch_mutex);
	atomic_store(&g->drop_request, 0);
	trace_emit(g->trace, track, EV_GIL_ACQUIRE, 0, (int64_t)(now_ns() - t0));
	pthread_mutex_unlock(&g->mutex);
}

void
gil_drop(struct gil *g, int track, int forced)
{
	struct timespec ts;

	pthread_mutex_lock(&g->mutex);
	trace_emit(g->trace, track, EV_GIL_DROP, 0, forced);
	g->locked = 0;
	if (forced)
		g->forced++;
	pthread_cond_signal(&g->cond);
	pthread_mutex_unlock(&g->mutex);

	/* FORCE_SWITCHING: someone asked for it, so let a waiter in before
	 * this thread may take it again. */
	if (!atomic_load(&g->drop_request))
		return;
	pthread_mutex_lock(&g->switch_mutex);
	if (g->holder == track)
		atomic_store(&g->drop_request, 0);
	while (g->holder == track && atomic_load(&g->waiters) > 0 &&
	    !gil_stopping(g)) {
		deadline_in(&ts, SWITCH_SLICE_NS);
		pthread_cond_timedwait(&g->switch_cond, &g->switch_mutex, &ts);
	}
	pthread_mutex_unlock(&g->switch_mutex);
}

int
gil_check(struct gil *g, int track)
{
	if (!atomic_load_explicit(&g->drop_request, memory_order_relaxed))
		return 0;
	gil_drop(g, track, 1);
	gil_take(g, track);
	return 1;
}

int
gil_holder(struct gil *g)
{
	int h;

	pthread_mutex_lock(&g->mutex);
	h = g->locked ? g->holder : -1;
	pthread_mutex_unlock(&g->mutex);
	return h;
}
