/*
 * cmd-quiz.c — `lockstep quiz [LESSON...]`: choose the lessons (those named,
 * those marked done when none is, every one with --all), check the options
 * and the results folder before the terminal is touched, then run the quiz
 * screen (screen-quiz.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "lesson.h"
#include "paths.h"
#include "progress.h"
#include "results.h"
#include "term.h"
#include "ui.h"
#include "util.h"

static void
quiz_help(void)
{
	printf("Usage: %s quiz [LESSON...] [--all] [--seed N] [--name NAME]\n"
	    "                     [--results-dir DIR]\n"
	    "Take the quiz of the lessons named, of the lessons marked done when none\n"
	    "is named, or of the whole course with --all.  --seed N fixes the order of\n"
	    "the questions and choices.  A finished quiz is written as a new file\n"
	    "NAME-YYYYmmddTHHMMSS-RANDOM.json in DIR (default\n"
	    "$XDG_STATE_HOME/lockstep/results); see lockstep-results(5).\n",
	    ls_progname);
}

/* The lessons marked done in the progress file, in course order. */
static int
done_lessons(const struct lesson_catalogue *cat, const struct lesson **out)
{
	struct progress prog = { 0 };
	char *dir = paths_state_dir(), msg[512];
	int n = 0;

	if (progress_load(&prog, dir, msg, sizeof msg) == PROGRESS_OK)
		for (int i = 0; i < cat->n; i++) {
			struct progress_entry *e = progress_get(&prog, cat->v[i]->id, 0);

			if (e != NULL && e->done)
				out[n++] = cat->v[i];
		}
	progress_free(&prog);
	free(dir);
	return n;
}

static int
dir_writable(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) != 0)
		return paths_mkdirs(dir);
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return access(dir, W_OK | X_OK);
}

int
cmd_quiz_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "seed", required_argument, NULL, 's' },
		{ "name", required_argument, NULL, 'n' },
		{ "results-dir", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lesson_catalogue cat = { 0 };
	struct lesson_errors errs;
	struct ui_quiz_opts q = { 0 };
	struct term_opts to;
	const struct lesson **ls = NULL;
	char *state = NULL, *dir = NULL;
	int c, all = 0, nq = 0, status = EXIT_USAGE;
	long seed;

	while ((c = cmd_getopt(argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'a':
			all = 1;
			break;
		case 's':
			if (parse_int(optarg, 0, 9007199254740991L, &seed) != 0)
				return cmd_usage_error("--seed: '%s' is not a whole number "
				    "from 0 to 2^53-1", optarg);
			q.seed = (uint64_t)seed;
			q.have_seed = 1;
			break;
		case 'n':
			if (!results_valid_name(optarg))
				return cmd_usage_error("--name: 1 to %d bytes, no control "
				    "characters", RESULTS_MAX_NAME);
			q.name = optarg;
			break;
		case 'r':
			q.results_dir = optarg;
			break;
		case 'h':
			quiz_help();
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (all && optind < argc)
		return cmd_usage_error("quiz: --all or lessons, not both");
	lesson_errors_init(&errs);
	lesson_catalogue_load(&cat, common_opts.lessons_dir, &errs);
	ls = xcalloc((size_t)cat.n + (size_t)argc + 1, sizeof *ls);
	if (all)
		for (int i = 0; i < cat.n; i++)
			ls[q.nlessons++] = cat.v[i];
	else if (optind < argc)
		for (int i = optind; i < argc; i++) {
			const struct lesson *l = lesson_catalogue_find(&cat, argv[i]);

			if (l == NULL) {
				cmd_usage_error("unknown lesson '%s' (see '%s list lessons')",
				    argv[i], ls_progname);
				goto out;
			}
			ls[q.nlessons++] = l;
		}
	else if ((q.nlessons = done_lessons(&cat, ls)) == 0) {
		warnx_ls("no lesson is done yet: name the lessons (quiz LESSON...) or "
		    "use --all");
		status = EXIT_FAILED;
		goto out;
	}
	for (int i = 0; i < q.nlessons; i++)
		nq += ls[i]->nquestions;
	if (nq == 0) {
		warnx_ls("these lessons have no questions");
		status = EXIT_FAILED;
		goto out;
	}
	if (q.results_dir == NULL) {
		state = paths_state_dir();
		xasprintf(&dir, "%s/results", state);
	}
	/* a finished quiz must have somewhere to go: check before starting */
	if (dir_writable(q.results_dir != NULL ? q.results_dir : dir) != 0) {
		warnx_ls("%s: cannot write results there: %s",
		    q.results_dir != NULL ? q.results_dir : dir, strerror(errno));
		status = EXIT_FAILED;
		goto out;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		warnx_ls("quiz needs a terminal");
		status = EXIT_FAILED;
		goto out;
	}
	q.lessons = ls;
	q.standalone = 1;
	to.ascii = common_opts.ascii;
	to.no_color = common_opts.no_color;
	status = ui_run_quiz(&cat, errs.n, &q, &to);
out:
	free(ls);
	free(state);
	free(dir);
	lesson_catalogue_free(&cat);
	lesson_errors_free(&errs);
	return status;
}
