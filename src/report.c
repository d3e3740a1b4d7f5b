/*
 * report.c — reading a results folder and tabulating it (report.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "text.h"
#include "util.h"

/* One lesson's score in one attempt; total 0 with taken set: all void. */
struct report_cell {
	int taken;
	int right, total;
};

static int
report_attempt_cmp(const void *a, const void *b)
{
	const struct report_attempt *x = a, *y = b;
	int c = strcmp(x->r.name, y->r.name);

	if (c != 0)
		return c;
	if (x->r.start != y->r.start)
		return x->r.start < y->r.start ? -1 : 1;
	return strcmp(x->file, y->file);
}

int
report_load(struct report *rp, const char *dir, FILE *errf)
{
	struct dirent **names;
	int n;

	memset(rp, 0, sizeof *rp);
	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char *path, reason[256];
		struct results r;

		if (name[0] == '.') {
			free(names[i]);
			continue;
		}
		xasprintf(&path, "%s/%s", dir, name);
		if (results_read(path, &r, reason, sizeof reason) != 0) {
			fprintf(errf, "%s: %s: skipped: %s\n", ls_progname, path, reason);
			rp->nskipped++;
		} else {
			if (rp->n == rp->cap) {
				rp->cap = rp->cap ? 2 * rp->cap : 32;
				rp->v = xreallocarray(rp->v, (size_t)rp->cap, sizeof *rp->v);
			}
			rp->v[rp->n].r = r;
			rp->v[rp->n++].file = xstrdup(name);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	if (rp->n > 1)
		qsort(rp->v, (size_t)rp->n, sizeof *rp->v, report_attempt_cmp);
	return 0;
}

void
report_free(struct report *rp)
{
	for (int i = 0; i < rp->n; i++) {
		results_free(&rp->v[i].r);
		free(rp->v[i].file);
	}
	free(rp->v);
	memset(rp, 0, sizeof *rp);
}

static int
report_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every lesson of every attempt, sorted, each once. */
static int
report_lessons(const struct report *rp, const char ***out)
{
	const char **v = NULL;
	int n = 0, cap = 0;

	for (int i = 0; i < rp->n; i++)
		for (int l = 0; l < rp->v[i].r.nlessons; l++) {
			const char *id = rp->v[i].r.lessons[l];
			int seen = 0;

			for (int k = 0; k < n && !seen; k++)
				seen = strcmp(v[k], id) == 0;
			if (seen)
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 16;
				v = xreallocarray(v, (size_t)cap, sizeof *v);
			}
			v[n++] = id;
		}
	if (n > 1)
		qsort(v, (size_t)n, sizeof *v, report_str_cmp);
	*out = v;
	return n;
}

static struct report_cell
report_cell(const struct results *r, const char *lesson)
{
	struct report_cell c = { 0, 0, 0 };

	for (int l = 0; l < r->nlessons; l++)
		c.taken |= strcmp(r->lessons[l], lesson) == 0;
	for (int i = 0; i < r->n; i++) {
		if (strcmp(r->answers[i].lesson, lesson) != 0)
			continue;
		c.right += r->answers[i].status == QUIZ_RIGHT;
		c.total += r->answers[i].status != QUIZ_VOID;
	}
	return c;
}

/* b better than a: a higher share right, then more questions graded. */
static int
report_better(struct report_cell a, struct report_cell b)
{
	if (!a.taken)
		return b.taken;
	if (!b.taken || b.total == 0)
		return 0;
	if (a.total == 0)
		return 1;
	if ((long)b.right * a.total != (long)a.right * b.total)
		return (long)b.right * a.total > (long)a.right * b.total;
	return b.total > a.total;
}

/* The rows: per student (first attempt index, cells), or per attempt. */
struct report_row {
	int first;			/* the attempt naming the row */
	struct report_cell *cells;
	int right, total;
};

static int
report_rows(const struct report *rp, const char **lessons, int nl, int all,
    struct report_row **out)
{
	struct report_row *rows = xcalloc((size_t)rp->n + 1, sizeof *rows);
	int n = 0;

	for (int i = 0; i < rp->n; i++) {
		struct report_row *row;

		if (all || n == 0 || strcmp(rp->v[rows[n - 1].first].r.name,
		    rp->v[i].r.name) != 0) {
			row = &rows[n++];
			row->first = i;
			row->cells = xcalloc((size_t)nl + 1, sizeof *row->cells);
		} else
			row = &rows[n - 1];
		for (int l = 0; l < nl; l++) {
			struct report_cell c = report_cell(&rp->v[i].r, lessons[l]);

			if (report_better(row->cells[l], c))
				row->cells[l] = c;
		}
	}
	for (int i = 0; i < n; i++)
		for (int l = 0; l < nl; l++) {
			rows[i].right += rows[i].cells[l].right;
			rows[i].total += rows[i].cells[l].total;
		}
	*out = rows;
	return n;
}

void
report_csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void
report_csv(const struct report *rp, const struct report_row *rows, int nrows,
    const char **lessons, int nl, int all, FILE *f)
{
	char buf[64];

	fputs(all ? "name,started (UTC)" : "name", f);
	for (int l = 0; l < nl; l++) {
		fputc(',', f);
		report_csv_field(f, lessons[l]);
		fputc(',', f);
		xsnprintf(buf, sizeof buf, "%s total", lessons[l]);
		report_csv_field(f, buf);
	}
	fputs(",right,total\r\n", f);
	for (int i = 0; i < nrows; i++) {
		report_csv_field(f, rp->v[rows[i].first].r.name);
		if (all) {
			results_time(rp->v[rows[i].first].r.start, "%Y-%m-%d %H:%M", buf, sizeof buf);
			fprintf(f, ",%s", buf);
		}
		for (int l = 0; l < nl; l++)
			if (rows[i].cells[l].taken)
				fprintf(f, ",%d,%d", rows[i].cells[l].right,
				    rows[i].cells[l].total);
			else
				fputs(",,", f);
		fprintf(f, ",%d,%d\r\n", rows[i].right, rows[i].total);
	}
}

/* Print s left-aligned in w columns. */
static void
report_pad(FILE *f, const char *s, int w)
{
	fputs(s, f);
	for (int k = text_width(s); k < w; k++)
		fputc(' ', f);
}

static void
report_table(const struct report *rp, const struct report_row *rows, int nrows,
    const char **lessons, int nl, int all, FILE *f)
{
	int wname = 7, *wl = xcalloc((size_t)nl + 1, sizeof *wl);
	char buf[64];

	for (int i = 0; i < nrows; i++) {
		int w = text_width(rp->v[rows[i].first].r.name);

		wname = w > wname ? w : wname;
	}
	report_pad(f, "student", wname);
	if (all)
		fprintf(f, "  %-16s", "started (UTC)");
	for (int l = 0; l < nl; l++) {
		wl[l] = (int)strlen(lessons[l]) > 5 ? (int)strlen(lessons[l]) : 5;
		fprintf(f, "  %*s", wl[l], lessons[l]);
	}
	fprintf(f, "  %7s\n", "total");
	for (int i = 0; i < nrows; i++) {
		report_pad(f, rp->v[rows[i].first].r.name, wname);
		if (all) {
			results_time(rp->v[rows[i].first].r.start, "%Y-%m-%d %H:%M", buf, sizeof buf);
			fprintf(f, "  %-16s", buf);
		}
		for (int l = 0; l < nl; l++) {
			const struct report_cell *c = &rows[i].cells[l];

			if (c->taken)
				xsnprintf(buf, sizeof buf, "%d/%d", c->right, c->total);
			else
				xsnprintf(buf, sizeof buf, "-");
			fprintf(f, "  %*s", wl[l], buf);
		}
		xsnprintf(buf, sizeof buf, "%d/%d", rows[i].right, rows[i].total);
		fprintf(f, "  %7s\n", buf);
	}
	free(wl);
}

struct report_question {
	const char *lesson, *id;
	int right, asked;
};

static int
report_question_cmp(const void *a, const void *b)
{
	const struct report_question *x = a, *y = b;
	long l = (long)x->right * y->asked, r = (long)y->right * x->asked;
	int c;

	if (l != r)
		return l < r ? -1 : 1;
	if (x->asked != y->asked)
		return x->asked > y->asked ? -1 : 1;
	if ((c = strcmp(x->lesson, y->lesson)) != 0)
		return c;
	return strcmp(x->id, y->id);
}

/* The questions of every attempt, fewest right first. */
static void
report_hardest(const struct report *rp, FILE *f)
{
	struct report_question *qs = NULL;
	int n = 0, cap = 0;

	for (int i = 0; i < rp->n; i++)
		for (int a = 0; a < rp->v[i].r.n; a++) {
			const struct results_answer *ans = &rp->v[i].r.answers[a];
			struct report_question *q = NULL;

			if (ans->status == QUIZ_VOID)
				continue;
			for (int k = 0; k < n && q == NULL; k++)
				if (strcmp(qs[k].lesson, ans->lesson) == 0 &&
				    strcmp(qs[k].id, ans->id) == 0)
					q = &qs[k];
			if (q == NULL) {
				if (n == cap) {
					cap = cap ? 2 * cap : 32;
					qs = xreallocarray(qs, (size_t)cap, sizeof *qs);
				}
				q = &qs[n++];
				q->lesson = ans->lesson;
				q->id = ans->id;
				q->right = q->asked = 0;
			}
			q->asked++;
			q->right += ans->status == QUIZ_RIGHT;
		}
	if (n > 1)
		qsort(qs, (size_t)n, sizeof *qs, report_question_cmp);
	if (n > 0)
		fprintf(f, "\nHardest questions (fewest right):\n");
	for (int k = 0; k < n && k < REPORT_HARDEST; k++) {
		char name[2 * LESSON_MAX_ID + 4];

		xsnprintf(name, sizeof name, "%s/%s", qs[k].lesson, qs[k].id);
		fprintf(f, "  %-40s %d of %d right (%d%%)\n", name, qs[k].right,
		    qs[k].asked, (int)(100L * qs[k].right / qs[k].asked));
	}
	free(qs);
}

void
report_print(const struct report *rp, FILE *f, int csv, int all)
{
	const char **lessons;
	struct report_row *rows;
	int nl = report_lessons(rp, &lessons);
	int nrows = report_rows(rp, lessons, nl, all, &rows);

	if (csv)
		report_csv(rp, rows, nrows, lessons, nl, all, f);
	else {
		report_table(rp, rows, nrows, lessons, nl, all, f);
		report_hardest(rp, f);
	}
	for (int i = 0; i < nrows; i++)
		free(rows[i].cells);
	free(rows);
	free(lessons);
}
