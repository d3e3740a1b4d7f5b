/*
 * cmd-learn.c — "lockstep" and "lockstep learn [LESSON]": load the course,
 * check the command line and the terminal, then hand over to the
 * interface (ui.c).  Every usage error is reported before the terminal is
 * touched.
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "lesson.h"
#include "term.h"
#include "ui.h"
#include "util.h"

static void
learn_help(void)
{
	printf("Usage: %s [learn [LESSON]] [--lessons DIR] [--ascii] [--no-color]\n"
	    "Open the lesson menu, or the lesson LESSON (see '%s list lessons').\n"
	    "Inside, ? lists the keys of every screen.\n", ls_progname, ls_progname);
}

int
cmd_learn_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lesson_catalogue cat = { 0 };
	struct lesson_errors errs;
	const struct lesson *l = NULL;
	struct term_opts to;
	const char *id = NULL;
	int c, status;

	while ((c = cmd_getopt(argc, argv, "h", opts)) != -1) {
		if (c == 'h') {
			learn_help();
			return EXIT_OK;
		}
		return EXIT_USAGE;
	}
	if (optind < argc)
		id = argv[optind++];
	if (optind < argc)
		return cmd_usage_error("learn: unexpected '%s'", argv[optind]);
	lesson_errors_init(&errs);
	lesson_catalogue_load(&cat, common_opts.lessons_dir, &errs);
	if (id != NULL && (l = lesson_catalogue_find(&cat, id)) == NULL) {
		lesson_catalogue_free(&cat);
		lesson_errors_free(&errs);
		return cmd_usage_error("unknown lesson '%s' (see '%s list lessons')", id,
		    ls_progname);
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		warnx_ls("%s needs a terminal (for a headless run, see '%s demo')",
		    argv[0], ls_progname);
		lesson_catalogue_free(&cat);
		lesson_errors_free(&errs);
		return EXIT_FAILED;
	}
	to.ascii = common_opts.ascii;
	to.no_color = common_opts.no_color;
	status = ui_run(&cat, errs.n, l, &to);
	lesson_catalogue_free(&cat);
	lesson_errors_free(&errs);
	return status;
}
