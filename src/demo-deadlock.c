/*
 * demo-deadlock.c — locks taken in opposite orders: the wait-for cycle, and ordering that fixes it
 */
#include "config.h"

#include "demo.h"

static const struct demo_knob knobs[] = {
	{ KNOB_WORKERS, 2 }, { KNOB_ORDER, ORDER_INCONSISTENT }, { KNOB_DELAY, 100 },
	{ KNOB_TASKS, 3 }, { KNOB_GIL, ON },
	{ -1, 0 },
};

static const char *const metrics[] = { "deadlocked", "cycle_length", "rounds_done", NULL };

const struct demo demo_deadlock = {
	.name = "deadlock",
	.summary = "locks taken in opposite orders: the wait-for cycle, and ordering that fixes it",
	.models = MODEL_BIT(MODEL_THREAD) | MODEL_BIT(MODEL_PROCESS) | MODEL_BIT(MODEL_COROUTINE),
	.knobs = knobs,
	.metrics = metrics,
};
