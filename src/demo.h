/*
 * demo.h — the demo registry: every demo lockstep can run, as data.
 *
 * A row says what a demo is called, what it shows, which worker models it
 * supports, which knobs it takes (with its own defaults) and which measured
 * values ("metrics") its result carries.  Lessons name demos and metrics
 * from here, the command line validates knobs against it, and the engine
 * runs a row's hooks (engine.h).  Adding a demo is adding one demo-NAME.c
 * that defines its row, and one line in demos.def (and Makefile.am).
 */
#ifndef LOCKSTEP_DEMO_H
#define LOCKSTEP_DEMO_H

#include <stddef.h>

#include "knob.h"

struct demo_op;
struct result;
struct run;
struct worker;

/*
 * What varies from one run of a demo to the next, for "run it again and
 * again" (demo --runs, R in the player, the histogram pane, histo.h): one
 * value of the result, and whether the run came out right.
 */
struct demo_outcome {
	const char *metric;		/* the value: one of the demo's metrics */
	const char *label;		/* what it is: "final counter value" */
	const char *right;		/* what a right run is: "final == expected" */
	/* True if res (a run with results) came out right. */
	int (*correct)(const struct result *res);
	/* Names of the values 0, 1, ... when the value is one of a few cases
	 * ("no deadlock", "deadlocked"), NULL-ended; NULL: a number. */
	const char *const *cases;
};

struct demo_knob {
	int id;			/* KNOB_*; -1 ends the list */
	int def;		/* this demo's default */
};

struct demo {
	const char *name;
	const char *summary;		/* one line */
	unsigned models;		/* MODEL_BIT()s it supports */
	const struct demo_knob *knobs;	/* knobs it takes; --model, --pace always */
	const char *const *metrics;	/* result keys it reports, NULL-ended */
	/* Operations its workers perform (ops.h), ending with OP_NONE: what
	 * a lesson's "@line N OPERATION" may name. */
	const struct demo_op *ops;
	/*
	 * Workers a run starts, when not --workers (or 1): from the resolved
	 * knobs.  workers_from says how, for the error when that count is
	 * more than the model allows ("one per --tasks").
	 */
	int (*workers)(const struct knobs *);
	const char *workers_from;

	/* Engine hooks (engine.h); see there for when each is called. */
	int (*check)(const struct knobs *, char *err, size_t len);
	int (*setup)(struct run *);
	void (*work)(struct worker *);
	void (*finish)(struct run *);
	int (*custom)(struct run *);	/* replaces the model runner */

	/* The role name of trace track i ("producer-0", "io"; helper tracks
	 * past the workers too) into buf, or NULL for the model's default. */
	const char *(*role)(const struct run *r, int track, char *buf, size_t len);

	/* Estimated wall time (ms) of a run with resolved knobs k on a
	 * machine with ncores CPUs, from the knobs alone (demo-cost.c says
	 * how it is calibrated); sets *startup when the run's point is a
	 * start-up cost, which is short by nature. */
	double (*cost)(const struct knobs *k, int ncores, int *startup);

	/* What varies from run to run; NULL when every run comes out the
	 * same.  A demo with an outcome takes the runs knob. */
	const struct demo_outcome *outcome;
};

/* Metrics every run reports, whatever the demo. */
extern const char *const demo_common_metrics[];
/* Metrics of a series of runs (R, --runs) of a demo with an outcome. */
extern const char *const demo_series_metrics[];
/* The runs knob's default: a series is 20 runs. */
#define DEMO_RUNS_DEFAULT 20

extern const struct demo *const demo_table[];
extern const size_t demo_count;

/* The demo called name, or NULL. */
const struct demo *demo_find(const char *name);
/* True if demo d takes knob id (model and pace: always; runs: when d has
 * an outcome). */
int demo_takes_knob(const struct demo *d, int id);
/* d's default for knob id (the knob's minimum if d does not take it). */
int demo_knob_default(const struct demo *d, int id);
/* True if d reports metric name (its own or a common one). */
int demo_has_metric(const struct demo *d, const char *name);
/* Metric name of res: 0 and *v, or -1 when res does not have it. */
int result_metric(const struct result *res, const char *name, double *v);
/*
 * Fill k's unset knobs with d's defaults and check the whole set: the model
 * is supported, the workers it starts (demo_workers) within the model's
 * limit, the demo's own rules.  0, or -1 with a message in err.
 */
int demo_resolve_knobs(const struct demo *d, struct knobs *k, char *err, size_t len);
/* Knob id of k was just set by hand: forget the knobs that say the same
 * thing (a pool's --model and --executor), so resolving derives them. */
void demo_knob_turned(const struct demo *d, struct knobs *k, int id);
/* Workers a run of d with resolved knobs k starts. */
int demo_workers(const struct demo *d, const struct knobs *k);
/*
 * The workers hook of the demos that run --tasks tasks (run_setup_tasks):
 * --workers, but under a model that starts a worker per task
 * (model_worker_per_task: coroutines, as asyncio.gather() makes them) and
 * no --workers, one per task, at most the model's cap (the other tasks
 * wait for a free one).
 */
int demo_workers_gather(const struct knobs *k);

/*
 * The cost model (demo-cost.c).  Estimated wall ms of a lesson's run of d
 * with resolved knobs k on ncores CPUs, its sequential baseline first when
 * baseline is set; *startup as for the cost hook.  -1 if d has no model.
 */
double demo_cost(const struct demo *d, const struct knobs *k, int baseline,
    int ncores, int *startup);
/* A watchable run lasts COST_WATCH_MIN_MS..COST_WATCH_MAX_MS at pace 1. */
#define COST_WATCH_MIN_MS 3000.0
#define COST_WATCH_MAX_MS 15000.0

/* Pieces the demos' cost hooks share. */
/* Wall ms of tasks that each take task_ms, on workers that overlap freely
 * (waits) or, when cpu is set, share ncores CPUs. */
double cost_spread(int tasks, int workers, double task_ms, int ncores, int cpu);
/* True when the model runs CPU work in parallel (process, or thread with
 * the GIL off); takes_gil says whether the demo has the --gil knob. */
int cost_parallel_cpu(const struct knobs *k, int takes_gil);
/* Reference cost (ns) of one unit of work_bytecode() at pace 1. */
extern const double cost_unit_ns;

#endif
