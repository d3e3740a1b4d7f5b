/* check_histo.c — a series of runs: the outcome of each, the summary (min,
 * median, max, runs right), the bins (cases, one per value, ranges for wide
 * values), stopped runs not counted, the series metrics; and the demos'
 * outcome rows. */
#include "config.h"

#include <string.h>

#include "histo.h"
#include "suites.h"
#include "util.h"

/* A finished run of the counter demo that ended at final of expected. */
static struct result
counter_result(double final, double expected)
{
	struct result r = { .end = RUN_DONE, .nmetrics = 3 };

	r.m[0] = (struct metric){ "final", final };
	r.m[1] = (struct metric){ "expected", expected };
	r.m[2] = (struct metric){ "lost", expected - final };
	return r;
}

static struct result
deadlock_result(int deadlocked)
{
	struct result r = { .end = deadlocked ? RUN_DEADLOCKED : RUN_DONE, .nmetrics = 1 };

	r.m[0] = (struct metric){ "deadlocked", deadlocked };
	return r;
}

START_TEST(summary_gives_min_median_max_and_the_runs_right)
{
	static const double finals[] = { 400, 390, 400, 250, 400, 399, 400 };
	struct histo h = { 0 };
	struct histo_summary s;
	struct result r;

	histo_init(&h, demo_find("counter"), 7);
	ck_assert(histo_going(&h));
	for (size_t i = 0; i < sizeof finals / sizeof *finals; i++) {
		r = counter_result(finals[i], 400);
		ck_assert_int_eq(histo_add(&h, &r), 0);
	}
	ck_assert(!histo_going(&h));
	histo_summarize(&h, &s);
	ck_assert_int_eq(s.n, 7);
	ck_assert_int_eq(s.correct, 4);
	ck_assert(s.min == 250);
	ck_assert(s.median == 400);	/* 250 390 399 [400] 400 400 400 */
	ck_assert(s.max == 400);
	/* full: an eighth run has no room */
	r = counter_result(1, 400);
	ck_assert_int_eq(histo_add(&h, &r), -1);
	ck_assert_int_eq(h.n, 7);
	histo_free(&h);
	ck_assert_ptr_null(h.demo);
}
END_TEST

START_TEST(median_of_an_even_count_is_a_value_some_run_had)
{
	static const double finals[] = { 10, 40, 20, 30 };
	struct histo h = { 0 };
	struct histo_summary s;

	histo_init(&h, demo_find("counter"), 4);
	for (int i = 0; i < 4; i++) {
		struct result r = counter_result(finals[i], 40);

		histo_add(&h, &r);
	}
	histo_summarize(&h, &s);
	ck_assert(s.median == 20);
	ck_assert_int_eq(s.correct, 1);
	histo_free(&h);
}
END_TEST

START_TEST(a_stopped_or_failed_run_is_not_counted)
{
	struct histo h = { 0 };
	struct histo_summary s;
	struct result r = counter_result(5, 10);

	histo_init(&h, demo_find("counter"), 3);
	r.end = RUN_STOPPED;
	ck_assert_int_eq(histo_add(&h, &r), -1);
	r.end = RUN_FAILED;
	ck_assert_int_eq(histo_add(&h, &r), -1);
	r = counter_result(10, 10);
	xsnprintf(r.error, sizeof r.error, "no memory");
	ck_assert_int_eq(histo_add(&h, &r), -1);
	histo_summarize(&h, &s);
	ck_assert_int_eq(s.n, 0);
	ck_assert_int_eq(histo_bins(&h, 8, (struct histo_bin[HISTO_MAX_BINS]){ 0 }), 0);
	{
		double v;

		ck_assert_int_eq(histo_metric(&h, "runs_correct", &v), -1);
	}
	/* stopped halfway: the runs that finished stand */
	r = counter_result(10, 10);
	ck_assert_int_eq(histo_add(&h, &r), 0);
	h.stopped = 1;
	ck_assert(!histo_going(&h));
	histo_summarize(&h, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.correct, 1);
	histo_free(&h);
}
END_TEST

START_TEST(few_values_get_a_bin_each)
{
	static const double finals[] = { 400, 398, 400, 398, 397, 400 };
	struct histo h = { 0 };
	struct histo_bin b[HISTO_MAX_BINS];
	char label[64];
	int n;

	histo_init(&h, demo_find("counter"), 6);
	for (int i = 0; i < 6; i++) {
		struct result r = counter_result(finals[i], 400);

		histo_add(&h, &r);
	}
	n = histo_bins(&h, 8, b);
	ck_assert_int_eq(n, 3);
	ck_assert(b[0].lo == 397 && b[0].hi == 397 && b[0].count == 1 && b[0].correct == 0);
	ck_assert(b[1].lo == 398 && b[1].count == 2 && b[1].correct == 0);
	ck_assert(b[2].lo == 400 && b[2].count == 3 && b[2].correct == 3);
	ck_assert_str_eq(histo_bin_label(&h, &b[2], label, sizeof label), "400");
	histo_free(&h);
}
END_TEST

/* 100 runs spread over 0..9999, none right: at most 8 bins of whole,
 * equal widths that cover min..max with no gap, every run in one. */
START_TEST(wide_values_get_ranges_that_cover_every_run)
{
	struct histo h = { 0 };
	struct histo_bin b[HISTO_MAX_BINS];
	char label[64];
	int n, total = 0;

	histo_init(&h, demo_find("counter"), 100);
	for (int i = 0; i < 100; i++) {
		struct result r = counter_result(i == 99 ? 9999 : (i * 7919) % 10000,
		    1000000);

		histo_add(&h, &r);
	}
	n = histo_bins(&h, 8, b);
	ck_assert_int_eq(n, 8);
	ck_assert(b[0].lo == 0);
	ck_assert(b[n - 1].hi == 9999);
	for (int i = 0; i < n; i++) {
		ck_assert(b[i].lo <= b[i].hi);
		if (i > 0)
			ck_assert(b[i].lo == b[i - 1].hi + 1);
		ck_assert(b[i].hi - b[i].lo <= 1250);
		total += b[i].count;
		ck_assert_int_eq(b[i].correct, 0);
	}
	ck_assert_int_eq(total, 100);
	ck_assert_str_eq(histo_bin_label(&h, &b[0], label, sizeof label), "0..1249");
	histo_free(&h);
}
END_TEST

/* The right runs' value gets a bin of its own among the ranges, so no bar
 * mixes right runs with wrong ones: at the top (the counter's full count)
 * and in the middle of the values. */
START_TEST(the_right_value_gets_its_own_bin_among_ranges)
{
	static const double right_at[] = { 9999, 5000 };

	for (int t = 0; t < 2; t++) {
		struct histo h = { 0 };
		struct histo_bin b[HISTO_MAX_BINS];
		int n, total = 0, own = -1;

		histo_init(&h, demo_find("counter"), 60);
		for (int i = 0; i < 60; i++) {
			double v = i % 3 == 0 ? right_at[t] : (i * 7919) % 10000;
			struct result r = counter_result(v == right_at[t] && i % 3 ?
			    v - 1 : v, right_at[t]);

			histo_add(&h, &r);
		}
		n = histo_bins(&h, 8, b);
		ck_assert_int_le(n, 8);
		for (int i = 0; i < n; i++) {
			ck_assert(b[i].lo <= b[i].hi);
			if (i > 0)	/* in order, none overlapping */
				ck_assert(b[i].lo > b[i - 1].hi);
			if (b[i].lo == right_at[t] && b[i].hi == right_at[t])
				own = i;
			else
				ck_assert_int_eq(b[i].correct, 0);
			total += b[i].count;
		}
		ck_assert_int_ge(own, 0);
		ck_assert_int_eq(b[own].count, 20);
		ck_assert_int_eq(b[own].correct, 20);
		ck_assert_int_eq(total, 60);
		histo_free(&h);
	}
}
END_TEST

/* All runs at one value: one bin, min == median == max. */
START_TEST(one_value_is_one_bin)
{
	struct histo h = { 0 };
	struct histo_bin b[HISTO_MAX_BINS];
	struct histo_summary s;

	histo_init(&h, demo_find("counter"), 20);
	for (int i = 0; i < 20; i++) {
		struct result r = counter_result(40000, 40000);

		histo_add(&h, &r);
	}
	ck_assert_int_eq(histo_bins(&h, 1, b), 1);
	ck_assert_int_eq(b[0].count, 20);
	ck_assert_int_eq(histo_bins(&h, 8, b), 1);
	histo_summarize(&h, &s);
	ck_assert(s.min == s.median && s.median == s.max);
	ck_assert_int_eq(s.correct, 20);
	histo_free(&h);
}
END_TEST

START_TEST(cases_each_get_a_bin_even_when_empty)
{
	struct histo h = { 0 };
	struct histo_bin b[HISTO_MAX_BINS];
	char label[64];
	double v;

	histo_init(&h, demo_find("deadlock"), 5);
	for (int i = 0; i < 3; i++) {
		struct result r = deadlock_result(1);

		ck_assert_int_eq(histo_add(&h, &r), 0);
	}
	ck_assert_int_eq(histo_bins(&h, 8, b), 2);
	ck_assert_str_eq(histo_bin_label(&h, &b[0], label, sizeof label), "no deadlock");
	ck_assert_str_eq(histo_bin_label(&h, &b[1], label, sizeof label), "deadlocked");
	ck_assert_int_eq(b[0].count, 0);
	ck_assert_int_eq(b[1].count, 3);
	ck_assert_int_eq(b[1].correct, 0);
	{
		struct result r = deadlock_result(0);

		histo_add(&h, &r);
	}
	ck_assert_int_eq(histo_bins(&h, 8, b), 2);
	ck_assert_int_eq(b[0].count, 1);
	ck_assert_int_eq(b[0].correct, 1);
	ck_assert_int_eq(histo_metric(&h, "runs_correct", &v), 0);
	ck_assert(v == 1);
	ck_assert_int_eq(histo_metric(&h, "runs_done", &v), 0);
	ck_assert(v == 4);
	ck_assert_int_eq(histo_metric(&h, "runs_max", &v), 0);
	ck_assert(v == 1);
	ck_assert_int_eq(histo_metric(&h, "final", &v), -1);
	histo_free(&h);
}
END_TEST

/* Every outcome names a metric of its demo and a way to judge it; the
 * demos with one take the runs knob (default 20), the others refuse it. */
START_TEST(outcome_rows_are_complete_and_take_runs)
{
	int with = 0;

	for (size_t i = 0; i < demo_count; i++) {
		const struct demo *d = demo_table[i];
		struct knobs k = { 0 };
		char err[256] = "";

		knobs_set(&k, KNOB_RUNS, 5);
		if (d->outcome == NULL) {
			ck_assert(!demo_takes_knob(d, KNOB_RUNS));
			ck_assert(!demo_has_metric(d, "runs_correct"));
			ck_assert_int_eq(demo_resolve_knobs(d, &k, err, sizeof err), -1);
			ck_assert_ptr_nonnull(strstr(err, "--runs"));
			continue;
		}
		with++;
		ck_assert_ptr_nonnull(d->outcome->label);
		ck_assert_ptr_nonnull(d->outcome->right);
		ck_assert_ptr_nonnull(d->outcome->correct);
		ck_assert_msg(demo_has_metric(d, d->outcome->metric), "%s", d->name);
		ck_assert(demo_has_metric(d, "runs_correct"));
		ck_assert(demo_takes_knob(d, KNOB_RUNS));
		ck_assert_int_eq(demo_knob_default(d, KNOB_RUNS), DEMO_RUNS_DEFAULT);
		ck_assert_msg(demo_resolve_knobs(d, &k, err, sizeof err) == 0, "%s", err);
		ck_assert_int_eq(k.v[KNOB_RUNS], 5);
	}
	ck_assert_int_ge(with, 3);	/* counter, deadlock, queue */
	ck_assert_ptr_nonnull(demo_find("counter")->outcome);
	ck_assert_ptr_nonnull(demo_find("deadlock")->outcome);
	ck_assert_ptr_nonnull(demo_find("queue")->outcome);
}
END_TEST

Suite *
histo_suite(void)
{
	Suite *s = suite_create("histo");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, summary_gives_min_median_max_and_the_runs_right);
	tcase_add_test(tc, median_of_an_even_count_is_a_value_some_run_had);
	tcase_add_test(tc, a_stopped_or_failed_run_is_not_counted);
	tcase_add_test(tc, few_values_get_a_bin_each);
	tcase_add_test(tc, wide_values_get_ranges_that_cover_every_run);
	tcase_add_test(tc, the_right_value_gets_its_own_bin_among_ranges);
	tcase_add_test(tc, one_value_is_one_bin);
	tcase_add_test(tc, cases_each_get_a_bin_even_when_empty);
	tcase_add_test(tc, outcome_rows_are_complete_and_take_runs);
	suite_add_tcase(s, tc);
	return s;
}
