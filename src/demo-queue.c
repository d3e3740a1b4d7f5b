/*
 * demo-queue.c — producers and consumers around a bounded queue.
 *
 *   q = Queue(maxsize=4)
 *   def producer(p):
 *       for i in range(N): time.sleep(0.05); q.put((p, i))
 *   def consumer():
 *       while (item := q.get()) is not None: handle(item)
 *
 * Producers wait (--delay) before each put and block when the queue is
 * full; consumers compute (--work) on each item and block when it is empty.
 * The last producer to finish puts one poison pill per consumer.  Every
 * item is counted when consumed, so the result proves nothing was lost or
 * handed out twice.
 */
#include "config.h"

#include <stdatomic.h>

#include "demo.h"
#include "engine.h"
#include "ops.h"
#include "util.h"

#define PILL (-1)

struct qstate {
	int queue;
	_Atomic int producers_done;
	_Atomic int64_t produced, consumed;
	_Atomic int32_t *seen;		/* times each item was consumed */
	_Atomic int64_t took[32];	/* items each consumer took */
};

static int
queue_setup(struct run *r)
{
	struct qstate *q = run_shalloc(r, sizeof *q);
	int items = run_knob(r, KNOB_PRODUCERS) * run_knob(r, KNOB_ITEMS);

	q->queue = run_queue_new(r, "queue", run_knob(r, KNOB_CAPACITY));
	q->seen = run_shalloc(r, (size_t)items * sizeof *q->seen);
	if (q->seen == NULL)
		return -1;	/* the run says why */
	run_set_state(r, q);
	return 0;
}

static void
produce(struct worker *w, struct qstate *q, int p)
{
	int n = run_knob(w->run, KNOB_ITEMS);

	for (int i = 0; i < n; i++) {
		if (work_io(w, run_knob(w->run, KNOB_DELAY)) != 0 ||
		    queue_put(w, q->queue, (int64_t)p * n + i) != 0)
			return;
		atomic_fetch_add(&q->produced, 1);
		work_task_done(w, (int64_t)p * n + i);
	}
	if (atomic_fetch_add(&q->producers_done, 1) + 1 == run_knob(w->run, KNOB_PRODUCERS))
		for (int c = 0; c < run_knob(w->run, KNOB_CONSUMERS); c++)
			if (queue_put(w, q->queue, PILL) != 0)
				return;
}

static void
consume(struct worker *w, struct qstate *q, int c)
{
	int64_t item, total = (int64_t)run_knob(w->run, KNOB_PRODUCERS) *
	    run_knob(w->run, KNOB_ITEMS);

	while (queue_get(w, q->queue, &item) == 0 && item != PILL) {
		if (item >= 0 && item < total)
			atomic_fetch_add(&q->seen[item], 1);
		atomic_fetch_add(&q->consumed, 1);
		atomic_fetch_add(&q->took[c], 1);
		/* handle(item): the consumer's task, and its code marker */
		work_emit(w, EV_TASK_BEGIN, 0, item);
		if (work_compute(w, run_knob(w->run, KNOB_WORK)) != 0)
			return;
		work_task_done(w, item);
	}
}

static void
queue_work(struct worker *w)
{
	struct qstate *q = run_state(w->run);
	int producers = run_knob(w->run, KNOB_PRODUCERS);

	if (w->index < producers)
		produce(w, q, w->index);
	else
		consume(w, q, w->index - producers);
}

static void
queue_finish(struct run *r)
{
	struct qstate *q = run_state(r);
	int64_t total = (int64_t)run_knob(r, KNOB_PRODUCERS) * run_knob(r, KNOB_ITEMS);
	int64_t lost = 0, dup = 0, busiest = 0;
	struct obj_stats st;

	for (int64_t i = 0; i < total; i++) {
		int32_t s = atomic_load(&q->seen[i]);

		lost += s == 0;
		dup += s > 1 ? s - 1 : 0;
	}
	for (int c = 0; c < run_knob(r, KNOB_CONSUMERS); c++)
		if (atomic_load(&q->took[c]) > busiest)
			busiest = atomic_load(&q->took[c]);
	run_obj_stats(r, q->queue, &st);
	run_metric(r, "produced", (double)atomic_load(&q->produced));
	run_metric(r, "consumed", (double)atomic_load(&q->consumed));
	run_metric(r, "lost", (double)lost);
	run_metric(r, "duplicated", (double)dup);
	run_metric(r, "max_depth", (double)st.max_depth);
	run_metric(r, "blocked_full", (double)st.blocked_full);
	run_metric(r, "blocked_empty", (double)st.blocked_empty);
	run_metric(r, "busiest", (double)busiest);
}

/* A pipeline: the producers' waits run beside the consumers' work, and
 * the slower side sets the pace; the last item's work comes after. */
static double
queue_cost(const struct knobs *k, int ncores, int *startup)
{
	double p = k->v[KNOB_PACE];
	double produce = (double)k->v[KNOB_ITEMS] * k->v[KNOB_DELAY] * p;
	int items = k->v[KNOB_PRODUCERS] * k->v[KNOB_ITEMS];
	double work = (double)k->v[KNOB_WORK] * p, consume;

	(void)startup;
	if (cost_parallel_cpu(k, 1))
		consume = cost_spread(items, k->v[KNOB_CONSUMERS], work, ncores, 1);
	else
		consume = items * work;
	return (produce > consume ? produce : consume) + work;
}

static int
queue_workers(const struct knobs *k)
{
	return k->v[KNOB_PRODUCERS] + k->v[KNOB_CONSUMERS];
}

/* Producers first, then consumers. */
static const char *
queue_role(const struct run *r, int track, char *buf, size_t len)
{
	int producers = run_knob(r, KNOB_PRODUCERS);

	if (track >= run_workers(r))
		return NULL;
	if (track < producers)
		xsnprintf(buf, len, "producer-%d", track);
	else
		xsnprintf(buf, len, "consumer-%d", track - producers);
	return buf;
}

static const struct demo_knob knobs[] = {
	{ KNOB_PRODUCERS, 2 }, { KNOB_CONSUMERS, 2 }, { KNOB_ITEMS, 20 },
	{ KNOB_CAPACITY, 4 }, { KNOB_DELAY, 50 }, { KNOB_WORK, 60 }, { KNOB_GIL, ON },
	{ KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "produced", "consumed", "lost", "duplicated",
	"max_depth", "blocked_full", "blocked_empty", "busiest", NULL };

/* Which consumer gets which item is up to the scheduler: how many the
 * busiest one took varies; a run is right when every item was handled
 * exactly once. */
static int
queue_correct(const struct result *res)
{
	double lost, dup;

	return result_metric(res, "lost", &lost) == 0 &&
	    result_metric(res, "duplicated", &dup) == 0 && lost == 0 && dup == 0;
}

static const struct demo_outcome outcome = {
	.metric = "busiest", .label = "items the busiest consumer took",
	.right = "no item lost or handled twice", .correct = queue_correct,
};

/* What the workers do, for the code markers (ops.h). */
static const struct demo_op ops[] = {
	{ OP_COMPUTE, 0 }, { OP_PUT, 0 }, { OP_GET, 0 }, { OP_SLEEP, MODELS_ALL & ~MODEL_BIT(MODEL_COROUTINE) },
	{ OP_AWAIT, MODEL_BIT(MODEL_COROUTINE) },
	{ OP_NONE, 0 },
};

const struct demo demo_queue = {
	.name = "queue",
	.summary = "producers and consumers over a bounded queue, poison-pill shutdown",
	.models = MODEL_BIT(MODEL_THREAD) | MODEL_BIT(MODEL_PROCESS) | MODEL_BIT(MODEL_COROUTINE),
	.knobs = knobs,
	.metrics = metrics,
	.ops = ops,
	.workers = queue_workers,
	.workers_from = "--producers + --consumers",
	.setup = queue_setup,
	.work = queue_work,
	.finish = queue_finish,
	.cost = queue_cost,
	.role = queue_role,
	.outcome = &outcome,
};
