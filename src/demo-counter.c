/*
 * demo-counter.c — a shared counter and lost updates.
 *
 *   def add():
 *       global counter
 *       for _ in range(N):
 *           counter += 1        # LOAD, ADD, STORE
 *
 * Each increment reads the counter, does the addition ("bytecode" work),
 * then writes it back.  Without a lock, two workers that read the same
 * value both write value + 1 and one update is lost.  The read and write
 * are relaxed atomics, so the race is well-defined C that sanitizers
 * accept; what it loses is real.
 *
 * Under the GIL model the drop request is only honoured at the loop's
 * back-edge, as in CPython 3.10+, so threads rarely lose updates — unless
 * --await-between on puts a sleep(0) between the read and the write.
 * Processes share the counter through shared memory (a multiprocessing
 * Value) and race in parallel; --lock on uses its get_lock().
 */
#include "config.h"

#include <stdatomic.h>

#include "demo.h"
#include "engine.h"
#include "ops.h"

struct counter {
	_Atomic int64_t value;
	int lock;
};

static int
counter_setup(struct run *r)
{
	struct counter *c = run_shalloc(r, sizeof *c);

	c->lock = run_lock_new(r, "lock");
	run_set_state(r, c);
	return 0;
}

/* Increments between two samples of the counter for the interface (every
 * one would flood the trace); with a sleep(0) between read and write each
 * increment is slow anyway: every value read and written is traced, so
 * step mode shows what each worker read and the counter exactly. */
#define SAMPLE_EVERY 1024

static void
counter_work(struct worker *w)
{
	struct counter *c = run_state(w->run);
	int n = run_knob(w->run, KNOB_INCREMENTS);
	int locked = run_knob(w->run, KNOB_LOCK) == ON;
	int yield = run_knob(w->run, KNOB_AWAIT_BETWEEN) == ON;
	int every = yield ? 1 : SAMPLE_EVERY;

	for (int i = 0; i < n; i++) {
		int64_t v;

		if (locked && lock_acquire(w, c->lock) != 0)
			return;
		v = atomic_load_explicit(&c->value, memory_order_relaxed);
		if (yield) {
			work_emit(w, EV_VALUE_READ, 0, v);
			work_yield(w);
		}
		work_bytecode(w, 1);
		atomic_store_explicit(&c->value, v + 1, memory_order_relaxed);
		if (i % every == 0 || i == n - 1)
			work_emit(w, EV_VALUE, 0, v + 1);
		if (locked)
			lock_release(w, c->lock);
		if (work_backedge(w) != 0)
			return;
	}
	w->tasks_done = n;
}

static void
counter_finish(struct run *r)
{
	struct counter *c = run_state(r);
	double expected = (double)run_workers(r) * run_knob(r, KNOB_INCREMENTS);
	double final = (double)atomic_load(&c->value);

	run_metric(r, "final", final);
	run_metric(r, "expected", expected);
	run_metric(r, "lost", expected - final);
}

/*
 * Reference costs of one increment (ns, measured on the reference
 * machine): the loop and the racy read and write; the counter's cache line
 * bouncing between cores when workers race in parallel; a sleep(0) between them
 * (a zero-length nanosleep, which the kernel's 50 us timer slack makes
 * about 20 us an increment with 4 threads, in CPython as here; a loop turn
 * in a coroutine); a lock taken while others want it; and the lock
 * held across a sleep(0) under the GIL, where every increment waits for
 * the GIL to come back (CPython: about 125 us; see fidelity's bench).
 */
#define INC_NS 5.0
#define BOUNCE_NS 60.0
#define YIELD_GIL_NS 20000.0
#define YIELD_NS 25000.0
#define LOOP_TURN_NS 400.0
#define LOCK_NS 800.0
#define LOCK_YIELD_GIL_NS 125000.0

static double
counter_cost(const struct knobs *k, int ncores, int *startup)
{
	int model = k->v[KNOB_MODEL], workers = k->v[KNOB_WORKERS];
	int gil = model == MODEL_THREAD && k->v[KNOB_GIL] == ON;
	int locked = k->v[KNOB_LOCK] == ON, yield = k->v[KNOB_AWAIT_BETWEEN] == ON;
	double incs = (double)workers * k->v[KNOB_INCREMENTS];
	double each = INC_NS + cost_unit_ns * k->v[KNOB_PACE];

	(void)startup;
	if (model == MODEL_SEQUENTIAL)
		workers = 1;
	if (yield)
		each += model == MODEL_COROUTINE ? LOOP_TURN_NS :
		    locked && gil ? LOCK_YIELD_GIL_NS : gil ? YIELD_GIL_NS : YIELD_NS;
	if (locked && workers > 1 && !gil)
		each += LOCK_NS;	/* contended: one at a time */
	else if (!locked && cost_parallel_cpu(k, 1) && workers > 1) {
		each += BOUNCE_NS;
		incs /= workers < ncores ? workers : ncores;
	}
	return incs * each / 1e6;
}

static const struct demo_knob knobs[] = {
	{ KNOB_WORKERS, 4 }, { KNOB_INCREMENTS, 100000 }, { KNOB_LOCK, OFF },
	{ KNOB_AWAIT_BETWEEN, OFF }, { KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "final", "expected", "lost", NULL };

/* What the workers do, for the code markers (ops.h). */
static const struct demo_op ops[] = {
	{ OP_READ, 0 }, { OP_WRITE, 0 },
	{ OP_YIELD, MODEL_BIT(MODEL_THREAD) | MODEL_BIT(MODEL_PROCESS) | MODEL_BIT(MODEL_COROUTINE) },
	{ OP_ACQUIRE, 0 }, { OP_RELEASE, 0 },
	{ OP_NONE, 0 },
};

/* Run after run, the final value differs: right only when no update was
 * lost. */
static int
counter_correct(const struct result *res)
{
	double final, expected;

	return result_metric(res, "final", &final) == 0 &&
	    result_metric(res, "expected", &expected) == 0 && final == expected;
}

static const struct demo_outcome outcome = {
	.metric = "final", .label = "final counter value",
	.right = "final == expected", .correct = counter_correct,
};

const struct demo demo_counter = {
	.name = "counter",
	.summary = "a shared counter: lost updates without a lock",
	.models = MODELS_ALL,
	.knobs = knobs,
	.metrics = metrics,
	.ops = ops,
	.setup = counter_setup,
	.work = counter_work,
	.finish = counter_finish,
	.cost = counter_cost,
	.outcome = &outcome,
};
