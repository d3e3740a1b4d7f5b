/*
 * pane-histogram.c — run it again and again: the outcome of every run of
 * a series (R), as bars.  A heading says how far the series is ("run 7 of
 * 20") or how it ended; a bar per bin (histo.h) is as long as its count,
 * the runs that came out right in the good colour and the others in the
 * warning one; then "right in 13 of 20 runs" and min, median, max.  A
 * stopped series says so and counts only the runs that finished.
 */
#include "config.h"

#include <string.h>

#include "histo.h"
#include "pane.h"
#include "term.h"
#include "text.h"
#include "util.h"

#define HISTOGRAM_BINS 8	/* most bars the pane wants */

/* Bars the series has now (at most HISTOGRAM_BINS). */
static int
nbars(const struct pane_ctx *c)
{
	struct histo_bin b[HISTO_MAX_BINS];

	if (c->histo == NULL || c->histo->demo == NULL)
		return 0;
	return histo_bins(c->histo, HISTOGRAM_BINS, b);
}

static int
pane_histogram_height(const struct pane_ctx *c, int w)
{
	int n = nbars(c);

	(void)w;
	if (c->histo == NULL || c->histo->demo == NULL)
		return 3;
	/* borders, the heading, the bars (two rows kept while the first
	 * runs come, so the pane does not jump), two summary rows */
	return 2 + 1 + (n > 2 ? n : 2) + 2;
}

static int
pane_histogram_min(const struct pane_ctx *c, int w)
{
	(void)w;
	if (c->histo == NULL || c->histo->demo == NULL)
		return 3;
	return 2 + 1 + 2 + 1;
}

static void
draw_heading(const struct pane_ctx *c, const struct histo *h, struct rect r)
{
	const char *what = h->demo->outcome->label;

	if (c->series_run > 0)
		term_printf(r.y, r.x, r.w, COLOR_RUNNING, "run %d of %d %s %s",
		    c->series_run, h->want, term_glyph(G_SEP), what);
	else if (h->stopped)
		term_printf(r.y, r.x, r.w, COLOR_STOPPED, "stopped: %d of %d runs finished",
		    h->n, h->want);
	else
		term_printf(r.y, r.x, r.w, COLOR_HEADING, "%d runs %s %s", h->n,
		    term_glyph(G_SEP), what);
}

/* Cells of a bar of count runs when the longest, most runs, takes cols. */
static int
bar_cells(int count, int most, int cols)
{
	return most > 0 && cols > 0 ? (count * cols + most - 1) / most : 0;
}

/* Bin b's bar of full cells at y, x: its right runs first, in the good
 * colour (one cell at least when it has any). */
static void
draw_bar(const struct histo_bin *b, int full, int y, int x)
{
	int good = b->count > 0 ? (b->correct * full + b->count / 2) / b->count : 0;

	if (b->correct > 0 && good == 0)
		good = 1;
	for (int i = 0; i < full; i++)
		term_put(y, x + i, 1, i < good ? COLOR_GOOD : COLOR_WAITING,
		    term_glyph(G_BAR_FULL));
}

/* Bin b's label: the short form when the pane is narrow. */
static const char *
bin_label(const struct histo *h, const struct histo_bin *b, int cols, char *buf,
    size_t len)
{
	if (cols < 60)
		return histo_bin_label_short(h, b, buf, len);
	return histo_bin_label(h, b, buf, len);
}

/* A row per bin: its label right-aligned, its bar, its count. */
static void
draw_bars(const struct histo *h, struct rect r, int rows)
{
	struct histo_bin b[HISTO_MAX_BINS];
	char label[64], count[16];
	int n = histo_bins(h, rows < HISTOGRAM_BINS ? rows : HISTOGRAM_BINS, b);
	int lw = 0, cw = 0, most = 1, cols;

	for (int i = 0; i < n; i++) {
		int w = text_width(bin_label(h, &b[i], r.w, label, sizeof label));

		lw = w > lw ? w : lw;
		xsnprintf(count, sizeof count, "%d", b[i].count);
		if ((int)strlen(count) > cw)
			cw = (int)strlen(count);
		most = b[i].count > most ? b[i].count : most;
	}
	if (lw > r.w / 2)
		lw = r.w / 2;
	cols = r.w - lw - 1 - cw - 1;
	for (int i = 0; i < n && i < rows; i++) {
		int y = r.y + 1 + i, w, full = bar_cells(b[i].count, most, cols);
		enum color_role role = b[i].count > 0 && b[i].correct == b[i].count ?
		    COLOR_GOOD : COLOR_NORMAL;

		bin_label(h, &b[i], r.w, label, sizeof label);
		w = text_width(label);
		term_put(y, r.x + (w < lw ? lw - w : 0), lw, role, label);
		draw_bar(&b[i], full, y, r.x + lw + 1);
		term_printf(y, r.x + lw + 1 + full + (full > 0), cw,
		    b[i].count > 0 ? COLOR_NORMAL : COLOR_DIM, "%d", b[i].count);
	}
	if (n == 0)
		term_put(r.y + 1, r.x, r.w, COLOR_DIM, "no run has finished yet");
}

static void
draw_summary(const struct histo *h, struct rect r, int y, int rows)
{
	struct histo_summary s;
	char spread[128];

	histo_summarize(h, &s);
	if (s.n == 0)
		return;
	/* a case outcome says what right is: "no deadlock in 7 of 20 runs" */
	term_printf(y, r.x, r.w, s.correct == s.n ? COLOR_GOOD : COLOR_WAITING,
	    "%s in %d of %d run%s", h->demo->outcome->cases != NULL ?
	    h->demo->outcome->right : "right", s.correct, s.n, s.n == 1 ? "" : "s");
	if (rows >= 2 && histo_spread(h, r.w, spread, sizeof spread) != NULL)
		term_put(y + 1, r.x, r.w, COLOR_DIM, spread);
}

static void
pane_histogram_draw(const struct pane_ctx *c, struct rect r)
{
	const struct histo *h = c->histo;
	int summary, rows;

	if (c->demo == NULL || c->demo->outcome == NULL) {
		pane_empty(r, "This demo comes out the same every run.");
		return;
	}
	if (h == NULL || h->demo == NULL) {
		char msg[96];

		xsnprintf(msg, sizeof msg, "R runs it %d times: a histogram.",
		    c->knobs != NULL ? c->knobs->v[KNOB_RUNS] : DEMO_RUNS_DEFAULT);
		pane_empty(r, msg);
		return;
	}
	draw_heading(c, h, r);
	summary = r.h >= 5 ? 2 : 1;
	rows = r.h - 1 - summary;
	if (rows < 1) {
		draw_summary(h, r, r.y + 1, r.h - 1);
		return;
	}
	draw_bars(h, r, rows);
	draw_summary(h, r, r.y + 1 + rows, summary);
}

const struct pane_class pane_histogram = {
	.title = "runs",
	.height = pane_histogram_height,
	.min = pane_histogram_min,
	.draw = pane_histogram_draw,
};
