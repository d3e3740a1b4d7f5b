/*
 * demo-convoy.c — an I/O thread's latency while CPU-bound threads hold the GIL
 */
#include "config.h"

#include "demo.h"

static const struct demo_knob knobs[] = {
	{ KNOB_CPU_THREADS, 2 }, { KNOB_TASKS, 200 }, { KNOB_DELAY, 2 },
	{ KNOB_WORK, 1000 }, { KNOB_GIL, ON }, { KNOB_SWITCH_INTERVAL, 5 },
	{ -1, 0 },
};

static const char *const metrics[] = { "latency_p50_ms", "latency_p99_ms", "latency_max_ms", "requests", NULL };

const struct demo demo_convoy = {
	.name = "convoy",
	.summary = "an I/O thread's latency while CPU-bound threads hold the GIL",
	.models = MODEL_BIT(MODEL_THREAD),
	.knobs = knobs,
	.metrics = metrics,
};
