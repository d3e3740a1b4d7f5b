/* check_text.c — text helpers without a terminal: UTF-8 widths, wrapping
 * (soft and hard), clipping, the ASCII fallback, the number formats. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "text.h"
#include "util.h"

static void
utf8_locale(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
}

START_TEST(widths)
{
	size_t len;

	utf8_locale();
	ck_assert_int_eq(text_width("abc"), 3);
	ck_assert_int_eq(text_width("a→b…"), 4);
	ck_assert_int_eq(text_decode("→", 3, &len), 0x2192);
	ck_assert_uint_eq(len, 3);
	/* an invalid byte is one replacement character, one column */
	ck_assert_int_eq(text_decode("\xff", 1, &len), 0xfffd);
	ck_assert_uint_eq(len, 1);
	ck_assert_int_eq(text_width("\xff"), 1);
	/* a truncated sequence never reads past the end */
	ck_assert_int_eq(text_decode("\xe2\x86", 2, &len), 0xfffd);
	/* fit never splits a character */
	ck_assert_uint_eq(text_fit("a→b", 5, 1), 1);
	ck_assert_uint_eq(text_fit("a→b", 5, 2), 4);
	ck_assert_uint_eq(text_fit("a→b", 5, 10), 5);
}
END_TEST

/* Every line fits, and joining the lines gives back the words. */
static void
check_wrap(const char *text, int width)
{
	struct text_lines tl = { 0 };
	char joined[4096] = "", words[4096] = "";
	const char *s;

	text_wrap(text, width, 0, &tl);
	ck_assert_int_gt(tl.n, 0);
	for (int i = 0; i < tl.n; i++) {
		ck_assert_int_le(text_width_n(text + tl.v[i].off, tl.v[i].len), width);
		strncat(joined, text + tl.v[i].off, tl.v[i].len);
		strcat(joined, " ");
		for (char *c = joined; *c != '\0'; c++)
			if (*c == '\n')
				*c = ' ';
	}
	/* compare with the words: spaces and newlines squeezed */
	for (s = text; *s != '\0'; s++) {
		char c = *s == '\n' ? ' ' : *s;
		size_t n = strlen(words);

		if (c == ' ' && (n == 0 || words[n - 1] == ' '))
			continue;
		words[n] = c;
		words[n + 1] = '\0';
	}
	if (words[0] != '\0' && words[strlen(words) - 1] != ' ')
		strcat(words, " ");
	ck_assert_str_eq(joined, words);
	text_lines_free(&tl);
}

START_TEST(wrap_soft)
{
	struct text_lines tl = { 0 };

	utf8_locale();
	check_wrap("The quick brown fox jumps over the lazy dog.", 10);
	check_wrap("one\ntwo three\nfour", 7);
	check_wrap("a→b → c… d", 3);
	check_wrap("word", 80);
	/* a word longer than the width is cut */
	text_wrap("abcdefghij", 4, 0, &tl);
	ck_assert_int_eq(tl.n, 3);
	ck_assert_uint_eq(tl.v[0].len, 4);
	text_lines_free(&tl);
	/* empty text: one empty line */
	text_wrap("", 10, 0, &tl);
	ck_assert_int_eq(tl.n, 1);
	ck_assert_uint_eq(tl.v[0].len, 0);
	text_lines_free(&tl);
}
END_TEST

START_TEST(wrap_hard)
{
	struct text_lines tl = { 0 };
	const char *code = "def f():\n    return 1\n\nx = f()\n";

	text_wrap(code, 40, 1, &tl);
	ck_assert_int_eq(tl.n, 4);	/* the trailing newline adds no line */
	ck_assert_uint_eq(tl.v[1].len, strlen("    return 1"));
	ck_assert_int_eq(strncmp(code + tl.v[1].off, "    return", 10), 0);
	ck_assert_uint_eq(tl.v[2].len, 0);
	text_lines_free(&tl);
	/* a long line breaks at a space and goes on */
	text_wrap("    value = counter  # read it", 16, 1, &tl);
	ck_assert_int_ge(tl.n, 2);
	for (int i = 0; i < tl.n; i++)
		ck_assert_int_le((int)tl.v[i].len, 16);
	text_lines_free(&tl);
}
END_TEST

START_TEST(ascii)
{
	char *s = text_ascii("a → b … c × d — “q” ✓ █ 中");

	ck_assert_str_eq(s, "a -> b ... c x d -- \"q\" v # ?");
	free(s);
	s = text_ascii("plain");
	ck_assert_str_eq(s, "plain");
	free(s);
}
END_TEST

START_TEST(help_rows_wrap_at_80_columns)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	text_help_row(f, "--short N", "few words", "1..9");
	text_help_row(f, "--a-head-longer-than-its-field X", "text", NULL);
	text_help_row(f, "--w N", "one two three four five six seven eight nine ten "
	    "eleven twelve\n   thirteen", NULL);
	fclose(f);
	ck_assert_str_eq(buf,
	    "  --short N              few words [1..9]\n"
	    "  --a-head-longer-than-its-field X\n"
	    "                         text\n"
	    "  --w N                  one two three four five six seven eight nine ten eleven\n"
	    "                         twelve thirteen\n");
	free(buf);
}
END_TEST

START_TEST(formats)
{
	char buf[32];

	ck_assert_str_eq(text_ms(4.25, buf, sizeof buf), "4.2 ms");
	ck_assert_str_eq(text_ms(480, buf, sizeof buf), "480 ms");
	ck_assert_str_eq(text_ms(1234, buf, sizeof buf), "1.23 s");
	ck_assert_str_eq(text_ms(123000, buf, sizeof buf), "2 min 3 s");
	ck_assert_str_eq(text_num(400000, buf, sizeof buf), "400000");
	ck_assert_str_eq(text_num(0.5, buf, sizeof buf), "0.50");
}
END_TEST

Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, widths);
	tcase_add_test(tc, wrap_soft);
	tcase_add_test(tc, wrap_hard);
	tcase_add_test(tc, ascii);
	tcase_add_test(tc, formats);
	tcase_add_test(tc, help_rows_wrap_at_80_columns);
	suite_add_tcase(s, tc);
	return s;
}
