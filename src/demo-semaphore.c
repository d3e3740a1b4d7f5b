/*
 * demo-semaphore.c — a semaphore lets at most --limit tasks into a section
 * at once: each of --tasks tasks (a thread each, or a coroutine each)
 * enters, waits --delay ms inside (a download), and leaves.
 *
 *   sem = asyncio.Semaphore(3)
 *   async def fetch(i):
 *       async with sem:
 *           await asyncio.sleep(0.2)
 */
#include "config.h"

#include "demo.h"
#include "engine.h"
#include "ops.h"

struct semstate {
	int sem;
};

static int
semaphore_setup(struct run *r)
{
	struct semstate *s = run_shalloc(r, sizeof *s);

	s->sem = run_sem_new(r, "semaphore", run_knob(r, KNOB_LIMIT));
	run_set_state(r, s);
	return 0;
}

static void
semaphore_work(struct worker *w)
{
	struct semstate *s = run_state(w->run);

	work_emit(w, EV_TASK_BEGIN, 0, w->index);
	if (sem_acquire(w, s->sem) != 0)
		return;
	work_io(w, run_knob(w->run, KNOB_DELAY));
	sem_release(w, s->sem);
	work_task_done(w, w->index);
}

static void
semaphore_finish(struct run *r)
{
	struct semstate *s = run_state(r);
	struct obj_stats st;

	run_obj_stats(r, s->sem, &st);
	run_metric(r, "tasks_done", (double)run_tasks_done(r));
	run_metric(r, "max_concurrent", (double)st.max_holders);
}

/* --limit tasks wait at once: rounds of --delay. */
static double
semaphore_cost(const struct knobs *k, int ncores, int *startup)
{
	double wait = (double)k->v[KNOB_DELAY] * k->v[KNOB_PACE];

	(void)startup;
	return cost_spread(k->v[KNOB_TASKS], k->v[KNOB_LIMIT], wait, ncores, 0);
}

static int
semaphore_workers(const struct knobs *k)
{
	return k->v[KNOB_TASKS];
}

static const struct demo_knob knobs[] = {
	{ KNOB_TASKS, 10 }, { KNOB_LIMIT, 3 }, { KNOB_DELAY, 200 },
	{ KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "tasks_done", "max_concurrent", NULL };

/* What the workers do, for the code markers (ops.h). */
static const struct demo_op ops[] = {
	{ OP_COMPUTE, 0 }, { OP_ACQUIRE, 0 }, { OP_RELEASE, 0 },
	{ OP_SLEEP, MODELS_ALL & ~MODEL_BIT(MODEL_COROUTINE) }, { OP_AWAIT, MODEL_BIT(MODEL_COROUTINE) },
	{ OP_NONE, 0 },
};

const struct demo demo_semaphore = {
	.name = "semaphore",
	.summary = "a semaphore lets at most K tasks in at once",
	.models = MODEL_BIT(MODEL_THREAD) | MODEL_BIT(MODEL_COROUTINE),
	.knobs = knobs,
	.metrics = metrics,
	.ops = ops,
	.workers = semaphore_workers,
	.workers_from = "one per --tasks",
	.setup = semaphore_setup,
	.work = semaphore_work,
	.finish = semaphore_finish,
	.cost = semaphore_cost,
};
