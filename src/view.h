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
	WS_RUNNING,		/* running bytecode (holding the GIL if there is one) */
	WS_HOLDING,		/* running while holding a lock */
	WS_READY,		/* runnable, not running: a coroutine waiting for the loop */
	WS_GIL_WAIT,		/* waiting for the GIL */
	WS_LOCK_WAIT,		/* waiting for a lock */
	WS_SEM_WAIT,		/* waiting for a semaphore */
	WS_QUEUE_FULL,		/* blocked on a full queue */
	WS_QUEUE_EMPTY,		/* blocked on an empty queue */
	WS_SLEEP,		/* blocking I/O or sleep */
	WS_PARKED,		/* step mode: waiting for the learner */
	WS_DONE,		/* finished */
	WS__MAX
};

#define VIEW_MAX_WORKERS 64	/* shown; more are summarised */
#define VIEW_MAX_OBJS 16
#define VIEW_MAX_WAITERS 64
#define VIEW_MAX_CORES 64
#define VIEW_TL_COLS 512	/* timeline history, in columns */

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
	int park_kind;			/* WS_PARKED: the operation it waits to do */
	int park_obj;
	unsigned char tl[VIEW_TL_COLS];	/* timeline: a state per column */
	uint64_t acc_t;			/* time accounted into columns so far */
	int64_t acc_col;		/* the column being accounted */
	uint64_t acc[WS__MAX];		/* its time per state */
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
	int64_t events;
	int done;			/* workers done */
	unsigned gen;			/* bumped on every visible change */
};

/* Timeline column width: fixed, so slow motion (--pace) shows more detail. */
#define VIEW_COL_NS 25000000u

/* Set up v for run r (names, objects, model); t0 = the run's start. */
void view_init(struct view *v, struct run *r, int ncores);
/* Set up v by hand (tests): n workers named "w0".., objects from kinds. */
void view_init_plain(struct view *v, int nworkers, const char *kinds, int ncores,
    uint64_t t0, uint64_t col_ns);
/* Apply a batch of events: sorted by time first (the rings drain one by one). */
void view_events(struct view *v, struct event *ev, size_t n);
/* Apply one event. */
void view_event(struct view *v, const struct event *e);
/* Advance the view's clock to now. */
void view_tick(struct view *v, uint64_t now);
/* The timeline state of worker i, cols columns ago (0 = now). */
enum wstate view_tl(const struct view *v, int i, int ago);
/* Ready coroutines (WS_READY), in the order they became ready; returns count. */
int view_ready(const struct view *v, int *out, int max);
/* Workers in state s; returns count. */
int view_in_state(const struct view *v, enum wstate s, int *out, int max);
/* The name of a state ("waiting for the GIL"). */
const char *view_state_name(enum wstate s);

#endif
