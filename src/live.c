/*
 * live.c — a demo running under the interface (see live.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "live.h"
#include "record.h"
#include "trace-read.h"
#include "trace.h"
#include "util.h"

void
live_init(struct live *l, int ncores)
{
	memset(l, 0, sizeof *l);
	record_init(&l->rec);
	l->ncores = ncores;
	l->baseline_ms = -1;
	l->tl_gil = 1;
	l->tl_cols = 60;
}

/* Hand the run now to the reaper list (stopping it). */
static void
live_drop_run(struct live *l)
{
	if (l->run == NULL)
		return;
	run_stop(l->run);
	if (l->ndying == LIVE_MAX_DYING) {
		/* never expected: wait for the oldest rather than leak */
		run_free(l->dying[0]);
		memmove(l->dying, l->dying + 1, (LIVE_MAX_DYING - 1) * sizeof *l->dying);
		l->ndying--;
	}
	l->dying[l->ndying++] = l->run;
	l->run = NULL;
}

static void
live_reap(struct live *l)
{
	for (int i = 0; i < l->ndying;) {
		if (run_finished(l->dying[i])) {
			run_free(l->dying[i]);
			l->dying[i] = l->dying[--l->ndying];
		} else {
			i++;
		}
	}
}

void
live_free(struct live *l)
{
	if (l->run != NULL)
		run_stop(l->run);
	for (int i = 0; i < l->ndying; i++)
		run_stop(l->dying[i]);
	run_free(l->run);
	for (int i = 0; i < l->ndying; i++)
		run_free(l->dying[i]);
	free(l->buf);
	free(l->later);
	histo_free(&l->series);
	record_free(&l->rec);
	memset(l, 0, sizeof *l);
}

static void
live_apply_gate(struct live *l)
{
	if (l->run != NULL)
		run_gate_set(l->run, l->paused || l->stepping);
}

void
live_set_names(struct live *l, const struct lesson_names *n)
{
	if (n != NULL)
		l->names = *n;
	else
		memset(&l->names, 0, sizeof l->names);
}

/* "a,b,c" from n names into buf (len bytes); NULL when there are none. */
static const char *
live_join_names(char names[][LESSON_NAME_LEN], int n, char *buf, size_t len)
{
	size_t off = 0;

	if (n == 0)
		return NULL;
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		off += xsnprintf(buf + off, len - off, "%s%s", i ? "," : "", names[i]);
	return buf;
}

/* Do the timeline's columns fit the run (not GIL turns)? */
static int
live_fitted(const struct live *l)
{
	return !l->tl_gil || l->run == NULL || !run_gil(l->run);
}

/* The time per column that fits the run now into l->tl_cols columns. */
static uint64_t
live_fit_ns(const struct live *l)
{
	int pace = l->run != NULL ? run_pace(l->run) : l->tl_pace;

	if (l->tl_ms < 0 || l->tl_pace < 1)
		return view_col_fit(-1, l->tl_cols);
	/* the run stretches with the pace alike */
	return view_col_fit(l->tl_ms * pace / l->tl_pace, l->tl_cols);
}

/* What the run about to start is expected to last (demo_cost). */
static void
live_expect(struct live *l, const struct knobs *k)
{
	struct knobs rk = *k;
	char err[256];
	int startup;

	l->tl_ms = -1;
	l->tl_pace = 1;
	if (demo_resolve_knobs(l->demo, &rk, err, sizeof err) == 0) {
		l->tl_ms = demo_cost(l->demo, &rk, 0, l->ncores, &startup);
		l->tl_pace = rk.v[KNOB_PACE];
	}
}

/* Start one run (baseline or real) of l->demo. */
static int
live_launch(struct live *l, const struct knobs *k)
{
	char objs[LESSON_MAX_NAMES * LESSON_NAME_LEN];
	char workers[LESSON_MAX_NAMES * LESSON_NAME_LEN];
	/* the lesson's names; a sequential baseline's one worker is none of
	 * the code's workers */
	struct run_names names = {
		.objects = live_join_names(l->names.obj, l->names.nobj, objs, sizeof objs),
		.workers = l->phase == LIVE_BASELINE ? NULL :
		    live_join_names(l->names.worker, l->names.nworker, workers,
		    sizeof workers),
	};

	l->run = run_start_named(l->demo, k, &names, l->error, sizeof l->error);
	if (l->run == NULL) {
		l->phase = LIVE_FAILED;
		l->gen++;
		return -1;
	}
	view_init(&l->view, l->run, l->ncores);
	l->nlater = 0;		/* the last run's, if any */
	live_expect(l, k);
	if (live_fitted(l))	/* no column accounted yet: it holds from the start */
		l->view.col_ns = live_fit_ns(l);
	record_begin(&l->rec, &l->view);	/* keep it, to go back in time */
	if (l->paused)
		run_freeze(l->run, 1);	/* a baseline paused: its run starts so */
	l->have_view = 1;
	l->t_start = run_started_ns(l->run);
	l->t_end = 0;
	overhead_start(&l->cost, now_ns(), thread_cpu_ns());
	live_apply_gate(l);
	return 0;
}

int
live_start(struct live *l, const struct demo *d, const struct knobs *k,
    int baseline)
{
	struct knobs probe = *k;

	live_drop_run(l);
	histo_free(&l->series);
	l->demo = d;
	l->knobs = *k;
	l->error[0] = '\0';
	l->paused = 0;
	l->stopped = 0;
	l->gen++;
	if (demo_resolve_knobs(d, &probe, l->error, sizeof l->error) != 0) {
		l->phase = LIVE_FAILED;
		return -1;
	}
	l->baseline = baseline && (d->models & MODEL_BIT(MODEL_SEQUENTIAL)) &&
	    probe.v[KNOB_MODEL] != MODEL_SEQUENTIAL;
	l->baseline_ms = -1;
	if (l->baseline) {
		struct knobs bk = *k;

		knobs_set(&bk, KNOB_MODEL, MODEL_SEQUENTIAL);
		l->phase = LIVE_BASELINE;
		return live_launch(l, &bk);
	}
	l->phase = LIVE_RUNNING;
	return live_launch(l, k);
}

int
live_start_series(struct live *l, const struct demo *d, const struct knobs *k,
    int runs)
{
	struct knobs sk = *k;

	if (d->outcome != NULL)
		knobs_set(&sk, KNOB_RUNS, runs);	/* {runs} says it */
	if (live_start(l, d, &sk, 0) != 0)
		return -1;
	histo_init(&l->series, d, runs);
	return 0;
}

int
live_series_going(const struct live *l, int *run)
{
	if (!histo_going(&l->series) || l->run == NULL)
		return 0;
	*run = l->series.n + 1;
	return 1;
}

void
live_stop(struct live *l)
{
	if (l->run == NULL)
		return;
	if (l->phase == LIVE_BASELINE) {
		/* no real run will follow: forget the baseline */
		live_drop_run(l);
		l->phase = l->have_res ? LIVE_DONE : LIVE_IDLE;
		l->paused = 0;
		l->gen++;
		return;
	}
	run_stop(l->run);
	l->stopped = 1;
	l->phase = LIVE_STOPPING;
	l->paused = 0;
	l->gen++;
}

void
live_show_recorded(struct live *l, const struct trace_file *tf)
{
	char err[256];

	live_drop_run(l);
	l->demo = tf->demo;
	l->knobs = l->res_knobs = tf->knobs;
	(void)demo_resolve_knobs(tf->demo, &l->res_knobs, err, sizeof err);
	trace_file_replay(tf, &l->rec, &l->view);
	l->have_view = 1;
	l->res = tf->res;
	l->have_res = 1;
	l->stopped = tf->res.end == RUN_STOPPED;
	l->phase = tf->res.end == RUN_FAILED ? LIVE_FAILED : LIVE_DONE;
	xsnprintf(l->error, sizeof l->error, "%s", tf->res.end == RUN_FAILED ?
	    "the recorded run failed" : "");
	l->t_start = TRACE_READ_T0;
	l->t_end = TRACE_READ_T0 + tf->end_ns;
	l->baseline_ms = -1;
	l->paused = l->stepping = 0;
	l->gen++;
}

void
live_reset(struct live *l)
{
	live_drop_run(l);
	histo_free(&l->series);
	l->phase = LIVE_IDLE;
	l->demo = NULL;		/* the next step's values are not this one's */
	l->have_view = l->have_res = 0;
	record_free(&l->rec);
	l->paused = l->stepping = 0;
	l->baseline_ms = -1;
	l->error[0] = '\0';
	l->gen++;
}

static void
collect(const struct event *e, void *arg)
{
	struct live *l = arg;

	if (l->nbuf == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4096;
		l->buf = xreallocarray(l->buf, l->cap, sizeof *l->buf);
	}
	l->buf[l->nbuf++] = *e;
}

/*
 * Drain the run's events into the view, up to cut: the frame's time, read
 * before the drain.  The rings are read one after another, so a drain is
 * no snapshot: a thread's event written just after its ring was read comes
 * a frame late, while an event it caused on another thread (the GIL it
 * dropped, taken) may already be in, and the view, which never runs a
 * worker's clock back, would show both threads running at once.  So
 * events stamped at or after cut wait for the next frame: an event caused
 * by another was stamped after that one was written, so whenever it is
 * applied (stamped before cut, drained after cut was read), its cause is
 * in the same batch or an earlier one.  The last drain of a run has no cut.
 */
static void
live_drain(struct live *l, uint64_t cut)
{
	size_t n = 0, drained;

	l->nbuf = 0;
	for (size_t i = 0; i < l->nlater; i++)
		collect(&l->later[i], l);
	l->nlater = 0;
	drained = run_drain(l->run, collect, l);
	overhead_count(&l->cost, drained);
	for (size_t i = 0; i < l->nbuf; i++) {
		if (l->buf[i].t < cut) {
			l->buf[n++] = l->buf[i];
			continue;
		}
		if (l->nlater == l->later_cap) {
			l->later_cap = l->later_cap ? 2 * l->later_cap : 1024;
			l->later = xreallocarray(l->later, l->later_cap, sizeof *l->later);
		}
		l->later[l->nlater++] = l->buf[i];
	}
	l->nbuf = n;
	if (l->nbuf > 0)
		record_events(&l->rec, &l->view, l->buf, l->nbuf);
}

/*
 * A series' run res has ended: count it, and start the next one unless the
 * series is complete or was stopped (the learner stopped this run, or it
 * failed).  1 when the next run started.
 */
static int
live_series_next(struct live *l, const struct result *res)
{
	if (!histo_going(&l->series))
		return 0;
	if (l->stopped || res->error[0] != '\0')
		l->series.stopped = 1;
	else
		(void)histo_add(&l->series, res);
	if (!histo_going(&l->series))
		return 0;
	run_free(l->run);
	l->run = NULL;
	l->gen++;
	if (live_launch(l, &l->knobs) != 0) {
		l->series.stopped = 1;
		return 1;	/* LIVE_FAILED, with the reason */
	}
	return 1;
}

/* The run now has finished: collect it, and go on to the real run after a
 * baseline, or to the next run of a series. */
static void
live_collect(struct live *l, uint64_t now)
{
	struct result res;
	uint64_t end;
	double ms;
	int found;

	run_wait(l->run, &res);
	live_drain(l, UINT64_MAX);
	if (res.end == RUN_STOPPED)
		l->stopped = 1;	/* asked from outside, or from here */
	/* The run's own end, not this frame's: a 5 ms run noticed 30 ms
	 * later was fitted into 35 ms, all its workers in the first columns
	 * (a recording replayed showed it right). */
	end = run_ended_ns(l->run);
	if (end == 0 || end > now || end < l->view.t0)
		end = now;
	record_finish(&l->rec, &l->view, end, l->stopped);
	l->t_end = end;
	if (l->phase == LIVE_BASELINE) {
		found = result_metric(&res, "wall_ms", &ms) == 0;
		run_free(l->run);
		l->run = NULL;
		if (res.error[0] != '\0') {
			xsnprintf(l->error, sizeof l->error, "baseline: %s", res.error);
			l->phase = LIVE_FAILED;
			l->gen++;
			return;
		}
		l->phase = LIVE_RUNNING;
		if (live_launch(l, &l->knobs) == 0)
			l->baseline_ms = found ? ms : -1;
		l->gen++;
		return;
	}
	l->res = res;
	l->have_res = 1;
	if (live_series_next(l, &res))
		return;
	{
		struct knobs k = l->knobs;
		char err[256];

		(void)demo_resolve_knobs(l->demo, &k, err, sizeof err);
		l->res_knobs = k;
	}
	if (res.error[0] != '\0') {
		xsnprintf(l->error, sizeof l->error, "%s", res.error);
		l->phase = LIVE_FAILED;
	} else {
		l->error[0] = '\0';
		l->phase = LIVE_DONE;
	}
	run_free(l->run);
	l->run = NULL;
	l->paused = 0;
	l->stepping = 0;
	l->gen++;
}

int
live_frame(struct live *l, uint64_t now)
{
	unsigned vgen = l->view.gen, gen = l->gen;
	int cost = 0;

	live_reap(l);
	if (l->run != NULL) {
		if (run_finished(l->run)) {
			live_collect(l, now);
		} else {
			live_drain(l, now);
			if (!l->paused)
				record_tick(&l->rec, &l->view, now);
			cost = overhead_sample(&l->cost, now, thread_cpu_ns(),
			    trace_dropped(run_trace(l->run)));
		}
	}
	return l->view.gen != vgen || l->gen != gen || cost;
}

int
live_running(const struct live *l)
{
	return l->run != NULL;
}

void
live_set_timeline(struct live *l, int gil_turns, int cols, uint64_t now)
{
	l->tl_gil = gil_turns;
	l->tl_cols = cols > 0 ? cols : 1;
	if (l->run != NULL && l->have_view && l->view.end == 0 && live_fitted(l))
		record_set_col_ns(&l->rec, &l->view, live_fit_ns(l), now);
}

void
live_set_pace(struct live *l, int pace, uint64_t now)
{
	if (l->run == NULL)
		return;
	run_set_pace(l->run, pace);
	if (l->have_view)
		record_set_col_ns(&l->rec, &l->view, live_fitted(l) ? live_fit_ns(l) :
		    view_col_ns(1, run_knob(l->run, KNOB_SWITCH_INTERVAL), pace), now);
	l->gen++;
}

int
live_busy(const struct live *l)
{
	return l->run != NULL || l->ndying > 0;
}

void
live_pause(struct live *l, int on)
{
	if (l->run == NULL)
		on = 0;
	if (on == l->paused)
		return;
	l->paused = on;
	l->paused_at = on ? now_ns() : 0;
	run_freeze(l->run, on);
	live_apply_gate(l);
	l->gen++;
}

void
live_step_mode(struct live *l, int on)
{
	if (l->run == NULL)
		on = 0;
	l->stepping = on;
	live_apply_gate(l);
	l->gen++;
}

int
live_release(struct live *l, int i)
{
	if (l->run == NULL)
		return -1;
	return run_gate_release(l->run, i);
}

int
live_parked(struct live *l, int *idx, int *kind, int *obj, int max)
{
	int n = 0;

	if (l->run == NULL)
		return 0;
	for (int i = 0; i < run_workers(l->run) && n < max; i++)
		if (run_gate_parked(l->run, i, &kind[n], &obj[n]))
			idx[n++] = i;
	return n;
}

/* The value of knob name for the run now or the last one: 0, or -1. */
static int
live_knob(const struct live *l, const struct knobs *k, const char *name,
    double *value)
{
	int id = knob_find(name);
	struct knobs kn = *k;
	char err[256];

	if (id < 0 || l->demo == NULL || !demo_takes_knob(l->demo, id) ||
	    demo_resolve_knobs(l->demo, &kn, err, sizeof err) != 0)
		return -1;
	*value = kn.v[id];
	return 0;
}

/* A series metric (runs_correct ...) of the last series: 0, -1 when
 * there is none or it goes on, LESSON_VALUE_STOPPED when it was stopped;
 * 1 when name is not one. */
static int
live_series_metric(const struct live *l, const char *name, double *value)
{
	int is = 0;

	for (int i = 0; demo_series_metrics[i] != NULL; i++)
		is |= strcmp(demo_series_metrics[i], name) == 0;
	if (!is)
		return 1;
	if (l->run != NULL || l->series.demo == NULL)
		return -1;
	if (l->series.stopped)
		return LESSON_VALUE_STOPPED;
	return histo_metric(&l->series, name, value);
}

int
live_metric(void *ctx, int run, const char *name, double *value)
{
	struct live *l = ctx;
	int found, rc;
	double wall;

	(void)run;
	if ((rc = live_series_metric(l, name, value)) != 1)
		return rc;
	if (l->run != NULL) {
		/* A run is going: its own values only, never the last run's. */
		if (l->baseline_ms >= 0 && strcmp(name, "baseline_ms") == 0) {
			*value = l->baseline_ms;
			return 0;
		}
		return live_knob(l, &l->knobs, name, value);
	}
	if (!l->have_res)
		return -1;
	if (!run_end_has_results(l->res.end)) {
		/* Stopped or failed: its knobs stand, its figures were never
		 * reached. */
		if (live_knob(l, &l->res_knobs, name, value) == 0)
			return 0;
		return LESSON_VALUE_STOPPED;
	}
	if (result_metric(&l->res, name, value) == 0)
		return 0;
	found = result_metric(&l->res, "wall_ms", &wall) == 0;
	if (l->baseline_ms >= 0 && strcmp(name, "baseline_ms") == 0) {
		*value = l->baseline_ms;
		return 0;
	}
	if (l->baseline_ms >= 0 && found && wall > 0 && strcmp(name, "speedup") == 0) {
		*value = l->baseline_ms / wall;
		return 0;
	}
	return live_knob(l, &l->res_knobs, name, value);
}

int
live_has_results(const struct live *l)
{
	return l->phase == LIVE_DONE && l->have_res && run_end_has_results(l->res.end);
}

double
live_elapsed_ms(const struct live *l, uint64_t now)
{
	uint64_t end = l->run != NULL ? (l->paused ? l->paused_at : now) : l->t_end;

	if (l->t_start == 0 || end < l->t_start)
		return 0;
	return (double)(end - l->t_start) / 1e6;
}
