/*
 * demo-io.c — I/O-bound tasks (blocking waits): threads and coroutines overlap the waits
 */
#include "config.h"

#include "demo.h"

static const struct demo_knob knobs[] = {
	{ KNOB_WORKERS, 4 }, { KNOB_TASKS, 10 }, { KNOB_DELAY, 200 },
	{ KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "tasks_done", NULL };

const struct demo demo_io = {
	.name = "io",
	.summary = "I/O-bound tasks (blocking waits): threads and coroutines overlap the waits",
	.models = MODELS_ALL,
	.knobs = knobs,
	.metrics = metrics,
};
