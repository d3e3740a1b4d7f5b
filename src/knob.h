/*
 * knob.h — the demo knobs: one table that the command line, --help, the
 * lesson checker, the lesson player's keys and its knob bar all read.
 *
 * A knob is an integer in a range, or one of a list of named choices
 * (on/off is a choice).  A struct knobs holds one value per knob plus a mask
 * of the knobs that were set explicitly, so a demo's own defaults fill the
 * rest.
 *
 * A row also says how the lesson player turns the knob (knob-edit.h): its
 * hotkey, its label on the knob bar and its step rule.  A choice knob's key
 * goes to the next choice; a number's key goes up and the same letter in
 * upper case goes down (+ and - for the counts).  Knobs may share a key:
 * it turns the one of lowest .rank that the demo takes, so + and - change
 * a demo's workers, or else its CPU threads, limit, consumers...
 */
#ifndef LOCKSTEP_KNOB_H
#define LOCKSTEP_KNOB_H

#include <stddef.h>

enum knob_id {
	KNOB_MODEL,
	KNOB_WORKERS,
	KNOB_TASKS,
	KNOB_WORK,
	KNOB_DELAY,
	KNOB_LOCK,
	KNOB_GIL,
	KNOB_SWITCH_INTERVAL,
	KNOB_INCREMENTS,
	KNOB_AWAIT_BETWEEN,
	KNOB_PRODUCERS,
	KNOB_CONSUMERS,
	KNOB_ITEMS,
	KNOB_CAPACITY,
	KNOB_EXECUTOR,
	KNOB_CHUNKSIZE,
	KNOB_ORDER,
	KNOB_STYLE,
	KNOB_COUNT,
	KNOB_CPU_THREADS,
	KNOB_LIMIT,
	KNOB_HOLD,
	KNOB_RUNS,
	KNOB_PACE,
	KNOB_START,
	KNOB__MAX
};

/* Values of the choice knobs, in the order of their choices. */
enum model { MODEL_SEQUENTIAL, MODEL_THREAD, MODEL_PROCESS, MODEL_COROUTINE, MODEL__MAX };
enum onoff { OFF, ON };
enum executor { EXECUTOR_THREAD, EXECUTOR_PROCESS };
enum order { ORDER_INCONSISTENT, ORDER_ORDERED };
enum style { STYLE_BLOCK, STYLE_AWAIT, STYLE_TO_THREAD };
/* multiprocessing's start methods (model-process.c, spawn.c). */
enum start_method { START_FORK, START_SPAWN, START_FORKSERVER };

#define MODEL_BIT(m) (1u << (m))
#define MODELS_ALL (MODEL_BIT(MODEL_SEQUENTIAL) | MODEL_BIT(MODEL_THREAD) | \
	MODEL_BIT(MODEL_PROCESS) | MODEL_BIT(MODEL_COROUTINE))

/* Most workers each model may start (threads, processes, coroutines). */
#define MAX_THREADS 64
#define MAX_PROCESSES 32
#define MAX_COROUTINES 1024

enum knob_type { KNOB_INT, KNOB_CHOICE };

/* How a key of the lesson player changes a knob. */
enum knob_step {
	STEP_NONE,		/* no key */
	STEP_CYCLE,		/* a choice: the next one, round */
	STEP_COUNT,		/* by 1 below 10, 5 below 50, 25 below 200, then 100 */
	STEP_DOUBLE,		/* twice or half */
};

/* Where the knob bar shows a knob the demo takes. */
enum knob_bar {
	BAR_ALWAYS,
	BAR_IF_NAMED,		/* only when the step's @demo line sets it */
};

struct knob {
	const char *name;		/* long option and lesson key: "workers" */
	enum knob_type type;
	const char *metavar;		/* "N", "MS" */
	int min, max;			/* KNOB_INT range */
	const char *const *choices;	/* KNOB_CHOICE, NULL-terminated */
	const char *help;		/* one line for --help */

	/* The lesson player (see above). */
	int key;			/* hotkey; 0: none */
	enum knob_step step;
	int rank;			/* among knobs sharing the key: lowest first */
	const char *label;		/* knob bar: before the value; NULL: none */
	enum knob_bar bar;
	const char *keyhelp;		/* the help overlay's line for the key */
};

extern const struct knob knob_table[KNOB__MAX];

struct knobs {
	int v[KNOB__MAX];
	unsigned long set;		/* bit k: knob k given explicitly */
};

/* The knob called name, or -1. */
int knob_find(const char *name);
/* Parse text as a value of knob id; 0, or -1 with a message in err. */
int knob_parse(int id, const char *text, int *value, char *err, size_t len);
/* Write value of knob id as text ("on", "4") into buf; returns buf. */
const char *knob_format(int id, int value, char *buf, size_t len);
/* Set knob id in k and mark it explicit. */
void knobs_set(struct knobs *k, int id, int value);
/* Forget that knob id was set: the demo's default (or a rule) fills it. */
void knobs_unset(struct knobs *k, int id);
/* True if knob id was set explicitly. */
int knobs_isset(const struct knobs *k, int id);
/* Describe a knob's accepted values ("1..64", "on|off") into buf. */
const char *knob_range(int id, char *buf, size_t len);
/* Most workers the model allows. */
int model_max_workers(int model);
/* What the model's workers are called, plural ("threads"). */
const char *model_workers_noun(int model);
/* The name of a model ("thread"). */
const char *model_name(int model);

#endif
