/*
 * check_course.c — the course proof-read, against the engine: every demo
 * reports the metrics it declares (so every placeholder the parser let
 * through can be filled), every step's placeholders and @if conditions
 * are filled and decided by a run of its own demo, its @before texts by its
 * knobs alone (they show before any run), and every @claim holds
 * when the step's demo runs at a small scale.
 *
 * Small scale: the knobs that only make a run longer (increments, items,
 * work, tasks, count, delay) are capped, so a claim must hold by the
 * demo's design, not by luck of its size.  Failures name the lesson file
 * and line, like lockstep check.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "engine.h"
#include "lesson-int.h"
#include "ops.h"
#include "suites.h"
#include "util.h"

static struct lesson_catalogue cat;

static void
course_setup(void)
{
	char dir[] = LOCKSTEP_SRC_LESSONS, *dirs[] = { dir };
	struct lesson_errors errs;

	lesson_errors_init(&errs);
	lesson_catalogue_load_dirs(&cat, dirs, 1, &errs);
	ck_assert_msg(errs.n == 0, "course errors, first: %s", errs.n ? errs.msg[0] : "");
	lesson_errors_free(&errs);
	ck_assert_int_ge(cat.n, 15);
}

static void
course_teardown(void)
{
	lesson_catalogue_free(&cat);
}

/* Cap knob id at most max, if the demo takes it. */
static void
cap(const struct demo *d, struct knobs *k, int id, int max)
{
	if (demo_takes_knob(d, id) && k->v[id] > max)
		knobs_set(k, id, max);
}

/* The knobs of binding r at a small scale, resolved. */
static void
small_knobs(const struct lesson_run *r, struct knobs *k)
{
	char err[256];

	*k = r->knobs;
	ck_assert_msg(demo_resolve_knobs(r->demo, k, err, sizeof err) == 0, "%s", err);
	cap(r->demo, k, KNOB_INCREMENTS, 50);
	cap(r->demo, k, KNOB_ITEMS, 10);
	cap(r->demo, k, KNOB_WORK, 30);
	cap(r->demo, k, KNOB_TASKS, 12);
	cap(r->demo, k, KNOB_COUNT, 20);
	cap(r->demo, k, KNOB_DELAY, 100);
	cap(r->demo, k, KNOB_HOLD, 0);	/* a deadlock found is broken at once */
	knobs_set(k, KNOB_PACE, 1);
	ck_assert_msg(demo_resolve_knobs(r->demo, k, err, sizeof err) == 0, "%s", err);
}

/* One finished run: its result and the knobs it ran with. */
struct measured {
	struct result res;
	struct knobs knobs;
	const struct demo *demo;
	int baseline;		/* the binding has baseline=on: pretend one ran */
};

static void
measure(const struct lesson_run *r, struct measured *m)
{
	char err[256];
	struct run *run;

	small_knobs(r, &m->knobs);
	m->demo = r->demo;
	m->baseline = r->baseline;
	run = run_start(r->demo, &m->knobs, err, sizeof err);
	ck_assert_msg(run != NULL, "%s: %s", r->demo->name, err);
	run_wait(run, &m->res);
	run_free(run);
	ck_assert_msg(m->res.error[0] == '\0', "%s: %s", r->demo->name, m->res.error);
}

/* lesson_metric_fn over a measured run. */
static int
measured_value(void *ctx, int run, const char *name, double *value)
{
	const struct measured *m = ctx;
	int id;

	(void)run;
	for (int i = 0; i < m->res.nmetrics; i++)
		if (strcmp(m->res.m[i].name, name) == 0) {
			*value = m->res.m[i].value;
			return 0;
		}
	if (m->baseline && (strcmp(name, "speedup") == 0 ||
	    strcmp(name, "baseline_ms") == 0)) {
		*value = 1;
		return 0;
	}
	if ((id = knob_find(name)) >= 0 && demo_takes_knob(m->demo, id)) {
		*value = m->knobs.v[id];
		return 0;
	}
	return -1;
}

/*
 * Trace counts the headless "lockstep demo" collector adds; a run's result
 * (what the player shows) does not have them, so no step may show them.
 */
static int
collector_only(const char *name)
{
	return strcmp(name, "events") == 0 || strcmp(name, "dropped") == 0;
}

/* Every metric a demo declares is in the result of a run of it. */
START_TEST(demos_report_their_metrics)
{
	const struct demo *d = demo_table[_i];
	struct lesson_run r = { .demo = d };
	struct measured m;
	double v;

	memset(&m, 0, sizeof m);
	measure(&r, &m);
	for (int i = 0; demo_common_metrics[i] != NULL; i++) {
		if (strcmp(demo_common_metrics[i], "speedup") == 0 ||
		    strcmp(demo_common_metrics[i], "baseline_ms") == 0 ||
		    collector_only(demo_common_metrics[i]))
			continue;	/* baseline: live.c adds it */
		ck_assert_msg(measured_value(&m, 0, demo_common_metrics[i], &v) == 0,
		    "demo %s does not report %s", d->name, demo_common_metrics[i]);
	}
	for (int i = 0; d->metrics[i] != NULL; i++)
		ck_assert_msg(measured_value(&m, 0, d->metrics[i], &v) == 0,
		    "demo %s does not report %s", d->name, d->metrics[i]);
}
END_TEST

/* A fake run of step st's demo that reports every declared metric. */
static void
fake_measure(const struct lesson_step *st, struct measured *m)
{
	const struct demo *d = st->demo->demo;
	int n = 0;

	memset(m, 0, sizeof *m);
	small_knobs(st->demo, &m->knobs);
	m->demo = d;
	m->baseline = st->demo->baseline;
	for (int i = 0; demo_common_metrics[i] != NULL; i++)
		if (!collector_only(demo_common_metrics[i]))
			m->res.m[n++] = (struct metric){ demo_common_metrics[i], 2 };
	for (int i = 0; d->metrics[i] != NULL && n < RUN_MAX_METRICS; i++)
		m->res.m[n++] = (struct metric){ d->metrics[i], 2 };
	/* and, where R can run a series, what the series counts */
	for (int i = 0; d->outcome != NULL && demo_series_metrics[i] != NULL &&
	    n < RUN_MAX_METRICS; i++)
		m->res.m[n++] = (struct metric){ demo_series_metrics[i], 2 };
	m->res.nmetrics = n;
}

static void
assert_filled(const struct lesson *l, int line, const char *text,
    const struct lesson_step *st, struct measured *m)
{
	char *s = lesson_render(text, st->demo, 1, measured_value, m, "\x01");

	ck_assert_msg(strchr(s, '\x01') == NULL, "%s:%d: a placeholder its demo "
	    "cannot fill: %s", l->path, line, text);
	free(s);
}

/*
 * Every placeholder of every step, in every @if branch, is filled once the
 * step's demo has run, and every @if condition is decided: no paragraph
 * stays "…" or undecided after a run.
 */
START_TEST(steps_fill_and_decide)
{
	int steps = 0;

	for (int i = 0; i < cat.n; i++) {
		const struct lesson *l = cat.v[i];

		for (int s = 0; s < l->nsteps; s++) {
			const struct lesson_step *st = &l->steps[s];
			struct measured m;
			unsigned char shown[256];
			int any = 0;

			steps++;
			if (st->demo == NULL)
				continue;
			fake_measure(st, &m);
			for (int b = 0; b < st->nblocks; b++)
				if (st->blocks[b].kind != BLOCK_CODE)
					assert_filled(l, st->blocks[b].line,
					    st->blocks[b].text, st, &m);
			for (int t = 0; t < st->ntries; t++)
				assert_filled(l, st->tries[t].line, st->tries[t].text, st, &m);
			ck_assert_int_le(st->nblocks, 256);
			lesson_blocks_shown(st, measured_value, &m, shown);
			for (int g = 0; g < st->ngroups; g++) {
				const struct lesson_group *gr = &st->groups[g];

				for (int b = 0; b < gr->nbranches; b++) {
					const struct lesson_branch *br = &gr->branches[b];
					int holds;

					if (br->cond != NULL)
						ck_assert_msg(lesson_cond_eval(br->cond,
						    st->demo, measured_value, &m, &holds) == 0,
						    "%s:%d: condition not decided after a run",
						    l->path, br->line);
				}
			}
			for (int b = 0; b < st->nblocks; b++)
				any |= shown[b];
			/* the neutral text shows before any run: knobs only */
			m.res.nmetrics = 0;
			m.baseline = 0;
			for (int b = 0; b < st->nblocks; b++) {
				const struct lesson_block *bl = &st->blocks[b];

				if (bl->group >= 0 && bl->kind != BLOCK_CODE &&
				    st->groups[bl->group].branches[bl->branch].kind ==
				    BRANCH_BEFORE)
					assert_filled(l, bl->line, bl->text, st, &m);
			}
			ck_assert_msg(any, "%s:%d: no text shown after a run", l->path,
			    st->line);
		}
	}
	ck_assert_int_ge(steps, 45);
}
END_TEST

/* Every @claim holds for a real run of its step's demo at a small scale. */
START_TEST(claims_hold)
{
	int claims = 0;

	for (int i = 0; i < cat.n; i++) {
		const struct lesson *l = cat.v[i];

		for (int s = 0; s < l->nsteps; s++) {
			const struct lesson_step *st = &l->steps[s];
			struct measured m;

			if (st->nclaims == 0)
				continue;
			memset(&m, 0, sizeof m);
			measure(st->demo, &m);
			for (int c = 0; c < st->nclaims; c++) {
				int holds = 0;

				ck_assert_msg(lesson_cond_eval(st->claims[c].cond, st->demo,
				    measured_value, &m, &holds) == 0,
				    "%s:%d: @claim %s: a value is not measured", l->path,
				    st->claims[c].line, st->claims[c].text);
				ck_assert_msg(holds, "%s:%d: @claim %s does not hold (wall_ms "
				    "%.1f)", l->path, st->claims[c].line,
				    st->claims[c].text, m.res.m[0].value);
				claims++;
			}
		}
	}
	ck_assert_int_ge(claims, 5);
}
END_TEST

/* Every step whose demo has code marks where its workers stand, and each
 * mark names an operation the demo performs under the step's own model,
 * so a marker shows without switching models. */
START_TEST(code_steps_mark_their_lines)
{
	int steps = 0;

	for (int i = 0; i < cat.n; i++) {
		const struct lesson *l = cat.v[i];

		for (int s = 0; s < l->nsteps; s++) {
			const struct lesson_step *st = &l->steps[s];
			unsigned model;

			if (st->demo == NULL || lesson_step_code(st) == NULL)
				continue;
			ck_assert_msg(st->nmarks > 0, "%s:%d: step '%s' has code and a demo "
			    "but no @line", l->path, st->line, st->id);
			model = MODEL_BIT(st->demo->knobs.v[KNOB_MODEL]);
			for (int k = 0; k < st->nmarks; k++) {
				int shown = 0;

				for (int o = OP_NONE + 1; o < OP__MAX; o++)
					if (st->marks[k].ops & (1u << o))
						shown |= (op_models(st->demo->demo, o) & model) != 0;
				ck_assert_msg(shown, "%s:%d: no operation of this @line happens "
				    "under the step's model", l->path, st->marks[k].line);
			}
			steps++;
		}
	}
	ck_assert_int_ge(steps, 20);
}
END_TEST

Suite *
course_suite(void)
{
	Suite *s = suite_create("course");
	TCase *tc = tcase_create("course");

	tcase_add_unchecked_fixture(tc, course_setup, course_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, demos_report_their_metrics, 0, (int)demo_count);
	tcase_add_test(tc, steps_fill_and_decide);
	tcase_add_test(tc, claims_hold);
	tcase_add_test(tc, code_steps_mark_their_lines);
	suite_add_tcase(s, tc);
	return s;
}
