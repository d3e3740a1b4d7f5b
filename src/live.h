/*
 * live.h — a demo running live under an interface: the run, its view
 * model, its baseline and its last result, without any drawing.
 *
 * The player owns one struct live.  live_start() starts the step's demo
 * (first its sequential baseline when the binding asks for one, then the
 * real run); live_frame(), once per frame, drains the trace into the view,
 * advances the view's clock, and when the run ends collects its result and
 * frees it.  Every change to the view goes through the run's record
 * (record.h), so the last run stays kept after it ends.  A stopped or
 * replaced run is not waited for on the UI thread: it is asked to stop and
 * reaped by a later live_frame() once it has finished, so the interface
 * never blocks on a demo.  live_free() (quit, a signal) stops everything
 * and waits.
 *
 * A series (R: "run it again and again") is the same run started again
 * as soon as it ends, --runs times, each finished run's outcome counted in
 * a struct histo; the panes show each run as it goes.  Stopping a series
 * stops its run now (not counted) and keeps the runs that finished; any
 * other start or a reset forgets it.
 *
 * Pause and step mode both use the run's step gate: workers park before
 * their next lock, queue, semaphore or GIL operation.  Pause also freezes
 * the run (run_freeze: computation and waits stand still, a baseline too,
 * and the time is not the run's) and the view's clock.
 */
#ifndef LOCKSTEP_LIVE_H
#define LOCKSTEP_LIVE_H

#include <stdint.h>

#include "demo.h"
#include "engine.h"
#include "histo.h"
#include "knob.h"
#include "lesson.h"
#include "overhead.h"
#include "record.h"
#include "view.h"

#define LIVE_MAX_DYING 8

struct trace_file;

enum live_phase {
	LIVE_IDLE,		/* nothing ran yet */
	LIVE_BASELINE,		/* the sequential baseline runs */
	LIVE_RUNNING,		/* the run runs */
	LIVE_STOPPING,		/* asked to stop, not finished yet */
	LIVE_DONE,		/* finished: res holds the result */
	LIVE_FAILED		/* could not start, or failed: see error */
};

struct live {
	enum live_phase phase;
	struct run *run;		/* the run now (baseline or real), or NULL */
	const struct demo *demo;
	struct knobs knobs;		/* of the run now / the last run */
	int baseline;			/* this run wants a baseline first */
	int ncores;
	struct view view;		/* of the run now, or of the last one */
	int have_view;
	struct record rec;		/* every change to view since its run
					 * began: the run kept, to go back in
					 * time (record.h) */
	struct result res;		/* the last finished run's */
	int have_res;
	int stopped;			/* the last run was stopped by the learner */
	struct knobs res_knobs;		/* the knobs res was measured with */
	double baseline_ms;		/* sequential wall time, < 0 unknown */
	uint64_t t_start, t_end;	/* of the run now / the last run */
	int paused, stepping;		/* gate users */
	uint64_t paused_at;
	char error[256];
	struct event *buf;		/* drain buffer */
	size_t nbuf, cap;
	struct event *later;		/* drained, stamped after the frame: */
	size_t nlater, later_cap;	/* applied next frame (live_drain) */
	struct run *dying[LIVE_MAX_DYING];	/* stopped, not yet reaped */
	int ndying;
	unsigned gen;			/* bumped on any change of phase or result */
	struct lesson_names names;	/* the code's names for objects, workers */
	struct histo series;		/* the series (R), or empty */
	struct overhead cost;		/* the watching's cost, for the run now */
	int tl_gil;			/* timeline columns follow GIL turns */
	int tl_cols;			/* timeline columns to fit a run into */
	double tl_ms;			/* the run now is expected to last, < 0 unknown */
	int tl_pace;			/* at this pace */
};

/* An idle live for a machine with ncores CPUs. */
void live_init(struct live *l, int ncores);
/* Stop and reap every run (blocking), free the buffers. */
void live_free(struct live *l);
/* Start demo d with knobs k (after its sequential baseline if baseline is
 * set and the demo has one); a running run is stopped first.  0, or -1 with
 * l->error (phase LIVE_FAILED). */
int live_start(struct live *l, const struct demo *d, const struct knobs *k,
    int baseline);
/* Start a series of runs of d with knobs k: the run again as soon as it
 * ends, until runs of them finished (no baseline).  0, or -1 as for
 * live_start. */
int live_start_series(struct live *l, const struct demo *d, const struct knobs *k,
    int runs);
/* True while a series has runs to go; *run is the run now (1-based). */
int live_series_going(const struct live *l, int *run);
/* Name the objects and workers of the runs started from now on as the
 * lesson's code does (NULL: the demo's own names). */
void live_set_names(struct live *l, const struct lesson_names *n);
/* How the timeline's columns go: with gil_turns set and a run under the
 * GIL, half a GIL turn each (every turn spans two columns); else the run's
 * expected length (demo_cost) fitted to cols columns, so the timeline
 * holds about the whole run.  A run going on is re-scaled at now. */
void live_set_timeline(struct live *l, int gil_turns, int cols, uint64_t now);
/* Ask the run to stop; its partial result is kept when it ends. */
void live_stop(struct live *l);
/* Show the run recorded in tf (lockstep replay) as the last run: its
 * view, kept to travel in, its result; tf must outlive it. */
void live_show_recorded(struct live *l, const struct trace_file *tf);
/* Forget the last run and result (a new step). */
void live_reset(struct live *l);
/* Drain, tick, collect: once per frame, on the thread that draws (its CPU
 * time is the watching's cost, l->cost).  Returns 1 if something to draw
 * changed (the view's gen, the phase or the cost figures). */
int live_frame(struct live *l, uint64_t now);
/* True while a run (baseline or real) is going. */
int live_running(const struct live *l);
/* Change the running demo's pace (slow motion); the timeline follows. */
void live_set_pace(struct live *l, int pace, uint64_t now);
/* True while some run still needs frames (running, or being reaped). */
int live_busy(const struct live *l);
/* Pause (gate on, clock frozen) or resume. */
void live_pause(struct live *l, int on);
/* Step mode on or off (gate on: the learner releases workers one by one). */
void live_step_mode(struct live *l, int on);
/* Let worker i go (step mode); 0, or -1 if it is not parked. */
int live_release(struct live *l, int i);
/* Workers parked at the gate now, with their operation: fills idx, kind,
 * obj (max entries); returns the count. */
int live_parked(struct live *l, int *idx, int *kind, int *obj, int max);
/* A measured value for lesson placeholders, from one run only: while a run
 * goes, its knobs and (after its baseline) baseline_ms; after it, the
 * result's metrics, baseline_ms, speedup and the knobs it ran with; after
 * a series, also its runs_correct, runs_done, runs_min ... (a stopped
 * series: LESSON_VALUE_STOPPED).  0, or -1 if unknown (nothing ran since
 * live_reset).  ctx is the struct live. */
int live_metric(void *ctx, int run, const char *name, double *value);
/* True when the last run finished and reached its results (done, or a
 * deadlock found): a predict question graded on anything else, a stopped
 * or failed run, is void. */
int live_has_results(const struct live *l);
/* Milliseconds the run now has been going (or the last run took). */
double live_elapsed_ms(const struct live *l, uint64_t now);

#endif
