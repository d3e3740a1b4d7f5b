/* check_paths.c — lesson search order and the state directory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "suites.h"
#include "util.h"

static char tmp[64];

static void
make_tmp(void)
{
	strcpy(tmp, "/tmp/lockstep-paths-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

START_TEST(explicit_and_env_dirs_come_first)
{
	struct lesson_dirs d;
	char a[128], b[128];

	make_tmp();
	xsnprintf(a, sizeof a, "%s/a", tmp);
	xsnprintf(b, sizeof b, "%s/b", tmp);
	ck_assert_int_eq(mkdir(a, 0700), 0);
	ck_assert_int_eq(mkdir(b, 0700), 0);
	setenv("LOCKSTEP_LESSONS", b, 1);
	setenv("XDG_DATA_HOME", tmp, 1);
	paths_lesson_dirs(&d, a);
	ck_assert_int_ge(d.n, 2);
	ck_assert_str_eq(d.dir[0], a);
	ck_assert_str_eq(d.dir[1], b);
	paths_lesson_dirs_free(&d);
}
END_TEST

START_TEST(missing_dirs_are_skipped)
{
	struct lesson_dirs d;

	make_tmp();
	setenv("LOCKSTEP_LESSONS", "/nonexistent/lockstep", 1);
	setenv("XDG_DATA_HOME", tmp, 1);	/* no lockstep/lessons under it */
	paths_lesson_dirs(&d, "/nonexistent/too");
	for (int i = 0; i < d.n; i++)
		ck_assert(strstr(d.dir[i], "nonexistent") == NULL);
	paths_lesson_dirs_free(&d);
}
END_TEST

START_TEST(state_dir_follows_xdg_then_home)
{
	char *p;

	setenv("XDG_STATE_HOME", "/x/state", 1);
	p = paths_state_dir();
	ck_assert_str_eq(p, "/x/state/lockstep");
	free(p);
	setenv("XDG_STATE_HOME", "relative/ignored", 1);
	setenv("HOME", "/home/u", 1);
	p = paths_state_dir();
	ck_assert_str_eq(p, "/home/u/.local/state/lockstep");
	free(p);
}
END_TEST

START_TEST(mkdirs_makes_parents)
{
	char deep[160];
	struct stat st;

	make_tmp();
	xsnprintf(deep, sizeof deep, "%s/one/two/three", tmp);
	ck_assert_int_eq(paths_mkdirs(deep), 0);
	ck_assert_int_eq(stat(deep, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(paths_mkdirs(deep), 0);	/* again: fine */
}
END_TEST

START_TEST(the_test_runner_is_not_the_build_tree_binary)
{
	ck_assert(!paths_in_build_tree());
}
END_TEST

Suite *
paths_suite(void)
{
	Suite *s = suite_create("paths");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, explicit_and_env_dirs_come_first);
	tcase_add_test(tc, missing_dirs_are_skipped);
	tcase_add_test(tc, state_dir_follows_xdg_then_home);
	tcase_add_test(tc, mkdirs_makes_parents);
	tcase_add_test(tc, the_test_runner_is_not_the_build_tree_binary);
	suite_add_tcase(s, tc);
	return s;
}
