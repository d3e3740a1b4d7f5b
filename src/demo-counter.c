/*
 * demo-counter.c — a shared counter: lost updates without a lock
 */
#include "config.h"

#include "demo.h"

static const struct demo_knob knobs[] = {
	{ KNOB_WORKERS, 4 }, { KNOB_INCREMENTS, 100000 }, { KNOB_LOCK, OFF },
	{ KNOB_AWAIT_BETWEEN, OFF }, { KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "final", "expected", "lost", NULL };

const struct demo demo_counter = {
	.name = "counter",
	.summary = "a shared counter: lost updates without a lock",
	.models = MODELS_ALL,
	.knobs = knobs,
	.metrics = metrics,
};
