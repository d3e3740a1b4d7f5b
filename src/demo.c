/*
 * demo.c — the registry table, knob resolution (defaults, the couplings
 * between knobs, the model's worker cap) and metric lookup.
 */
#include "config.h"

#include <string.h>

#include "demo.h"
#include "engine.h"
#include "util.h"

#define DEMO(name) extern const struct demo demo_##name;
#include "demos.def"
#undef DEMO

const struct demo *const demo_table[] = {
#define DEMO(name) &demo_##name,
#include "demos.def"
#undef DEMO
};
const size_t demo_count = nitems(demo_table);

const char *const demo_common_metrics[] = {
	"wall_ms",		/* elapsed time of the run */
	"cpu_ms",		/* CPU time its workers used */
	"workers",		/* workers it ran */
	"cores_used",		/* distinct CPUs the workers ran on */
	"events",		/* trace events recorded */
	"dropped",		/* trace events dropped (full ring) */
	"baseline_ms",		/* sequential run's wall time (--baseline) */
	"speedup",		/* baseline_ms / wall_ms (--baseline) */
	NULL,
};

const char *const demo_series_metrics[] = {
	"runs_done",		/* runs of the series that finished */
	"runs_correct",		/* of those, the runs that came out right */
	"runs_min",		/* the outcome's smallest value */
	"runs_median",		/* the middle run's value */
	"runs_max",		/* the largest */
	NULL,
};

const struct demo *
demo_find(const char *name)
{
	for (size_t i = 0; i < demo_count; i++)
		if (strcmp(demo_table[i]->name, name) == 0)
			return demo_table[i];
	return NULL;
}

static const struct demo_knob *
demo_knob(const struct demo *d, int id)
{
	for (const struct demo_knob *dk = d->knobs; dk->id != -1; dk++)
		if (dk->id == id)
			return dk;
	return NULL;
}

int
demo_takes_knob(const struct demo *d, int id)
{
	return id == KNOB_MODEL || id == KNOB_PACE || demo_knob(d, id) != NULL ||
	    (id == KNOB_RUNS && d->outcome != NULL) ||
	    (id == KNOB_START && (d->models & MODEL_BIT(MODEL_PROCESS)));
}

int
demo_knob_default(const struct demo *d, int id)
{
	const struct demo_knob *dk = demo_knob(d, id);

	if (dk != NULL)
		return dk->def;
	if (id == KNOB_MODEL) {
		/* The first model the demo supports, thread preferred. */
		if (d->models & MODEL_BIT(MODEL_THREAD))
			return MODEL_THREAD;
		for (int m = 0; m < MODEL__MAX; m++)
			if (d->models & MODEL_BIT(m))
				return m;
	}
	if (id == KNOB_PACE)
		return 1;
	if (id == KNOB_RUNS)
		return DEMO_RUNS_DEFAULT;
	return knob_table[id].min;
}

int
demo_has_metric(const struct demo *d, const char *name)
{
	for (int i = 0; demo_common_metrics[i] != NULL; i++)
		if (strcmp(demo_common_metrics[i], name) == 0)
			return 1;
	for (int i = 0; d->metrics[i] != NULL; i++)
		if (strcmp(d->metrics[i], name) == 0)
			return 1;
	for (int i = 0; d->outcome != NULL && demo_series_metrics[i] != NULL; i++)
		if (strcmp(demo_series_metrics[i], name) == 0)
			return 1;
	return 0;
}

int
result_metric(const struct result *res, const char *name, double *v)
{
	for (int i = 0; i < res->nmetrics; i++)
		if (strcmp(res->m[i].name, name) == 0) {
			*v = res->m[i].value;
			return 0;
		}
	return -1;
}

int
demo_workers(const struct demo *d, const struct knobs *k)
{
	if (d->workers != NULL)
		return d->workers(k);
	return demo_takes_knob(d, KNOB_WORKERS) ? k->v[KNOB_WORKERS] : 1;
}

int
demo_workers_gather(const struct knobs *k)
{
	int model = k->v[KNOB_MODEL], cap = model_max_workers(model);

	if (!model_worker_per_task(model) || knobs_isset(k, KNOB_WORKERS))
		return k->v[KNOB_WORKERS];
	return k->v[KNOB_TASKS] < cap ? k->v[KNOB_TASKS] : cap;
}

/* A pool's --executor and --model say the same thing: the one set fills
 * the other (--model sequential is the plain-loop baseline and keeps the
 * demo's executor).  The lesson player relies on this: turning one knob
 * unsets the other. */
static void
couple_executor(const struct demo *d, struct knobs *k)
{
	int model = k->v[KNOB_MODEL];

	if (!demo_takes_knob(d, KNOB_EXECUTOR))
		return;
	if (!knobs_isset(k, KNOB_MODEL))
		k->v[KNOB_MODEL] = k->v[KNOB_EXECUTOR] == EXECUTOR_THREAD ? MODEL_THREAD :
		    MODEL_PROCESS;
	else if (!knobs_isset(k, KNOB_EXECUTOR) &&
	    (model == MODEL_THREAD || model == MODEL_PROCESS))
		k->v[KNOB_EXECUTOR] = model == MODEL_THREAD ? EXECUTOR_THREAD :
		    EXECUTOR_PROCESS;
}

void
demo_knob_turned(const struct demo *d, struct knobs *k, int id)
{
	if (!demo_takes_knob(d, KNOB_EXECUTOR))
		return;
	if (id == KNOB_MODEL)
		knobs_unset(k, KNOB_EXECUTOR);
	else if (id == KNOB_EXECUTOR)
		knobs_unset(k, KNOB_MODEL);
}

/* The workers the knobs start fit the model. */
static int
check_workers(const struct demo *d, const struct knobs *k, char *err, size_t len)
{
	int model = k->v[KNOB_MODEL], n = demo_workers(d, k);

	if (n <= model_max_workers(model))
		return 0;
	if (d->workers == NULL || (demo_takes_knob(d, KNOB_WORKERS) && n == k->v[KNOB_WORKERS]))
		xsnprintf(err, len, "--workers %d: at most %d with --model %s", n,
		    model_max_workers(model), model_name(model));
	else
		xsnprintf(err, len, "demo %s would start %d %s (%s): at most %d with "
		    "--model %s", d->name, n, model_workers_noun(model), d->workers_from,
		    model_max_workers(model), model_name(model));
	return -1;
}

int
demo_resolve_knobs(const struct demo *d, struct knobs *k, char *err, size_t len)
{
	char buf[32];
	int model;

	for (int id = 0; id < KNOB__MAX; id++) {
		if (knobs_isset(k, id) && !demo_takes_knob(d, id)) {
			xsnprintf(err, len, "demo '%s' does not take --%s", d->name,
			    knob_table[id].name);
			return -1;
		}
		if (!knobs_isset(k, id))
			k->v[id] = demo_knob_default(d, id);
	}
	couple_executor(d, k);
	model = k->v[KNOB_MODEL];
	if (!(d->models & MODEL_BIT(model))) {
		xsnprintf(err, len, "demo '%s' cannot run with --model %s", d->name,
		    knob_format(KNOB_MODEL, model, buf, sizeof buf));
		return -1;
	}
	if (check_workers(d, k, err, len) != 0)
		return -1;
	if (d->check != NULL && d->check(k, err, len) != 0)
		return -1;
	return 0;
}
