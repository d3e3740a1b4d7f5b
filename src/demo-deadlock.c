/*
 * demo-deadlock.c — dining philosophers: N workers, N locks.  Worker i
 * takes lock i, waits a moment (--delay) holding it, then takes lock i+1.
 * With --order inconsistent every worker can hold its first lock while
 * waiting for its neighbour's: a wait-for cycle, and nobody moves again.
 * The engine finds the cycle, reports it and stops the run.  With --order
 * ordered every worker takes the lower-numbered lock first, so no cycle can
 * form and every round completes.
 *
 *   def worker(first, second):
 *       with first:
 *           time.sleep(0.1)
 *           with second: ...
 */
#include "config.h"

#include <stdatomic.h>

#include "demo.h"
#include "engine.h"
#include "ops.h"
#include "util.h"

struct dlstate {
	int lock[64];
	_Atomic int rounds;
};

static int
deadlock_check(const struct knobs *k, char *err, size_t len)
{
	if (k->v[KNOB_WORKERS] < 2 || k->v[KNOB_WORKERS] > 26) {
		xsnprintf(err, len, "demo deadlock: --workers must be 2..26 (one lock each)");
		return -1;
	}
	return 0;
}

static int
deadlock_setup(struct run *r)
{
	struct dlstate *s = run_shalloc(r, sizeof *s);

	for (int i = 0; i < run_knob(r, KNOB_WORKERS); i++) {
		char name[16];

		xsnprintf(name, sizeof name, "lock-%c", 'A' + i);
		s->lock[i] = run_lock_new(r, name);
	}
	run_set_state(r, s);
	return 0;
}

static void
deadlock_work(struct worker *w)
{
	struct dlstate *s = run_state(w->run);
	int n = run_workers(w->run);
	int a = w->index, b = (w->index + 1) % n;

	if (run_knob(w->run, KNOB_ORDER) == ORDER_ORDERED && a > b) {
		int t = a;

		a = b;
		b = t;
	}
	for (int round = 0; round < run_knob(w->run, KNOB_TASKS); round++) {
		if (lock_acquire(w, s->lock[a]) != 0)
			return;
		if (work_io(w, run_knob(w->run, KNOB_DELAY)) != 0 ||
		    lock_acquire(w, s->lock[b]) != 0) {
			lock_release(w, s->lock[a]);
			return;
		}
		work_compute(w, 1);
		lock_release(w, s->lock[b]);
		lock_release(w, s->lock[a]);
		atomic_fetch_add(&s->rounds, 1);
		work_task_done(w, round);
	}
}

static void
deadlock_finish(struct run *r)
{
	struct dlstate *s = run_state(r);
	double v;

	if (run_metric_get(r, "deadlocked", &v) != 0) {
		run_metric(r, "deadlocked", 0);
		run_metric(r, "cycle_length", 0);
	}
	run_metric(r, "rounds_done", atomic_load(&s->rounds));
}

/*
 * Inconsistent order: every worker takes its first lock and waits --delay;
 * then the cycle stands --hold ms before lockstep breaks it.  Ordered:
 * neighbours share a lock, so at most half the workers hold both locks at
 * once, each round for --delay and 1 ms of work.
 */
static double
deadlock_cost(const struct knobs *k, int ncores, int *startup)
{
	double p = k->v[KNOB_PACE];
	int n = k->v[KNOB_WORKERS], at_once = n / 2 > 0 ? n / 2 : 1;

	(void)ncores;
	(void)startup;
	if (k->v[KNOB_ORDER] == ORDER_INCONSISTENT)
		return ((double)k->v[KNOB_DELAY] + k->v[KNOB_HOLD]) * p;
	return (double)n * k->v[KNOB_TASKS] * (k->v[KNOB_DELAY] + 1) * p / at_once;
}

static const struct demo_knob knobs[] = {
	{ KNOB_WORKERS, 2 }, { KNOB_ORDER, ORDER_INCONSISTENT }, { KNOB_DELAY, 100 },
	{ KNOB_TASKS, 3 }, { KNOB_HOLD, 3000 }, { KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "deadlocked", "cycle_length", "rounds_done", NULL };

/* What the workers do, for the code markers (ops.h). */
static const struct demo_op ops[] = {
	{ OP_ACQUIRE, 0 }, { OP_RELEASE, 0 },
	{ OP_SLEEP, MODELS_ALL & ~MODEL_BIT(MODEL_COROUTINE) }, { OP_AWAIT, MODEL_BIT(MODEL_COROUTINE) },
	{ OP_NONE, 0 },
};

/* With no wait between the two locks, the inconsistent order deadlocks
 * in some runs and not in others. */
static int
deadlock_correct(const struct result *res)
{
	double v;

	return result_metric(res, "deadlocked", &v) == 0 && v == 0;
}

static const char *const cases[] = { "no deadlock", "deadlocked", NULL };

static const struct demo_outcome outcome = {
	.metric = "deadlocked", .label = "deadlocked or not",
	.right = "no deadlock", .correct = deadlock_correct, .cases = cases,
};

const struct demo demo_deadlock = {
	.name = "deadlock",
	.summary = "locks taken in opposite orders: the wait-for cycle, and ordering that fixes it",
	.models = MODEL_BIT(MODEL_THREAD) | MODEL_BIT(MODEL_PROCESS) | MODEL_BIT(MODEL_COROUTINE),
	.knobs = knobs,
	.metrics = metrics,
	.ops = ops,
	.check = deadlock_check,
	.setup = deadlock_setup,
	.work = deadlock_work,
	.finish = deadlock_finish,
	.cost = deadlock_cost,
	.outcome = &outcome,
};
