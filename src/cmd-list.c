/*
 * cmd-list.c — "lockstep list lessons|demos|operations DEMO": one per
 * line, the id first, then a tab and a one-line description.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "demo.h"
#include "lesson.h"
#include "ops.h"
#include "util.h"

static int
list_demos(void)
{
	for (size_t i = 0; i < demo_count; i++)
		printf("%s\t%s\n", demo_table[i]->name, demo_table[i]->summary);
	return EXIT_OK;
}

/* The operations demo name's workers perform, for "@line N OPERATION":
 * the name, the models when not all of the demo's, what it is. */
static int
list_operations(const char *name)
{
	const struct demo *d = demo_find(name);

	if (d == NULL)
		return cmd_usage_error("list operations: no demo '%s' (lockstep list demos)",
		    name);
	for (int o = OP_NONE + 1; o < OP__MAX; o++) {
		unsigned m = op_models(d, o);
		char models[64] = "";

		if (m == 0)
			continue;
		for (int k = 0; m != d->models && k < MODEL__MAX; k++)
			if (m & MODEL_BIT(k))
				xsnprintf(models + strlen(models), sizeof models - strlen(models),
				    "%s%s", models[0] != '\0' ? "," : " (", knob_table[KNOB_MODEL].choices[k]);
		if (models[0] != '\0')
			xsnprintf(models + strlen(models), sizeof models - strlen(models), ")");
		printf("%s\t%s%s\n", op_name(o), op_summary(o), models);
	}
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
			printf("Usage: %s list lessons|demos|operations DEMO\n"
			    "Print the lessons, the demos, or the operations a demo's workers\n"
			    "perform (what a lesson's @line may name), one per line, the id first.\n",
			    ls_progname);
			return EXIT_OK;
		}
		return EXIT_USAGE;
	}
	if (optind < argc && strcmp(argv[optind], "operations") == 0) {
		if (optind != argc - 2)
			return cmd_usage_error("list operations: name one demo: "
			    "lockstep list operations counter");
		return list_operations(argv[optind + 1]);
	}
	if (optind != argc - 1)
		return cmd_usage_error("list: say what to list: lessons, demos or operations DEMO");
	if (strcmp(argv[optind], "demos") == 0)
		return list_demos();
	if (strcmp(argv[optind], "lessons") == 0)
		return list_lessons();
	return cmd_usage_error("list: '%s' is not lessons, demos or operations DEMO",
	    argv[optind]);
}
