/*
 * cmd-list.c — "lockstep list lessons|demos": one per line, the id first,
 * then a tab and a one-line description.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "demo.h"
#include "util.h"

static int
list_demos(void)
{
	for (size_t i = 0; i < demo_count; i++)
		printf("%s\t%s\n", demo_table[i]->name, demo_table[i]->summary);
	return EXIT_OK;
}

static int
list_lessons(void)
{
	warnx_ls("list lessons: not yet available in this version");
	return EXIT_FAILED;
}

int
cmd_list_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = cmd_getopt(argc, argv, "h", opts)) != -1) {
		if (c == 'h') {
			printf("Usage: %s list lessons|demos\n"
			    "Print the lessons or the demos, one per line, the id first.\n",
			    ls_progname);
			return EXIT_OK;
		}
		return EXIT_USAGE;
	}
	if (optind != argc - 1)
		return cmd_usage_error("list: say what to list: lessons or demos");
	if (strcmp(argv[optind], "demos") == 0)
		return list_demos();
	if (strcmp(argv[optind], "lessons") == 0)
		return list_lessons();
	return cmd_usage_error("list: '%s' is not lessons or demos", argv[optind]);
}
