/*
 * check_main.c — the one Check runner: every module's suite, run in forked
 * children (CK_FORK) so a crash fails one test, not the run.
 *
 * The full report goes to stdout (the test log).  Check's summary and any
 * failures are printed again on fd 9 when make check provides it
 * (AM_TESTS_FD_REDIRECT), so they show on the console.
 *
 * LOCKSTEP_TIMING=1 adds each suite's timing tcase (see suites.h).
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

static Suite *(*const suites[])(void) = {
	bigtext_suite,
	course_suite,
	deadlock_suite,
	demo_suite,
	engine_suite,
	clock_suite,
	gate_suite,
	gil_suite,
	interp_suite,
	json_suite,
	keymap_suite,
	knob_suite,
	knob_edit_suite,
	layout_suite,
	live_suite,
	loop_suite,
	lesson_suite,
	notes_suite,
	ops_suite,
	overhead_suite,
	paths_suite,
	progress_suite,
	prose_suite,
	quiz_suite,
	results_suite,
	syntax_suite,
	term_suite,
	text_suite,
	trace_suite,
	trace_chrome_suite,
	util_suite,
	view_suite,
};

int
check_timing(void)
{
	const char *v = getenv("LOCKSTEP_TIMING");

	return v != NULL && strcmp(v, "1") == 0;
}

void
check_write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void
print_on_fd9(SRunner *sr)
{
	int saved;

	if (fcntl(9, F_GETFD) == -1)
		return;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(9, STDOUT_FILENO);
	srunner_print(sr, CK_NORMAL);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
}

int
main(int argc, char **argv)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
		srunner_add_suite(sr, suites[i]());
	/* "check_lockstep SUITE" runs one suite (CK_RUN_SUITE works too). */
	if (argc > 1)
		setenv("CK_RUN_SUITE", argv[1], 1);
	srunner_run_all(sr, CK_NORMAL);
	print_on_fd9(sr);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
