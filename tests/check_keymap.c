/* check_keymap.c — the key tables: no key bound twice in a screen, every
 * row helped, and every key a lesson's @try may name bound in the player. */
#include "config.h"

#include "keymap.h"
#include "suites.h"

static void
check_table(const struct keymap_entry *t)
{
	for (int i = 0; t[i].cmd != CMD_NONE; i++) {
		ck_assert_ptr_nonnull(t[i].label);
		ck_assert_ptr_nonnull(t[i].help);
		ck_assert_int_ne(t[i].keys[0], 0);
		for (int k = 0; k < KEYMAP_KEYS; k++) {
			if (t[i].keys[k] == 0)
				continue;
			/* the first row with this key is this one */
			ck_assert_ptr_eq(keymap_find(t, t[i].keys[k]), &t[i]);
		}
	}
}

START_TEST(key_tables)
{
	const struct keymap_entry *tables[] = { keymap_menu, keymap_filter,
		keymap_lesson(), keymap_step };

	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		check_table(tables[i]);
	/* q and ? work on the menu and in the player */
	ck_assert_int_eq(keymap_find(keymap_menu, 'q')->cmd, CMD_QUIT);
	ck_assert_int_eq(keymap_find(keymap_lesson(), 'q')->cmd, CMD_BACK);
	ck_assert_int_eq(keymap_find(keymap_menu, '?')->cmd, CMD_HELP);
	ck_assert_int_eq(keymap_find(keymap_lesson(), '?')->cmd, CMD_HELP);
	ck_assert_int_eq(keymap_find(keymap_step, '7')->cmd, CMD_PICK);
	/* every key a lesson's @try may name is bound in the player */
	{
		static const char *const tries[] = { "Space", "+", "-", "l", "g", "m",
			"n", "p", "s", "h", "Left", "Right", "<", ">", "z", "i", "I", "c",
			"C", "o", "w", "=", "_" };

		for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++)
			ck_assert_msg(keymap_find(keymap_lesson(), keymap_parse(tries[i])) != NULL,
			    "@try %s has no key", tries[i]);
	}
	ck_assert_int_eq(keymap_parse("Space"), ' ');
	ck_assert_int_eq(keymap_parse("Left"), KEYMAP_LEFT);
	ck_assert_int_eq(keymap_parse("g"), 'g');
	ck_assert_int_eq(keymap_parse("gg"), 0);
}
END_TEST

Suite *
keymap_suite(void)
{
	Suite *s = suite_create("keymap");
	TCase *tc = tcase_create("tables");

	tcase_add_test(tc, key_tables);
	suite_add_tcase(s, tc);
	return s;
}
