/*
 * view.c — trace events in, pane state out.
 *
 * Each worker runs a small state machine driven by its own events (their
 * order within a worker is exact).  Relations between workers — a lock's
 * holder and waiters, a queue's depth — are applied from a batch sorted by
 * timestamp, and defensively: a release only clears the holder if the
 * releaser holds it, so an event that arrives a frame late cannot corrupt
 * the picture.
 *
 * The timeline is a ring of fixed-width columns per worker.  Each worker's
 * time is accounted into the columns it spans, per state; a column shows
 * the state it spent most time in, except that a wait on a lock, semaphore
 * or queue (or parking) shows when it took a tenth of the column, and
 * running only when it took more than half (so under the GIL, where one
 * thread runs at a time, no column shows two running).  Under
 * the GIL a column is half a switch interval (× pace), so each turn spans
 * two columns at least; when the pace changes, new columns take the new
 * width from a base column on (base_col, base_t) and older columns keep
 * their start times in col_t.
 *
 * Alongside, the whole run is kept at a coarser grain for the picture
 * fitted to the pane once it ends: VIEW_FIT_COLS buckets per worker, the
 * first VIEW_FIT_NS0 wide; when the run outgrows them, neighbours merge
 * and the width doubles.  A merged bucket keeps a wait if either had one,
 * else alternately the first or the second state (a sample, so a run
 * half running and half waiting for the GIL still looks like that).
 *
 * A deadlock turns the workers waiting in it into WS_DEADLOCK for good;
 * view_finish() turns whoever is still going when a stopped run ends into
 * WS_STOPPED, so after the last event every worker is done, deadlocked or
 * stopped (the Check suite holds every demo to that).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "ops.h"
#include "util.h"
#include "view.h"

#define LOOP_BLOCK_NS 100000000u	/* a coroutine holding the loop this long is a problem */

static const char *const state_names[WS__MAX] = {
	[WS_IDLE] = "not started",
	[WS_RUNNING] = "running",
	[WS_RUN_FREE] = "running in parallel (no GIL)",
	[WS_HOLDING] = "running, holding a lock",
	[WS_READY] = "ready",
	[WS_GIL_WAIT] = "waiting for the GIL",
	[WS_LOCK_WAIT] = "waiting for a lock",
	[WS_SEM_WAIT] = "waiting for the semaphore",
	[WS_QUEUE_FULL] = "blocked: queue full",
	[WS_QUEUE_EMPTY] = "blocked: queue empty",
	[WS_SLEEP] = "sleeping / I/O",
	[WS_AWAIT] = "awaiting (suspended)",
	[WS_LOOP_BLOCK] = "blocking the event loop",
	[WS_PARKED] = "parked (step mode)",
	[WS_DEADLOCK] = "deadlocked",
	[WS_STOPPED] = "stopped",
	[WS_DONE] = "done",
};

/* Which state a timeline column keeps when two share it. */
static const int state_rank[WS__MAX] = {
	[WS_IDLE] = 0, [WS_DONE] = 1, [WS_READY] = 2, [WS_AWAIT] = 2,
	[WS_SLEEP] = 3, [WS_RUNNING] = 4, [WS_RUN_FREE] = 4, [WS_HOLDING] = 5,
	[WS_LOOP_BLOCK] = 5, [WS_GIL_WAIT] = 6, [WS_QUEUE_FULL] = 7,
	[WS_QUEUE_EMPTY] = 7, [WS_SEM_WAIT] = 8, [WS_LOCK_WAIT] = 9,
	[WS_PARKED] = 10, [WS_STOPPED] = 11, [WS_DEADLOCK] = 12,
};

/* States that win a column (or a merged bucket) from a tenth of it. */
static const enum wstate sticky[] = {
	WS_DEADLOCK, WS_PARKED, WS_LOCK_WAIT, WS_SEM_WAIT, WS_QUEUE_FULL,
	WS_QUEUE_EMPTY, WS_LOOP_BLOCK,
};

static int
is_sticky(enum wstate s)
{
	for (size_t k = 0; k < nitems(sticky); k++)
		if (sticky[k] == s)
			return 1;
	return 0;
}

int
view_state_final(enum wstate s)
{
	return s == WS_DONE || s == WS_DEADLOCK || s == WS_STOPPED;
}

int
view_state_running(enum wstate s)
{
	return s == WS_RUNNING || s == WS_RUN_FREE || s == WS_HOLDING;
}

uint64_t
view_col_ns(int gil, int switch_ms, int pace)
{
	uint64_t ns;

	if (!gil || switch_ms <= 0)
		return VIEW_COL_NS;
	ns = (uint64_t)switch_ms * 1000000u * (uint64_t)(pace < 1 ? 1 : pace) / 2;
	return ns < 100000u ? 100000u : ns;
}

uint64_t
view_col_fit(double ms, int cols)
{
	/* round widths, in tenths of a power of ten: never a third too coarse */
	static const unsigned tenths[] = { 10, 12, 15, 20, 25, 30, 40, 50, 60, 80 };
	/* 10 % over the estimate: a run a little late still fits */
	double want = ms * 1.1e6 / (cols > 0 ? cols : 1);

	if (ms < 0)
		return VIEW_COL_NS;
	for (uint64_t step = 10000u;; step *= 10)	/* from 0.1 ms */
		for (size_t i = 0; i < nitems(tenths); i++)
			if ((double)(step * tenths[i]) >= want || step >= 1000000000u)
				return step * tenths[i];
}

const char *
view_state_name(enum wstate s)
{
	return s < WS__MAX ? state_names[s] : "?";
}

static void
view_reset(struct view *v, int nworkers, int ncores, uint64_t t0, uint64_t col_ns)
{
	memset(v, 0, sizeof *v);
	v->ntotal = nworkers;
	v->nworkers = nworkers < VIEW_MAX_WORKERS ? nworkers : VIEW_MAX_WORKERS;
	v->ncores = ncores < 1 ? 1 : ncores > VIEW_MAX_CORES ? VIEW_MAX_CORES : ncores;
	v->t0 = v->now = v->util_t = v->base_t = t0;
	v->col_ns = col_ns;
	v->fit_ns = VIEW_FIT_NS0;
	v->col_t[0] = t0;
	v->gil_holder = -1;
	v->loop_running = -1;
	v->lost_by = -1;
	for (int i = 0; i < v->nworkers; i++) {
		v->w[i].cpu = -1;
		v->w[i].waiting_on = -1;
		v->w[i].task = -1;
		v->w[i].op_obj = -1;
		v->w[i].since = t0;
		v->w[i].acc_t = t0;
		v->w[i].fit_t = t0;
	}
	for (int c = 0; c < v->ncores; c++)
		v->core[c].worker = -1;
}

void
view_init_plain(struct view *v, int nworkers, const char *kinds, int ncores,
    uint64_t t0, uint64_t col_ns)
{
	view_reset(v, nworkers, ncores, t0, col_ns);
	for (int i = 0; i < v->nworkers; i++)
		xsnprintf(v->w[i].name, sizeof v->w[i].name, "w%d", i);
	for (int i = 0; kinds != NULL && kinds[i] != '\0' && i < VIEW_MAX_OBJS; i++) {
		struct view_obj *o = &v->obj[v->nobjs++];

		o->kind = kinds[i];
		o->holder = -1;
		o->size = kinds[i] == 'L' ? 0 : 4;
		xsnprintf(o->name, sizeof o->name, "%c%d", kinds[i], i);
	}
}

void
view_init(struct view *v, struct run *r, int ncores)
{
	view_reset(v, run_workers(r), ncores, run_started_ns(r),
	    view_col_ns(run_gil(r), run_knob(r, KNOB_SWITCH_INTERVAL), run_pace(r)));
	v->model = run_model(r);
	v->gil = run_gil(r);
	for (int i = 0; i < v->nworkers; i++)
		run_track_name(r, i, v->w[i].name, sizeof v->w[i].name);
	v->nobjs = run_objects(r) < VIEW_MAX_OBJS ? run_objects(r) : VIEW_MAX_OBJS;
	for (int i = 0; i < v->nobjs; i++) {
		struct view_obj *o = &v->obj[i];

		xsnprintf(o->name, sizeof o->name, "%s", run_object_name(r, i));
		o->kind = run_object_kind(r, i);
		o->size = run_object_size(r, i);
		o->holder = -1;
	}
	v->gen++;
}

static int64_t
col_of(const struct view *v, uint64_t t)
{
	if (t <= v->base_t || v->col_ns == 0)
		return v->base_col;
	return v->base_col + (int64_t)((t - v->base_t) / v->col_ns);
}

/* When column c (>= base_col) ends. */
static uint64_t
col_end(const struct view *v, int64_t c)
{
	return v->base_t + (uint64_t)(c - v->base_col + 1) * v->col_ns;
}

/* Not there: not started yet, or ended. */
static int
is_absent(int k)
{
	return k == WS_IDLE || k == WS_DONE || k == WS_STOPPED;
}

/*
 * What a finished (or the current) column shows: the state that took most of
 * the time the worker was there in it — except that waiting on a lock, a
 * semaphore or a queue, and being parked in step mode, show whenever they
 * took a tenth of it, so a short wait is not lost among running columns.
 * A worker that started or ended inside a column shows what it did there,
 * not its absence (unless that was running bytecode under a GIL): 50 free
 * threads or processes that each live 50 us draw the staircase of their
 * starts, not 50 blank rows.
 */
static enum wstate
col_choose(const uint64_t *acc)
{
	uint64_t total = 0, best = 0;
	enum wstate s = WS_IDLE;
	int there = 0;

	for (int k = 0; k < WS__MAX; k++)
		if (!is_absent(k) && acc[k] > 0)
			there = 1;
	/* ... unless it ran bytecode that may have held the GIL: a thread
	 * that ended in a column another one ran the rest of would show two
	 * running in it */
	if (acc[WS_RUNNING] > 0 || acc[WS_HOLDING] > 0)
		there = 0;
	for (int k = 0; k < WS__MAX; k++)
		if (!there || !is_absent(k))
			total += acc[k];
	for (size_t k = 0; k < nitems(sticky); k++) {
		if (acc[sticky[k]] * 10 >= total && acc[sticky[k]] > best) {
			best = acc[sticky[k]];
			s = sticky[k];
		}
	}
	if (best > 0)
		return s;
	for (int k = 0; k < WS__MAX; k++) {
		if (there && is_absent(k))
			continue;
		/* running shows only when it took most of the column: then no
		 * two threads ever show running in one column under the GIL */
		if (view_state_running((enum wstate)k) && acc[k] * 2 <= total &&
		    acc[k] < total)
			continue;
		if (acc[k] > best || (acc[k] == best && acc[k] > 0 &&
		    state_rank[k] > state_rank[s])) {
			best = acc[k];
			s = (enum wstate)k;
		}
	}
	return s;
}

/* Merge bucket pairs: the whole run in half as many buckets. */
static void
fit_halve(struct view *v)
{
	for (int i = 0; i < v->nworkers; i++) {
		struct view_worker *w = &v->w[i];

		for (int b = 0; b < VIEW_FIT_COLS / 2; b++) {
			enum wstate x = w->fit[2 * b], y = w->fit[2 * b + 1], s;

			if (is_sticky(x) && is_sticky(y))
				s = state_rank[y] > state_rank[x] ? y : x;
			else if (is_sticky(x) || is_sticky(y))
				s = is_sticky(x) ? x : y;
			else if (is_absent(x) || is_absent(y))
				s = is_absent(x) ? y : x;	/* there beats not */
			else
				s = b % 2 ? y : x;
			w->fit[b] = (unsigned char)s;
		}
		memset(w->fit + VIEW_FIT_COLS / 2, 0, VIEW_FIT_COLS / 2);
		w->fit_b = -1;	/* the open bucket restarts, half counted */
	}
	v->fit_ns *= 2;
}

/* Account worker i's state into the whole run's buckets up to t. */
static void
fit_account(struct view *v, int i, uint64_t t)
{
	struct view_worker *w = &v->w[i];

	if (t <= w->fit_t)
		return;
	while ((t - v->t0) / v->fit_ns >= VIEW_FIT_COLS)
		fit_halve(v);
	while (w->fit_t < t) {
		int64_t b = (int64_t)((w->fit_t - v->t0) / v->fit_ns);
		uint64_t end = v->t0 + (uint64_t)(b + 1) * v->fit_ns, upto = t < end ? t : end;

		if (b != w->fit_b) {
			w->fit_b = b;
			memset(w->fit_acc, 0, sizeof w->fit_acc);
		}
		w->fit_acc[w->state] += upto - w->fit_t;
		w->fit[b] = (unsigned char)col_choose(w->fit_acc);
		w->fit_t = upto;
	}
}

/* Account worker i's current state into the timeline up to time t. */
static void
tl_account(struct view *v, int i, uint64_t t)
{
	struct view_worker *w = &v->w[i];

	if (t <= w->acc_t)
		return;
	fit_account(v, i, t);
	/* A long stretch in one state: skip whole columns that scrolled off. */
	if (t - w->acc_t > (uint64_t)VIEW_TL_COLS * v->col_ns)
		w->acc_t = t - (uint64_t)VIEW_TL_COLS * v->col_ns;
	while (w->acc_t < t) {
		int64_t c = col_of(v, w->acc_t);
		uint64_t end = col_end(v, c), upto = t < end ? t : end;
		unsigned char *cell = &w->tl[c % VIEW_TL_COLS];
		enum wstate shown;

		if (c != w->acc_col) {
			w->acc_col = c;
			memset(w->acc, 0, sizeof w->acc);
		}
		w->acc[w->state] += upto - w->acc_t;
		shown = col_choose(w->acc);
		if (*cell != shown) {
			*cell = (unsigned char)shown;
			v->gen++;
		}
		w->acc_t = upto;
	}
}

static void
set_state(struct view *v, int i, enum wstate s, uint64_t t)
{
	struct view_worker *w = &v->w[i];

	if (w->state == s || w->state == WS_DEADLOCK)
		return;
	if (t < w->since)
		t = w->since;	/* a late event: never run the clock back */
	tl_account(v, i, t);
	if (view_state_running(w->state))
		w->running_ns += t - w->since;
	w->in_state[w->state] += t - w->since;
	w->state = s;
	w->since = t;
	v->seen |= 1u << s;
	v->gen++;
}

static void
waiter_add(struct view_obj *o, int i)
{
	for (int k = 0; k < o->nwaiters; k++)
		if (o->waiters[k] == i)
			return;
	if (o->nwaiters < VIEW_MAX_WAITERS)
		o->waiters[o->nwaiters++] = i;
}

static void
waiter_remove(struct view_obj *o, int i)
{
	for (int k = 0; k < o->nwaiters; k++) {
		if (o->waiters[k] == i) {
			memmove(&o->waiters[k], &o->waiters[k + 1],
			    (size_t)(o->nwaiters - k - 1) * sizeof o->waiters[0]);
			o->nwaiters--;
			return;
		}
	}
}

static struct view_obj *
obj_at(struct view *v, uint32_t id)
{
	return id < (uint32_t)v->nobjs ? &v->obj[id] : NULL;
}

/* Running with no GIL to share: free-threaded threads, processes. */
static int
runs_free(const struct view *v)
{
	return v->model == MODEL_PROCESS || (v->model == MODEL_THREAD && !v->gil);
}

/* Back to running after a wait: holding a lock, or not. */
static void
resume(struct view *v, int i, uint64_t t)
{
	set_state(v, i, v->w[i].holding != 0 ? WS_HOLDING :
	    runs_free(v) ? WS_RUN_FREE : WS_RUNNING, t);
}

/* Holding the CPU or (a coroutine) the event loop. */
static int
is_running(const struct view_worker *w)
{
	return view_state_running(w->state) || w->state == WS_LOOP_BLOCK;
}

/* Coroutine i gives the loop back at t (yields or returns). */
static void
loop_release(struct view *v, int i, uint64_t t)
{
	if (v->loop_running != i)
		return;
	if (t - v->loop_since > v->loop_longest_ns)
		v->loop_longest_ns = t - v->loop_since;
	v->loop_running = -1;
	v->loop_blocking = 0;
}

static void
worker_event(struct view *v, const struct event *e)
{
	int i = e->track;
	struct view_worker *w = &v->w[i];
	struct view_obj *o = obj_at(v, e->obj);

	/* the code markers: which line of the step's code it stands on; a
	 * deadlock keeps them where the cycle closed */
	if (w->state != WS_DEADLOCK && w->state != WS_DONE &&
	    !(v->deadlocked && e->kind == EV_LOCK_RELEASE) &&
	    op_apply(e, &w->op, &w->op_obj)) {
		v->ops_seen |= 1u << w->op;
		v->gen++;
	}

	switch (e->kind) {
	case EV_START:
		resume(v, i, e->t);
		break;
	case EV_END:
		loop_release(v, i, e->t);	/* a coroutine that returned */
		if (w->holds_gil && v->gil_holder == i)
			v->gil_holder = -1;
		w->holds_gil = 0;
		if (w->state == WS_DEADLOCK)
			break;
		set_state(v, i, WS_DONE, e->t);
		v->done++;
		break;
	case EV_CPU:
		w->cpu = (int)e->obj;
		v->gen++;
		break;
	case EV_GIL_REQUEST:
		v->gil_requests++;
		set_state(v, i, WS_GIL_WAIT, e->t);
		break;
	case EV_GIL_ACQUIRE:
		w->holds_gil = 1;
		v->gil_holder = i;
		v->gil_switches++;
		resume(v, i, e->t);
		break;
	case EV_GIL_DROP:
		w->holds_gil = 0;
		if (v->gil_holder == i)
			v->gil_holder = -1;
		if (e->arg)
			v->gil_forced++;
		/* forced off: ready to run again; let go of it (sleep(0), a
		 * blocking call, a Lock): in the OS until it says what next */
		if (is_running(w))
			set_state(v, i, e->arg ? WS_READY : WS_SLEEP, e->t);
		v->gen++;
		break;
	case EV_LOCK_REQUEST:
	case EV_SEM_REQUEST:
		if (o == NULL || v->deadlocked)
			break;
		w->waiting_on = (int)e->obj;
		waiter_add(o, i);
		set_state(v, i, e->kind == EV_LOCK_REQUEST ? WS_LOCK_WAIT : WS_SEM_WAIT, e->t);
		break;
	case EV_LOCK_ACQUIRE:
	case EV_SEM_ACQUIRE:
		if (o == NULL || v->deadlocked)
			break;
		waiter_remove(o, i);
		w->waiting_on = -1;
		o->acquisitions++;
		if (e->arg > 1000000)	/* waited over a millisecond */
			o->contended++;
		if (e->kind == EV_LOCK_ACQUIRE) {
			o->holder = i;
			if (e->obj < 32)
				w->holding |= 1u << e->obj;
		} else {
			o->holders = (int)e->arg;
		}
		resume(v, i, e->t);
		break;
	case EV_LOCK_RELEASE:
		/* After a deadlock the workers unwind and let go: keep the
		 * picture of the deadlock itself. */
		if (o == NULL || v->deadlocked)
			break;
		if (o->holder == i)
			o->holder = -1;
		if (e->obj < 32)
			w->holding &= ~(1u << e->obj);
		if (w->state == WS_HOLDING && w->holding == 0)
			set_state(v, i, WS_RUNNING, e->t);
		v->gen++;
		break;
	case EV_SEM_RELEASE:
		if (o != NULL)
			o->holders = (int)e->arg;
		v->gen++;
		break;
	case EV_QUEUE_FULL:
	case EV_QUEUE_EMPTY:
		if (o == NULL)
			break;
		w->waiting_on = (int)e->obj;
		waiter_add(o, i);
		set_state(v, i, e->kind == EV_QUEUE_FULL ? WS_QUEUE_FULL : WS_QUEUE_EMPTY, e->t);
		break;
	case EV_QUEUE_PUT:
	case EV_QUEUE_GET:
		if (o == NULL)
			break;
		waiter_remove(o, i);
		w->waiting_on = -1;
		o->depth = (int)e->arg;
		if (e->kind == EV_QUEUE_PUT)
			o->puts++;
		else
			o->gets++;
		if (w->state == WS_QUEUE_FULL || w->state == WS_QUEUE_EMPTY)
			resume(v, i, e->t);
		v->gen++;
		break;
	case EV_VALUE_READ:
		w->has_read = 1;
		w->read = e->arg;
		v->gen++;
		break;
	case EV_VALUE:
		/* the latest sample, even when it is lower: a stale write
		 * takes the counter back (a lost update) */
		if (v->has_value && e->arg <= v->value) {
			v->lost += v->value + 1 - e->arg;
			v->lost_by = i;
			v->lost_over = v->value;
		}
		v->value = e->arg;
		v->has_value = 1;
		w->has_read = 0;	/* written back */
		v->gen++;
		break;
	case EV_QUEUE_PILL:
		if (o == NULL)
			break;
		if (e->arg)
			o->pills_got++;
		else
			o->pills_put++;
		v->gen++;
		break;
	case EV_SLEEP_BEGIN:
		if (e->obj == SLEEP_AWAITED) {
			set_state(v, i, WS_AWAIT, e->t);	/* the loop goes on */
		} else if (v->loop_running == i) {
			v->loop_blocking = 1;
			set_state(v, i, WS_LOOP_BLOCK, e->t);
		} else {
			set_state(v, i, WS_SLEEP, e->t);
		}
		break;
	case EV_SLEEP_END:
		v->loop_blocking = 0;
		resume(v, i, e->t);
		break;
	case EV_CORO_RESUME:
		v->loop_running = i;
		v->loop_since = e->t;
		if (w->state == WS_READY || w->state == WS_SLEEP ||
		    w->state == WS_AWAIT || w->state == WS_IDLE)
			resume(v, i, e->t);
		v->gen++;
		break;
	case EV_CORO_YIELD:
		loop_release(v, i, e->t);
		if (e->arg == 0 && is_running(w))	/* CORO_WAIT_READY */
			set_state(v, i, WS_READY, e->t);
		else if (e->arg != 0 && (is_running(w) || w->state == WS_SLEEP))
			set_state(v, i, WS_AWAIT, e->t);	/* a timer, to_thread */
		v->gen++;
		break;
	case EV_TASK_BEGIN:
		w->task = (int)e->arg;
		v->gen++;
		break;
	case EV_TASK_DONE:
		w->tasks_done++;
		w->task = -1;
		v->gen++;
		break;
	case EV_PARK:
		w->park_kind = (int)e->arg;
		w->park_obj = (int)e->obj;
		set_state(v, i, WS_PARKED, e->t);
		break;
	case EV_UNPARK:
		resume(v, i, e->t);
		break;
	default:
		break;
	}
}

void
view_event(struct view *v, const struct event *e)
{
	v->events++;
	if (e->kind == EV_DEADLOCK) {
		v->deadlocked = 1;
		/* whoever waits on a lock now is in the cycle, and stays there */
		for (int i = 0; i < v->nworkers; i++)
			if (v->w[i].state == WS_LOCK_WAIT)
				set_state(v, i, WS_DEADLOCK, e->t);
		v->gen++;
		return;
	}
	if (e->track < v->nworkers)
		worker_event(v, e);
}

/* Merge two sorted runs a[0..na) and b[0..nb) into out, by time, a's
 * first on a tie: a worker's own events keep their order. */
static void
events_merge(const struct event *a, size_t na, const struct event *b, size_t nb,
    struct event *out)
{
	size_t i = 0, j = 0, k = 0;

	while (i < na && j < nb)
		out[k++] = b[j].t < a[i].t ? b[j++] : a[i++];
	while (i < na)
		out[k++] = a[i++];
	while (j < nb)
		out[k++] = b[j++];
}

/* Sort by time, stably (bottom-up merge sort): events that share a
 * timestamp stay in the order their worker wrote them. */
void
view_sort_events(struct event *ev, size_t n)
{
	struct event *tmp, *scratch, *src = ev, *dst;

	if (n < 2)
		return;
	dst = scratch = xreallocarray(NULL, n, sizeof *tmp);
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;

			events_merge(src + lo, mid - lo, src + mid, hi - mid, dst + lo);
		}
		tmp = src;	/* swap: what was written is read next */
		src = dst;
		dst = tmp;
	}
	if (src != ev)
		memcpy(ev, src, n * sizeof *ev);
	free(scratch);
}

void
view_events(struct view *v, struct event *ev, size_t n)
{
	view_sort_events(ev, n);
	for (size_t i = 0; i < n; i++)
		view_event(v, &ev[i]);
}

/* Running on a core now: for threads under the GIL, only the holder. */
static int
on_core(const struct view *v, int i)
{
	const struct view_worker *w = &v->w[i];

	if (!view_state_running(w->state) || w->cpu < 0 || w->cpu >= v->ncores)
		return 0;
	return !v->gil || w->holds_gil;
}

void
view_tick(struct view *v, uint64_t now)
{
	uint64_t dt = now > v->now ? now - v->now : 0;
	int64_t col = col_of(v, now);

	for (int c = 0; c < v->ncores; c++)
		v->core[c].worker = -1;
	for (int i = 0; i < v->nworkers; i++) {
		if (!on_core(v, i))
			continue;
		v->core[v->w[i].cpu].worker = i;
		v->core[v->w[i].cpu].busy_ns += dt;
		v->core[v->w[i].cpu].total_ns += dt;
	}
	/* Utilisation over windows of a quarter second. */
	if (now - v->util_t >= 250000000u) {
		for (int c = 0; c < v->ncores; c++) {
			double u = (double)v->core[c].busy_ns / (double)(now - v->util_t);

			v->core[c].util = u > 1 ? 1 : u;
			v->core[c].busy_ns = 0;
		}
		v->util_t = now;
		v->gen++;
	}
	for (int i = 0; i < v->nworkers; i++)
		tl_account(v, i, now);
	if (col != v->col) {
		for (int64_t c = col - v->col > VIEW_TL_COLS ? col - VIEW_TL_COLS + 1 :
		    v->col + 1; c <= col; c++)
			v->col_t[c % VIEW_TL_COLS] = c <= v->base_col ? v->base_t :
			    col_end(v, c - 1);
		v->col = col;
		v->gen++;
	}
	if (v->loop_running >= 0 && now - v->loop_since > LOOP_BLOCK_NS &&
	    now - v->loop_since - dt <= LOOP_BLOCK_NS)
		v->gen++;	/* the warning appears */
	v->now = now;
}

enum wstate
view_tl(const struct view *v, int i, int ago)
{
	int64_t c = v->col - ago;

	if (i < 0 || i >= v->nworkers || c < 0 || ago >= VIEW_TL_COLS)
		return WS_IDLE;
	return (enum wstate)v->w[i].tl[c % VIEW_TL_COLS];
}

int
view_in_state(const struct view *v, enum wstate s, int *out, int max)
{
	int n = 0;

	for (int i = 0; i < v->nworkers && n < max; i++)
		if (v->w[i].state == s)
			out[n++] = i;
	return n;
}

int
view_ready(const struct view *v, int *out, int max)
{
	int n = view_in_state(v, WS_READY, out, max);

	/* oldest first: the loop's ready queue is FIFO */
	for (int a = 1; a < n; a++)
		for (int b = a; b > 0 && v->w[out[b]].since < v->w[out[b - 1]].since; b--) {
			int t = out[b];

			out[b] = out[b - 1];
			out[b - 1] = t;
		}
	return n;
}

uint64_t
view_time_in(const struct view *v, int i, enum wstate s)
{
	const struct view_worker *w = &v->w[i];
	uint64_t now = v->end != 0 ? v->end : v->now;

	return w->in_state[s] + (w->state == s && now > w->since ? now - w->since : 0);
}

uint64_t
view_tl_time(const struct view *v, int ago)
{
	int64_t c = v->col - ago;

	if (c < 0 || ago >= VIEW_TL_COLS)
		return UINT64_MAX;
	if (ago < 0)	/* a column still to come, at today's width */
		return col_end(v, c - 1) - v->t0;
	return v->col_t[c % VIEW_TL_COLS] - v->t0;
}

void
view_set_col_ns(struct view *v, uint64_t col_ns, uint64_t now)
{
	if (col_ns == 0 || col_ns == v->col_ns)
		return;
	view_tick(v, now);
	v->col_ns = col_ns;
	v->gen++;
	if (v->col == 0 && v->base_col == 0)
		return;	/* still the first column: the new width from the start */
	/* the current column ends now; the next starts the new width */
	v->base_col = v->col + 1;
	v->base_t = now > v->base_t ? now : v->base_t;
}

void
view_finish(struct view *v, uint64_t now, int stopped)
{
	/* the run may have ended before the frame that saw it: the clock
	 * never runs back, the fitted picture ends at the end */
	if (now > v->now)
		view_tick(v, now);
	for (int i = 0; i < v->nworkers; i++) {
		struct view_worker *w = &v->w[i];

		if (stopped && !view_state_final(w->state))
			set_state(v, i, WS_STOPPED, now);
		w->holds_gil = 0;
	}
	v->gil_holder = -1;
	v->loop_running = -1;
	v->loop_blocking = 0;
	for (int c = 0; c < v->ncores; c++)
		v->core[c].worker = -1;
	v->stopped = stopped;
	v->end = now > v->t0 ? now : v->t0 + 1;
	for (int i = 0; i < v->nworkers; i++)
		tl_account(v, i, v->end);
	v->gen++;
}

/* Buckets [first, last) that display column col of cols covers. */
static void
fit_span(const struct view *v, int col, int cols, int64_t *first, int64_t *last)
{
	uint64_t len = v->end > v->t0 ? v->end - v->t0 : 1;
	int64_t nb = (int64_t)((len + v->fit_ns - 1) / v->fit_ns);

	*first = nb * col / cols;
	*last = nb * (col + 1) / cols;
	if (*last <= *first)
		*last = *first + 1;
}

enum wstate
view_fit(const struct view *v, int i, int col, int cols)
{
	uint64_t n[WS__MAX] = { 0 };
	int64_t first, last;

	if (i < 0 || i >= v->nworkers || col < 0 || col >= cols || v->end == 0)
		return WS_IDLE;
	/* how it ended shows from the column it ended in, however short —
	 * but a worker done in the column it did something in shows what it
	 * did there, and its ✓ from the next (if there is a next) */
	if (view_state_final(v->w[i].state) &&
	    view_fit_time(v, col + 1, cols) > v->w[i].since - v->t0 &&
	    (v->w[i].state != WS_DONE || col == cols - 1 ||
	    view_fit_time(v, col, cols) > v->w[i].since - v->t0))
		return (enum wstate)v->w[i].state;
	fit_span(v, col, cols, &first, &last);
	for (int64_t b = first; b < last && b < VIEW_FIT_COLS; b++)
		n[v->w[i].fit[b]]++;
	return col_choose(n);
}

uint64_t
view_fit_time(const struct view *v, int col, int cols)
{
	uint64_t len = v->end > v->t0 ? v->end - v->t0 : 0;

	return cols > 0 ? len * (uint64_t)col / (uint64_t)cols : 0;
}

/* A round step (1, 2, 5 × 10^k ns) of at least min ns. */
static uint64_t
ruler_step(uint64_t min)
{
	uint64_t step = 1000;	/* 1 µs */

	for (;;) {
		if (step >= min)
			return step;
		if (2 * step >= min)
			return 2 * step;
		if (5 * step >= min)
			return 5 * step;
		step *= 10;
	}
}

static void
ruler_label(uint64_t t, uint64_t step, char *buf, size_t len)
{
	double s = (double)t / 1e9;

	if (step >= 1000000000u)
		xsnprintf(buf, len, "%.0fs", s);
	else if (step >= 100000000u)
		xsnprintf(buf, len, "%.1fs", s);
	else if (step >= 10000000u)
		xsnprintf(buf, len, "%.2fs", s);
	else if (step >= 1000000u)
		xsnprintf(buf, len, "%.3fs", s);
	else
		xsnprintf(buf, len, "%.4fs", s);
}

void
view_ruler(const uint64_t *start, int cols, char *out, size_t len)
{
	uint64_t per = 0, step;
	int known = 0, next_free = 0;

	if (len == 0)
		return;
	if ((size_t)cols >= len)
		cols = (int)len - 1;
	memset(out, ' ', (size_t)(cols > 0 ? cols : 0));
	out[cols > 0 ? cols : 0] = '\0';
	/* the time per column, from the known columns */
	for (int j = 1; j < cols; j++)
		if (start[j] != UINT64_MAX && start[j - 1] != UINT64_MAX &&
		    start[j] > start[j - 1]) {
			uint64_t d = start[j] - start[j - 1];

			per = per == 0 || d < per ? d : per;
			known++;
		}
	if (known == 0)
		return;
	step = ruler_step(per * 9);	/* a label needs about 7 columns and a gap */
	for (int j = 0; j < cols; j++) {
		char label[32];
		uint64_t t = start[j], end;
		int lw;

		if (t == UINT64_MAX)
			continue;
		end = j + 1 < cols && start[j + 1] != UINT64_MAX ? start[j + 1] : t + per;
		/* a round time falls in this column: t <= k*step < end */
		if ((t + step - 1) / step * step >= end || j < next_free)
			continue;
		ruler_label((t + step - 1) / step * step, step, label, sizeof label);
		lw = (int)strlen(label);
		if (j + 1 + lw > cols)
			break;
		out[j] = '|';
		memcpy(out + j + 1, label, (size_t)lw);
		next_free = j + lw + 3;
	}
}

double
view_core_average(const struct view *v, int c)
{
	uint64_t end = v->end != 0 ? v->end : v->now;
	double u;

	if (c < 0 || c >= v->ncores || end <= v->t0)
		return 0;
	u = (double)v->core[c].total_ns / (double)(end - v->t0);
	return u > 1 ? 1 : u;
}
