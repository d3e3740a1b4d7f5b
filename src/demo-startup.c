/*
 * demo-startup.c — what starting N threads, processes or coroutines costs
 */
#include "config.h"

#include "demo.h"

static const struct demo_knob knobs[] = {
	{ KNOB_COUNT, 100 },
	{ -1, 0 },
};

static const char *const metrics[] = { "per_worker_us", "started", NULL };

const struct demo demo_startup = {
	.name = "startup",
	.summary = "what starting N threads, processes or coroutines costs",
	.models = MODELS_ALL,
	.knobs = knobs,
	.metrics = metrics,
};
