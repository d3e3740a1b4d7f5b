/*
 * layout.c — the player's layout (see layout.h).
 */
#include "config.h"

#include <string.h>

#include "layout.h"
#include "text.h"
#include "view.h"

struct prow {
	int pane[2], n;
	int h, want, fewest;	/* now, wanted, fewest showing everything */
	int most;		/* most it can use well */
	int timeline;
};

int
layout_fits(int cols, int rows)
{
	return cols >= LAYOUT_MIN_COLS && rows >= LAYOUT_MIN_ROWS;
}

int
layout_overlap(struct rect a, struct rect b)
{
	if (a.h <= 0 || a.w <= 0 || b.h <= 0 || b.w <= 0)
		return 0;
	return a.y < b.y + b.h && b.y < a.y + a.h && a.x < b.x + b.w &&
	    b.x < a.x + a.w;
}

int
layout_code_cols(int w)
{
	/* a margin each side, and code is indented by two and wrapped two
	 * short of the text's width (prose.c) */
	return w + 6;
}

static int
pane_floor(int p)
{
	return p == PANE_TIMELINE ? 4 : LAYOUT_PANE_MIN_H;
}

static int
imax(int a, int b)
{
	return a > b ? a : b;
}

/* Group the panes into rows; returns the number of rows. */
static int
rows_of(const struct layout_ask *a, int pair, struct prow *rows)
{
	int n = 0;

	for (int p = 0; p < PANE__MAX; p++) {
		int want, fewest;

		if (!(a->mask & PANE_BIT(p)))
			continue;
		want = imax(a->want[p], pane_floor(p));
		fewest = a->min[p] > 0 && a->min[p] < want ? imax(a->min[p], pane_floor(p)) : want;
		if (pair && p != PANE_TIMELINE && n > 0 && rows[n - 1].n == 1 &&
		    !rows[n - 1].timeline) {
			struct prow *r = &rows[n - 1];

			r->pane[r->n++] = p;
			r->want = r->h = imax(r->want, want);
			r->fewest = imax(r->fewest, fewest);
			continue;
		}
		rows[n] = (struct prow){ { p, 0 }, 1, want, want, fewest,
			imax(a->max[p], want), p == PANE_TIMELINE };
		n++;
	}
	return n;
}

static int
rows_total(const struct prow *rows, int n)
{
	int t = 0;

	for (int i = 0; i < n; i++)
		t += rows[i].h;
	return t;
}

/* Take rows off the rows chosen (timeline or not) down to floor_of; returns
 * how many are still over. */
static int
rows_shrink(struct prow *rows, int n, int over, int timeline, int use_fewest)
{
	while (over > 0) {
		int best = -1;

		for (int i = 0; i < n; i++) {
			int fl = use_fewest ? rows[i].fewest : pane_floor(rows[i].pane[0]);

			if (rows[i].timeline == timeline && rows[i].h > fl &&
			    (best < 0 || rows[i].h > rows[best].h))
				best = i;
		}
		if (best < 0)
			break;
		rows[best].h--;
		over--;
	}
	return over;
}

/* Fit rows into avail (see layout.h for the order); returns rows kept. */
static int
rows_fit(struct prow *rows, int n, int avail, int *hidden)
{
	int over = rows_total(rows, n) - avail;

	over = rows_shrink(rows, n, over, 0, 1);
	over = rows_shrink(rows, n, over, 0, 0);
	over = rows_shrink(rows, n, over, 1, 1);
	while (over > 0 && n > 0 && !rows[n - 1].timeline) {
		n--;
		*hidden += rows[n].n;
		over -= rows[n].h;
	}
	over = rows_shrink(rows, n, over, 1, 0);
	while (over > 0 && n > 0) {
		n--;
		*hidden += rows[n].n;
		over -= rows[n].h;
	}
	return n;
}

/* Share rows left over: the timeline first, then every row alike. */
static void
rows_grow(struct prow *rows, int n, int avail)
{
	int spare = avail - rows_total(rows, n), left = 0;

	for (int i = 0; i < n && spare > 0; i++)
		if (rows[i].timeline) {
			int more = rows[i].most - rows[i].h;

			more = more < spare ? more : spare;
			rows[i].h += more;
			spare -= more;
		}
	/* then the other rows alike (the timeline has what it can use) */
	for (int i = 0; i < n; i++)
		left += !rows[i].timeline || n == 1;
	for (int i = 0; i < n && spare > 0; i++) {
		int share;

		if (rows[i].timeline && n > 1)
			continue;
		share = left > 0 ? spare / left-- : spare;
		rows[i].h += share;
		spare -= share;
	}
}

/* Place rows in area a (top down). */
static void
rows_place(struct layout *l, const struct prow *rows, int n, struct rect a)
{
	int y = a.y;

	for (int i = 0; i < n; i++) {
		int x = a.x;

		for (int k = 0; k < rows[i].n; k++) {
			int w = rows[i].n == 1 ? a.w : k == 0 ? a.w / 2 : a.w - a.w / 2;

			l->pane[rows[i].pane[k]] = (struct rect){ y, x, rows[i].h, w };
			x += w;
		}
		y += rows[i].h;
	}
}

/* The text column's width beside the panes. */
static int
text_cols(int cols, int text_w)
{
	int tw = cols / 2;

	if (tw > LAYOUT_TEXT_MAX)
		tw = LAYOUT_TEXT_MAX;
	if (text_w > tw)
		tw = text_w;
	if (tw > cols - LAYOUT_PANES_MIN_W)
		tw = cols - LAYOUT_PANES_MIN_W;
	return tw;
}

void
layout_lesson(struct layout *l, int cols, int rows, const struct layout_ask *a)
{
	struct prow pr[PANE__MAX];
	struct rect content, panes;
	int npr, need, min_text = a->min_text;

	memset(l, 0, sizeof *l);
	if (!layout_fits(cols, rows)) {
		l->too_small = 1;
		return;
	}
	l->title = (struct rect){ 0, 0, 1, cols };
	l->knobs = (struct rect){ rows - 2, 0, 1, cols };
	l->status = (struct rect){ rows - 1, 0, 1, cols };
	content = (struct rect){ 1, 0, rows - 3, cols };
	if (a->mask == 0 || a->zoom == ZOOM_TEXT) {
		l->text = content;
		for (int p = 0; p < PANE__MAX; p++)
			l->hidden += !!(a->mask & PANE_BIT(p));
		return;
	}
	l->wide = cols >= LAYOUT_WIDE_COLS;
	if (a->zoom == ZOOM_PANES) {
		panes = content;
	} else if (l->wide) {
		int tw = text_cols(cols, a->text_w);

		l->text = (struct rect){ content.y, 0, content.h, tw };
		panes = (struct rect){ content.y, tw, content.h, cols - tw };
	} else {
		panes = content;	/* height decided below */
	}
	npr = rows_of(a, panes.w >= LAYOUT_PAIR_COLS, pr);
	if (!l->wide && a->zoom == ZOOM_BOTH) {
		need = rows_total(pr, npr);
		if (min_text > content.h - 2 * LAYOUT_PANE_MIN_H)
			min_text = content.h - 2 * LAYOUT_PANE_MIN_H;
		if (need > content.h - min_text)
			need = content.h - min_text;
		l->text = (struct rect){ content.y, 0, content.h - need, cols };
		panes = (struct rect){ content.y + content.h - need, 0, need, cols };
	}
	npr = rows_fit(pr, npr, panes.h, &l->hidden);
	if (l->wide || a->zoom == ZOOM_PANES)
		rows_grow(pr, npr, panes.h);
	rows_place(l, pr, npr, panes);
}

void
layout_player(struct layout *l, int cols, int rows, unsigned mask,
    const int want[PANE__MAX], enum layout_zoom zoom, int min_text)
{
	struct layout_ask a = { .mask = mask, .zoom = zoom, .min_text = min_text };

	memcpy(a.want, want, sizeof a.want);
	layout_lesson(l, cols, rows, &a);
}

void
layout_panes(struct layout *l, struct rect area, unsigned mask,
    const int want[PANE__MAX])
{
	struct layout_ask a = { .mask = mask };
	struct prow pr[PANE__MAX];
	int npr;

	memcpy(a.want, want, sizeof a.want);
	memset(l->pane, 0, sizeof l->pane);
	l->hidden = 0;
	if (area.h < LAYOUT_PANE_MIN_H || area.w < 8)
		return;
	npr = rows_of(&a, area.w >= LAYOUT_PAIR_COLS, pr);
	npr = rows_fit(pr, npr, area.h, &l->hidden);
	rows_place(l, pr, npr, area);
}

/* Strips of time the history holds at w columns (the name column off). */
static int
tl_strips_most(int w)
{
	int cols = w - LAYOUT_TL_NAME, most = cols > 0 ? VIEW_TL_COLS / cols : 1;

	return most > LAYOUT_TL_STRIPS ? LAYOUT_TL_STRIPS : most < 1 ? 1 : most;
}

/* Rows a worker in strips: two, three for a few workers. */
static int
tl_mult_most(int n)
{
	return n <= 3 ? 3 : 2;
}

/* Strips and rows a worker that use the most of total rows (each strip n
 * rows a worker and a ruler); left alone when fewer than two fit. */
static void
tl_strips(struct layout_tl *t, int n, int total, int w)
{
	int most = tl_strips_most(w), used = 0;

	for (int mult = 1; mult <= tl_mult_most(n) && n > 0; mult++) {
		int strips = total / (n * mult + 1);

		strips = strips > most ? most : strips;
		if (strips >= 2 && strips * (n * mult + 1) > used) {
			used = strips * (n * mult + 1);
			t->strips = strips;
			t->mult = mult;
		}
	}
}

/* Workers in avail rows (the ruler and the legend off): one strip. */
static void
tl_rows(struct layout_tl *t, int n, int more, int avail, int w)
{
	if (n + more <= avail) {
		/* room to spare: thicker bars, two rows a worker, or strips */
		t->mult = n > 0 ? (avail - more) / n : 1;
		t->mult = t->mult > 2 ? 2 : t->mult < 1 ? 1 : t->mult;
		t->rows = n + more;
		if (!more)
			tl_strips(t, n, avail + 1, w);
		return;
	}
	t->per_row = 2;
	if ((n + 1) / 2 + more <= avail)
		return;
	/* side-by-side blocks, each at least 24 columns */
	t->rows = avail - 1;	/* one row says how many are not shown */
	if (t->rows < 1) {
		t->shown = 0;
		return;
	}
	t->blocks = ((n + 1) / 2 + t->rows - 1) / t->rows;
	while (t->blocks > 1 && w / t->blocks < 24)
		t->blocks--;
	if (2 * t->rows * t->blocks >= n) {
		t->rows = avail;
		t->blocks = ((n + 1) / 2 + t->rows - 1) / t->rows;
		t->shown = n;
	} else {
		t->shown = 2 * t->rows * t->blocks;
	}
}

void
layout_timeline(struct layout_tl *t, int n, int ntotal, int nleg, int h, int w)
{
	int more = ntotal > n, avail = h - 1 - nleg, wrows;

	*t = (struct layout_tl){ .per_row = 1, .mult = 1, .blocks = 1, .rows = avail,
	    .shown = n, .strips = 1 };
	tl_rows(t, n, more, avail, w);
	/* a strip: its workers' rows (the "+N more" line once), its ruler */
	wrows = t->per_row == 1 ? t->rows * t->mult - (t->mult - 1) * more :
	    t->rows + (t->shown < ntotal);	/* and the "+N more" row */
	t->strip_h = (wrows < avail ? wrows : avail) + 1;
	t->used = t->strips * t->strip_h + nleg;
	/* rows left under the legend: each worker's time by state */
	if (t->per_row == 1 && t->blocks == 1 && !more && n > 0 && h - t->used >= n + 1) {
		t->times = 1;
		t->used += n + 1;
	}
	/* a blank row between strips when one is left for each */
	if (t->strips > 1 && h - t->used >= t->strips - 1) {
		t->gap = 1;
		t->used += t->strips - 1;
	}
	if (t->used > h)
		t->used = h;
}

int
layout_timeline_fewest(int n, int ntotal, int nleg, int w)
{
	/* two workers a row, in as many side-by-side blocks as fit */
	int blocks = w / 25, pairs = (n + 1) / 2;

	blocks = blocks < 1 ? 1 : blocks;
	return (pairs + blocks - 1) / blocks + (ntotal > n) + 1 + nleg;
}

int
layout_timeline_most(int n, int ntotal, int nleg, int w)
{
	if (ntotal > n)
		return 2 * n + 2 + nleg;	/* two rows a worker, "+N more" */
	/* strips of the thickest bars and their gaps, the legend, the times */
	return tl_strips_most(w) * (tl_mult_most(n) * n + 2) - 1 + nleg + n + 1;
}

int
layout_bar_width(const struct bar_key *k, int n, int level)
{
	int w = 0;

	for (int i = 0; i < n; i++) {
		const char *t = level >= 3 ? "" : level == 2 && k[i].brief != NULL ?
		    k[i].brief : k[i].text;

		w += text_width(k[i].key) + (t[0] != '\0' ? 1 + text_width(t) : 0);
		if (i > 0)
			w += level == 0 ? 2 : 1;
	}
	return w;
}

int
layout_bar(const struct bar_key *k, int n, int cols)
{
	for (int level = 0; level < 3; level++)
		if (layout_bar_width(k, n, level) <= cols)
			return level;
	return 3;
}
