/* check_progress.c — the progress file: round trip, strict parsing, an
 * unusable file (corrupt, a directory, a FIFO, a link, too large) set aside
 * and reported, atomic replacement, nothing written through a link, a state
 * folder others can write refused, and two processes merging their saves. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
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
		check_write_file(dir, "progress", bad[i]);
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

/* Load dir's file expecting it set aside as progress.KIND-*, msg saying why. */
static void
expect_set_aside(const char *kind, const char *why)
{
	struct progress p;
	char msg[512], prefix[64];

	ck_assert_int_eq(progress_load(&p, dir, msg, sizeof msg), PROGRESS_SET_ASIDE);
	ck_assert_int_eq(p.n, 0);
	ck_assert_msg(strstr(msg, why) != NULL, "'%s' not in '%s'", why, msg);
	xsnprintf(prefix, sizeof prefix, "progress.%s-", kind);
	ck_assert_int_eq(count_prefix(prefix), 1);
	progress_free(&p);
}

START_TEST(special_files_are_set_aside_not_followed)
{
	char path[128], outside[128], err[256], buf[64];
	struct progress p = { 0 };
	FILE *f;

	/* a directory, a FIFO (must not hang), a huge file */
	setup();
	xsnprintf(path, sizeof path, "%s/progress", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	expect_set_aside("directory", "is a directory");
	setup();
	xsnprintf(path, sizeof path, "%s/progress", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	expect_set_aside("special", "FIFO");
	setup();
	xsnprintf(path, sizeof path, "%s/progress", dir);
	check_write_file(dir, "progress", "# lockstep progress 1\n");
	ck_assert_int_eq(truncate(path, 2 << 20), 0);
	expect_set_aside("too-large", "too large");

	/* a link to a file of the user's: set aside, the file untouched */
	setup();
	xsnprintf(outside, sizeof outside, "%s.outside", dir);
	f = fopen(outside, "w");
	fputs("precious\n", f);
	fclose(f);
	xsnprintf(path, sizeof path, "%s/progress", dir);
	ck_assert_int_eq(symlink(outside, path), 0);
	expect_set_aside("link", "symbolic link");
	/* and a save over a link planted later replaces the link, not its target */
	ck_assert_int_eq(symlink(outside, path), 0);
	progress_get(&p, "one", 1)->step = 3;
	ck_assert_int_eq(progress_save(&p, dir, err, sizeof err), 1);
	ck_assert_ptr_nonnull(strstr(err, "symbolic link"));
	f = fopen(outside, "r");
	ck_assert_ptr_nonnull(fgets(buf, sizeof buf, f));
	fclose(f);
	ck_assert_str_eq(buf, "precious\n");
	unlink(outside);
	progress_free(&p);
}
END_TEST

START_TEST(a_state_folder_others_control_is_refused)
{
	struct progress p = { 0 };
	char msg[256], err[256];

	setup();
	check_write_file(dir, "progress", "# lockstep progress 1\nlast gil\n");
	ck_assert_int_eq(chmod(dir, 0777), 0);
	ck_assert_int_eq(progress_load(&p, dir, msg, sizeof msg), PROGRESS_ERROR);
	ck_assert_ptr_nonnull(strstr(msg, "others can write"));
	progress_get(&p, "one", 1);
	ck_assert_int_eq(progress_save(&p, dir, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "others can write"));
	ck_assert_int_eq(count_prefix(".progress"), 0);
	ck_assert_int_eq(chmod(dir, 0700), 0);
	/* owned by someone else: only root can arrange that */
	if (geteuid() == 0) {
		ck_assert_int_eq(chown(dir, 65534, 65534), 0);
		ck_assert_int_eq(progress_save(&p, dir, err, sizeof err), -1);
		ck_assert_ptr_nonnull(strstr(err, "another user"));
		ck_assert_int_eq(chown(dir, 0, 0), 0);
	}
	progress_free(&p);
}
END_TEST

START_TEST(two_instances_merge_their_changes)
{
	struct progress a, b, c;
	char msg[256], err[256];

	setup();
	ck_assert_int_eq(progress_load(&a, dir, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(progress_load(&b, dir, msg, sizeof msg), PROGRESS_OK);
	progress_get(&a, "one", 1)->step = 4;
	strcpy(a.last, "one");
	ck_assert_int_eq(progress_save(&a, dir, err, sizeof err), 0);
	progress_get(&b, "two", 1)->done = 1;
	progress_get(&b, "one", 1)->quiz_right = 3;	/* b never moved in one */
	progress_get(&b, "one", 0)->quiz_total = 4;
	ck_assert_int_eq(progress_save(&b, dir, err, sizeof err), 0);
	ck_assert_int_eq(progress_load(&c, dir, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(c.n, 2);
	ck_assert_int_eq(progress_get(&c, "one", 0)->step, 4);
	ck_assert_int_eq(progress_get(&c, "one", 0)->quiz_right, 3);
	ck_assert_int_eq(progress_get(&c, "two", 0)->done, 1);
	ck_assert_str_eq(c.last, "one");	/* b never changed it */
	/* b sees a's work after its save */
	ck_assert_int_eq(progress_get(&b, "one", 0)->step, 4);
	/* a worse score does not replace a better one */
	progress_get(&a, "one", 0)->quiz_right = 1;
	progress_get(&a, "one", 0)->quiz_total = 4;
	ck_assert_int_eq(progress_save(&a, dir, err, sizeof err), 0);
	progress_free(&c);
	ck_assert_int_eq(progress_load(&c, dir, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(progress_get(&c, "one", 0)->quiz_right, 3);
	progress_free(&a);
	progress_free(&b);
	progress_free(&c);
}
END_TEST

/* Two processes, each with its own lesson and a shared one, save in turns
 * (and at once): nothing either saved is lost. */
START_TEST(two_processes_saving_alternately_lose_nothing)
{
	enum { ROUNDS = 40 };
	struct progress p;
	char msg[256], err[256];
	pid_t pid[2];
	int st;

	setup();
	for (int k = 0; k < 2; k++) {
		if ((pid[k] = fork()) == 0) {
			char mine[16];
			int fails = 0;

			xsnprintf(mine, sizeof mine, "mine-%d", k);
			if (progress_load(&p, dir, msg, sizeof msg) != PROGRESS_OK)
				_exit(2);
			for (int i = 1; i <= ROUNDS; i++) {
				progress_get(&p, mine, 1)->step = i;
				progress_at(&p, "shared", 2 * i + k);
				fails += progress_save(&p, dir, err, sizeof err) != 0;
				usleep(1000);
			}
			_exit(fails != 0);
		}
		ck_assert_int_gt(pid[k], 0);
	}
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(waitpid(pid[k], &st, 0), pid[k]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %d: %d", k, st);
	}
	ck_assert_int_eq(progress_load(&p, dir, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(p.n, 3);
	ck_assert_int_eq(progress_get(&p, "mine-0", 0)->step, ROUNDS);
	ck_assert_int_eq(progress_get(&p, "mine-1", 0)->step, ROUNDS);
	/* shared: the step of whichever saved last, the furthest of both */
	ck_assert_int_ge(progress_get(&p, "shared", 0)->step, 2 * ROUNDS);
	ck_assert_int_eq(progress_get(&p, "shared", 0)->furthest, 2 * ROUNDS + 1);
	ck_assert_int_eq(count_prefix(".progress"), 0);
	progress_free(&p);
}
END_TEST

/* Going back in a lesson: it resumes where the learner was last, and the
 * furthest step reached is kept beside it, also across instances. */
START_TEST(going_back_resumes_there_and_keeps_the_furthest)
{
	struct progress a, b, c;
	struct progress_entry *e;
	char msg[256], err[256];

	setup();
	ck_assert_int_eq(progress_load(&a, dir, msg, sizeof msg), PROGRESS_OK);
	for (int i = 0; i <= 5; i++)
		progress_at(&a, "one", i);
	ck_assert_int_eq(progress_save(&a, dir, err, sizeof err), 0);
	progress_at(&a, "one", 4);
	progress_at(&a, "one", 2);	/* back to step 2 */
	ck_assert_int_eq(progress_save(&a, dir, err, sizeof err), 0);
	ck_assert_int_eq(progress_load(&c, dir, msg, sizeof msg), PROGRESS_OK);
	e = progress_get(&c, "one", 0);
	ck_assert_int_eq(e->step, 2);
	ck_assert_int_eq(e->furthest, 5);
	progress_free(&c);

	/* b, loaded now, goes back to 1; a, saving later, is at 3: the
	 * last save is where the learner was last, the furthest stays 5. */
	ck_assert_int_eq(progress_load(&b, dir, msg, sizeof msg), PROGRESS_OK);
	progress_at(&b, "one", 1);
	ck_assert_int_eq(progress_save(&b, dir, err, sizeof err), 0);
	ck_assert_int_eq(progress_load(&c, dir, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(progress_get(&c, "one", 0)->step, 1);
	ck_assert_int_eq(progress_get(&c, "one", 0)->furthest, 5);
	progress_free(&c);
	progress_at(&a, "one", 3);
	ck_assert_int_eq(progress_save(&a, dir, err, sizeof err), 0);
	ck_assert_int_eq(progress_load(&c, dir, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(progress_get(&c, "one", 0)->step, 3);
	ck_assert_int_eq(progress_get(&c, "one", 0)->furthest, 5);
	progress_free(&c);

	/* An instance that did not move in the lesson leaves its step be,
	 * even when it saves something else of it (a quiz score). */
	progress_get(&b, "one", 0)->quiz_right = 2;
	progress_get(&b, "one", 0)->quiz_total = 2;
	ck_assert_int_eq(progress_save(&b, dir, err, sizeof err), 0);
	ck_assert_int_eq(progress_load(&c, dir, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(progress_get(&c, "one", 0)->step, 3);
	ck_assert_int_eq(progress_get(&c, "one", 0)->quiz_total, 2);

	/* ... and reaching further in one instance raises it for all */
	progress_at(&b, "one", 7);
	ck_assert_int_eq(progress_save(&b, dir, err, sizeof err), 0);
	ck_assert_int_eq(progress_save(&a, dir, err, sizeof err), 0);
	ck_assert_int_eq(progress_get(&a, "one", 0)->step, 7);
	ck_assert_int_eq(progress_get(&a, "one", 0)->furthest, 7);
	progress_free(&a);
	progress_free(&b);
	progress_free(&c);
}
END_TEST

/* A version 1 file (no furthest) reads with furthest = step, and a save
 * writes version 2; a step beyond the furthest is corrupt. */
START_TEST(version_1_files_still_load)
{
	struct progress p = { 0 };
	char msg[256], err[256], *text;
	size_t n;
	int bad = 0;

	ck_assert_int_eq(progress_parse(&p,
	    "# lockstep progress 1\nlesson x step 3 done 0 quiz 1 2\n", &bad), 0);
	ck_assert_int_eq(progress_get(&p, "x", 0)->step, 3);
	ck_assert_int_eq(progress_get(&p, "x", 0)->furthest, 3);
	text = progress_format(&p, &n);
	ck_assert_str_eq(text, "# lockstep progress 2\n"
	    "lesson x step 3 furthest 3 done 0 quiz 1 2\n");
	free(text);
	progress_free(&p);
	ck_assert_int_eq(progress_parse(&p,
	    "# lockstep progress 2\nlesson x step 3 furthest 2 done 0 quiz 0 0\n", &bad), -1);
	ck_assert_int_eq(progress_parse(&p,
	    "# lockstep progress 2\nlesson x step 3 done 0 quiz 0 0\n", &bad), -1);
	ck_assert_int_eq(progress_parse(&p,
	    "# lockstep progress 1\nlesson x step 3 furthest 3 done 0 quiz 0 0\n", &bad), -1);

	setup();
	check_write_file(dir, "progress", "# lockstep progress 1\nlesson x step 4 done 1 quiz 0 0\n");
	ck_assert_int_eq(progress_load(&p, dir, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(progress_get(&p, "x", 0)->furthest, 4);
	progress_at(&p, "y", 1);
	ck_assert_int_eq(progress_save(&p, dir, err, sizeof err), 0);
	progress_free(&p);
	ck_assert_int_eq(progress_load(&p, dir, msg, sizeof msg), PROGRESS_OK);
	ck_assert_int_eq(progress_get(&p, "x", 0)->done, 1);
	ck_assert_int_eq(progress_get(&p, "x", 0)->furthest, 4);
	progress_free(&p);
}
END_TEST

/* Write text to path (for /proc/self/uid_map and friends); 0 or -1. */
static int
write_proc(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), rc;

	if (fd == -1)
		return -1;
	rc = write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
	close(fd);
	return rc;
}

/*
 * In a user and mount namespace of its own, a 64 KiB tmpfs over dir: the
 * full disk a user can meet.  0, or -1 where the system allows no such
 * namespace (the caller skips, saying so).
 */
static int
small_disk(void)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
		return -1;
	snprintf(map, sizeof map, "0 %ld 1", (long)uid);
	if (write_proc("/proc/self/setgroups", "deny") != 0 ||
	    write_proc("/proc/self/uid_map", map) != 0)
		return -1;
	snprintf(map, sizeof map, "0 %ld 1", (long)gid);
	if (write_proc("/proc/self/gid_map", map) != 0)
		return -1;
	return mount("none", dir, "tmpfs", 0, "size=64k,mode=0700");
}

/* Fill the disk under dir: a file written until ENOSPC; 0 or -1. */
static int
fill_disk(void)
{
	char path[128], block[4096];
	int fd, e;

	memset(block, 'x', sizeof block);
	snprintf(path, sizeof path, "%s/filler", dir);
	if ((fd = open(path, O_WRONLY | O_CREAT, 0600)) == -1)
		return -1;
	while (write(fd, block, sizeof block) > 0)
		;
	e = errno;
	close(fd);
	return e == ENOSPC ? 0 : -1;
}

/*
 * The disk is full when progress is saved: a clear error, the old file
 * kept whole, no temp file left; the learner's move is still in memory
 * and saved once there is room.  Runs in a child, in its own namespaces.
 */
static int
full_disk_child(void)
{
	struct progress p, q;
	char msg[256], err[256], path[128];

	if (small_disk() != 0)
		return 77;
	if (progress_load(&p, dir, msg, sizeof msg) != PROGRESS_OK)
		return 10;
	progress_at(&p, "gil", 2);
	if (progress_save(&p, dir, err, sizeof err) != 0)
		return 11;
	if (fill_disk() != 0)
		return 18;
	progress_at(&p, "gil", 5);
	if (progress_save(&p, dir, err, sizeof err) != -1)
		return 12;
	if (strstr(err, "No space left on device") == NULL) {
		fprintf(stderr, "full disk: %s\n", err);
		return 13;
	}
	if (count_prefix(".progress") != 0)
		return 14;	/* no temp file left */
	if (progress_load(&q, dir, msg, sizeof msg) != PROGRESS_OK ||
	    progress_get(&q, "gil", 0) == NULL || progress_get(&q, "gil", 0)->step != 2)
		return 15;	/* the old progress, whole */
	progress_free(&q);
	snprintf(path, sizeof path, "%s/filler", dir);
	unlink(path);
	if (progress_save(&p, dir, err, sizeof err) != 0)
		return 16;
	if (progress_load(&q, dir, msg, sizeof msg) != PROGRESS_OK ||
	    progress_get(&q, "gil", 0)->step != 5)
		return 17;	/* nothing was lost */
	progress_free(&q);
	progress_free(&p);
	return 0;
}

START_TEST(a_full_disk_keeps_the_old_progress)
{
	int st;
	pid_t pid;

	setup();
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0)
		_exit(full_disk_child());
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	if (WEXITSTATUS(st) == 77) {
		fprintf(stderr, "note: full-disk progress test skipped: no user "
		    "namespace for a small tmpfs here\n");
		return;
	}
	ck_assert_msg(WEXITSTATUS(st) == 0, "full disk: check %d broke",
	    WEXITSTATUS(st));
}
END_TEST

START_TEST(format_parses_back)
{
	struct progress p = { 0 }, q = { 0 };
	char *text;
	size_t n;
	int bad = 0;

	progress_get(&p, "a", 1)->step = 10000;
	progress_get(&p, "b.c_d-e", 1)->quiz_total = 1000;
	progress_at(&p, "f", 5);
	progress_at(&p, "f", 1);
	strcpy(p.last, "a");
	text = progress_format(&p, &n);
	ck_assert_uint_eq(strlen(text), n);
	ck_assert_int_eq(progress_parse(&q, text, &bad), 0);
	ck_assert_int_eq(q.n, 3);
	ck_assert_int_eq(progress_get(&q, "a", 0)->step, 10000);
	ck_assert_int_eq(progress_get(&q, "f", 0)->step, 1);
	ck_assert_int_eq(progress_get(&q, "f", 0)->furthest, 5);
	free(text);
	progress_free(&p);
	progress_free(&q);
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
	tcase_add_test(tc, special_files_are_set_aside_not_followed);
	tcase_add_test(tc, a_state_folder_others_control_is_refused);
	tcase_add_test(tc, two_instances_merge_their_changes);
	tcase_add_test(tc, two_processes_saving_alternately_lose_nothing);
	tcase_add_test(tc, going_back_resumes_there_and_keeps_the_furthest);
	tcase_add_test(tc, version_1_files_still_load);
	tcase_add_test(tc, a_full_disk_keeps_the_old_progress);
	tcase_add_test(tc, format_parses_back);
	suite_add_tcase(s, tc);
	return s;
}
