/*
 * layout.c — the player's layout (see layout.h).
 */
#include "config.h"

#include <string.h>

#include "layout.h"

struct prow {
	int pane[2], n;
	int h, min;
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

static int
pane_min(int p)
{
	return p == PANE_TIMELINE ? 4 : LAYOUT_PANE_MIN_H;
}

/* Group the panes into rows; returns the number of rows. */
static int
rows_of(unsigned mask, const int want[PANE__MAX], int pair, struct prow *rows)
{
	int n = 0;

	for (int p = 0; p < PANE__MAX; p++) {
		int h;

		if (!(mask & PANE_BIT(p)))
			continue;
		h = want[p] < pane_min(p) ? pane_min(p) : want[p];
		if (pair && p != PANE_TIMELINE && n > 0 && rows[n - 1].n == 1 &&
		    rows[n - 1].pane[0] != PANE_TIMELINE) {
			struct prow *r = &rows[n - 1];

			r->pane[r->n++] = p;
			if (h > r->h)
				r->h = h;
			continue;
		}
		rows[n].pane[0] = p;
		rows[n].n = 1;
		rows[n].h = h;
		rows[n].min = pane_min(p);
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

/* Shrink rows to fit avail: timeline first, then all, then drop rows. */
static int
rows_fit(struct prow *rows, int n, int avail, int *hidden)
{
	int over = rows_total(rows, n) - avail;

	for (int i = 0; i < n && over > 0; i++) {
		if (rows[i].pane[0] != PANE_TIMELINE)
			continue;
		while (over > 0 && rows[i].h > rows[i].min + 2) {
			rows[i].h--;
			over--;
		}
	}
	/* then one row off the tallest, repeatedly */
	while (over > 0) {
		int best = -1;

		for (int i = 0; i < n; i++)
			if (rows[i].h > rows[i].min && (best < 0 || rows[i].h > rows[best].h))
				best = i;
		if (best < 0)
			break;
		rows[best].h--;
		over--;
	}
	while (over > 0 && n > 0) {
		n--;
		*hidden += rows[n].n;
		over -= rows[n].h;
	}
	return n;
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

void
layout_player(struct layout *l, int cols, int rows, unsigned mask,
    const int want[PANE__MAX], enum layout_zoom zoom, int min_text)
{
	struct prow pr[PANE__MAX];
	struct rect content, panes;
	int npr, need;

	memset(l, 0, sizeof *l);
	if (!layout_fits(cols, rows)) {
		l->too_small = 1;
		return;
	}
	l->title = (struct rect){ 0, 0, 1, cols };
	l->knobs = (struct rect){ rows - 2, 0, 1, cols };
	l->status = (struct rect){ rows - 1, 0, 1, cols };
	content = (struct rect){ 1, 0, rows - 3, cols };
	if (mask == 0 || zoom == ZOOM_TEXT) {
		l->text = content;
		for (int p = 0; p < PANE__MAX; p++)
			l->hidden += !!(mask & PANE_BIT(p));
		return;
	}
	l->wide = cols >= LAYOUT_WIDE_COLS;
	if (zoom == ZOOM_PANES) {
		panes = content;
	} else if (l->wide) {
		int tw = cols / 2;

		tw = tw > 72 ? 72 : tw;
		l->text = (struct rect){ content.y, 0, content.h, tw };
		panes = (struct rect){ content.y, tw, content.h, cols - tw };
	} else {
		panes = content;	/* height decided below */
	}
	npr = rows_of(mask, want, panes.w >= LAYOUT_PAIR_COLS, pr);
	if (!l->wide && zoom == ZOOM_BOTH) {
		need = rows_total(pr, npr);
		if (min_text > content.h - 2 * LAYOUT_PANE_MIN_H)
			min_text = content.h - 2 * LAYOUT_PANE_MIN_H;
		if (need > content.h - min_text)
			need = content.h - min_text;
		l->text = (struct rect){ content.y, 0, content.h - need, cols };
		panes = (struct rect){ content.y + content.h - need, 0, need, cols };
	}
	npr = rows_fit(pr, npr, panes.h, &l->hidden);
	rows_place(l, pr, npr, panes);
}

void
layout_panes(struct layout *l, struct rect area, unsigned mask,
    const int want[PANE__MAX])
{
	struct prow pr[PANE__MAX];
	int npr;

	memset(l->pane, 0, sizeof l->pane);
	l->hidden = 0;
	if (area.h < LAYOUT_PANE_MIN_H || area.w < 8)
		return;
	npr = rows_of(mask, want, area.w >= LAYOUT_PAIR_COLS, pr);
	npr = rows_fit(pr, npr, area.h, &l->hidden);
	rows_place(l, pr, npr, area);
}
