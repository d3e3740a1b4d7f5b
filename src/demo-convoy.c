/*
 * demo-convoy.c — the convoy effect: one I/O thread answers requests (a
 * short blocking wait, then a little work) while --cpu-threads threads
 * compute.  When its wait ends, the I/O thread needs the GIL back; with
 * CPU-bound holders it gets it only after a switch interval has passed and
 * the holder has honoured the drop request.  The latency from "data ready"
 * to "handled" is measured for every request.  With --gil off the I/O
 * thread runs at once.
 */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "demo.h"
#include "engine.h"
#include "ops.h"
#include "util.h"

struct convoy {
	_Atomic int io_done;
	int n;
	double *latency_ms;	/* per request */
};

static int
convoy_setup(struct run *r)
{
	struct convoy *c = run_shalloc(r, sizeof *c);

	c->n = run_knob(r, KNOB_TASKS);
	c->latency_ms = run_shalloc(r, (size_t)c->n * sizeof *c->latency_ms);
	if (c->latency_ms == NULL)
		return -1;	/* the run says why */
	run_set_state(r, c);
	return 0;
}

static void
convoy_io(struct worker *w, struct convoy *c)
{
	double delay = run_knob(w->run, KNOB_DELAY);

	for (int i = 0; i < c->n; i++) {
		uint64_t start = now_ns(), ready;
		int pace = run_knob(w->run, KNOB_PACE);

		work_emit(w, EV_TASK_BEGIN, 0, i);
		if (work_io(w, delay) != 0)
			break;
		/* The data was ready when the wait ended; work_io returned once
		 * the GIL was ours again. */
		ready = start + (uint64_t)(delay * 1e6) * (uint64_t)pace;
		work_bytecode(w, 1);
		c->latency_ms[i] = (double)(now_ns() - ready) / 1e6 / pace;
		if (c->latency_ms[i] < 0)
			c->latency_ms[i] = 0;
		work_task_done(w, i);
	}
	atomic_store(&c->io_done, 1);
}

static void
convoy_work(struct worker *w)
{
	struct convoy *c = run_state(w->run);

	if (w->index == 0) {
		convoy_io(w, c);
		return;
	}
	while (!atomic_load(&c->io_done))
		if (work_compute(w, 1) != 0)
			return;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
convoy_finish(struct run *r)
{
	struct convoy *c = run_state(r);
	int n = (int)run_tasks_done(r) < c->n ? (int)run_tasks_done(r) : c->n;
	double *l = xcalloc((size_t)(n > 0 ? n : 1), sizeof *l);

	/* worker 0's tasks are the requests; the CPU threads complete none */
	for (int i = 0; i < n; i++)
		l[i] = c->latency_ms[i];
	qsort(l, (size_t)n, sizeof *l, cmp_double);
	run_metric(r, "requests", n);
	if (n > 0) {
		run_metric(r, "latency_p50_ms", l[n / 2]);
		run_metric(r, "latency_p99_ms", l[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1]);
		run_metric(r, "latency_max_ms", l[n - 1]);
	}
	free(l);
}

/* The I/O thread's requests one after another: each waits --delay, then,
 * with the GIL and CPU threads beside it, about two switch intervals more
 * on average to get the GIL back (measured: 1.9 of them on a 2-core
 * machine, the median 1.7 of them, as CPython 3.11's). */
static double
convoy_cost(const struct knobs *k, int ncores, int *startup)
{
	double per = k->v[KNOB_DELAY];

	(void)ncores;
	(void)startup;
	if (k->v[KNOB_GIL] == ON && k->v[KNOB_CPU_THREADS] > 0)
		per += 1.9 * k->v[KNOB_SWITCH_INTERVAL];
	return k->v[KNOB_TASKS] * per * k->v[KNOB_PACE];
}

/* Worker 0 serves the requests; the others compute. */
static int
convoy_workers(const struct knobs *k)
{
	return 1 + k->v[KNOB_CPU_THREADS];
}

/* The I/O thread, then the CPU-bound ones. */
static const char *
convoy_role(const struct run *r, int track, char *buf, size_t len)
{
	if (track >= run_workers(r))
		return NULL;
	if (track == 0)
		xsnprintf(buf, len, "io");
	else
		xsnprintf(buf, len, "cpu-%d", track - 1);
	return buf;
}

static const struct demo_knob knobs[] = {
	{ KNOB_CPU_THREADS, 2 }, { KNOB_TASKS, 200 }, { KNOB_DELAY, 2 },
	{ KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "latency_p50_ms", "latency_p99_ms",
	"latency_max_ms", "requests", NULL };

/* What the workers do, for the code markers (ops.h). */
static const struct demo_op ops[] = {
	{ OP_COMPUTE, 0 }, { OP_SLEEP, 0 },
	{ OP_NONE, 0 },
};

const struct demo demo_convoy = {
	.name = "convoy",
	.summary = "an I/O thread's latency while CPU-bound threads hold the GIL",
	.models = MODEL_BIT(MODEL_THREAD),
	.knobs = knobs,
	.metrics = metrics,
	.ops = ops,
	.workers = convoy_workers,
	.workers_from = "--cpu-threads and the I/O thread",
	.setup = convoy_setup,
	.work = convoy_work,
	.finish = convoy_finish,
	.cost = convoy_cost,
	.role = convoy_role,
};
