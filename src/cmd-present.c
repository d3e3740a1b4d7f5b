/*
 * cmd-present.c — `lockstep present LESSON` (the lesson for a projector)
 * and `lockstep present --notes` (the speaker notes that follow it from
 * another terminal).  Usage errors and a busy or unsafe socket are
 * reported before the terminal is touched; a presenter without its
 * socket still presents, and says why the notes cannot follow.
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "lesson.h"
#include "notes.h"
#include "term.h"
#include "ui.h"
#include "util.h"

static void
present_help(void)
{
	printf("Usage: %s present LESSON\n"
	    "       %s present --notes\n"
	    "Show LESSON for a projector: the step's title instead of its text, the\n"
	    "panes on the whole screen, the key figures in large digits, a\n"
	    "high-contrast theme, slow motion 2x, the knobs on hotkeys.  n and p move\n"
	    "between steps, Space runs the demo.\n"
	    "With --notes, in a second terminal: follow the presenter and show the\n"
	    "step's speaker notes, its text, what comes next, and a clock.\n",
	    ls_progname, ls_progname);
}

int
cmd_present_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "notes", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lesson_catalogue cat = { 0 };
	struct lesson_errors errs;
	const struct lesson *l = NULL;
	struct notes_server srv, *srvp = NULL;
	struct term_opts to = { 0 };
	char path[108], err[300] = "";
	int c, notes = 0, status;

	while ((c = cmd_getopt(argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'n':
			notes = 1;
			break;
		case 'h':
			present_help();
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (notes && optind < argc)
		return cmd_usage_error("present --notes follows the presenter: no lesson");
	if (!notes && optind >= argc)
		return cmd_usage_error("present: which lesson? (present LESSON)");
	if (optind + 1 < argc)
		return cmd_usage_error("present: one lesson only");
	lesson_errors_init(&errs);
	lesson_catalogue_load(&cat, common_opts.lessons_dir, &errs);
	if (!notes && (l = lesson_catalogue_find(&cat, argv[optind])) == NULL) {
		status = cmd_usage_error("unknown lesson '%s' (see '%s list lessons')",
		    argv[optind], ls_progname);
		goto out;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		warnx_ls("present needs a terminal");
		status = EXIT_FAILED;
		goto out;
	}
	if (!notes) {
		if (notes_socket_path(path, sizeof path, err, sizeof err) == 0 &&
		    notes_server_open(&srv, path, err, sizeof err) == 0)
			srvp = &srv;
		else
			warnx_ls("speaker notes cannot follow: %s", err);
	}
	to.ascii = common_opts.ascii;
	to.no_color = common_opts.no_color;
	to.contrast = !notes;
	status = notes ? ui_run_notes(&cat, errs.n, &to) :
	    ui_run_present(&cat, errs.n, l, srvp, err, &to);
	if (srvp != NULL)
		notes_server_close(srvp);
out:
	lesson_catalogue_free(&cat);
	lesson_errors_free(&errs);
	return status;
}
