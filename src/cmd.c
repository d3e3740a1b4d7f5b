/*
 * cmd.c — lockstep's command table, --help, --version and the dispatcher.
 *
 * The table is the command-line contract of DESIGN.md.  Common options may
 * come before the command ("lockstep --ascii learn") or after it; each
 * command parses the rest of its line with cmd_getopt().
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "knob.h"
#include "text.h"
#include "util.h"

static const struct cmd_entry cmd_table[] = {
	{ "learn", "[LESSON]", "open the lesson menu, or a lesson (TUI)", cmd_learn_exec },
	{ "quiz", "[LESSON...]", "take a quiz (TUI); --all, --seed N, --name NAME,\n"
	    "                         --results-dir DIR", cmd_quiz_exec },
	{ "present", "LESSON", "classroom presenter mode (TUI); --notes follows a presenter", cmd_present_exec },
	{ "demo", "NAME [KNOBS]", "run one demo headless and print what was measured", cmd_demo_exec },
	{ "replay", "FILE", "show a recorded --trace run in the panes: [ ] travel in\n"
	    "                         time, Space plays (TUI)", cmd_replay_exec },
	{ "list", "WHAT", "list lessons, demos or operations DEMO, one per line, id first", cmd_list_exec },
	{ "check", "[--timing] FILE...", "validate lesson files (errors as FILE:LINE: message); --timing: every step watchable", cmd_check_exec },
	{ "report", "DIR", "tabulate the quiz results in DIR (--csv, --all)", cmd_report_exec },
};

static void
cmd_help(FILE *f)
{
	char range[128];

	fprintf(f,
	    "Usage: %s [COMMAND] [OPTION]...\n"
	    "Learn concurrency by watching real threads, processes and coroutines.\n"
	    "\n"
	    "With no command, open the lesson menu.\n"
	    "\n"
	    "Commands:\n", ls_progname);
	for (size_t i = 0; i < nitems(cmd_table); i++) {
		char head[64];

		xsnprintf(head, sizeof head, "%s %s", cmd_table[i].name, cmd_table[i].args);
		text_help_row(f, head, cmd_table[i].summary, NULL);
	}
	fprintf(f,
	    "\n"
	    "Options for every command:\n"
	    "  --lessons DIR          read lessons from DIR first\n"
	    "  --ascii                draw with ASCII only (no UTF-8 boxes or blocks)\n"
	    "  --no-color             no colour (also when NO_COLOR is set)\n"
	    "  -h, --help             show this help and exit\n"
	    "  -V, --version          show the version and exit\n"
	    "\n"
	    "Options of 'demo':\n"
	    "  --json                 print one JSON object on stdout\n"
	    "  --trace FILE           write the run as Chrome trace-event JSON\n"
	    "  --baseline             also run sequentially and report the speedup\n"
	    "  --runs N               run it N times (1..1000), print the outcomes'\n"
	    "                         histogram: counter, deadlock and queue\n"
	    "\n"
	    "Demo knobs (each demo takes some; 'lockstep demo NAME --help' lists them):\n");
	for (int k = 0; k < KNOB__MAX; k++) {
		char head[64];

		if (knob_table[k].type == KNOB_INT)
			xsnprintf(head, sizeof head, "--%s %s", knob_table[k].name,
			    knob_table[k].metavar);
		else
			xsnprintf(head, sizeof head, "--%s %s", knob_table[k].name,
			    knob_range(k, range, sizeof range));
		text_help_row(f, head, knob_table[k].help, knob_table[k].type == KNOB_INT ?
		    knob_range(k, range, sizeof range) : NULL);
	}
	fprintf(f,
	    "\nThe caps on workers hold however the count is set: a demo that starts\n"
	    "one worker per task (or per producer, per --count...) refuses more than\n"
	    "%d threads, %d processes or %d coroutines with exit status 2.\n",
	    MAX_THREADS, MAX_PROCESSES, MAX_COROUTINES);
	fprintf(f,
	    "\n"
	    "Exit status: 0 success, 1 a checked failure (bad lesson file, failed\n"
	    "demo), 2 a usage error; 130/143 when stopped by SIGINT/SIGTERM.\n"
	    "\n"
	    "Lessons are read from --lessons DIR, $LOCKSTEP_LESSONS,\n"
	    "$XDG_DATA_HOME/lockstep/lessons, the build tree, and\n%s/lessons.\n"
	    "Progress and quiz results live under $XDG_STATE_HOME/lockstep/.\n"
	    "See lockstep(1), lockstep-lesson(5) and lockstep-results(5).\n", LOCKSTEP_PKGDATADIR);
}

static int
cmd_version(void)
{
	printf("%s %s\n", ls_progname, PACKAGE_VERSION);
	return EXIT_OK;
}

static const struct cmd_entry *
cmd_find(const char *name)
{
	for (size_t i = 0; i < nitems(cmd_table); i++)
		if (strcmp(cmd_table[i].name, name) == 0)
			return &cmd_table[i];
	return NULL;
}

static int cmd_dispatch(int argc, char **argv);

/*
 * A write error on standard output (a full disk, > /dev/full, a closed
 * pipe: SIGPIPE is not fatal to the TUI) must not pass for success.
 */
int
cmd_main(int argc, char **argv)
{
	int status = cmd_dispatch(argc, argv);

	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		warnx_ls("standard output: %s", errno != 0 ? strerror(errno) : "write error");
		if (status == EXIT_OK)
			status = EXIT_FAILED;
	}
	return status;
}

/* Parse the options before the command and run it. */
static int
cmd_dispatch(int argc, char **argv)
{
	static const struct option top[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd_entry *cmd;
	const char *nc = getenv("NO_COLOR");
	int c;

	if (nc != NULL && *nc != '\0')
		common_opts.no_color = 1;

	/*
	 * Options before the command: stop at the first word that is not an
	 * option ('+'), which is the command.
	 */
	while ((c = cmd_getopt(argc, argv, "+hV", top)) != -1) {
		switch (c) {
		case 'h':
			cmd_help(stdout);
			return EXIT_OK;
		case 'V':
			return cmd_version();
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		/* No command: the lesson menu. */
		static char learn[] = "learn";
		char *args[] = { learn, NULL };

		optind = 0;
		return cmd_learn_exec(1, args);
	}
	if ((cmd = cmd_find(argv[optind])) == NULL)
		return cmd_usage_error("unknown command '%s'", argv[optind]);

	argc -= optind;
	argv += optind;
	optind = 0;	/* reset getopt for the command's own parse */
	return cmd->exec(argc, argv);
}
