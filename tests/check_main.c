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

#include "demo.h"
#include "knob.h"
#include "spawn.h"
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
	histo_suite,
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
	pane_suite,
	paths_suite,
	progress_suite,
	prose_suite,
	quiz_suite,
	record_suite,
	results_suite,
	syntax_suite,
	term_suite,
	text_suite,
	trace_suite,
	trace_chrome_suite,
	trace_read_suite,
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

/* Knobs that keep a demo short: smaller counts, shorter waits. */
void
check_short_knobs(const struct demo *d, struct knobs *k, int model)
{
	static const struct {
		const char *name;
		int v;
	} small[] = {
		{ "tasks", 4 }, { "work", 20 }, { "delay", 20 }, { "items", 6 },
		{ "increments", 300 }, { "workers", 3 }, { "count", 4 },
		{ "cpu-threads", 2 }, { "producers", 2 }, { "consumers", 2 },
		{ "lock", ON },
	};

	memset(k, 0, sizeof *k);
	knobs_set(k, KNOB_MODEL, model);
	for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
		int id = knob_find(small[i].name);

		/* the blocking demo keeps its long blocking call */
		if (strcmp(d->name, "blocking") == 0 && id == KNOB_DELAY)
			continue;
		if (id >= 0 && demo_takes_knob(d, id))
			knobs_set(k, id, small[i].v);
	}
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
	SRunner *sr;
	int failed;

	/* a test's run exec'd this runner for a spawned worker */
	spawn_main(argc, argv);
	/* Check kills a test after 4 s unless its tcase says otherwise; on a
	 * loaded machine (make check beside other builds) a quick test can
	 * take ten times that.  A bound against hangs, not a duration under
	 * test: tcases that need longer still set their own, and the
	 * environment's value, if any, wins. */
	setenv("CK_DEFAULT_TIMEOUT", "120", 0);
	sr = srunner_create(NULL);

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
