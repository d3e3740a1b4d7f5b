/*
 * report.h — `lockstep report DIR`: the quiz results of a class, read from
 * one folder and tabulated.
 *
 * report_load() reads every visible file of the folder with the strict
 * results reader; a file that is not a result (junk, foreign JSON, a newer
 * format version, unreadable) is named with its reason and skipped, and
 * hidden files (a write still in progress, ".*.tmp") are not looked at.
 * report_print() prints one row per student — the best attempt per lesson
 * (the highest share right), or every attempt with all set — a column per
 * lesson and a total; then, as text, the questions fewest got right.  As
 * CSV (RFC 4180: CRLF, fields quoted when they hold a comma, quote or line
 * break) it prints the same table, each lesson as two columns, right and
 * total, so a spreadsheet can add them up.
 */
#ifndef LOCKSTEP_REPORT_H
#define LOCKSTEP_REPORT_H

#include <stdio.h>

#include "results.h"

#define REPORT_HARDEST 5		/* questions listed as the hardest */

struct report_attempt {
	struct results r;
	char *file;			/* its file name in the folder */
};

struct report {
	struct report_attempt *v;
	int n, cap;
	int nskipped;			/* files refused */
};

/* Read the result files of dir into rp, naming each refused file on errf.
 * 0, or -1 with errno when dir cannot be read at all. */
int report_load(struct report *rp, const char *dir, FILE *errf);
/* Print the table (csv: RFC 4180; all: every attempt) and, unless csv, the
 * hardest questions. */
void report_print(const struct report *rp, FILE *f, int csv, int all);
/* Write s as one CSV field (quoted when it must be). */
void report_csv_field(FILE *f, const char *s);
/* Free what rp holds; rp is empty again. */
void report_free(struct report *rp);

#endif
