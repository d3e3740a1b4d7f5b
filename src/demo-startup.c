/*
 * demo-startup.c — what it costs to start workers.  --count workers of the
 * chosen model are started, each does nothing but report, and all are
 * joined (threads), reaped (processes) or gathered (coroutines).  The
 * run's wall time divided by --count is the cost of one.  --model
 * sequential calls a function --count times: the floor to compare with.
 */
#include "config.h"

#include "demo.h"
#include "engine.h"
#include "ops.h"

static int
startup_setup(struct run *r)
{
	return 0;
}

static void
startup_work(struct worker *w)
{
	work_emit(w, EV_TASK_BEGIN, 0, w->index);	/* target=lambda: None */
	work_task_done(w, w->index);
}

static void
startup_finish(struct run *r)
{
	double wall_ms = 0;
	int n = run_workers(r);

	(void)run_metric_get(r, "wall_ms", &wall_ms);
	run_metric(r, "started", (double)run_tasks_done(r));
	run_metric(r, "per_worker_us", wall_ms * 1000.0 / n);
}

/* Starting workers is quick by nature: the point is how quick. */
static double
startup_cost(const struct knobs *k, int ncores, int *startup)
{
	(void)ncores;
	*startup = 1;
	return k->v[KNOB_COUNT] * (k->v[KNOB_MODEL] == MODEL_PROCESS ? 0.5 : 0.03);
}

static int
startup_workers(const struct knobs *k)
{
	return k->v[KNOB_COUNT];
}

static const struct demo_knob knobs[] = {
	{ KNOB_COUNT, 32 },	/* within every model's worker cap */
	{ -1, 0 },
};

static const char *const metrics[] = { "per_worker_us", "started", NULL };

/* What the workers do, for the code markers (ops.h). */
static const struct demo_op ops[] = {
	{ OP_COMPUTE, 0 },
	{ OP_NONE, 0 },
};

const struct demo demo_startup = {
	.name = "startup",
	.summary = "what starting N threads, processes or coroutines costs",
	.models = MODELS_ALL,
	.knobs = knobs,
	.metrics = metrics,
	.ops = ops,
	.workers = startup_workers,
	.workers_from = "--count",
	.setup = startup_setup,
	.work = startup_work,
	.finish = startup_finish,
	.cost = startup_cost,
};
