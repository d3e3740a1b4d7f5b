/*
 * demo-semaphore.c — a semaphore lets at most K tasks in at once
 */
#include "config.h"

#include "demo.h"

static const struct demo_knob knobs[] = {
	{ KNOB_TASKS, 10 }, { KNOB_LIMIT, 3 }, { KNOB_DELAY, 200 },
	{ KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "tasks_done", "max_concurrent", NULL };

const struct demo demo_semaphore = {
	.name = "semaphore",
	.summary = "a semaphore lets at most K tasks in at once",
	.models = MODEL_BIT(MODEL_THREAD) | MODEL_BIT(MODEL_COROUTINE),
	.knobs = knobs,
	.metrics = metrics,
};
