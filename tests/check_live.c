/* check_live.c — a demo run live, as the player runs it: the step's prose
 * laid out with its placeholders, a run to its result, a baseline and its
 * speedup, stop and restart without blocking, step mode by hand. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "demo.h"
#include "live.h"
#include "prose.h"
#include "suites.h"
#include "text.h"
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
	ck_assert_int_eq(live_metric(&l, 0, "workers", &w), 0);
	ck_assert(w == 3);
	ck_assert_int_eq(live_metric(&l, 0, "speedup", &w), -1);	/* no baseline */
	ck_assert_int_eq(l.view.done, 3);
	ck_assert(live_elapsed_ms(&l, now_ns()) > 0);
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

START_TEST(stop_restart)
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
	/* a restart does not wait for the old run */
	t0 = now_ns();
	ck_assert_int_eq(live_start(&l, demo_find("cpu"), &k, 0), 0);
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
END_TEST

START_TEST(step_mode_deadlock)
{
	struct live l;
	struct knobs k = { 0 };
	int idx[4], kind[4], obj[4], n, released = 0;
	uint64_t t0 = now_ns();

	live_init(&l, 2);
	knob(&k, "workers", 2);
	knob(&k, "tasks", 3);
	knob(&k, "delay", 20);
	knob(&k, "hold", 0);
	ck_assert_int_eq(live_start(&l, demo_find("deadlock"), &k, 0), 0);
	live_step_mode(&l, 1);
	/* release each parked worker in turn until they deadlock */
	while (live_running(&l) && now_ns() - t0 < 10000000000ull) {
		live_frame(&l, now_ns());
		n = live_parked(&l, idx, kind, obj, 4);
		for (int i = 0; i < n; i++) {
			/* before a lock, or before taking the GIL back after
			 * the sleep that holds the first lock */
			ck_assert(kind[i] == EV_LOCK_REQUEST || kind[i] == EV_GIL_REQUEST);
			ck_assert_int_eq(live_release(&l, idx[i]), 0);
			released++;
		}
		sleep_ns(5000000);
	}
	run_to_end(&l);
	ck_assert_int_ge(released, 2);
	ck_assert(l.view.deadlocked);
	ck_assert_int_gt(l.res.ncycle, 0);
	live_free(&l);
}
END_TEST

START_TEST(prose_layout)
{
	struct lesson *les;
	struct lesson_errors errs;
	struct prose p = { 0 };
	struct live l;
	const char *text =
	    "id: t\ntitle: T\nlevel: beginner\norder: 1\nsummary: S\n\n"
	    "## step one: The `first` step\n"
	    "@demo counter workers=3 increments=10\n\n"
	    "With {workers} workers the counter ended at {final}, a paragraph long "
	    "enough to wrap over several lines of the narrow width.\n\n"
	    "- a bullet that also wraps over more than one line here\n\n"
	    "```python\nfor i in range(3):\n    print(i)  # a comment long enough\n```\n\n"
	    "@try l Turn the lock on.\n@hint Look at the lock pane.\n";
	int code = 0, tries = 0, bullets = 0;

	setlocale(LC_ALL, "C.UTF-8");
	lesson_errors_init(&errs);
	ck_assert_int_eq(lesson_parse_buffer("t.lesson", text, strlen(text), &les, &errs), 0);
	live_init(&l, 2);
	l.demo = les->steps[0].demo->demo;
	l.knobs = les->steps[0].demo->knobs;
	prose_build(&p, &les->steps[0], 30, 0, live_metric, &l);
	ck_assert_int_eq(p.v[0].kind, PROSE_HEADING);
	ck_assert_str_eq(p.v[0].s, "The first step");
	ck_assert_int_eq(p.v[0].cls[5], PROSE_CLS_CODE);
	ck_assert_int_eq(p.v[0].cls[0], PROSE_CLS_PLAIN);
	for (int i = 0; i < p.n; i++) {
		ck_assert_int_le(p.v[i].indent + text_width(p.v[i].s), 30);
		code += p.v[i].kind == PROSE_CODE;
		tries += p.v[i].kind == PROSE_TRY;
		bullets += p.v[i].kind == PROSE_BULLET;
		ck_assert(p.v[i].kind != PROSE_HINT);
	}
	ck_assert_int_ge(code, 2);
	ck_assert_int_ge(bullets, 2);
	ck_assert_int_eq(tries, 1);
	ck_assert_int_eq(p.v[p.n - 1].kind, PROSE_HINT_OFF);
	/* the knob is known before any run, the metric is not */
	ck_assert_ptr_nonnull(strstr(p.v[2].s, "With 3 workers"));
	{
		char all[2048] = "";

		for (int i = 0; i < p.n; i++)
			if (p.v[i].kind == PROSE_TEXT)
				strcat(strcat(all, p.v[i].s), " ");
		ck_assert_ptr_nonnull(strstr(all, "ended at …"));
	}
	prose_free(&p);
	prose_build(&p, &les->steps[0], 30, 1, live_metric, &l);
	ck_assert_int_eq(p.v[p.n - 1].kind, PROSE_HINT);
	ck_assert_str_eq(p.v[p.n - 1].key, "Hint");
	prose_free(&p);
	live_free(&l);
	lesson_free(les);
	lesson_errors_free(&errs);
}
END_TEST

Suite *
live_suite(void)
{
	Suite *s = suite_create("live");
	TCase *tc = tcase_create("live");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, counter_result);
	tcase_add_test(tc, baseline_speedup);
	tcase_add_test(tc, values_of_this_run_only);
	tcase_add_test(tc, stop_restart);
	tcase_add_test(tc, step_mode_deadlock);
	tcase_add_test(tc, prose_layout);
	suite_add_tcase(s, tc);
	return s;
}
