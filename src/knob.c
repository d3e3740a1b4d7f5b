/*
 * knob.c — the knob table and its parsing.  Ranges here are the contract:
 * a value outside them is a usage error (exit 2) on the command line and a
 * FILE:LINE error in a lesson.  Keys, labels and steps are the lesson
 * player's (knob-edit.c turns knobs by them).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "knob.h"
#include "util.h"

static const char *const models[] = { "sequential", "thread", "process", "coroutine", NULL };
static const char *const onoff[] = { "off", "on", NULL };
static const char *const executors[] = { "thread", "process", NULL };
static const char *const orders[] = { "inconsistent", "ordered", NULL };
static const char *const styles[] = { "block", "await", "to-thread", NULL };
static const char *const starts[] = { "fork", "spawn", "forkserver", NULL };

const struct knob knob_table[KNOB__MAX] = {
	[KNOB_MODEL] = { .name = "model", .type = KNOB_CHOICE, .choices = models,
	    .help = "how the tasks run: sequential, thread, process or coroutine",
	    .key = 'm', .step = STEP_CYCLE, .keyhelp = "model: then 1-4, or m next" },
	[KNOB_WORKERS] = { .name = "workers", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = MAX_COROUTINES,
	    .help = "workers (at most 64 threads, 32 processes, 1024 coroutines)",
	    .key = '+', .step = STEP_COUNT, .rank = 1, .label = "workers",
	    .keyhelp = "more / fewer workers..." },
	[KNOB_TASKS] = { .name = "tasks", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = 10000, .help = "tasks to run",
	    .key = '+', .step = STEP_COUNT, .rank = 5, .label = "tasks" },
	[KNOB_WORK] = { .name = "work", .type = KNOB_INT, .metavar = "MS",
	    .min = 1, .max = 10000, .help = "milliseconds of computation per task" },
	[KNOB_DELAY] = { .name = "delay", .type = KNOB_INT, .metavar = "MS",
	    .min = 0, .max = 10000, .help = "milliseconds each I/O wait lasts" },
	[KNOB_LOCK] = { .name = "lock", .type = KNOB_CHOICE, .choices = onoff,
	    .help = "guard the shared state with a lock",
	    .key = 'l', .step = STEP_CYCLE, .label = "lock", .keyhelp = "lock on/off" },
	[KNOB_GIL] = { .name = "gil", .type = KNOB_CHOICE, .choices = onoff,
	    .help = "model CPython's GIL (off: free-threaded Python)",
	    .key = 'g', .step = STEP_CYCLE, .label = "GIL",
	    .keyhelp = "GIL on/off (free-threaded)" },
	[KNOB_SWITCH_INTERVAL] = { .name = "switch-interval", .type = KNOB_INT,
	    .metavar = "MS", .min = 1, .max = 1000,
	    .help = "GIL switch interval (sys.setswitchinterval)",
	    .key = 'i', .step = STEP_DOUBLE, .label = "interval", .bar = BAR_IF_NAMED,
	    .keyhelp = "switch interval up / down" },
	[KNOB_INCREMENTS] = { .name = "increments", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = 10000000, .help = "increments per worker" },
	[KNOB_AWAIT_BETWEEN] = { .name = "await-between", .type = KNOB_CHOICE,
	    .choices = onoff, .help = "yield between reading and writing the counter" },
	[KNOB_PRODUCERS] = { .name = "producers", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = 32, .help = "producers" },
	[KNOB_CONSUMERS] = { .name = "consumers", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = 32, .help = "consumers",
	    .key = '+', .step = STEP_COUNT, .rank = 4, .label = "consumers" },
	[KNOB_ITEMS] = { .name = "items", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = 1000000, .help = "items each producer puts" },
	[KNOB_CAPACITY] = { .name = "capacity", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = 1024, .help = "queue capacity (maxsize)",
	    .key = 'c', .step = STEP_DOUBLE, .rank = 1, .label = "capacity",
	    .keyhelp = "capacity, chunksize up / down" },
	[KNOB_EXECUTOR] = { .name = "executor", .type = KNOB_CHOICE,
	    .choices = executors, .help = "pool of threads or of processes" },
	[KNOB_CHUNKSIZE] = { .name = "chunksize", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = 10000, .help = "tasks sent to a pool worker at once",
	    .key = 'c', .step = STEP_DOUBLE, .rank = 2, .label = "chunksize" },
	[KNOB_ORDER] = { .name = "order", .type = KNOB_CHOICE, .choices = orders,
	    .help = "lock acquisition order",
	    .key = 'o', .step = STEP_CYCLE, .label = "order", .keyhelp = "lock order" },
	[KNOB_STYLE] = { .name = "style", .type = KNOB_CHOICE, .choices = styles,
	    .help = "how a coroutine waits: block the loop, await, or to_thread",
	    .key = 'w', .step = STEP_CYCLE, .keyhelp = "how a coroutine waits" },
	[KNOB_COUNT] = { .name = "count", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = 1024, .help = "workers to start",
	    .key = '+', .step = STEP_COUNT, .rank = 6, .label = "count" },
	[KNOB_CPU_THREADS] = { .name = "cpu-threads", .type = KNOB_INT,
	    .metavar = "N", .min = 0, .max = 16, .help = "CPU-bound threads",
	    .key = '+', .step = STEP_COUNT, .rank = 2, .label = "cpu-threads" },
	[KNOB_LIMIT] = { .name = "limit", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = 64, .help = "semaphore limit (tasks at once)",
	    .key = '+', .step = STEP_COUNT, .rank = 3, .label = "limit" },
	[KNOB_HOLD] = { .name = "hold", .type = KNOB_INT, .metavar = "MS",
	    .min = 0, .max = 60000,
	    .help = "milliseconds a deadlock stands before lockstep breaks it" },
	[KNOB_RUNS] = { .name = "runs", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = 1000,
	    .help = "run it N times and count the outcomes (R in the player)" },
	[KNOB_PACE] = { .name = "pace", .type = KNOB_INT, .metavar = "N",
	    .min = 1, .max = 50, .help = "slow motion: stretch work and waits N times" },
	[KNOB_START] = { .name = "start", .type = KNOB_CHOICE, .choices = starts,
	    .help = "how --model process starts a worker (multiprocessing's start method)",
	    .key = 'f', .step = STEP_CYCLE, .label = "start",
	    .keyhelp = "start method: fork, spawn, forkserver" },
};

int
knob_find(const char *name)
{
	for (int i = 0; i < KNOB__MAX; i++)
		if (strcmp(knob_table[i].name, name) == 0)
			return i;
	return -1;
}

const char *
knob_range(int id, char *buf, size_t len)
{
	const struct knob *k = &knob_table[id];
	size_t off = 0;

	if (k->type == KNOB_INT) {
		xsnprintf(buf, len, "%d..%d", k->min, k->max);
		return buf;
	}
	buf[0] = '\0';
	for (int i = 0; k->choices[i] != NULL; i++)
		off += xsnprintf(buf + off, len - off, "%s%s", i ? "|" : "", k->choices[i]);
	return buf;
}

int
knob_parse(int id, const char *text, int *value, char *err, size_t len)
{
	const struct knob *k = &knob_table[id];
	char range[128];
	long v;

	if (k->type == KNOB_CHOICE) {
		/* blanks around a word are ignored, as around a number */
		const char *w = text + strspn(text, " \t");
		size_t n = strlen(w);

		while (n > 0 && (w[n - 1] == ' ' || w[n - 1] == '\t'))
			n--;
		for (int i = 0; k->choices[i] != NULL; i++) {
			if (strlen(k->choices[i]) == n && strncmp(k->choices[i], w, n) == 0) {
				*value = i;
				return 0;
			}
		}
		xsnprintf(err, len, "--%s: '%s' is not one of %s", k->name, text,
		    knob_range(id, range, sizeof range));
		return -1;
	}
	if (parse_int(text, k->min, k->max, &v) != 0) {
		xsnprintf(err, len, "--%s: '%s' is not a whole number in %s", k->name,
		    text, knob_range(id, range, sizeof range));
		return -1;
	}
	*value = (int)v;
	return 0;
}

const char *
knob_format(int id, int value, char *buf, size_t len)
{
	const struct knob *k = &knob_table[id];

	if (k->type == KNOB_CHOICE)
		xsnprintf(buf, len, "%s", k->choices[value]);
	else
		xsnprintf(buf, len, "%d", value);
	return buf;
}

void
knobs_set(struct knobs *k, int id, int value)
{
	k->v[id] = value;
	k->set |= 1ul << id;
}

void
knobs_unset(struct knobs *k, int id)
{
	k->set &= ~(1ul << id);
}

int
knobs_isset(const struct knobs *k, int id)
{
	return (k->set >> id) & 1;
}

int
model_max_workers(int model)
{
	static const int cap[MODEL__MAX] = {
		[MODEL_SEQUENTIAL] = MAX_COROUTINES, [MODEL_THREAD] = MAX_THREADS,
		[MODEL_PROCESS] = MAX_PROCESSES, [MODEL_COROUTINE] = MAX_COROUTINES,
	};

	return cap[model];
}

const char *
model_workers_noun(int model)
{
	static const char *const nouns[MODEL__MAX] = {
		[MODEL_SEQUENTIAL] = "workers", [MODEL_THREAD] = "threads",
		[MODEL_PROCESS] = "processes", [MODEL_COROUTINE] = "coroutines",
	};

	return nouns[model];
}

const char *
model_name(int model)
{
	return models[model];
}
