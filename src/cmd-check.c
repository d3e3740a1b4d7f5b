/*
 * cmd-check.c — "lockstep check FILE...": validate lesson files.
 *
 * Every error of every file goes to stderr as "FILE:LINE: message" (GNU
 * style, one a line), so editors can jump to them.  Besides what the parser
 * finds in each file, two files given together may not share a lesson id.
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

static int
check_file(const char *path, struct seen **seen, int *nseen)
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
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct seen *seen = NULL;
	int c, nseen = 0, bad = 0;

	while ((c = cmd_getopt(argc, argv, "h", opts)) != -1) {
		if (c == 'h') {
			printf("Usage: %s check FILE...\n"
			    "Validate lesson files; print every error as FILE:LINE: "
			    "message.\n"
			    "Exit status: 0 all clean, 1 an error in a file, 2 a "
			    "usage error.\n"
			    "The format is described in lockstep-lesson(5).\n",
			    ls_progname);
			return EXIT_OK;
		}
		return EXIT_USAGE;
	}
	if (optind >= argc)
		return cmd_usage_error("check: name at least one lesson FILE");
	for (int i = optind; i < argc; i++)
		bad |= check_file(argv[i], &seen, &nseen);
	for (int i = 0; i < nseen; i++) {
		free(seen[i].id);
		free(seen[i].path);
	}
	free(seen);
	return bad ? EXIT_FAILED : EXIT_OK;
}
