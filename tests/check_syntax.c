/* check_syntax.c — Python highlighting: keywords, builtins, numbers,
 * strings, comments, and a triple-quoted string across lines. */
#include "config.h"

#include <string.h>

#include "suites.h"
#include "syntax.h"

static void
classes(const char *line, int *state, unsigned char *cls)
{
	syntax_python(line, strlen(line), state, cls);
}

START_TEST(python)
{
	unsigned char cls[128];
	int state = 0;
	const char *l1 = "for i in range(10):  # loop";

	classes(l1, &state, cls);
	ck_assert_int_eq(cls[0], SYN_KEYWORD);		/* for */
	ck_assert_int_eq(cls[4], SYN_PLAIN);		/* i */
	ck_assert_int_eq(cls[6], SYN_KEYWORD);		/* in */
	ck_assert_int_eq(cls[9], SYN_BUILTIN);		/* range */
	ck_assert_int_eq(cls[15], SYN_NUMBER);		/* 10 */
	ck_assert_int_eq(cls[strlen(l1) - 1], SYN_COMMENT);
	classes("s = 'a # not a comment' + f\"x\"", &state, cls);
	ck_assert_int_eq(cls[4], SYN_STRING);
	ck_assert_int_eq(cls[8], SYN_STRING);		/* the # inside */
	ck_assert_int_eq(cls[26], SYN_STRING);		/* the f prefix */
	ck_assert_int_eq(cls[27], SYN_STRING);
	classes("n = 3_000_000", &state, cls);
	ck_assert_int_eq(cls[4], SYN_NUMBER);
	ck_assert_int_eq(cls[12], SYN_NUMBER);
	classes("async def main(): await x", &state, cls);
	ck_assert_int_eq(cls[0], SYN_KEYWORD);
	ck_assert_int_eq(cls[18], SYN_KEYWORD);
	/* a triple-quoted string carries over to the next line */
	classes("doc = \"\"\"first", &state, cls);
	ck_assert_int_ne(state, 0);
	ck_assert_int_eq(cls[8], SYN_STRING);
	classes("still\"\"\" + 1", &state, cls);
	ck_assert_int_eq(state, 0);
	ck_assert_int_eq(cls[0], SYN_STRING);
	ck_assert_int_eq(cls[11], SYN_NUMBER);
	state = 0;
	classes("while whilst", &state, cls);
	ck_assert_int_eq(cls[0], SYN_KEYWORD);
	ck_assert_int_eq(cls[6], SYN_PLAIN);
}
END_TEST

Suite *
syntax_suite(void)
{
	Suite *s = suite_create("syntax");
	TCase *tc = tcase_create("python");

	tcase_add_test(tc, python);
	suite_add_tcase(s, tc);
	return s;
}
