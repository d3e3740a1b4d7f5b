/*
 * cmd-report.c — `lockstep report DIR [--csv] [--all]`: tabulate the quiz
 * results in a folder (report.h).  Exit 0 when at least one result file
 * was read, 1 when none was (or DIR cannot be read), 2 on a usage error.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "report.h"
#include "util.h"

int
cmd_report_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report rp;
	int c, csv = 0, all = 0, rc;

	while ((c = cmd_getopt(argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'c':
			csv = 1;
			break;
		case 'a':
			all = 1;
			break;
		case 'h':
			printf("Usage: %s report DIR [--csv] [--all]\n"
			    "Tabulate the quiz result files in DIR: one row per student (best\n"
			    "attempt per lesson; every attempt with --all), a column per lesson,\n"
			    "a total, then the hardest questions.  --csv prints the table as\n"
			    "RFC 4180 CSV.  See lockstep-results(5).\n", ls_progname);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cmd_usage_error("report: which folder? (report DIR)");
	if (optind + 1 < argc)
		return cmd_usage_error("report: one folder only");
	if (report_load(&rp, argv[optind], stderr) != 0) {
		warnx_ls("%s: %s", argv[optind], strerror(errno));
		return EXIT_FAILED;
	}
	if (rp.n == 0) {
		warnx_ls("%s: no result files", argv[optind]);
		rc = EXIT_FAILED;
	} else {
		report_print(&rp, stdout, csv, all);
		rc = EXIT_OK;
	}
	report_free(&rp);
	return rc;
}
