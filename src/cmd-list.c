/*
 * cmd-list.c — "lockstep list lessons|demos": one per line, the id first,
 * then a tab and a one-line description.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "demo.h"
#include "lesson.h"
#include "util.h"

static int
list_demos(void)
{
	for (size_t i = 0; i < demo_count; i++)
		printf("%s\t%s\n", demo_table[i]->name, demo_table[i]->summary);
	return EXIT_OK;
}

/* The catalogue in course order; bad files are warned about, not fatal. */
static int
list_lessons(void)
{
	struct lesson_catalogue cat;
	struct lesson_errors errs;

	lesson_errors_init(&errs);
	lesson_catalogue_load(&cat, common_opts.lessons_dir, &errs);
	for (int i = 0; i < errs.n; i++)
		warnx_ls("%s", errs.msg[i]);
	for (int i = 0; i < cat.n; i++)
		printf("%s\t%s\n", cat.v[i]->id, cat.v[i]->title);
	lesson_catalogue_free(&cat);
	lesson_errors_free(&errs);
	return EXIT_OK;
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
