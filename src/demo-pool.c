/*
 * demo-pool.c — Pool.map over prime checks: chunksize and the bytes that cross to processes
 */
#include "config.h"

#include "demo.h"

static const struct demo_knob knobs[] = {
	{ KNOB_EXECUTOR, EXECUTOR_PROCESS }, { KNOB_WORKERS, 2 }, { KNOB_TASKS, 20 },
	{ KNOB_CHUNKSIZE, 1 }, { KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "tasks_done", "primes", "bytes_moved", "messages", NULL };

const struct demo demo_pool = {
	.name = "pool",
	.summary = "Pool.map over prime checks: chunksize and the bytes that cross to processes",
	.models = MODEL_BIT(MODEL_SEQUENTIAL) | MODEL_BIT(MODEL_THREAD) | MODEL_BIT(MODEL_PROCESS),
	.knobs = knobs,
	.metrics = metrics,
};
