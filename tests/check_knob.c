/* check_knob.c — the knob table: names, ranges, choices, messages. */
#include "config.h"

#include <string.h>

#include "knob.h"
#include "suites.h"

START_TEST(every_knob_is_well_formed)
{
	for (int i = 0; i < KNOB__MAX; i++) {
		const struct knob *k = &knob_table[i];

		ck_assert_ptr_nonnull(k->name);
		ck_assert_ptr_nonnull(k->help);
		ck_assert_int_eq(knob_find(k->name), i);
		if (k->type == KNOB_INT) {
			ck_assert_ptr_nonnull(k->metavar);
			ck_assert_int_le(k->min, k->max);
		} else {
			ck_assert_ptr_nonnull(k->choices);
			ck_assert_ptr_nonnull(k->choices[0]);
		}
	}
}
END_TEST

START_TEST(int_knobs_parse_within_range_only)
{
	char err[256];
	int v = -1;

	ck_assert_int_eq(knob_parse(KNOB_WORKERS, "4", &v, err, sizeof err), 0);
	ck_assert_int_eq(v, 4);
	ck_assert_int_eq(knob_parse(KNOB_WORKERS, "0", &v, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "--workers"));
	ck_assert_ptr_nonnull(strstr(err, "1..1024"));
	ck_assert_int_eq(knob_parse(KNOB_PACE, "51", &v, err, sizeof err), -1);
	ck_assert_int_eq(knob_parse(KNOB_PACE, "fast", &v, err, sizeof err), -1);
	ck_assert_int_eq(v, 4);
}
END_TEST

START_TEST(choice_knobs_parse_names)
{
	char err[256], buf[32];
	int v = -1;

	ck_assert_int_eq(knob_parse(KNOB_MODEL, "process", &v, err, sizeof err), 0);
	ck_assert_int_eq(v, MODEL_PROCESS);
	ck_assert_str_eq(knob_format(KNOB_MODEL, v, buf, sizeof buf), "process");
	ck_assert_int_eq(knob_parse(KNOB_GIL, "on", &v, err, sizeof err), 0);
	ck_assert_int_eq(v, ON);
	ck_assert_int_eq(knob_parse(KNOB_GIL, "maybe", &v, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "on|off") != NULL ? err : strstr(err, "off|on"));
	ck_assert_int_eq(knob_parse(KNOB_STYLE, "to-thread", &v, err, sizeof err), 0);
	ck_assert_int_eq(v, STYLE_TO_THREAD);
	/* blanks around a word are ignored, as around a number */
	v = -1;
	ck_assert_int_eq(knob_parse(KNOB_GIL, " off ", &v, err, sizeof err), 0);
	ck_assert_int_eq(v, OFF);
	ck_assert_int_eq(knob_parse(KNOB_GIL, "o n", &v, err, sizeof err), -1);
	ck_assert_int_eq(knob_parse(KNOB_GIL, " ", &v, err, sizeof err), -1);
}
END_TEST

START_TEST(knobs_remember_what_was_set)
{
	struct knobs k = { 0 };

	ck_assert(!knobs_isset(&k, KNOB_PACE));
	knobs_set(&k, KNOB_PACE, 3);
	ck_assert(knobs_isset(&k, KNOB_PACE));
	ck_assert_int_eq(k.v[KNOB_PACE], 3);
	ck_assert(!knobs_isset(&k, KNOB_WORKERS));
}
END_TEST

START_TEST(model_limits_match_the_contract)
{
	ck_assert_int_eq(model_max_workers(MODEL_THREAD), 64);
	ck_assert_int_eq(model_max_workers(MODEL_PROCESS), 32);
	ck_assert_int_eq(model_max_workers(MODEL_COROUTINE), 1024);
	ck_assert_str_eq(model_name(MODEL_COROUTINE), "coroutine");
}
END_TEST

Suite *
knob_suite(void)
{
	Suite *s = suite_create("knob");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, every_knob_is_well_formed);
	tcase_add_test(tc, int_knobs_parse_within_range_only);
	tcase_add_test(tc, choice_knobs_parse_names);
	tcase_add_test(tc, knobs_remember_what_was_set);
	tcase_add_test(tc, model_limits_match_the_contract);
	suite_add_tcase(s, tc);
	return s;
}
