/*
 * cmd-opts.c — option parsing shared by every command: the common options
 * (--lessons, --ascii, --no-color) are accepted before or after the command
 * name, and usage errors all look alike.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "util.h"

struct common_opts common_opts;

enum { OPT_LESSONS = 0x1000, OPT_ASCII, OPT_NO_COLOR };

static const struct option common_options[] = {
	{ "lessons", required_argument, NULL, OPT_LESSONS },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "no-colour", no_argument, NULL, OPT_NO_COLOR },
};

int
cmd_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ls_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", ls_progname);
	return EXIT_USAGE;
}

int
cmd_getopt(int argc, char **argv, const char *shortopts,
    const struct option *extra)
{
	static struct option *all;
	static const struct option *all_extra;
	static int nall;
	char opts[64];
	struct stat st;
	int n = 0, c;

	/* Build common + extra once per distinct extra table. */
	if (all == NULL || all_extra != extra) {
		while (extra != NULL && extra[n].name != NULL)
			n++;
		free(all);
		nall = (int)nitems(common_options) + n;
		all = xcalloc((size_t)nall + 1, sizeof *all);
		memcpy(all, common_options, sizeof common_options);
		if (n > 0)
			memcpy(all + nitems(common_options), extra, (size_t)n * sizeof *all);
		all_extra = extra;
	}

	/* A leading ':' tells a missing argument (':') from an unknown one. */
	if (shortopts != NULL && shortopts[0] == '+')
		xsnprintf(opts, sizeof opts, "+:%s", shortopts + 1);
	else
		xsnprintf(opts, sizeof opts, ":%s", shortopts != NULL ? shortopts : "");
	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, opts, all, NULL);
		switch (c) {
		case OPT_LESSONS:
			/* A typo must not silently fall back to the course. */
			if (stat(optarg, &st) == -1) {
				cmd_usage_error("--lessons %s: %s", optarg, strerror(errno));
				return '?';
			}
			if (!S_ISDIR(st.st_mode)) {
				cmd_usage_error("--lessons %s: not a directory", optarg);
				return '?';
			}
			common_opts.lessons_dir = optarg;
			continue;
		case OPT_ASCII:
			common_opts.ascii = 1;
			continue;
		case OPT_NO_COLOR:
			common_opts.no_color = 1;
			continue;
		case ':':
			cmd_usage_error("option '%s' needs a value", argv[optind - 1]);
			return '?';
		case '?':
			if (optopt != 0)
				cmd_usage_error("unknown option '-%c'", optopt);
			else
				cmd_usage_error("unknown option '%s'", argv[optind - 1]);
			return '?';
		default:
			return c;
		}
	}
}
