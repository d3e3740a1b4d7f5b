/* check_demo.c — the registry: every row is complete and its defaults
 * resolve; knob rules (per-model worker limits, foreign knobs); the cost
 * model's estimates follow each demo's schedule. */
#include "config.h"

#include <string.h>

#include "demo.h"
#include "suites.h"

START_TEST(every_demo_is_complete_and_its_defaults_resolve)
{
	for (size_t i = 0; i < demo_count; i++) {
		const struct demo *d = demo_table[i];
		struct knobs k = { 0 };
		char err[256] = "";

		ck_assert_ptr_nonnull(d->summary);
		ck_assert_ptr_nonnull(d->work);
		ck_assert_uint_ne(d->models, 0);
		ck_assert_ptr_eq(demo_find(d->name), d);
		for (const struct demo_knob *dk = d->knobs; dk->id != -1; dk++) {
			const struct knob *kn = &knob_table[dk->id];

			if (kn->type == KNOB_INT) {
				ck_assert_int_ge(dk->def, kn->min);
				ck_assert_int_le(dk->def, kn->max);
			}
		}
		ck_assert_msg(demo_resolve_knobs(d, &k, err, sizeof err) == 0,
		    "%s: %s", d->name, err);
		for (int m = 0; d->metrics[m] != NULL; m++)
			ck_assert(demo_has_metric(d, d->metrics[m]));
		ck_assert(demo_has_metric(d, "wall_ms"));
		ck_assert(!demo_has_metric(d, "no_such_metric"));
	}
	ck_assert_ptr_null(demo_find("nope"));
}
END_TEST

/* `lockstep demo NAME --model M` with no other knob must start, for every
 * model the demo supports: a default beyond a model's cap is a usage error
 * the learner did nothing to cause. */
START_TEST(every_demo_defaults_resolve_under_every_model_it_supports)
{
	for (size_t i = 0; i < demo_count; i++) {
		const struct demo *d = demo_table[i];

		for (int m = 0; m < MODEL__MAX; m++) {
			struct knobs k = { 0 };
			char err[256] = "";

			if (!(d->models & MODEL_BIT(m)))
				continue;
			knobs_set(&k, KNOB_MODEL, m);
			ck_assert_msg(demo_resolve_knobs(d, &k, err, sizeof err) == 0,
			    "%s --model %d: %s", d->name, m, err);
		}
	}
}
END_TEST

START_TEST(worker_limits_depend_on_the_model)
{
	const struct demo *d = demo_find("cpu");
	struct knobs k = { 0 };
	char err[256];

	knobs_set(&k, KNOB_MODEL, MODEL_THREAD);
	knobs_set(&k, KNOB_WORKERS, 65);
	ck_assert_int_eq(demo_resolve_knobs(d, &k, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "at most 64"));
	k = (struct knobs){ 0 };
	knobs_set(&k, KNOB_MODEL, MODEL_PROCESS);
	knobs_set(&k, KNOB_WORKERS, 33);
	ck_assert_int_eq(demo_resolve_knobs(d, &k, err, sizeof err), -1);
	k = (struct knobs){ 0 };
	knobs_set(&k, KNOB_MODEL, MODEL_COROUTINE);
	knobs_set(&k, KNOB_WORKERS, 1024);
	ck_assert_int_eq(demo_resolve_knobs(d, &k, err, sizeof err), 0);
}
END_TEST

START_TEST(foreign_knobs_and_models_are_refused)
{
	struct knobs k = { 0 };
	char err[256];

	knobs_set(&k, KNOB_LIMIT, 3);
	ck_assert_int_eq(demo_resolve_knobs(demo_find("cpu"), &k, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "--limit"));
	k = (struct knobs){ 0 };
	knobs_set(&k, KNOB_MODEL, MODEL_PROCESS);
	ck_assert_int_eq(demo_resolve_knobs(demo_find("blocking"), &k, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "--model process"));
}
END_TEST

START_TEST(pool_executor_sets_the_model)
{
	const struct demo *d = demo_find("pool");
	struct knobs k = { 0 };
	char err[256];

	knobs_set(&k, KNOB_EXECUTOR, EXECUTOR_THREAD);
	ck_assert_int_eq(demo_resolve_knobs(d, &k, err, sizeof err), 0);
	ck_assert_int_eq(k.v[KNOB_MODEL], MODEL_THREAD);
	k = (struct knobs){ 0 };
	knobs_set(&k, KNOB_MODEL, MODEL_THREAD);
	knobs_set(&k, KNOB_EXECUTOR, EXECUTOR_PROCESS);
	ck_assert_int_eq(demo_resolve_knobs(d, &k, err, sizeof err), -1);
}
END_TEST

/* Whatever sets the count of workers (--workers, --tasks, --count, ...),
 * every demo under every model it supports either starts no more workers
 * than the model allows or is refused. */
START_TEST(every_demo_keeps_the_models_worker_cap)
{
	for (size_t i = 0; i < demo_count; i++) {
		const struct demo *d = demo_table[i];

		ck_assert_msg(d->workers == NULL || d->workers_from != NULL,
		    "demo %s: a workers hook needs its workers_from", d->name);
		for (int m = 0; m < MODEL__MAX; m++) {
			if (!(d->models & MODEL_BIT(m)))
				continue;
			for (int id = 0; id < KNOB__MAX; id++) {
				struct knobs k = { 0 };
				char err[256] = "";

				if (id == KNOB_MODEL || !demo_takes_knob(d, id) ||
				    knob_table[id].type != KNOB_INT)
					continue;
				knobs_set(&k, KNOB_MODEL, m);
				knobs_set(&k, id, knob_table[id].max);
				if (demo_resolve_knobs(d, &k, err, sizeof err) == 0)
					ck_assert_msg(demo_workers(d, &k) <= model_max_workers(m),
					    "demo %s --model %s --%s %d starts %d", d->name,
					    model_name(m), knob_table[id].name,
					    knob_table[id].max, demo_workers(d, &k));
				else if (demo_workers(d, &k) > model_max_workers(m))
					ck_assert_msg(strstr(err, "at most") != NULL, "%s", err);
			}
		}
	}
}
END_TEST

START_TEST(derived_counts_are_refused_beyond_the_cap)
{
	const struct demo *d = demo_find("semaphore");
	struct knobs k = { 0 };
	char err[256];

	knobs_set(&k, KNOB_MODEL, MODEL_THREAD);
	knobs_set(&k, KNOB_TASKS, 900);
	ck_assert_int_eq(demo_resolve_knobs(d, &k, err, sizeof err), -1);
	ck_assert_str_eq(err, "demo semaphore would start 900 threads (one per --tasks): "
	    "at most 64 with --model thread");
	k.set = 0;
	knobs_set(&k, KNOB_MODEL, MODEL_THREAD);
	knobs_set(&k, KNOB_TASKS, 64);
	ck_assert_int_eq(demo_resolve_knobs(d, &k, err, sizeof err), 0);
	ck_assert_int_eq(demo_workers(d, &k), 64);
	/* asyncio.gather: one coroutine per task, at most 1024 */
	d = demo_find("cpu");
	k.set = 0;
	knobs_set(&k, KNOB_MODEL, MODEL_COROUTINE);
	knobs_set(&k, KNOB_TASKS, 5000);
	ck_assert_int_eq(demo_resolve_knobs(d, &k, err, sizeof err), 0);
	ck_assert_int_eq(demo_workers(d, &k), MAX_COROUTINES);
	knobs_set(&k, KNOB_WORKERS, 8);
	ck_assert_int_eq(demo_workers(d, &k), 8);
}
END_TEST

/* demo d with knobs "name=value" pairs, resolved; the estimate on ncores. */
static double
cost_of(const char *name, int ncores, int baseline, const int *kv, int *startup)
{
	const struct demo *d = demo_find(name);
	struct knobs k = { 0 };
	char err[256];

	for (int i = 0; kv[i] >= 0; i += 2)
		knobs_set(&k, kv[i], kv[i + 1]);
	ck_assert_msg(demo_resolve_knobs(d, &k, err, sizeof err) == 0, "%s", err);
	return demo_cost(d, &k, baseline, ncores, startup);
}

START_TEST(every_demo_has_a_cost_model)
{
	for (size_t i = 0; i < demo_count; i++) {
		struct knobs k = { 0 };
		char err[256];
		int startup;

		ck_assert_msg(demo_table[i]->cost != NULL, "%s", demo_table[i]->name);
		ck_assert_int_eq(demo_resolve_knobs(demo_table[i], &k, err, sizeof err), 0);
		ck_assert(demo_cost(demo_table[i], &k, 0, 2, &startup) > 0);
	}
}
END_TEST

START_TEST(costs_follow_the_schedule)
{
	int startup;
	const int cpu_gil[] = { KNOB_MODEL, MODEL_THREAD, KNOB_WORKERS, 4, KNOB_TASKS, 4,
		KNOB_WORK, 500, KNOB_GIL, ON, -1 };
	const int cpu_proc[] = { KNOB_MODEL, MODEL_PROCESS, KNOB_WORKERS, 4, KNOB_TASKS, 4,
		KNOB_WORK, 500, -1 };
	const int io_rounds[] = { KNOB_MODEL, MODEL_THREAD, KNOB_WORKERS, 4, KNOB_TASKS, 10,
		KNOB_DELAY, 500, -1 };
	const int io_paced[] = { KNOB_MODEL, MODEL_COROUTINE, KNOB_TASKS, 3, KNOB_DELAY, 500,
		KNOB_PACE, 4, -1 };
	const int dl[] = { KNOB_ORDER, ORDER_INCONSISTENT, KNOB_DELAY, 100, KNOB_HOLD, 3000, -1 };
	const int boot[] = { KNOB_MODEL, MODEL_PROCESS, KNOB_COUNT, 20, -1 };

	/* The GIL serialises; processes share the cores; the baseline adds. */
	ck_assert_double_eq_tol(cost_of("cpu", 2, 0, cpu_gil, &startup), 2000, 1);
	ck_assert_double_eq_tol(cost_of("cpu", 2, 0, cpu_proc, &startup), 1000, 1);
	ck_assert_double_eq_tol(cost_of("cpu", 4, 0, cpu_proc, &startup), 500, 1);
	ck_assert_double_eq_tol(cost_of("cpu", 4, 1, cpu_proc, &startup), 2500, 1);
	/* Waits overlap: ten tasks on four threads are three rounds. */
	ck_assert_double_eq_tol(cost_of("io", 2, 0, io_rounds, &startup), 1500, 1);
	/* One coroutine per task; slow motion stretches the waits. */
	ck_assert_double_eq_tol(cost_of("io", 2, 0, io_paced, &startup), 2000, 1);
	ck_assert_int_eq(startup, 0);
	/* A deadlock stands --hold ms after the first locks are taken. */
	ck_assert_double_eq_tol(cost_of("deadlock", 2, 0, dl, &startup), 3100, 1);
	/* Starting workers is exempt: its point is how quick it is. */
	ck_assert(cost_of("startup", 2, 0, boot, &startup) < 100);
	ck_assert_int_eq(startup, 1);
}
END_TEST

START_TEST(pool_cost_scales_with_work_and_exempts_tiny_tasks)
{
	int startup;
	const int big[] = { KNOB_EXECUTOR, EXECUTOR_THREAD, KNOB_TASKS, 20, KNOB_WORK, 600, -1 };
	const int small[] = { KNOB_EXECUTOR, EXECUTOR_THREAD, KNOB_TASKS, 20, KNOB_WORK, 300, -1 };
	const int tiny[] = { KNOB_EXECUTOR, EXECUTOR_PROCESS, KNOB_WORKERS, 4, KNOB_TASKS, 4, -1 };
	double a = cost_of("pool", 2, 0, big, &startup), b = cost_of("pool", 2, 0, small, &startup);

	/* Five seed primes at full cost, composites far less. */
	ck_assert(a >= 5 * 600);
	ck_assert_double_eq_tol(a, 2 * b, 1);
	(void)cost_of("pool", 2, 0, tiny, &startup);
	ck_assert_int_eq(startup, 1);
}
END_TEST

Suite *
demo_suite(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("registry");

	tcase_add_test(tc, every_demo_is_complete_and_its_defaults_resolve);
	tcase_add_test(tc, every_demo_defaults_resolve_under_every_model_it_supports);
	tcase_add_test(tc, worker_limits_depend_on_the_model);
	tcase_add_test(tc, foreign_knobs_and_models_are_refused);
	tcase_add_test(tc, pool_executor_sets_the_model);
	tcase_add_test(tc, every_demo_keeps_the_models_worker_cap);
	tcase_add_test(tc, derived_counts_are_refused_beyond_the_cap);
	tcase_add_test(tc, every_demo_has_a_cost_model);
	tcase_add_test(tc, costs_follow_the_schedule);
	tcase_add_test(tc, pool_cost_scales_with_work_and_exempts_tiny_tasks);
	suite_add_tcase(s, tc);
	return s;
}
