/* check_progress.c — the progress file: round trip, strict parsing, a
 * corrupt file set aside and reported, atomic replacement. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progress.h"
#include "suites.h"
#include "util.h"

static char dir[64];

static void
setup(void)
{
	strcpy(dir, "/tmp/lockstep-progress-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
write_file(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	xsnprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static int
count_prefix(const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while ((de = readdir(d)) != NULL)
		n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

START_TEST(round_trip)
{
	struct progress p = { 0 }, q;
	struct progress_entry *e;
	char err[256], msg[256];

	setup();
	e = progress_get(&p, "race-lock", 1);
	e->step = 2;
	e->quiz_right = 3;
	e->quiz_total = 4;
	progress_get(&p, "gil", 1)->done = 1;
	strcpy(p.last, "race-lock");
	ck_assert_int_eq(progress_save(&p, dir, err, sizeof err), 0);
	ck_assert_int_eq(progress_load(&q, dir, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(q.n, 2);
	ck_assert_str_eq(q.last, "race-lock");
	e = progress_get(&q, "race-lock", 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->step, 2);
	ck_assert_int_eq(e->quiz_right, 3);
	ck_assert_int_eq(progress_get(&q, "gil", 0)->done, 1);
	ck_assert_ptr_null(progress_get(&q, "nope", 0));
	ck_assert_int_eq(count_prefix(".progress"), 0);	/* no temp left */
	progress_free(&p);
	progress_free(&q);
}
END_TEST

START_TEST(no_file_is_a_fresh_start)
{
	struct progress p;
	char msg[256];

	setup();
	ck_assert_int_eq(progress_load(&p, dir, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(p.n, 0);
	ck_assert_str_eq(msg, "");
}
END_TEST

START_TEST(corrupt_file_is_set_aside_and_reported)
{
	static const char *const bad[] = {
		"garbage\n",
		"# lockstep progress 1\nlesson x step -1 done 0 quiz 0 0\n",
		"# lockstep progress 1\nlesson x step 1 done 0 quiz 5 4\n",
		"# lockstep progress 1\nlesson x step 1 done 2 quiz 0 0\n",
		"# lockstep progress 1\nlesson x step 1 done 0 quiz 0 0 extra\n",
		"# lockstep progress 1\nlesson x step 1 done 0 quiz 0 0\nlesson x step 1 done 0 quiz 0 0\n",
		"# lockstep progress 1\nlesson ../etc step 1 done 0 quiz 0 0\n",
		"# lockstep progress 1\nlast a b\n",
	};

	for (size_t i = 0; i < nitems(bad); i++) {
		struct progress p;
		char msg[512];

		setup();
		write_file("progress", bad[i]);
		ck_assert_int_eq(progress_load(&p, dir, msg, sizeof msg), PROGRESS_SET_ASIDE);
		ck_assert_int_eq(p.n, 0);
		ck_assert_ptr_nonnull(strstr(msg, "set aside"));
		ck_assert_int_eq(count_prefix("progress.corrupt-"), 1);
		ck_assert_int_eq(count_prefix("progress"), 1);	/* only the aside copy */
	}
}
END_TEST

START_TEST(binary_junk_is_set_aside)
{
	struct progress p;
	char path[128], msg[512];
	int fd;

	setup();
	xsnprintf(path, sizeof path, "%s/progress", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_eq(write(fd, "# lockstep progress 1\n\0\1\2\3", 26), 26);
	close(fd);
	ck_assert_int_eq(progress_load(&p, dir, msg, sizeof msg), PROGRESS_SET_ASIDE);
}
END_TEST

START_TEST(save_replaces_atomically_and_creates_the_dir)
{
	struct progress p = { 0 }, q;
	char sub[128], err[256], msg[256];

	setup();
	xsnprintf(sub, sizeof sub, "%s/a/b", dir);
	progress_get(&p, "one", 1)->step = 1;
	ck_assert_int_eq(progress_save(&p, sub, err, sizeof err), 0);
	progress_get(&p, "one", 1)->step = 5;
	ck_assert_int_eq(progress_save(&p, sub, err, sizeof err), 0);
	ck_assert_int_eq(progress_load(&q, sub, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(progress_get(&q, "one", 0)->step, 5);
	progress_free(&p);
	progress_free(&q);
}
END_TEST

START_TEST(unwritable_dir_is_an_error_not_a_crash)
{
	struct progress p = { 0 };
	char err[256];

	progress_get(&p, "one", 1);
	ck_assert_int_eq(progress_save(&p, "/proc/lockstep-no", err, sizeof err), -1);
	ck_assert_str_ne(err, "");
	progress_free(&p);
}
END_TEST

Suite *
progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, no_file_is_a_fresh_start);
	tcase_add_test(tc, corrupt_file_is_set_aside_and_reported);
	tcase_add_test(tc, binary_junk_is_set_aside);
	tcase_add_test(tc, save_replaces_atomically_and_creates_the_dir);
	tcase_add_test(tc, unwritable_dir_is_an_error_not_a_crash);
	suite_add_tcase(s, tc);
	return s;
}
