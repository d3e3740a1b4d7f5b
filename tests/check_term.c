/* check_term.c — term.c's tables, without a terminal: every state the
 * lessons talk about has a glyph of its own (in UTF-8 and in ASCII), a
 * colour role and a legend label. */
#include "config.h"

#include <string.h>

#include "suites.h"
#include "term.h"
#include "text.h"

START_TEST(every_state_has_its_own_glyph)
{
	for (int s = WS_IDLE + 1; s < WS__MAX; s++) {
		const struct term_state_look *a = &term_state_looks[s];

		ck_assert_msg(a->utf8 != NULL && a->ascii != NULL && a->label != NULL,
		    "state %d (%s) has no look", s, view_state_name(s));
		ck_assert_msg(text_width(a->utf8) == 1 && strlen(a->ascii) == 1,
		    "state %s: a glyph is not one column", view_state_name(s));
		ck_assert_msg((unsigned char)a->ascii[0] >= 0x21 && (unsigned char)a->ascii[0] < 0x7f,
		    "state %s: ASCII glyph is not printable ASCII", view_state_name(s));
		ck_assert_msg(a->role != COLOR_NORMAL, "state %s has no colour role",
		    view_state_name(s));
		ck_assert_msg(a->label[0] != '\0', "state %s has no label", view_state_name(s));
		for (int t = WS_IDLE + 1; t < s; t++) {
			const struct term_state_look *b = &term_state_looks[t];

			ck_assert_msg(strcmp(a->utf8, b->utf8) != 0,
			    "%s and %s share a glyph", view_state_name(s), view_state_name(t));
			ck_assert_msg(strcmp(a->ascii, b->ascii) != 0,
			    "%s and %s share an ASCII glyph", view_state_name(s),
			    view_state_name(t));
			ck_assert_msg(strcmp(a->label, b->label) != 0,
			    "%s and %s share a label", view_state_name(s), view_state_name(t));
		}
	}
}
END_TEST

START_TEST(the_states_issue_9_names_are_told_apart)
{
	/* running with and without the GIL, waiting for it, a lock held and
	 * waited for, both queue ends, awaiting, blocking the loop, I/O,
	 * deadlocked, stopped, done */
	static const enum wstate need[] = {
		WS_RUNNING, WS_RUN_FREE, WS_GIL_WAIT, WS_HOLDING, WS_LOCK_WAIT,
		WS_QUEUE_FULL, WS_QUEUE_EMPTY, WS_AWAIT, WS_LOOP_BLOCK, WS_SLEEP,
		WS_DEADLOCK, WS_STOPPED, WS_DONE,
	};

	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		for (size_t j = 0; j < i; j++)
			ck_assert(term_state_looks[need[i]].role != term_state_looks[need[j]].role ||
			    strcmp(term_state_looks[need[i]].utf8, term_state_looks[need[j]].utf8) != 0);
	ck_assert_str_eq(term_state_label(WS_DEADLOCK), "deadlocked");
	ck_assert_str_eq(term_state_label(WS__MAX), "?");
}
END_TEST

Suite *
term_suite(void)
{
	Suite *s = suite_create("term");
	TCase *tc = tcase_create("tables");

	tcase_add_test(tc, every_state_has_its_own_glyph);
	tcase_add_test(tc, the_states_issue_9_names_are_told_apart);
	suite_add_tcase(s, tc);
	return s;
}
