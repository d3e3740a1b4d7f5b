/*
 * cmd-pending.c — commands whose issue has not landed yet.  They parse the
 * common options like every command, then say they are not available and
 * exit 1.  Each moves to its own cmd-NAME.c when it lands.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "util.h"

static int
cmd_pending(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = cmd_getopt(argc, argv, "h", opts)) != -1) {
		if (c == 'h') {
			printf("Usage: %s %s ...\nSee '%s --help'.\n", ls_progname,
			    argv[0], ls_progname);
			return EXIT_OK;
		}
		if (c == '?')
			return EXIT_USAGE;
	}
	warnx_ls("%s: not yet available in this version", argv[0]);
	return EXIT_FAILED;
}

int cmd_present_exec(int argc, char **argv) { return cmd_pending(argc, argv); }
