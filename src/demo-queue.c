/*
 * demo-queue.c — producers and consumers over a bounded queue, poison-pill shutdown
 */
#include "config.h"

#include "demo.h"

static const struct demo_knob knobs[] = {
	{ KNOB_PRODUCERS, 2 }, { KNOB_CONSUMERS, 2 }, { KNOB_ITEMS, 20 },
	{ KNOB_CAPACITY, 4 }, { KNOB_DELAY, 50 }, { KNOB_WORK, 60 }, { KNOB_GIL, ON },
	{ KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "produced", "consumed", "lost", "duplicated", "max_depth", "blocked_full", "blocked_empty", NULL };

const struct demo demo_queue = {
	.name = "queue",
	.summary = "producers and consumers over a bounded queue, poison-pill shutdown",
	.models = MODEL_BIT(MODEL_THREAD) | MODEL_BIT(MODEL_PROCESS) | MODEL_BIT(MODEL_COROUTINE),
	.knobs = knobs,
	.metrics = metrics,
};
