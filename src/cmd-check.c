/*
 * cmd-check.c — "lockstep check FILE...": validate lesson files.
 *
 * Every error of every file goes to stderr as "FILE:LINE: message" (GNU
 * style, one a line), so editors can jump to them.  Besides what the parser
 * finds in each file, two files given together may not share a lesson id.
 * With --timing, each step's demo must also be watchable: by the demos'
 * cost model (demo-cost.c) it lasts 3 to 15 s at pace 1, baseline
 * included, on 2, 4 and 8 cores alike; start-up costs are exempt.  A
 * step that shows the histogram pane is about its series (R): the whole
 * series, runs times one run (no baseline), must last that long.
 * Exit 0 when all files are clean, 1 when any has an error, 2 on a usage
 * error.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lesson.h"
#include "util.h"

/* A clean lesson's id, for the duplicate check across files. */
struct seen {
	char *id;
	char *path;
	int line;
};

/* Core counts a watchable step is checked on (a laptop to a workstation). */
static const int timing_cores[] = { 2, 4, 8 };

/* Estimated ms of step st's demo on ncores: its run, baseline included,
 * or its series of runs when it shows the histogram pane; -1 if none. */
static double
step_cost(const struct lesson_step *st, int ncores, int *startup)
{
	const struct lesson_run *run = st->demo;

	if (st->panes & PANE_BIT(PANE_HISTOGRAM)) {
		double ms = demo_cost(run->demo, &run->knobs, 0, ncores, startup);

		return ms < 0 ? ms : ms * run->knobs.v[KNOB_RUNS];
	}
	return demo_cost(run->demo, &run->knobs, run->baseline, ncores, startup);
}

/* Add an error for each step of l whose demo is not watchable. */
static void
check_timing(const struct lesson *l, const char *path, struct lesson_errors *errs)
{
	for (int i = 0; i < l->nsteps; i++) {
		const struct lesson_run *run = l->steps[i].demo;
		double lo = -1, hi = -1;
		int startup = 0, lo_cores = 0, hi_cores = 0;

		if (run == NULL)
			continue;
		for (size_t c = 0; c < nitems(timing_cores); c++) {
			double ms = step_cost(&l->steps[i], timing_cores[c], &startup);

			if (lo < 0 || ms < lo)
				lo = ms, lo_cores = timing_cores[c];
			if (ms > hi)
				hi = ms, hi_cores = timing_cores[c];
		}
		if (startup)
			continue;
		if (lo < 0)
			lesson_errors_add(errs, path, run->line,
			    "demo %s has no cost model to time it by", run->demo->name);
		else if (lo < COST_WATCH_MIN_MS)
			lesson_errors_add(errs, path, run->line, "step '%s': the demo "
			    "lasts about %.1f s (on %d cores): too short to watch "
			    "(%.0f-%.0f s at pace 1, baseline or series included)", l->steps[i].id,
			    lo / 1000, lo_cores, COST_WATCH_MIN_MS / 1000,
			    COST_WATCH_MAX_MS / 1000);
		else if (hi > COST_WATCH_MAX_MS)
			lesson_errors_add(errs, path, run->line, "step '%s': the demo "
			    "lasts about %.1f s (on %d cores): too long to watch "
			    "(%.0f-%.0f s at pace 1, baseline or series included)", l->steps[i].id,
			    hi / 1000, hi_cores, COST_WATCH_MIN_MS / 1000,
			    COST_WATCH_MAX_MS / 1000);
	}
}

/* Print each step's estimated run length (check --timing --verbose). */
static void
print_timing(const struct lesson *l)
{
	for (int i = 0; i < l->nsteps; i++) {
		const struct lesson_run *run = l->steps[i].demo;
		int startup;

		if (run == NULL)
			continue;
		printf("%s:%s", l->id, l->steps[i].id);
		for (size_t c = 0; c < nitems(timing_cores); c++)
			printf("\t%.2f", step_cost(&l->steps[i], timing_cores[c],
			    &startup) / 1000);
		if (l->steps[i].panes & PANE_BIT(PANE_HISTOGRAM))
			printf("\tseries of %d", run->knobs.v[KNOB_RUNS]);
		printf("%s\n", startup ? "\tstart-up" : "");
	}
}

static int
check_file(const char *path, struct seen **seen, int *nseen, int timing)
{
	struct lesson_errors errs;
	struct lesson *l;
	int bad;

	lesson_errors_init(&errs);
	bad = lesson_load(path, &l, &errs) != 0;
	for (int i = 0; !bad && i < *nseen; i++) {
		if (strcmp((*seen)[i].id, l->id) == 0) {
			lesson_errors_add(&errs, path, l->id_line,
			    "duplicate lesson id '%s' (also in %s:%d)", l->id,
			    (*seen)[i].path, (*seen)[i].line);
			bad = 1;
		}
	}
	if (!bad && timing) {
		int before = errs.n;

		check_timing(l, path, &errs);
		if (timing > 1)
			print_timing(l);
		bad = errs.n > before;
	}
	if (!bad) {
		*seen = xreallocarray(*seen, (size_t)*nseen + 1, sizeof **seen);
		(*seen)[*nseen].id = xstrdup(l->id);
		(*seen)[*nseen].path = xstrdup(path);
		(*seen)[*nseen].line = l->id_line;
		(*nseen)++;
	}
	lesson_errors_print(&errs, stderr);
	lesson_errors_free(&errs);
	lesson_free(l);
	return bad;
}

int
cmd_check_exec(int argc, char **argv)
{
	enum { OPT_TIMING = 0x100, OPT_VERBOSE };
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "timing", no_argument, NULL, OPT_TIMING },
		{ "verbose", no_argument, NULL, OPT_VERBOSE },
		{ NULL, 0, NULL, 0 },
	};
	struct seen *seen = NULL;
	int c, nseen = 0, bad = 0, timing = 0, verbose = 0;

	while ((c = cmd_getopt(argc, argv, "h", opts)) != -1) {
		if (c == OPT_TIMING) {
			timing = 1;
		} else if (c == OPT_VERBOSE) {
			verbose = 1;
		} else if (c == 'h') {
			printf("Usage: %s check [--timing [--verbose]] FILE...\n"
			    "Validate lesson files; print every error as FILE:LINE: "
			    "message.\n"
			    "  --timing   also check that every step's demo lasts "
			    "3-15 s at pace 1\n"
			    "             (baseline included, on 2, 4 and 8 cores; "
			    "start-up costs exempt)\n"
			    "  --verbose  with --timing: print each step's estimate "
			    "(s on 2, 4, 8 cores)\n"
			    "Exit status: 0 all clean, 1 an error in a file, 2 a "
			    "usage error.\n"
			    "The format is described in lockstep-lesson(5).\n",
			    ls_progname);
			return EXIT_OK;
		} else {
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error("check: name at least one lesson FILE");
	for (int i = optind; i < argc; i++)
		bad |= check_file(argv[i], &seen, &nseen, timing + (timing && verbose));
	for (int i = 0; i < nseen; i++) {
		free(seen[i].id);
		free(seen[i].path);
	}
	free(seen);
	return bad ? EXIT_FAILED : EXIT_OK;
}
