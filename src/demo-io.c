/*
 * demo-io.c — I/O-bound tasks: each is a blocking wait of --delay ms (a
 * download).  Threads release the GIL while they wait, so N threads finish
 * ceil(tasks / N) rounds of waits; coroutines (one per task, gathered)
 * overlap every wait; processes overlap too but cost more to start.
 *
 *   def download(n): time.sleep(0.2)
 *   with ThreadPoolExecutor(max_workers=4) as pool: list(pool.map(download, range(10)))
 */
#include "config.h"

#include "demo.h"
#include "engine.h"
#include "ops.h"

static void
io_work(struct worker *w)
{
	int64_t t;

	while ((t = work_next_task(w)) >= 0) {
		if (work_io(w, run_knob(w->run, KNOB_DELAY)) != 0)
			return;
		work_task_done(w, t);
	}
}

/* Rounds of --delay waits, as many at once as there are workers
 * (a coroutine per task unless --workers says otherwise). */
static double
io_cost(const struct knobs *k, int ncores, int *startup)
{
	double wait = (double)k->v[KNOB_DELAY] * k->v[KNOB_PACE];
	int tasks = k->v[KNOB_TASKS], workers = k->v[KNOB_WORKERS];

	(void)startup;
	if (k->v[KNOB_MODEL] == MODEL_SEQUENTIAL)
		return tasks * wait;
	if (k->v[KNOB_MODEL] == MODEL_COROUTINE && !knobs_isset(k, KNOB_WORKERS))
		workers = tasks;
	return cost_spread(tasks, workers, wait, ncores, 0);
}

static const struct demo_knob knobs[] = {
	{ KNOB_WORKERS, 4 }, { KNOB_TASKS, 10 }, { KNOB_DELAY, 200 },
	{ KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "tasks_done", NULL };

/* What the workers do, for the code markers (ops.h). */
static const struct demo_op ops[] = {
	{ OP_COMPUTE, 0 }, { OP_SLEEP, MODELS_ALL & ~MODEL_BIT(MODEL_COROUTINE) }, { OP_AWAIT, MODEL_BIT(MODEL_COROUTINE) },
	{ OP_NONE, 0 },
};

const struct demo demo_io = {
	.name = "io",
	.summary = "I/O-bound tasks (blocking waits): threads and coroutines overlap the waits",
	.models = MODELS_ALL,
	.knobs = knobs,
	.metrics = metrics,
	.ops = ops,
	.workers = demo_workers_gather,
	.workers_from = "--workers; coroutines: one per task unless --workers",
	.setup = run_setup_tasks,
	.work = io_work,
	.finish = run_report_tasks,
	.cost = io_cost,
};
