/* check_prose.c — a step's prose laid out for the text column: headings,
 * code, bullets, @try and hints, placeholders filled from knobs and left
 * "…" for metrics no run has measured yet. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "lesson.h"
#include "live.h"
#include "prose.h"
#include "suites.h"
#include "text.h"

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

/* Code lines carry their number in the block, blank and wrapped ones too,
 * so "@line N" finds line N however the column wraps it. */
START_TEST(code_lines_are_numbered)
{
	struct lesson *les;
	struct lesson_errors errs;
	struct prose p = { 0 };
	const char *text =
	    "id: t\ntitle: T\nlevel: beginner\nsummary: S\n\n"
	    "## step one: One\nProse.\n\n"
	    "```python\nx = 1\n\ny = 'a long line that wraps in a narrow column'\nz = 3\n```\n";
	int seen[5] = { 0 }, pieces = 0;

	setlocale(LC_ALL, "C.UTF-8");
	lesson_errors_init(&errs);
	ck_assert_int_eq(lesson_parse_buffer("t.lesson", text, strlen(text), &les, &errs), 0);
	prose_build(&p, &les->steps[0], 24, 0, NULL, NULL);
	for (int i = 0; i < p.n; i++) {
		if (p.v[i].kind != PROSE_CODE)
			continue;
		pieces++;
		ck_assert_int_lt(p.v[i].code_line, 5);
		seen[p.v[i].code_line]++;
		if (p.v[i].code_line == 3)
			ck_assert(strncmp(p.v[i].s, "y = ", 4) == 0);
	}
	ck_assert_int_eq(seen[1] + seen[2] + seen[3] + seen[4], 4);
	ck_assert_int_eq(seen[1], 1);
	ck_assert_int_eq(seen[2], 1);	/* the blank line */
	ck_assert_int_eq(seen[4], 1);
	ck_assert_int_gt(pieces, 4);	/* y's line wrapped: its pieces carry 0 */
	prose_free(&p);
	lesson_free(les);
	lesson_errors_free(&errs);
}
END_TEST

Suite *
prose_suite(void)
{
	Suite *s = suite_create("prose");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, prose_layout);
	tcase_add_test(tc, code_lines_are_numbered);
	suite_add_tcase(s, tc);
	return s;
}
