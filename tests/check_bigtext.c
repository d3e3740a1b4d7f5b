/*
 * check_bigtext.c — block digits (sizes, rows, ASCII) and the presenter's
 * readouts (what a done, a running and a stopped run show).
 */
#include "config.h"

#include <string.h>

#include "bigtext.h"
#include "suites.h"
#include "util.h"

START_TEST(font)
{
	char buf[256];

	ck_assert_int_eq(bigtext_rows(0), 5);
	ck_assert_int_eq(bigtext_rows(1), 3);
	/* Two 3-pixel digits and a gap: 3+1+3 half, 6+1+6 full. */
	ck_assert_int_eq(bigtext_width("42", 1), 7);
	ck_assert_int_eq(bigtext_width("42", 0), 13);
	ck_assert_int_eq(bigtext_width("1.5", 1), 3 + 1 + 1 + 1 + 3);
	bigtext_row("42", 0, 1, 0, buf, sizeof buf);
	ck_assert_str_eq(buf, "##  ## ######");
	bigtext_row("42", 0, 1, 2, buf, sizeof buf);
	ck_assert_str_eq(buf, "###### ######");
	/* Half size: rows 0+1, 2+3, 4 of the pixels. */
	bigtext_row("7", 1, 1, 0, buf, sizeof buf);
	ck_assert_str_eq(buf, "\"\"#");
	bigtext_row("7", 1, 1, 2, buf, sizeof buf);
	ck_assert_str_eq(buf, "  \"");
	bigtext_row("0", 1, 0, 0, buf, sizeof buf);
	ck_assert_str_eq(buf, "█▀█");
	/* An unknown character is a space, never garbage. */
	ck_assert_int_eq(bigtext_width("?", 1), 2);
}
END_TEST

struct fake {
	const char *names[6];
	double v[6];
};

static int
fake_metric(void *ctx, int run, const char *name, double *value)
{
	struct fake *f = ctx;

	(void)run;
	for (int i = 0; i < 6 && f->names[i] != NULL; i++)
		if (strcmp(f->names[i], name) == 0) {
			*value = f->v[i];
			return 0;
		}
	return -1;
}

START_TEST(readouts)
{
	struct fake f = { { "wall_ms", "speedup", "final", "expected", "lost", NULL },
		{ 2140, 3.66, 3817, 4000, 183 } };
	struct readout r[BIGTEXT_MAX_READOUTS];

	ck_assert_int_eq(readouts_collect(fake_metric, &f, 1, 0, 0, r, 5), 4);
	ck_assert_str_eq(r[0].label, "wall time");
	ck_assert_str_eq(r[0].value, "2.1s");
	ck_assert_str_eq(r[1].value, "3.7x");
	ck_assert_str_eq(r[2].value, "3817/4000");
	ck_assert_str_eq(r[3].value, "183");
	/* Running: only the clock. */
	ck_assert_int_eq(readouts_collect(fake_metric, &f, 0, 1, 480, r, 5), 1);
	ck_assert_str_eq(r[0].label, "running");
	ck_assert_str_eq(r[0].value, "480ms");
	/* Stopped or failed: nothing claimed. */
	ck_assert_int_eq(readouts_collect(fake_metric, &f, 0, 0, 480, r, 5), 0);
	/* Only what the demo measures. */
	f.names[1] = NULL;
	ck_assert_int_eq(readouts_collect(fake_metric, &f, 1, 0, 0, r, 5), 1);
	ck_assert_int_eq(readouts_collect(fake_metric, &f, 1, 0, 0, r, 0), 0);
}
END_TEST

Suite *
bigtext_suite(void)
{
	Suite *s = suite_create("bigtext");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, font);
	tcase_add_test(tc, readouts);
	suite_add_tcase(s, tc);
	return s;
}
