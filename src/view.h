/*
 * view.h — the view model: what the panes draw, built from trace events
 * only (never from the workers).  No curses here: it is tested by feeding
 * it events and reading the state back.
 *
 * The UI thread, once per frame, drains the run's trace into
 * view_events(), which sorts the batch by time and applies it; then
 * view_tick() advances the clock (timeline columns, core utilisation, the
 * event loop's "held too long" warning).  gen changes whenever something
 * visible changed, so a frame with nothing new is not redrawn.
 */
#ifndef LOCKSTEP_VIEW_H
#define LOCKSTEP_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "trace.h"

struct run;

/* What a worker is doing, as the timeline colours it. */
enum wstate {
	WS_IDLE,		/* not started */
	WS_RUNNING,		/* running bytecode, holding the GIL (sequential,
				 * threads under the GIL, coroutines) */
	WS_RUN_FREE,		/* running with no GIL to share: free-threaded
				 * threads, processes (one GIL each) */
	WS_HOLDING,		/* running while holding a lock */
	WS_READY,		/* runnable, not running: a coroutine waiting for
				 * the loop, a thread that dropped the GIL */
	WS_GIL_WAIT,		/* waiting for the GIL */
	WS_LOCK_WAIT,		/* waiting for a lock */
	WS_SEM_WAIT,		/* waiting for a semaphore */
	WS_QUEUE_FULL,		/* blocked on a full queue */
	WS_QUEUE_EMPTY,		/* blocked on an empty queue */
	WS_SLEEP,		/* blocking I/O or sleep (time.sleep, to_thread) */
	WS_AWAIT,		/* a suspended coroutine: await asyncio.sleep() */
	WS_LOOP_BLOCK,		/* a coroutine blocking the event loop in a
				 * blocking call */
	WS_PARKED,		/* step mode: waiting for the learner */
	WS_DEADLOCK,		/* stuck in the wait-for cycle of a deadlock */
	WS_STOPPED,		/* the run was stopped before it finished */
	WS_DONE,		/* finished */
	WS__MAX
};

#define VIEW_MAX_WORKERS 64	/* shown; more are summarised */
#define VIEW_MAX_OBJS 16
#define VIEW_MAX_WAITERS 64
#define VIEW_MAX_CORES 64
#define VIEW_TL_COLS 512	/* timeline history, in columns */
#define VIEW_FIT_COLS 512	/* the whole run, in buckets that double */
#define VIEW_FIT_NS0 100000u	/* first bucket width: 0.1 ms */

struct view_worker {
	char name[24];
	enum wstate state;
	int holds_gil;
	int cpu;			/* last CPU it ran on, -1 unknown */
	int waiting_on;			/* object it waits for, -1 */
	unsigned holding;		/* bit i: holds lock i */
	int64_t tasks_done;
	int task;			/* task in hand, -1 */
	uint64_t since;			/* when its state began */
	uint64_t running_ns;		/* total time RUNNING */
	uint64_t in_state[WS__MAX];	/* time in each state, before since */
	int park_kind;			/* WS_PARKED: the operation it waits to do */
	int park_obj;
	int has_read;			/* read the shared value (EV_VALUE_READ) */
	int64_t read;			/* the value it read last */
	int op;				/* the operation it is in (ops.h) */
	int op_obj;			/* on this object (a lock, a queue), -1 */
	unsigned char tl[VIEW_TL_COLS];	/* timeline: a state per column */
	uint64_t acc_t;			/* time accounted into columns so far */
	int64_t acc_col;		/* the column being accounted */
	uint64_t acc[WS__MAX];		/* its time per state */
	/* the whole run, for the fitted picture after it ends */
	unsigned char fit[VIEW_FIT_COLS];
	uint64_t fit_acc[WS__MAX];	/* time per state in the current bucket */
	int64_t fit_b;			/* the bucket fit_acc is for */
	uint64_t fit_t;			/* time accounted into buckets so far */
};

struct view_obj {
	char name[24];
	int kind;			/* 'L', 'Q', 'S' */
	int size;			/* queue capacity, semaphore value */
	int holder;			/* lock: worker, -1 */
	int waiters[VIEW_MAX_WAITERS];	/* in arrival order */
	int nwaiters;
	int depth;			/* queue */
	int holders;			/* semaphore */
	int64_t acquisitions, contended, puts, gets;
	int pills_put, pills_got;	/* poison pills in and out */
};

struct view_core {
	int worker;			/* running on it now, -1 idle */
	double util;			/* recent utilisation 0..1 */
	uint64_t busy_ns;		/* in the current sampling window */
	uint64_t total_ns;		/* over the whole run */
};

struct view {
	int nworkers;			/* workers shown (at most VIEW_MAX_WORKERS) */
	int ntotal;			/* workers in the run */
	int model;
	int gil;			/* threads under the GIL model */
	uint64_t t0;			/* run start */
	uint64_t now;			/* last tick */
	uint64_t col_ns;		/* timeline: time per column */
	int64_t col;			/* timeline: current column (absolute) */
	uint64_t base_t;		/* column base_col starts at base_t; */
	int64_t base_col;		/* later ones every col_ns */
	uint64_t col_t[VIEW_TL_COLS];	/* start of each column (ring) */
	uint64_t fit_ns;		/* whole run: time per bucket */
	uint64_t end;			/* when the run ended (view_finish), or 0 */
	struct view_worker w[VIEW_MAX_WORKERS];
	int nobjs;
	struct view_obj obj[VIEW_MAX_OBJS];
	int ncores;
	struct view_core core[VIEW_MAX_CORES];
	uint64_t util_t;		/* start of the utilisation window */
	/* GIL */
	int gil_holder;
	int64_t gil_switches, gil_forced, gil_requests;
	/* event loop */
	int loop_running;		/* coroutine running now, -1 */
	uint64_t loop_since;		/* since when */
	uint64_t loop_longest_ns;	/* longest single hold of the loop */
	int loop_blocking;		/* it is inside a blocking call */
	/* the whole run */
	int deadlocked;
	int has_value;			/* the demo shows a shared value (EV_VALUE) */
	int64_t value;			/* its latest sample: the counter, live */
	int64_t lost;			/* updates seen lost: a write that left the
					 * counter no higher than before (exact
					 * when every write is traced) */
	int lost_by;			/* the worker of the last one, -1 */
	int64_t lost_over;		/* the value it wrote over */
	unsigned ops_seen;		/* bit o: some worker was in operation o */
	int stopped;			/* view_finish: the run was stopped */
	unsigned seen;			/* bit s: some worker was in state s */
	int64_t events;
	int done;			/* workers done */
	unsigned gen;			/* bumped on every visible change */
};

/* Timeline column width when nothing better is known: the player fits the
 * columns to the step's expected run length (view_col_fit), or, where the
 * step is about the GIL, to the switch interval (view_col_ns). */
#define VIEW_COL_NS 25000000u

/* Set up v for run r (names, objects, model); t0 = the run's start. */
void view_init(struct view *v, struct run *r, int ncores);
/* Time per timeline column for a run: half a GIL turn (switch interval ×
 * pace) under the GIL, so every turn spans two columns or more; else
 * VIEW_COL_NS. */
uint64_t view_col_ns(int gil, int switch_ms, int pace);
/* Time per timeline column that fits a run expected to last ms into cols
 * columns: a round width (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k ns), a
 * little over ms / cols so the run just fits; VIEW_COL_NS when ms is
 * unknown (< 0). */
uint64_t view_col_fit(double ms, int cols);
/* Change the time per column from now on (the pace changed); columns
 * already drawn keep their times.  While the first column goes on, the
 * new width holds from the start. */
void view_set_col_ns(struct view *v, uint64_t col_ns, uint64_t now);
/* The run ended at now: workers still going are stopped (if it was) and
 * nothing is left running; the fitted picture becomes available. */
void view_finish(struct view *v, uint64_t now, int stopped);
/* Set up v by hand (tests): n workers named "w0".., objects from kinds. */
void view_init_plain(struct view *v, int nworkers, const char *kinds, int ncores,
    uint64_t t0, uint64_t col_ns);
/* Apply a batch of events: sorted by time first (the rings drain one by one). */
void view_events(struct view *v, struct event *ev, size_t n);
/* Sort a batch by time, stably: a worker's events keep their order. */
void view_sort_events(struct event *ev, size_t n);
/* Apply one event. */
void view_event(struct view *v, const struct event *e);
/* Advance the view's clock to now. */
void view_tick(struct view *v, uint64_t now);
/* The timeline state of worker i, cols columns ago (0 = now). */
enum wstate view_tl(const struct view *v, int i, int ago);
/* Time worker i has spent in state s so far (up to the end of the run). */
uint64_t view_time_in(const struct view *v, int i, enum wstate s);
/* When the column ago columns back started, in ns since the run's start
 * (ago < 0: a column still to come, at the present width); UINT64_MAX
 * before the start. */
uint64_t view_tl_time(const struct view *v, int ago);
/* The whole run fitted into cols columns (after view_finish): the state
 * of worker i in column col, and when that column starts (ns since the
 * start). */
enum wstate view_fit(const struct view *v, int i, int col, int cols);
uint64_t view_fit_time(const struct view *v, int col, int cols);
/* A time ruler for columns starting at start[0..cols-1] (ns since the run's
 * start, UINT64_MAX: none): ASCII, exactly cols characters, a '|' and a
 * label ("1.25s") at round times far enough apart to read. */
void view_ruler(const uint64_t *start, int cols, char *out, size_t len);
/* How busy core c was over the whole run so far (0..1). */
double view_core_average(const struct view *v, int c);
/* True for the states a worker is still in after the run ended. */
int view_state_final(enum wstate s);
/* True for running states (with or without the GIL, holding a lock). */
int view_state_running(enum wstate s);
/* Ready coroutines (WS_READY), in the order they became ready; returns count. */
int view_ready(const struct view *v, int *out, int max);
/* Workers in state s; returns count. */
int view_in_state(const struct view *v, enum wstate s, int *out, int max);
/* The name of a state ("waiting for the GIL"). */
const char *view_state_name(enum wstate s);

#endif
