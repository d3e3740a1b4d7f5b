/*
 * gil.c — CPython's GIL hand-off, with real threads.
 *
 * One holder at a time runs "bytecode".  The model follows CPython's
 * Python/ceval_gil.c (3.2 and later):
 *
 *  - take: while the GIL is held, wait on cond for one switch interval.  If
 *    the wait timed out and no switch happened meanwhile (switch_number is
 *    unchanged), set drop_request — the eval breaker — and keep waiting.
 *    On taking it: mark it locked, record the holder, bump switch_number,
 *    signal switch_cond, and clear any drop request.
 *  - check (between bytecodes: loop back-edges and calls, never in the
 *    middle of "counter += 1"): if drop_request is set, drop and take again.
 *  - drop: unlock and signal cond.  When the drop answers a request
 *    (FORCE_SWITCHING), wait on switch_cond until another thread has taken
 *    the GIL, so the dropper cannot grab it straight back.
 *  - blocking I/O drops it voluntarily (Py_BEGIN_ALLOW_THREADS) and takes
 *    it again afterwards.
 *
 * The interval and every wait are stretched by the run's pace so a slowed
 * down run looks the same, only slower.  Waits are bounded and check the
 * run's stop flag, so a stopping run never hangs on the GIL.
 */
#include "config.h"

#include <errno.h>
#include <time.h>

#include "gil.h"
#include "trace.h"
#include "util.h"

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
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	int ps = pshared ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;

	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, ps);
	pthread_mutex_init(m, &ma);
	pthread_mutexattr_destroy(&ma);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, ps);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(c, &ca);
	pthread_condattr_destroy(&ca);
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
	while (g->locked) {
		uint64_t saved = g->switch_number;
		int rc;

		deadline_in(&ts, g->interval_ns * (uint64_t)gil_pace(g));
		rc = pthread_cond_timedwait(&g->cond, &g->mutex, &ts);
		if (rc == ETIMEDOUT && g->locked && g->switch_number == saved &&
		    !atomic_load(&g->drop_request) && !gil_stopping(g)) {
			atomic_store(&g->drop_request, 1);
			trace_emit(g->trace, track, EV_GIL_DROP_REQUEST, 0, g->holder);
		}
	}
	pthread_mutex_lock(&g->switch_mutex);
	g->locked = 1;
	g->holder = track;
	g->switch_number++;
	g->switches++;
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

	if (!forced)
		return;
	/* FORCE_SWITCHING: let a waiter in before we may take it again. */
	pthread_mutex_lock(&g->switch_mutex);
	while (g->holder == track && !gil_stopping(g)) {
		deadline_in(&ts, 2 * g->interval_ns * (uint64_t)gil_pace(g));
		if (pthread_cond_timedwait(&g->switch_cond, &g->switch_mutex, &ts) ==
		    ETIMEDOUT)
			break;	/* nobody came for it after all */
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
