/*
 * demo-cpu.c — CPU-bound tasks: processes scale with cores; GIL threads and coroutines do not
 */
#include "config.h"

#include "demo.h"

static const struct demo_knob knobs[] = {
	{ KNOB_WORKERS, 4 }, { KNOB_TASKS, 4 }, { KNOB_WORK, 500 },
	{ KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "tasks_done", NULL };

const struct demo demo_cpu = {
	.name = "cpu",
	.summary = "CPU-bound tasks: processes scale with cores; GIL threads and coroutines do not",
	.models = MODELS_ALL,
	.knobs = knobs,
	.metrics = metrics,
};
