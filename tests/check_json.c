/* check_json.c — the JSON writer: strings escaped so any byte string is a
 * valid literal, numbers finite or null, keys separated by commas. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "json.h"
#include "suites.h"

/* What fn wrote, as a string the caller frees. */
static char *
capture(void (*fn)(FILE *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	fn(f, arg);
	fclose(f);
	return buf;
}

static void
write_string(FILE *f, const void *s)
{
	json_string(f, s);
}

static void
write_number(FILE *f, const void *v)
{
	json_number(f, *(const double *)v);
}

static void
write_object(FILE *f, const void *arg)
{
	int first = 1;

	(void)arg;
	fputc('{', f);
	json_key(f, "a", &first);
	json_number(f, 1);
	json_key(f, "b\"", &first);
	json_string(f, "x");
	fputc('}', f);
}

static void
assert_string(const char *in, const char *want)
{
	char *got = capture(write_string, in);

	ck_assert_str_eq(got, want);
	free(got);
}

static void
assert_number(double v, const char *want)
{
	char *got = capture(write_number, &v);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(strings_are_escaped)
{
	assert_string("plain", "\"plain\"");
	assert_string("", "\"\"");
	assert_string("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"");
	assert_string("a\nb\tc", "\"a\\nb\\tc\"");
	assert_string("\x01\x1f", "\"\\u0001\\u001f\"");
	assert_string("→ é", "\"→ é\"");	/* UTF-8 passes through */
}
END_TEST

START_TEST(numbers_are_finite_or_null)
{
	assert_number(0, "0");
	assert_number(-42, "-42");
	assert_number(1.5, "1.500");
	assert_number(1e16, "10000000000000000.000");
	assert_number(NAN, "null");
	assert_number(INFINITY, "null");
	assert_number(-INFINITY, "null");
}
END_TEST

START_TEST(keys_are_separated_by_commas)
{
	char *got = capture(write_object, NULL);

	ck_assert_str_eq(got, "{\"a\":1,\"b\\\"\":\"x\"}");
	free(got);
}
END_TEST

Suite *
json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("write");

	tcase_add_test(tc, strings_are_escaped);
	tcase_add_test(tc, numbers_are_finite_or_null);
	tcase_add_test(tc, keys_are_separated_by_commas);
	suite_add_tcase(s, tc);
	return s;
}
