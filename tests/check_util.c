/* check_util.c — util: integer parsing, bounded printing, time. */
#include "config.h"

#include <string.h>

#include "suites.h"
#include "util.h"

START_TEST(parse_int_accepts_whole_numbers_in_range)
{
	long v = 0;

	ck_assert_int_eq(parse_int("42", 1, 64, &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(parse_int("-3", -5, 5, &v), 0);
	ck_assert_int_eq(v, -3);
}
END_TEST

START_TEST(parse_int_rejects_junk_and_out_of_range)
{
	long v = 7;

	ck_assert_int_eq(parse_int("", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int("4x", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int("11", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int("99999999999999999999999", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int(NULL, 0, 10, &v), -1);
	ck_assert_int_eq(v, 7);
}
END_TEST

START_TEST(xsnprintf_truncates_and_terminates)
{
	char buf[5];

	ck_assert_uint_eq(xsnprintf(buf, sizeof buf, "%s", "abcdefgh"), 4);
	ck_assert_str_eq(buf, "abcd");
	ck_assert_uint_eq(xsnprintf(buf, sizeof buf, "%d", 12), 2);
	ck_assert_str_eq(buf, "12");
}
END_TEST

START_TEST(now_ns_is_monotonic_and_sleep_sleeps)
{
	uint64_t a = now_ns(), b;

	sleep_ns(2000000);
	b = now_ns();
	ck_assert_uint_ge(b - a, 2000000);
}
END_TEST

Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parse_int_accepts_whole_numbers_in_range);
	tcase_add_test(tc, parse_int_rejects_junk_and_out_of_range);
	tcase_add_test(tc, xsnprintf_truncates_and_terminates);
	tcase_add_test(tc, now_ns_is_monotonic_and_sleep_sleeps);
	suite_add_tcase(s, tc);
	return s;
}
