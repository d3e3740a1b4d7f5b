/* check_overhead.c — the cost of watching: the rates over a window, the
 * drops, and their text shortened to the columns there are. */
#include "config.h"

#include <string.h>

#include "overhead.h"
#include "suites.h"

#define MS 1000000ull

START_TEST(no_figures_before_a_window)
{
	struct overhead o;
	struct overhead_text t;

	overhead_start(&o, 1000 * MS, 50 * MS);
	ck_assert_int_eq(overhead_format(&o, 80, &t), -1);
	overhead_count(&o, 100);
	ck_assert_int_eq(overhead_sample(&o, 1400 * MS, 52 * MS, 0), 0);
	ck_assert_int_eq(overhead_format(&o, 80, &t), -1);
	/* a drop is news at once, even before the window closes */
	ck_assert_int_eq(overhead_sample(&o, 1450 * MS, 52 * MS, 3), 1);
	ck_assert(o.dropped == 3);
}
END_TEST

START_TEST(rates_over_one_window)
{
	struct overhead o;

	overhead_start(&o, 1000 * MS, 50 * MS);
	overhead_count(&o, 3000);
	ck_assert_int_eq(overhead_sample(&o, 1200 * MS, 51 * MS, 0), 0);
	overhead_count(&o, 1000);
	ck_assert_int_eq(overhead_sample(&o, 1500 * MS, 60 * MS, 0), 1);
	ck_assert(o.have);
	ck_assert_double_eq_tol(o.ev_per_s, 8000, 1e-6);
	ck_assert_double_eq_tol(o.cpu_pct, 2.0, 1e-9);	/* 10 ms in 500 */
	/* the next window counts from where this one ended */
	overhead_count(&o, 500);
	ck_assert_int_eq(overhead_sample(&o, 2500 * MS, 60 * MS, 0), 1);
	ck_assert_double_eq_tol(o.ev_per_s, 500, 1e-6);
	ck_assert_double_eq_tol(o.cpu_pct, 0, 1e-9);
}
END_TEST

/* o with one window of rate events/s, cpu % and drops. */
static void
figures(struct overhead *o, double rate, double cpu, uint64_t dropped)
{
	overhead_start(o, 0, 0);
	overhead_count(o, (size_t)rate);
	overhead_sample(o, 1000 * MS, (uint64_t)(cpu * 10 * MS), dropped);
}

START_TEST(text_long_then_short)
{
	struct overhead o;
	struct overhead_text t;

	figures(&o, 8200, 2.4, 0);
	ck_assert_int_eq(overhead_format(&o, 80, &t), 0);
	ck_assert_str_eq(t.rate, "8.2k events/s");
	ck_assert_str_eq(t.drops, "");
	ck_assert_str_eq(t.cpu, "UI 2.4% CPU");
	ck_assert_int_eq(t.width, 13 + 2 + 11);
	figures(&o, 950, 12.3, 1234);
	ck_assert_int_eq(overhead_format(&o, 80, &t), 0);
	ck_assert_str_eq(t.rate, "950 events/s");
	ck_assert_str_eq(t.drops, "1.2k dropped");
	ck_assert_str_eq(t.cpu, "UI 12% CPU");
	/* narrower: shorter words, then fewer blanks, then nothing */
	ck_assert_int_eq(overhead_format(&o, 30, &t), 0);
	ck_assert_str_eq(t.rate, "950 ev/s");
	ck_assert_str_eq(t.drops, "1.2k drop");
	ck_assert_str_eq(t.cpu, "UI 12%");
	ck_assert_int_le(t.width, 30);
	ck_assert_int_eq(overhead_format(&o, 24, &t), 0);
	ck_assert_str_eq(t.rate, "950/s");
	ck_assert_int_eq(t.gap, 1);
	ck_assert_int_eq(t.width, 5 + 1 + 9 + 1 + 6);
	ck_assert_int_eq(overhead_format(&o, 20, &t), -1);
}
END_TEST

START_TEST(counts_stay_short)
{
	static const struct {
		double v;
		const char *text;
	} cases[] = {
		{ 0, "0 events/s" }, { 999, "999 events/s" }, { 1000, "1.0k events/s" },
		{ 82400, "82k events/s" }, { 999400, "999k events/s" },
		{ 1234567, "1.2M events/s" }, { 39e6, "39M events/s" },
	};
	struct overhead o;
	struct overhead_text t;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		figures(&o, cases[i].v, 1, 0);
		ck_assert_int_eq(overhead_format(&o, 80, &t), 0);
		ck_assert_str_eq(t.rate, cases[i].text);
	}
	/* the worst case in its longest words fits an 80-column status line
	 * beside "stepping 123.4 s" and "? help  q menu" */
	figures(&o, 9.9e6, 100, 9900000);
	ck_assert_int_eq(overhead_format(&o, 80, &t), 0);
	ck_assert_str_eq(t.cpu, "UI 100% CPU");
	ck_assert_int_le(t.width, 80 - 2 - 16 - 2 - 14 - 3);
}
END_TEST

Suite *
overhead_suite(void)
{
	Suite *s = suite_create("overhead");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, no_figures_before_a_window);
	tcase_add_test(tc, rates_over_one_window);
	tcase_add_test(tc, text_long_then_short);
	tcase_add_test(tc, counts_stay_short);
	suite_add_tcase(s, tc);
	return s;
}
