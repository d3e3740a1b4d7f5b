/*
 * demo-blocking.c — blocking the event loop.  --tasks coroutines each wait
 * --delay ms for a "download", and a heartbeat coroutine ticks every 10 ms
 * and measures how late each tick is:
 *
 *   async def fetch():  time.sleep(0.5)                   # --style block
 *   async def fetch():  await asyncio.sleep(0.5)          # --style await
 *   async def fetch():  await asyncio.to_thread(time.sleep, 0.5)  # to-thread
 *
 * A blocking call inside a coroutine holds the whole loop: the downloads
 * run one after another and the heartbeat stalls (max_lag_ms ≈ --delay).
 * Awaiting lets the loop run everything else meanwhile; to_thread moves
 * the blocking call to a helper thread and awaits its completion.
 */
#include "config.h"

#include <stdatomic.h>

#include "demo.h"
#include "engine.h"
#include "ops.h"
#include "util.h"

#define HEARTBEAT_MS 10

struct blocking {
	_Atomic int finished;
	double max_lag_ms;
	int heartbeats;
};

static int
blocking_setup(struct run *r)
{
	struct blocking *b = run_shalloc(r, sizeof *b);

	/* Worker 0 is the heartbeat, started first as a real app's would be;
	 * workers 1..tasks download.  A helper track per to_thread call. */
	run_set_helpers(r, run_knob(r, KNOB_TASKS) + 1);
	run_set_state(r, b);
	return 0;
}

static void
heartbeat(struct worker *w, struct blocking *b)
{
	int tasks = run_knob(w->run, KNOB_TASKS);
	int pace = run_knob(w->run, KNOB_PACE);

	while (atomic_load(&b->finished) < tasks && !run_stopping(w->run)) {
		uint64_t due = now_ns() + (uint64_t)HEARTBEAT_MS * 1000000u * (uint64_t)pace;
		double lag;

		if (work_io(w, HEARTBEAT_MS) != 0)
			return;
		lag = (double)(int64_t)(now_ns() - due) / 1e6 / pace;
		if (lag > b->max_lag_ms)
			b->max_lag_ms = lag;
		b->heartbeats++;
	}
}

static void
blocking_work(struct worker *w)
{
	struct blocking *b = run_state(w->run);
	double delay = run_knob(w->run, KNOB_DELAY);
	int rc;

	if (w->index == 0) {
		heartbeat(w, b);
		return;
	}
	work_emit(w, EV_TASK_BEGIN, 0, w->index);
	switch (run_knob(w->run, KNOB_STYLE)) {
	case STYLE_BLOCK:
		rc = work_block(w, delay);
		break;
	case STYLE_TO_THREAD:
		rc = work_to_thread(w, delay);
		break;
	default:
		rc = work_io(w, delay);
		break;
	}
	if (rc == 0)
		work_task_done(w, w->index);
	atomic_fetch_add(&b->finished, 1);
}

static void
blocking_finish(struct run *r)
{
	struct blocking *b = run_state(r);

	run_metric(r, "tasks_done", (double)run_tasks_done(r));
	run_metric(r, "max_lag_ms", b->max_lag_ms > 0 ? b->max_lag_ms : 0);
	run_metric(r, "heartbeats", b->heartbeats);
}

/* A blocking sleep stops the loop: the tasks' waits add up; awaited or
 * sent to a thread they overlap. */
static double
blocking_cost(const struct knobs *k, int ncores, int *startup)
{
	double wait = (double)k->v[KNOB_DELAY] * k->v[KNOB_PACE];

	(void)ncores;
	(void)startup;
	if (k->v[KNOB_STYLE] == STYLE_BLOCK || k->v[KNOB_MODEL] == MODEL_SEQUENTIAL)
		return k->v[KNOB_TASKS] * wait;
	return wait;
}

/* Worker 0 is the heartbeat; workers 1..tasks download. */
static int
blocking_workers(const struct knobs *k)
{
	return k->v[KNOB_TASKS] + 1;
}

/* The heartbeat, the tasks, and the threads asyncio.to_thread() runs
 * their blocking calls on (helper i serves worker i, task i - 1). */
static const char *
blocking_role(const struct run *r, int track, char *buf, size_t len)
{
	int n = run_workers(r);

	if (track == 0)
		xsnprintf(buf, len, "heartbeat");
	else if (track < n)
		xsnprintf(buf, len, "task-%d", track - 1);
	else if (track > n + 1)
		xsnprintf(buf, len, "to_thread-%d", track - n - 2);
	else
		return NULL;
	return buf;
}

static const struct demo_knob knobs[] = {
	{ KNOB_STYLE, STYLE_BLOCK }, { KNOB_TASKS, 3 }, { KNOB_DELAY, 500 },
	{ -1, 0 },
};

static const char *const metrics[] = { "tasks_done", "max_lag_ms", "heartbeats", NULL };

/* What the workers do, for the code markers (ops.h). */
static const struct demo_op ops[] = {
	{ OP_COMPUTE, 0 }, { OP_SLEEP, 0 }, { OP_AWAIT, 0 },
	{ OP_NONE, 0 },
};

const struct demo demo_blocking = {
	.name = "blocking",
	.summary = "a coroutine that blocks the event loop, one that awaits, one that uses to_thread",
	.models = MODEL_BIT(MODEL_COROUTINE),
	.knobs = knobs,
	.metrics = metrics,
	.ops = ops,
	.workers = blocking_workers,
	.workers_from = "one per --tasks and the heartbeat",
	.setup = blocking_setup,
	.work = blocking_work,
	.finish = blocking_finish,
	.cost = blocking_cost,
	.role = blocking_role,
};
