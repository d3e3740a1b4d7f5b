/*
 * demo.h — the demo registry: every demo lockstep can run, as data.
 *
 * A row says what a demo is called, what it shows, which worker models it
 * supports, which knobs it takes (with its own defaults) and which measured
 * values ("metrics") its result carries.  Lessons name demos and metrics
 * from here, the command line validates knobs against it, and the engine
 * runs a row's hooks (engine.h).  Adding a demo is adding one demo-NAME.c
 * and one row.
 */
#ifndef LOCKSTEP_DEMO_H
#define LOCKSTEP_DEMO_H

#include <stddef.h>

#include "knob.h"

struct run;
struct worker;

struct demo_knob {
	int id;			/* KNOB_*; -1 ends the list */
	int def;		/* this demo's default */
};

struct demo {
	const char *name;
	const char *summary;		/* one line */
	unsigned models;		/* MODEL_BIT()s it supports */
	const struct demo_knob *knobs;	/* knobs it takes; --model, --pace always */
	const char *const *metrics;	/* result keys it reports, NULL-ended */

	/* Engine hooks (engine.h); see there for when each is called. */
	int (*check)(const struct knobs *, char *err, size_t len);
	int (*setup)(struct run *);
	void (*work)(struct worker *);
	void (*finish)(struct run *);
	int (*custom)(struct run *);	/* replaces the model runner */
};

/* Metrics every run reports, whatever the demo. */
extern const char *const demo_common_metrics[];

extern const struct demo *const demo_table[];
extern const size_t demo_count;

/* The demo called name, or NULL. */
const struct demo *demo_find(const char *name);
/* True if demo d takes knob id (model and pace: always). */
int demo_takes_knob(const struct demo *d, int id);
/* d's default for knob id (the knob's minimum if d does not take it). */
int demo_knob_default(const struct demo *d, int id);
/* True if d reports metric name (its own or a common one). */
int demo_has_metric(const struct demo *d, const char *name);
/*
 * Fill k's unset knobs with d's defaults and check the whole set: the model
 * is supported, workers within the model's limit, the demo's own rules.
 * 0, or -1 with a message in err.
 */
int demo_resolve_knobs(const struct demo *d, struct knobs *k, char *err, size_t len);

#endif
