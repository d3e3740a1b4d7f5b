/*
 * engine.h — running a demo: workers (threads, fork()ed processes,
 * coroutines, or one after another), the instrumented primitives they share,
 * the GIL model, pacing, the step gate, and the measured result.
 *
 * Life of a run: run_start() resolves the knobs, maps the shared block and
 * the trace, and starts a conductor thread, which calls the demo's setup()
 * hook (allocate locks, queues, shared state with run_shalloc() and
 * run_lock_new() & co: all before any fork), starts the workers of the
 * model, each running the demo's work() hook, watches for deadlock while
 * they run, reaps them, and calls finish() to turn shared state into
 * metrics.  A demo with a custom() hook runs its own schedule instead.
 *
 * Meanwhile the caller (the UI thread, or the headless collector) drains the
 * trace, may change the pace, may switch the step gate, and finally calls
 * run_wait() and run_free().  Nothing a worker does ever waits for the
 * caller.
 *
 * Every blocking wait inside the engine is a timed loop that checks the
 * run's stop flag, so run_stop() (Ctrl-C, q, a detected deadlock) ends any
 * run promptly: threads are joined and processes reaped.
 */
#ifndef LOCKSTEP_ENGINE_H
#define LOCKSTEP_ENGINE_H

#include <stdint.h>
#include <stddef.h>

#include "demo.h"
#include "knob.h"
#include "trace.h"

#define RUN_MAX_WORKERS MAX_COROUTINES
#define RUN_MAX_OBJECTS 64		/* locks, queues, semaphores per run */
#define RUN_MAX_METRICS 32
/* A wait-for cycle passes each lock once: worker, lock, worker, lock ... */
#define RUN_MAX_CYCLE (2 * (RUN_MAX_OBJECTS < RUN_MAX_WORKERS ? RUN_MAX_OBJECTS : \
	RUN_MAX_WORKERS))

struct run;
struct gil;
struct coro;

/* One worker: what a demo's work() hook gets. */
struct worker {
	struct run *run;
	int index;		/* 0..nworkers-1, also its trace track */
	struct gil *gil;	/* the GIL it runs under, NULL when none */
	int has_gil;
	struct coro *coro;	/* the coroutine model's coroutine */
	int last_cpu;
	int64_t tasks_done;
	struct pipe_end *pipe;	/* the process model's task pipes */
};

struct metric {
	const char *name;
	double value;
};

/* How a run ended (DESIGN rule 7): exactly one of these. */
enum run_end {
	RUN_DONE,		/* every worker finished: the results stand */
	RUN_DEADLOCKED,		/* a wait-for cycle was found, stood, and broken */
	RUN_STOPPED,		/* stopped from outside (Space, q, a signal) */
	RUN_FAILED		/* error says why */
};

/* What a run measured. */
struct result {
	enum run_end end;
	int nmetrics;
	struct metric m[RUN_MAX_METRICS];
	int ncycle;			/* deadlock: the wait-for cycle */
	char cycle[RUN_MAX_CYCLE][24];	/* "thread-0", "lock-A", ... */
	uint64_t cpus_seen;		/* bit n: a worker ran on CPU n */
	char error[256];		/* non-empty when the run failed */
	char broken[96];		/* deadlocked: how lockstep broke the cycle */
	double stood_ms;		/* deadlocked: how long the cycle stood */
};

/* The name of an end state: "done", "deadlocked", "stopped", "failed". */
const char *run_end_name(enum run_end end);
/* True if a run that ended so yields figures (done; deadlocked, for what
 * the deadlock measured): a stopped or failed run reached none. */
int run_end_has_results(enum run_end end);

/* True if the model starts a worker per task when --workers is not given
 * (asyncio.gather's one coroutine per task). */
int model_worker_per_task(int model);
/* Start demo d with knobs k (unset ones take d's defaults).  NULL with a
 * message in err when the knobs do not fit. */
struct run *run_start(const struct demo *d, const struct knobs *k, char *err,
    size_t len);
/*
 * Names for a run's rows, overriding the demo's role names: comma-separated
 * in index order (workers 0.., objects in the order the demo makes them);
 * an empty or missing entry keeps the default.  { .objects = "one,two" }
 * names the deadlock demo's two locks.  Either may be NULL.
 */
struct run_names {
	const char *workers;
	const char *objects;
};
/* run_start() with names (NULL: the demo's role names). */
struct run *run_start_named(const struct demo *d, const struct knobs *k,
    const struct run_names *names, char *err, size_t len);
/* run_start_named() with the step gate on before any worker starts, so
 * every worker parks at its first operation (step mode from the start). */
struct run *run_start_stepped(const struct demo *d, const struct knobs *k,
    const struct run_names *names, char *err, size_t len);
/* True once every worker is done (or stopped) and the result is ready. */
int run_finished(struct run *r);
/* Ask the run to stop as soon as it can (thread-safe; not from a signal handler). */
void run_stop(struct run *r);
/* Wait for the run to end; copy its result. 0, or -1 if it failed. */
int run_wait(struct run *r, struct result *res);
/* Free a finished run. */
void run_free(struct run *r);
/* Drain the run's trace (see trace_drain). */
size_t run_drain(struct run *r, void (*fn)(const struct event *, void *), void *arg);
/* The run's trace (for track counts and drops). */
struct trace *run_trace(struct run *r);
/* The demo the run runs. */
const struct demo *run_demo(const struct run *r);
/* The knobs the run uses, defaults filled in. */
const struct knobs *run_knobs(const struct run *r);
/* Workers the run started (the demo may add helper tracks past these). */
int run_workers(const struct run *r);
/* Trace track of the run's controller (deadlock reports). */
int run_control_track(const struct run *r);
/* The name of track i: the run's own name for it, else the demo's role
 * ("producer-0", "io", "heartbeat", "to_thread-0"), else the model's
 * ("thread-0", "process-3", "task-2"); "control" for the controller. */
const char *run_track_name(const struct run *r, int track, char *buf, size_t len);
/* The name of object id ("lock-A", "queue"). */
const char *run_object_name(const struct run *r, int id);
/* Objects the run made (locks, queues, semaphores): ids 0..n-1. */
int run_objects(const struct run *r);
/* An object's kind: 'L'ock, 'Q'ueue or 'S'emaphore. */
int run_object_kind(const struct run *r, int id);
/* A queue's capacity or a semaphore's initial value (0 for a lock). */
int run_object_size(const struct run *r, int id);
/* The run's model (MODEL_*), and whether its threads run under the GIL. */
int run_model(const struct run *r);
int run_gil(const struct run *r);
/* The run's pace now. */
int run_pace(const struct run *r);
/* Change the pace (1 = full speed .. 50) while the run goes on. */
void run_set_pace(struct run *r, int pace);
/* Freeze (pause) or thaw the run: computation stops at its next chunk and
 * waits stand still, in every worker, and the frozen time is not counted in
 * wall_ms.  Unlike the step gate, this also stops a run with no lock,
 * queue or GIL operation, such as a sequential baseline. */
void run_freeze(struct run *r, int on);
/* Wait while the run is frozen (a worker's side): 0, or -1 if it stops. */
int run_thaw_wait(struct run *r);
/* CLOCK_MONOTONIC ns when the run started. */
uint64_t run_started_ns(const struct run *r);
/* When it ended, its last worker's end (after run_wait; 0 before). */
uint64_t run_ended_ns(const struct run *r);
/*
 * Niceness (0..19) for the workers of runs started from now on: an
 * interface sets it so that a demo saturating every core never starves the
 * thread that draws it.  0 (the default) leaves the workers alone.
 */
void run_set_worker_nice(int nice);

/* Step gate: when on, each worker parks before its next lock, queue,
 * semaphore or GIL operation until released. */
void run_gate_set(struct run *r, int on);
/* Release worker i from the gate; 0, or -1 if it is not parked. */
int run_gate_release(struct run *r, int worker);
/* If worker i is parked: the operation (EV_*) and object it waits to do. */
int run_gate_parked(struct run *r, int worker, int *kind, int *obj);

/* --- for demos (setup/finish hooks and work bodies) -------------------- */

/* Zeroed memory shared with every worker, even fork()ed ones (setup only);
 * NULL when it cannot be had (the run is failed: setup returns -1). */
void *run_shalloc(struct run *r, size_t size);
/* Record a metric of the result (finish hook). */
void run_metric(struct run *r, const char *name, double value);
/* A metric recorded so far: 0 and *v, or -1 if there is none. */
int run_metric_get(const struct run *r, const char *name, double *v);
/* Fail the run with a message. */
void run_fail(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The demo's shared state: set in setup (from run_shalloc), read anywhere. */
void run_set_state(struct run *r, void *state);
void *run_state(const struct run *r);
/* Extra trace tracks for helper threads (setup only), after the control one. */
void run_set_helpers(struct run *r, int n);
/* Trace track of helper i. */
int run_helper_track(const struct run *r, int i);
/* Tasks the workers completed (work_task_done), all together. */
int64_t run_tasks_done(const struct run *r);
/* Knob value. */
int run_knob(const struct run *r, int id);
/* True once the run is stopping: work bodies should return. */
int run_stopping(const struct run *r);
/* Setup for demos of --tasks independent tasks: declares them, and gives
 * coroutines one coroutine per task (asyncio.gather) unless --workers was
 * set.  Returns 0 (a setup hook). */
int run_setup_tasks(struct run *r);
/* Finish for the same demos: reports tasks_done. */
void run_report_tasks(struct run *r);
/* The run has n tasks that workers take with work_next_task() (setup). */
void run_set_tasks(struct run *r, int64_t n);
/* A task's result, as work_task_result() set it (finish hook); 0 if none. */
int64_t run_task_result(const struct run *r, int64_t task);

/* Worker operations, the same for every model. Functions returning int
 * return -1 when the run is stopping (the work body should return). */

/* CPU-bound "bytecode" for ms milliseconds of this machine's time (×pace),
 * checking the GIL's drop request between bytecodes. */
int work_compute(struct worker *w, double ms);
/* units of bytecode (each tens of nanoseconds, ×pace), no GIL check. */
void work_bytecode(struct worker *w, int units);
/* A loop back-edge: where CPython checks its eval breaker (GIL drop
 * request) — never in the middle of "counter += 1". */
int work_backedge(struct worker *w);
/* The model's natural I/O wait: a blocking call that releases the GIL for
 * threads and processes, await asyncio.sleep() for coroutines. */
int work_io(struct worker *w, double ms);
/* A blocking sleep in every model: inside a coroutine it blocks the loop. */
int work_block(struct worker *w, double ms);
/* await asyncio.to_thread(time.sleep, ms): a helper thread waits while the
 * coroutine awaits it; in other models the same as work_block(). */
int work_to_thread(struct worker *w, double ms);
/* time.sleep(0) / await asyncio.sleep(0): let others run. */
int work_yield(struct worker *w);
/* Emit a trace event on the worker's track. */
void work_emit(struct worker *w, int kind, uint32_t obj, int64_t arg);
/* The next task for this worker, or -1 when there are no more.  Threads
 * and coroutines take it from a shared counter; a process receives it from
 * the parent over a pipe, --chunksize tasks at a time, as a Pool does. */
int64_t work_next_task(struct worker *w);
/* Hand back a task's result (over the pipe, for a process). */
void work_task_result(struct worker *w, int64_t task, int64_t value);
/* Count one task done (emits EV_TASK_DONE). */
void work_task_done(struct worker *w, int64_t task);

/* Instrumented primitives; create them in setup. */
int run_lock_new(struct run *r, const char *name);
int lock_acquire(struct worker *w, int lock);
void lock_release(struct worker *w, int lock);
int run_queue_new(struct run *r, const char *name, int capacity);
int queue_put(struct worker *w, int queue, int64_t item);
int queue_get(struct worker *w, int queue, int64_t *item);
int run_sem_new(struct run *r, const char *name, int value);
int sem_acquire(struct worker *w, int sem);
void sem_release(struct worker *w, int sem);
/* Statistics of an object (finish hook). */
struct obj_stats {
	int64_t acquisitions, contended, blocked_full, blocked_empty, max_depth,
	    max_holders;
};
void run_obj_stats(struct run *r, int id, struct obj_stats *st);

/* Calibrated units of work per millisecond on this machine. */
double work_units_per_ms(void);
/* Take another process's calibration (an exec'd worker: spawn.c). */
void work_set_units_per_ms(double units);
/* Compute for ms of calibrated CPU time, outside any worker. */
void work_spin_ms(double ms);

#endif
