/*
 * demo-blocking.c — a coroutine that blocks the event loop, one that awaits, one that uses to_thread
 */
#include "config.h"

#include "demo.h"

static const struct demo_knob knobs[] = {
	{ KNOB_STYLE, STYLE_BLOCK }, { KNOB_TASKS, 3 }, { KNOB_DELAY, 500 },
	{ KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "tasks_done", "max_lag_ms", "heartbeats", NULL };

const struct demo demo_blocking = {
	.name = "blocking",
	.summary = "a coroutine that blocks the event loop, one that awaits, one that uses to_thread",
	.models = MODEL_BIT(MODEL_COROUTINE),
	.knobs = knobs,
	.metrics = metrics,
};
