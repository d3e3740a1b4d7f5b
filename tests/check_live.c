/* check_live.c — a demo run live, as the player runs it: a run to its
 * result, a baseline and its speedup, stop and restart without blocking,
 * step mode by hand. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "lesson.h"
#include "live.h"
#include "suites.h"
#include "util.h"

static void
run_to_end(struct live *l)
{
	uint64_t t0 = now_ns();

	while (live_busy(l) && now_ns() - t0 < 20000000000ull) {
		live_frame(l, now_ns());
		sleep_ns(2000000);
	}
	ck_assert(!live_busy(l));
}

static void
knob(struct knobs *k, const char *name, int v)
{
	knobs_set(k, knob_find(name), v);
}

/*
 * Under the GIL one thread runs at a time, so no timeline column may show
 * two running, frame after frame, however late a thread's event reaches
 * its ring (a loaded machine: a thread preempted between stamping an event
 * and writing it).  Frames come every millisecond, so a drain often falls
 * between one thread's GIL drop and the next one's take.
 */
START_TEST(under_the_gil_no_column_shows_two_running)
{
	struct live l;
	struct knobs k = { 0 };
	uint64_t t0 = now_ns();
	int frames = 0, turns = 0;

	live_init(&l, 2);
	knobs_set(&k, KNOB_MODEL, MODEL_THREAD);
	knob(&k, "workers", 4);
	knob(&k, "tasks", 4);
	knob(&k, "work", 300);
	knob(&k, "gil", ON);
	ck_assert_int_eq(live_start(&l, demo_find("cpu"), &k, 0), 0);
	while (live_busy(&l) && now_ns() - t0 < 60000000000ull) {
		live_frame(&l, now_ns());
		frames++;
		for (int ago = 1; l.have_view && ago < VIEW_TL_COLS; ago++) {
			int running = 0;

			for (int i = 0; i < l.view.nworkers; i++)
				running += view_state_running(view_tl(&l.view, i, ago));
			ck_assert_msg(running <= 1, "frame %d: %d workers running in the "
			    "column %d back", frames, running, ago);
		}
		sleep_ns(1000000);
	}
	ck_assert(!live_busy(&l));
	ck_assert_int_eq(l.phase, LIVE_DONE);
	for (int i = 0; i < l.view.nworkers; i++)
		turns += l.view.w[i].running_ns > 0;
	ck_assert_int_ge(turns, 2);	/* the threads took turns */
	live_free(&l);
}
END_TEST

START_TEST(counter_result)
{
	struct live l;
	struct knobs k = { 0 };
	double fin, exp, w;

	live_init(&l, 2);
	knob(&k, "workers", 3);
	knob(&k, "increments", 2000);
	knob(&k, "lock", ON);
	ck_assert_int_eq(live_start(&l, demo_find("counter"), &k, 0), 0);
	ck_assert_int_eq(l.phase, LIVE_RUNNING);
	ck_assert(l.have_view);
	ck_assert_int_eq(l.view.nworkers, 3);
	run_to_end(&l);
	ck_assert_int_eq(l.phase, LIVE_DONE);
	ck_assert(l.have_res);
	ck_assert_int_eq(live_metric(&l, 0, "final", &fin), 0);
	ck_assert_int_eq(live_metric(&l, 0, "expected", &exp), 0);
	ck_assert(fin == exp && exp == 6000);
	/* the counter, live: its last sample is the final value */
	ck_assert(l.view.has_value);
	ck_assert(l.view.value == fin);
	ck_assert_int_eq(live_metric(&l, 0, "workers", &w), 0);
	ck_assert(w == 3);
	ck_assert_int_eq(live_metric(&l, 0, "speedup", &w), -1);	/* no baseline */
	ck_assert_int_eq(l.view.done, 3);
	ck_assert(live_elapsed_ms(&l, now_ns()) > 0);
	live_free(&l);
}
END_TEST

START_TEST(timeline_columns_by_the_step)
{
	const struct demo *d = demo_find("cpu");
	struct live l;
	struct knobs k = { 0 }, rk;
	char err[256];
	int startup;
	uint64_t fit;

	knob(&k, "workers", 2);
	knob(&k, "tasks", 2);
	knob(&k, "work", 300);
	knob(&k, "gil", ON);
	rk = k;
	ck_assert_int_eq(demo_resolve_knobs(d, &rk, err, sizeof err), 0);
	fit = view_col_fit(demo_cost(d, &rk, 0, 2, &startup), 90);
	live_init(&l, 2);
	/* a step about the GIL: half a turn a column */
	live_set_timeline(&l, 1, 90, now_ns());
	ck_assert_int_eq(live_start(&l, d, &k, 0), 0);
	ck_assert_uint_eq(l.view.col_ns, view_col_ns(1, rk.v[KNOB_SWITCH_INTERVAL], 1));
	/* any other step: the expected run across the columns */
	live_set_timeline(&l, 0, 90, now_ns());
	ck_assert_int_eq(live_start(&l, d, &k, 0), 0);
	ck_assert_uint_eq(l.view.col_ns, fit);
	ck_assert_uint_ne(fit, view_col_ns(1, rk.v[KNOB_SWITCH_INTERVAL], 1));
	/* slow motion stretches the columns alike */
	live_set_pace(&l, 4, now_ns());
	ck_assert_uint_eq(l.view.col_ns, view_col_fit(demo_cost(d, &rk, 0, 2, &startup) * 4, 90));
	live_free(&l);
}
END_TEST

START_TEST(baseline_speedup)
{
	struct live l;
	struct knobs k = { 0 };
	double s, b;

	live_init(&l, 2);
	knob(&k, "workers", 2);
	knob(&k, "tasks", 2);
	knob(&k, "work", 20);
	ck_assert_int_eq(live_start(&l, demo_find("cpu"), &k, 1), 0);
	ck_assert_int_eq(l.phase, LIVE_BASELINE);
	ck_assert_int_eq(l.view.model, MODEL_SEQUENTIAL);
	run_to_end(&l);
	ck_assert_int_eq(l.phase, LIVE_DONE);
	ck_assert_int_eq(l.view.model, MODEL_THREAD);
	ck_assert(l.baseline_ms > 0);
	ck_assert_int_eq(live_metric(&l, 0, "baseline_ms", &b), 0);
	ck_assert_int_eq(live_metric(&l, 0, "speedup", &s), 0);
	ck_assert(s > 0);
	live_free(&l);
}
END_TEST

/* While a new run goes, the last run's numbers are not shown beside its. */
START_TEST(values_of_this_run_only)
{
	struct live l;
	struct knobs k = { 0 };
	double v;

	live_init(&l, 2);
	knob(&k, "workers", 2);
	knob(&k, "increments", 1000);
	ck_assert_int_eq(live_start(&l, demo_find("counter"), &k, 0), 0);
	run_to_end(&l);
	ck_assert_int_eq(live_metric(&l, 0, "final", &v), 0);
	knob(&k, "workers", 3);
	knob(&k, "increments", 2000000);
	ck_assert_int_eq(live_start(&l, demo_find("counter"), &k, 0), 0);
	ck_assert_int_eq(live_metric(&l, 0, "final", &v), -1);
	ck_assert_int_eq(live_metric(&l, 0, "wall_ms", &v), -1);
	ck_assert_int_eq(live_metric(&l, 0, "workers", &v), 0);
	ck_assert(v == 3);
	live_stop(&l);
	run_to_end(&l);
	/* a new step: nothing of the last one */
	live_reset(&l);
	ck_assert_int_eq(live_metric(&l, 0, "workers", &v), -1);
	ck_assert_int_eq(live_metric(&l, 0, "final", &v), -1);
	live_free(&l);
}
END_TEST

/* A stopped run reached no figure (DESIGN rule 7): its metrics are
 * "stopped", a placeholder shows a dash, its knobs still stand, and a
 * predict question decided from it is void. */
START_TEST(a_stopped_run_claims_nothing)
{
	static const char text[] =
	    "id: t\ntitle: T\nlevel: beginner\nsummary: S\n\n"
	    "## step one: One\n@demo counter workers=2 increments=10000000\n\nText.\n\n"
	    "## predict p\nWill it lose updates?\n"
	    "@run r counter workers=2 increments=10000000\n"
	    "@choice Yes.\n@when lost > 0\n@why W.\n@choice No.\n@when lost == 0\n@why W.\n";
	struct lesson *les;
	struct lesson_errors errs;
	struct live l;
	struct knobs k = { 0 };
	unsigned right;
	double v;
	char *out;

	lesson_errors_init(&errs);
	if (lesson_parse_buffer("t", text, strlen(text), &les, &errs) != 0)
		ck_abort_msg("%s", errs.n > 0 ? errs.msg[0] : "?");
	live_init(&l, 2);
	knob(&k, "workers", 2);
	knob(&k, "increments", 10000000);
	ck_assert_int_eq(live_start(&l, demo_find("counter"), &k, 0), 0);
	live_frame(&l, now_ns());
	live_stop(&l);
	run_to_end(&l);
	ck_assert_int_eq(l.res.end, RUN_STOPPED);
	ck_assert(l.stopped);
	ck_assert(!live_has_results(&l));
	ck_assert_int_eq(live_metric(&l, 0, "lost", &v), LESSON_VALUE_STOPPED);
	ck_assert_int_eq(live_metric(&l, 0, "wall_ms", &v), LESSON_VALUE_STOPPED);
	ck_assert_int_eq(live_metric(&l, 0, "workers", &v), 0);
	out = lesson_render("lost {lost} of {expected} with {workers} workers",
	    les->steps[0].demo, 1, live_metric, &l, NULL);
	ck_assert_str_eq(out, "lost — of — with 2 workers");
	free(out);
	ck_assert_int_ne(lesson_predict_answer(&les->questions[0], live_metric, &l,
	    &right), 0);
	live_free(&l);
	lesson_free(les);
	lesson_errors_free(&errs);
}
END_TEST

static void
stop_restart(int timed)
{
	struct live l;
	struct knobs k = { 0 };
	uint64_t t0;

	live_init(&l, 2);
	knob(&k, "workers", 2);
	knob(&k, "tasks", 2);
	knob(&k, "work", 5000);
	ck_assert_int_eq(live_start(&l, demo_find("cpu"), &k, 0), 0);
	live_frame(&l, now_ns());
	/* a restart does not wait for the old run: it is still dying */
	t0 = now_ns();
	ck_assert_int_eq(live_start(&l, demo_find("cpu"), &k, 0), 0);
	if (timed)
		ck_assert(now_ns() - t0 < 200000000u);
	ck_assert_int_eq(l.ndying, 1);
	live_stop(&l);
	ck_assert_int_eq(l.phase, LIVE_STOPPING);
	run_to_end(&l);
	ck_assert_int_eq(l.phase, LIVE_DONE);
	ck_assert(l.stopped);
	ck_assert_int_eq(l.ndying, 0);
	/* bad knobs fail cleanly */
	knob(&k, "lock", ON);
	ck_assert_int_eq(live_start(&l, demo_find("cpu"), &k, 0), -1);
	ck_assert_int_eq(l.phase, LIVE_FAILED);
	ck_assert(strstr(l.error, "lock") != NULL);
	live_free(&l);
}

START_TEST(stop_and_restart)
{
	stop_restart(0);
}
END_TEST

START_TEST(restart_is_prompt)
{
	stop_restart(1);
}
END_TEST

/* Step mode: release worker i, and only it, until it parks before lock obj
 * (its second lock, the first being held).  0, or -1 if the run ended. */
static int
step_until_parked_at(struct live *l, int i, int want_obj)
{
	int idx[4], kind[4], obj[4], n;
	uint64_t t0 = now_ns();

	while (live_running(l) && now_ns() - t0 < 20000000000ull) {
		live_frame(l, now_ns());
		n = live_parked(l, idx, kind, obj, 4);
		for (int j = 0; j < n; j++) {
			if (idx[j] != i)
				continue;
			/* before a lock, or before taking the GIL back after
			 * the sleep that holds the first lock */
			ck_assert(kind[j] == EV_LOCK_REQUEST || kind[j] == EV_GIL_REQUEST);
			if (kind[j] == EV_LOCK_REQUEST && obj[j] == want_obj)
				return 0;
			ck_assert_int_eq(live_release(l, i), 0);
		}
		sleep_ns(1000000);
	}
	return -1;
}

/* z during a sequential baseline pauses it, and the pause is not its time. */
START_TEST(pause_a_baseline)
{
	struct live l;
	struct knobs k = { 0 };
	uint64_t t0 = now_ns();

	live_init(&l, 2);
	knob(&k, "workers", 2);
	knob(&k, "tasks", 2);
	knob(&k, "work", 100);
	ck_assert_int_eq(live_start(&l, demo_find("cpu"), &k, 1), 0);
	ck_assert_int_eq(l.phase, LIVE_BASELINE);
	live_frame(&l, now_ns());
	live_pause(&l, 1);
	/* 200 ms of work cannot finish while it stands still for 600 ms */
	for (int i = 0; i < 60; i++) {
		live_frame(&l, now_ns());
		sleep_ns(10000000);
	}
	ck_assert_int_eq(l.phase, LIVE_BASELINE);
	live_pause(&l, 0);
	run_to_end(&l);
	ck_assert_int_eq(l.phase, LIVE_DONE);
	ck_assert(l.baseline_ms > 0);
	ck_assert_msg(l.baseline_ms < (double)(now_ns() - t0) / 1e6 - 500,
	    "baseline %.1f ms counts the pause", l.baseline_ms);
	live_free(&l);
}
END_TEST

/* The lesson's names replace the demo's in the view and the cycle. */
START_TEST(names_of_the_code)
{
	struct live l;
	struct knobs k = { 0 };
	struct lesson_names n = { .nobj = 2, .obj = { "one", "two" },
	    .nworker = 2, .worker = { "a", "b" } };
	int seen = 0;

	live_init(&l, 2);
	live_set_names(&l, &n);
	knob(&k, "workers", 2);
	knob(&k, "tasks", 3);
	knob(&k, "delay", 200);
	knob(&k, "hold", 0);
	/* a loaded machine may run one thread past the window: try again */
	for (int tries = 0; tries < 5 && (tries == 0 || l.res.ncycle == 0); tries++) {
		ck_assert_int_eq(live_start(&l, demo_find("deadlock"), &k, 0), 0);
		ck_assert_str_eq(l.view.w[0].name, "a");
		ck_assert_str_eq(l.view.w[1].name, "b");
		ck_assert_str_eq(l.view.obj[0].name, "one");
		ck_assert_str_eq(l.view.obj[1].name, "two");
		run_to_end(&l);
	}
	ck_assert_int_gt(l.res.ncycle, 0);
	for (int i = 0; i < l.res.ncycle; i++) {
		ck_assert_msg(strchr(l.res.cycle[i], '-') == NULL, "cycle names %s",
		    l.res.cycle[i]);
		seen += strcmp(l.res.cycle[i], "one") == 0 ||
		    strcmp(l.res.cycle[i], "two") == 0;
	}
	ck_assert_int_eq(seen, 2);
	live_free(&l);
}
END_TEST

START_TEST(step_mode_deadlock)
{
	struct live l;
	struct knobs k = { 0 };

	live_init(&l, 2);
	knob(&k, "workers", 2);
	knob(&k, "tasks", 3);
	knob(&k, "delay", 200);
	knob(&k, "hold", 0);
	ck_assert_int_eq(live_start(&l, demo_find("deadlock"), &k, 0), 0);
	live_step_mode(&l, 1);
	/* A fixed order, whatever the machine's load: worker 0 takes lock-A
	 * and parks before lock-B; worker 1 takes lock-B and parks before
	 * lock-A; then both go, and neither can move again. */
	ck_assert_int_eq(step_until_parked_at(&l, 0, 1), 0);
	ck_assert_int_eq(step_until_parked_at(&l, 1, 0), 0);
	ck_assert_int_eq(live_release(&l, 0), 0);
	ck_assert_int_eq(live_release(&l, 1), 0);
	run_to_end(&l);
	ck_assert(l.view.deadlocked);
	ck_assert_int_eq(l.res.ncycle, 4);
	live_free(&l);
}
END_TEST


/* R: a series runs the demo again as each run ends, counts every finished
 * run, and its metrics read through live_metric only once it is over. */
START_TEST(a_series_counts_every_run)
{
	struct live l;
	struct knobs k = { 0 };
	double v;
	int run = 0;
	uint64_t t0 = now_ns();

	live_init(&l, 2);
	knob(&k, "workers", 2);
	knob(&k, "increments", 500);
	knob(&k, "lock", ON);
	ck_assert_int_eq(live_start_series(&l, demo_find("counter"), &k, 4), 0);
	ck_assert(live_series_going(&l, &run));
	ck_assert_int_eq(run, 1);
	ck_assert_int_eq(live_metric(&l, 0, "runs_correct", &v), -1);	/* going */
	ck_assert_int_eq(live_metric(&l, 0, "runs", &v), 0);
	ck_assert(v == 4);
	while (live_busy(&l) && now_ns() - t0 < 60000000000ull) {
		live_frame(&l, now_ns());
		sleep_ns(1000000);
	}
	ck_assert(!live_busy(&l));
	ck_assert_int_eq(l.phase, LIVE_DONE);
	ck_assert(!live_series_going(&l, &run));
	ck_assert_int_eq(l.series.n, 4);
	ck_assert(!l.series.stopped);
	ck_assert_int_eq(live_metric(&l, 0, "runs_done", &v), 0);
	ck_assert(v == 4);
	ck_assert_int_eq(live_metric(&l, 0, "runs_correct", &v), 0);
	ck_assert(v == 4);	/* locked: right every time */
	ck_assert_int_eq(live_metric(&l, 0, "runs_min", &v), 0);
	ck_assert(v == 1000);
	ck_assert_int_eq(live_metric(&l, 0, "final", &v), 0);	/* the last run's */
	ck_assert(v == 1000);
	ck_assert(live_has_results(&l));
	/* a single run forgets the series */
	ck_assert_int_eq(live_start(&l, demo_find("counter"), &k, 0), 0);
	ck_assert_ptr_null(l.series.demo);
	run_to_end(&l);
	ck_assert_int_eq(live_metric(&l, 0, "runs_correct", &v), -1);
	live_free(&l);
}
END_TEST

/* Stopping a series stops its run (not counted) and keeps the finished
 * ones; its figures are the stopped value, never a count it did not
 * reach. */
START_TEST(a_stopped_series_counts_only_finished_runs)
{
	struct live l;
	struct knobs k = { 0 };
	double v;
	int run = 0;
	uint64_t t0 = now_ns();

	live_init(&l, 2);
	knob(&k, "workers", 2);
	knob(&k, "increments", 1000);
	knob(&k, "await-between", ON);
	ck_assert_int_eq(live_start_series(&l, demo_find("counter"), &k, 1000), 0);
	/* let one run finish, then stop the next */
	while (l.series.n < 1 && now_ns() - t0 < 60000000000ull) {
		live_frame(&l, now_ns());
		sleep_ns(1000000);
	}
	ck_assert_int_ge(l.series.n, 1);
	ck_assert(live_series_going(&l, &run));
	live_stop(&l);
	run_to_end(&l);
	ck_assert(l.series.stopped);
	ck_assert_int_ge(l.series.n, 1);
	ck_assert_int_lt(l.series.n, 1000);
	ck_assert(!live_series_going(&l, &run));
	ck_assert_int_eq(live_metric(&l, 0, "runs_correct", &v), LESSON_VALUE_STOPPED);
	ck_assert_int_eq(live_metric(&l, 0, "runs_done", &v), LESSON_VALUE_STOPPED);
	ck_assert(!live_has_results(&l));
	live_reset(&l);
	ck_assert_ptr_null(l.series.demo);
	live_free(&l);
}
END_TEST

Suite *
live_suite(void)
{
	Suite *s = suite_create("live");
	TCase *tc = tcase_create("live");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, counter_result);
	tcase_add_test(tc, under_the_gil_no_column_shows_two_running);
	tcase_add_test(tc, baseline_speedup);
	tcase_add_test(tc, timeline_columns_by_the_step);
	tcase_add_test(tc, values_of_this_run_only);
	tcase_add_test(tc, stop_and_restart);
	tcase_add_test(tc, names_of_the_code);
	tcase_add_test(tc, pause_a_baseline);
	tcase_add_test(tc, a_stopped_run_claims_nothing);
	tcase_add_test(tc, step_mode_deadlock);
	tcase_add_test(tc, a_series_counts_every_run);
	tcase_add_test(tc, a_stopped_series_counts_only_finished_runs);
	suite_add_tcase(s, tc);
	if (check_timing()) {
		TCase *timing = tcase_create("timing");

		tcase_set_timeout(timing, 60);
		tcase_add_test(timing, restart_is_prompt);
		suite_add_tcase(s, timing);
	}
	return s;
}
