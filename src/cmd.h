/*
 * cmd.h — the command line: a table of commands, the options every command
 * takes, and the exit statuses of DESIGN.md.
 */
#ifndef LOCKSTEP_CMD_H
#define LOCKSTEP_CMD_H

#include <getopt.h>

#define EXIT_OK 0
#define EXIT_FAILED 1		/* a checked failure: bad lesson, failed demo */
#define EXIT_USAGE 2		/* a usage error */

/* Options common to every command. */
struct common_opts {
	const char *lessons_dir;	/* --lessons DIR */
	int ascii;			/* --ascii */
	int no_color;			/* --no-color or NO_COLOR */
};
extern struct common_opts common_opts;

struct cmd_entry {
	const char *name;
	const char *args;		/* "NAME [KNOBS]" */
	const char *summary;
	int (*exec)(int argc, char **argv);	/* argv[0] is the command */
};

/* Run lockstep with its command line; returns the exit status. */
int cmd_main(int argc, char **argv);
/* Report a usage error ("lockstep: msg" + a hint) and return EXIT_USAGE. */
int cmd_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * getopt_long over the common options plus the command's own (extra, may be
 * NULL).  Returns like getopt_long, handling the common options itself:
 * they never reach the caller.  '?' means a usage error was printed.
 */
int cmd_getopt(int argc, char **argv, const char *shortopts,
    const struct option *extra);



/* The commands (cmd-NAME.c).  Each returns an exit status. */
int cmd_learn_exec(int argc, char **argv);
int cmd_quiz_exec(int argc, char **argv);
int cmd_present_exec(int argc, char **argv);
int cmd_demo_exec(int argc, char **argv);
int cmd_list_exec(int argc, char **argv);
int cmd_check_exec(int argc, char **argv);
int cmd_report_exec(int argc, char **argv);
int cmd_replay_exec(int argc, char **argv);
#endif
