/*
 * demo-cpu.c — CPU-bound tasks.  Each worker takes tasks from a shared
 * counter and computes for --work ms each.  Processes run on every core;
 * threads under the GIL take turns; coroutines never yield inside a
 * computation, so they run one after another.
 *
 *   def work(n): return sum(i * i for i in range(n))
 *   with ProcessPoolExecutor(max_workers=4) as pool: list(pool.map(work, jobs))
 */
#include "config.h"

#include "demo.h"
#include "engine.h"
#include "ops.h"

static void
cpu_work(struct worker *w)
{
	int64_t t;

	while ((t = work_next_task(w)) >= 0) {
		if (work_compute(w, run_knob(w->run, KNOB_WORK)) != 0)
			return;
		work_task_done(w, t);
	}
}

/* Tasks of --work ms: in parallel on processes and GIL-free threads,
 * one after another otherwise (GIL turns, a loop that never awaits). */
static double
cpu_cost(const struct knobs *k, int ncores, int *startup)
{
	double task = (double)k->v[KNOB_WORK] * k->v[KNOB_PACE];
	int tasks = k->v[KNOB_TASKS];

	(void)startup;
	if (!cost_parallel_cpu(k, 1))
		return tasks * task;
	return cost_spread(tasks, k->v[KNOB_WORKERS], task, ncores, 1);
}

static const struct demo_knob knobs[] = {
	{ KNOB_WORKERS, 4 }, { KNOB_TASKS, 4 }, { KNOB_WORK, 500 },
	{ KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "tasks_done", NULL };

/* What the workers do, for the code markers (ops.h). */
static const struct demo_op ops[] = {
	{ OP_COMPUTE, 0 },
	{ OP_NONE, 0 },
};

const struct demo demo_cpu = {
	.name = "cpu",
	.summary = "CPU-bound tasks: processes scale with cores; GIL threads and coroutines do not",
	.models = MODELS_ALL,
	.knobs = knobs,
	.metrics = metrics,
	.ops = ops,
	.workers = demo_workers_gather,
	.workers_from = "--workers; coroutines: one per task unless --workers",
	.setup = run_setup_tasks,
	.work = cpu_work,
	.finish = run_report_tasks,
	.cost = cpu_cost,
};
