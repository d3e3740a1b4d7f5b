/*
 * demo-pool.c — Pool.map / executor.map over prime checks.
 *
 *   def is_prime(n):
 *       if n < 2: return False
 *       for i in range(2, isqrt(n) + 1):
 *           if n % i == 0: return False
 *       return True
 *   with ProcessPoolExecutor(2) as pool:
 *       list(pool.map(is_prime, numbers, chunksize=1))
 *
 * The numbers start with the classic 15485863, 15485867, 15485869,
 * 15485917, 15485927 and go on with odd numbers above them.  Trial division
 * is really done, and each loop iteration also costs "bytecode", as much as
 * makes checking a prime of that size take --work ms (CPython takes about
 * 0.3 ms: --work stands for a slower function, so the pool can be watched).
 * --executor process sends the numbers to the workers and the answers back
 * over pipes, --chunksize at a time: bytes_moved and messages count what
 * crossed.  --executor thread shares memory (and the GIL).  --model
 * sequential is the plain loop, map(is_prime, numbers).
 */
#include "config.h"

#include "demo.h"
#include "engine.h"
#include "ops.h"
#include "util.h"

static const int64_t seed_numbers[] = {
	15485863, 15485867, 15485869, 15485917, 15485927,
};

static int64_t
pool_number(int64_t task)
{
	if (task < (int64_t)nitems(seed_numbers))
		return seed_numbers[task];
	return 15485929 + 2 * (task - (int64_t)nitems(seed_numbers));
}

static int
pool_check(const struct knobs *k, char *err, size_t len)
{
	int model = k->v[KNOB_MODEL];
	int exec = k->v[KNOB_EXECUTOR] == EXECUTOR_THREAD ? MODEL_THREAD : MODEL_PROCESS;

	if (knobs_isset(k, KNOB_MODEL) && knobs_isset(k, KNOB_EXECUTOR) &&
	    model != MODEL_SEQUENTIAL && model != exec) {
		xsnprintf(err, len, "demo pool: --model %s contradicts --executor %s",
		    model_name(model), model_name(exec));
		return -1;
	}
	return 0;
}

static int
pool_setup(struct run *r)
{
	run_set_tasks(r, run_knob(r, KNOB_TASKS));
	return 0;
}

/* Trial divisions is_prime(n) makes: up to its smallest factor. */
static int64_t
pool_iterations(int64_t n)
{
	int64_t i;

	for (i = 2; i * i <= n; i++)
		if (n % i == 0)
			break;
	return i - 1;
}

/* Units of "bytecode" one trial division costs, so that checking a prime
 * the size of the first number takes --work ms on this machine. */
static int
pool_units(const struct run *r)
{
	double u = run_knob(r, KNOB_WORK) * work_units_per_ms() /
	    (double)pool_iterations(seed_numbers[0]);

	return u < 1 ? 1 : (int)(u + 0.5);
}

static int
is_prime(struct worker *w, int64_t n, int units, int *stopped)
{
	if (n < 2)
		return 0;
	for (int64_t i = 2; i * i <= n; i++) {
		work_bytecode(w, units);
		if (n % i == 0)
			return 0;
		if (work_backedge(w) != 0) {
			*stopped = 1;
			return 0;
		}
	}
	return 1;
}

static void
pool_work(struct worker *w)
{
	int64_t t;
	int stopped = 0, units = pool_units(w->run);

	while ((t = work_next_task(w)) >= 0) {
		int p = is_prime(w, pool_number(t), units, &stopped);

		if (stopped)
			return;
		work_task_result(w, t, p);
		work_task_done(w, t);
	}
}

static void
pool_finish(struct run *r)
{
	int64_t primes = 0;

	for (int64_t t = 0; t < run_knob(r, KNOB_TASKS); t++)
		primes += run_task_result(r, t) != 0;
	run_metric(r, "tasks_done", (double)run_tasks_done(r));
	run_metric(r, "primes", (double)primes);
	if (run_knob(r, KNOB_MODEL) != MODEL_PROCESS) {
		run_metric(r, "bytes_moved", 0);
		run_metric(r, "messages", 0);
	}
}

/*
 * The checks' computation (each prime of the first number's size takes
 * --work ms; composites stop at their smallest factor), spread over the
 * workers; processes cost about POOL_START_MS each to start.  A pool whose
 * processes cost more to start than the work they share is a start-up
 * cost: the lesson's point is how little is left of the speedup.
 */
#define POOL_START_MS 1.0

static double
pool_cost(const struct knobs *k, int ncores, int *startup)
{
	double full = (double)pool_iterations(seed_numbers[0]), total = 0, start = 0;
	int tasks = k->v[KNOB_TASKS], workers = k->v[KNOB_WORKERS];
	int model = k->v[KNOB_MODEL];

	for (int64_t t = 0; t < tasks; t++)
		total += (double)pool_iterations(pool_number(t)) / full;
	total *= (double)k->v[KNOB_WORK] * k->v[KNOB_PACE];
	if (model == MODEL_PROCESS)
		start = workers * POOL_START_MS;
	if (cost_parallel_cpu(k, 1)) {
		int lanes = workers < ncores ? workers : ncores;

		total /= lanes < tasks ? lanes : tasks;
	}
	*startup = model == MODEL_PROCESS && start > total;
	return total + start;
}

static const struct demo_knob knobs[] = {
	{ KNOB_EXECUTOR, EXECUTOR_PROCESS }, { KNOB_WORKERS, 2 }, { KNOB_TASKS, 20 },
	{ KNOB_WORK, 1 },
	{ KNOB_CHUNKSIZE, 1 }, { KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "tasks_done", "primes", "bytes_moved",
	"messages", NULL };

/* What the workers do, for the code markers (ops.h). */
static const struct demo_op ops[] = {
	{ OP_COMPUTE, 0 },
	{ OP_NONE, 0 },
};

const struct demo demo_pool = {
	.name = "pool",
	.summary = "Pool.map over prime checks: chunksize and the bytes that cross to processes",
	.models = MODEL_BIT(MODEL_SEQUENTIAL) | MODEL_BIT(MODEL_THREAD) | MODEL_BIT(MODEL_PROCESS),
	.knobs = knobs,
	.metrics = metrics,
	.ops = ops,
	.check = pool_check,
	.setup = pool_setup,
	.work = pool_work,
	.finish = pool_finish,
	.cost = pool_cost,
};
