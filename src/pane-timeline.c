/*
 * pane-timeline.c — one row per worker, time flowing left to right, the
 * newest column at the right edge; a glyph and a colour per state so it
 * reads in monochrome too, a time ruler under the rows, and a legend of
 * the states this run has shown (wrapped over as many rows as it needs).
 *
 * While a run goes on the pane shows its last columns at the view's time
 * per column (half a GIL turn under the GIL); once it has ended, the whole
 * run fitted to the pane's width.  In replay (the player's time cursor) a
 * finished run shows whole with a cursor mark under the cursor's column; a
 * paused one shows the view at the cursor, whose newest column is the
 * cursor's instant.  When rows are short, two workers share a text row in
 * half blocks; more workers than that: the last row says how many are not
 * shown.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "pane.h"
#include "term.h"
#include "text.h"
#include "util.h"

#define NAME_MAX_COLS 12

/* The legend's states, in the order it lists them. */
static const enum wstate legend_order[] = {
	WS_RUNNING, WS_RUN_FREE, WS_HOLDING, WS_READY, WS_GIL_WAIT, WS_LOCK_WAIT,
	WS_SEM_WAIT, WS_QUEUE_FULL, WS_QUEUE_EMPTY, WS_SLEEP, WS_AWAIT,
	WS_LOOP_BLOCK, WS_PARKED, WS_DEADLOCK, WS_STOPPED, WS_DONE,
};

static const char *
legend_label(const struct view *v, enum wstate s)
{
	if (s == WS_RUNNING && v != NULL && v->gil)
		return "runs, holds GIL";
	return term_state_label(s);
}

/* Lay the legend out in cols columns from y (draw: nonzero); returns rows. */
static int
legend_rows(const struct view *v, int y, int x, int cols, int draw)
{
	int rows = 0, used = 0;

	if (v == NULL)
		return 0;
	for (size_t k = 0; k < nitems(legend_order); k++) {
		enum wstate s = legend_order[k];
		const char *label = legend_label(v, s);
		int need = 2 + text_width(label);

		if (!(v->seen & (1u << s)))
			continue;
		if (rows == 0 || (used > 0 && used + 2 + need > cols)) {
			rows++;
			used = 0;
		} else {
			used += 2;
		}
		if (draw) {
			term_put(y + rows - 1, x + used, cols - used, term_state_role(s),
			    term_state_glyph(s));
			term_put(y + rows - 1, x + used + 1, cols - used - 1, COLOR_DIM, " ");
			term_put(y + rows - 1, x + used + 2, cols - used - 2, COLOR_DIM, label);
		}
		used += need;
	}
	return rows;
}

/* The view the pane draws: in replay of a finished run, the whole run
 * (the time cursor marked in it); else the view now, or at the cursor. */
static const struct view *
tl_view(const struct pane_ctx *c)
{
	return c->replay && c->whole != NULL ? c->whole : c->v;
}

static int
pane_timeline_height(const struct pane_ctx *c, int w)
{
	const struct view *v = tl_view(c);

	if (v == NULL)
		return 2;
	/* workers, the "+N more" line, the ruler, the legend */
	return v->nworkers + (v->ntotal > v->nworkers) + 1 +
	    legend_rows(v, 0, 0, w, 0);
}

static int
pane_timeline_min(const struct pane_ctx *c, int w)
{
	const struct view *v = tl_view(c);

	if (v == NULL)
		return 2;
	return (v->nworkers + 1) / 2 + (v->ntotal > v->nworkers) + 1 +
	    legend_rows(v, 0, 0, w, 0);
}

/* The role a worker's name takes: what it is doing now. */
static enum color_role
name_role(const struct view_worker *w)
{
	if (w->holding != 0)
		return COLOR_HOLDER;
	if (w->state == WS_RUNNING || w->state == WS_RUN_FREE)
		return COLOR_NORMAL;
	return w->state == WS_DONE ? COLOR_DONE : term_state_role(w->state);
}

/* What worker i shows in display column col of cols. */
static enum wstate
cell(const struct view *v, int i, int col, int cols)
{
	enum wstate s, before;

	if (v->end != 0) {
		s = view_fit(v, i, col, cols);
		before = col > 0 ? view_fit(v, i, col - 1, cols) : WS_IDLE;
	} else {
		s = view_tl(v, i, cols - 1 - col);
		before = view_tl(v, i, cols - col);
	}
	/* finished: a mark where it ended, then nothing (a deadlock stands) */
	if ((s == WS_DONE || s == WS_STOPPED) && s == before)
		return WS_IDLE;
	return s;
}

/* Two workers' names in one name column: "thread-0,1" or "a/b". */
static void
pair_name(const struct view *v, int i, char *buf, size_t len)
{
	const char *a = v->w[i].name, *b = v->w[i + 1].name;
	size_t p = 0;

	while (a[p] != '\0' && a[p] == b[p])
		p++;
	while (p > 0 && a[p - 1] >= '0' && a[p - 1] <= '9')
		p--;	/* keep whole numbers */
	if (p > 0)
		xsnprintf(buf, len, "%s,%s", a, b + p);
	else
		xsnprintf(buf, len, "%s/%s", a, b);
}

static void
draw_ruler(const struct view *v, int y, int x, int namew, int cols)
{
	uint64_t start[512];
	char out[513], scale[32], ms[24];

	if (cols > 512)
		cols = 512;
	for (int col = 0; col < cols; col++)
		start[col] = v->end != 0 ? view_fit_time(v, col, cols) :
		    view_tl_time(v, cols - 1 - col);
	view_ruler(start, cols, out, sizeof out);
	/* the name column says what a column is worth */
	xsnprintf(scale, sizeof scale, "%s/col", text_ms(v->end != 0 ?
	    (double)(v->end - v->t0) / 1e6 / cols : (double)v->col_ns / 1e6, ms, sizeof ms));
	term_put(y, x, namew, COLOR_DIM, text_width(scale) <= namew ? scale :
	    v->end != 0 ? "all" : "time");
	term_put(y, x + namew + 1, cols, COLOR_DIM, out);
}

/* How the workers go into the rows: per text row (1, or 2 in half blocks),
 * rows per worker (1, or 2 when there is room), side-by-side blocks. */
struct tl_shape {
	int per_row, mult, blocks, rows, shown;
};

static void
tl_shape(const struct view *v, int avail, int w, struct tl_shape *t)
{
	int n = v->nworkers, more = v->ntotal > v->nworkers;

	*t = (struct tl_shape){ 1, 1, 1, avail, n };
	if (n + more <= avail) {
		/* room to spare: thicker bars, two rows a worker */
		t->mult = n > 0 ? (avail - more) / n : 1;
		t->mult = t->mult > 2 ? 2 : t->mult < 1 ? 1 : t->mult;
		t->rows = n + more;
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

/* Replay: the column of cols the time cursor is in, or -1.  The whole
 * run fitted: where the cursor falls; v's own columns: the newest, which
 * is the cursor's instant. */
static int
cursor_col(const struct pane_ctx *c, const struct view *v, int cols)
{
	uint64_t len = v->end > v->t0 ? v->end - v->t0 : 0;
	int64_t col;

	if (!c->replay || cols < 1)
		return -1;
	if (v->end == 0 || len == 0)
		return cols - 1;
	col = (int64_t)(c->cursor * (uint64_t)cols / len);
	return col >= cols ? cols - 1 : (int)col;
}

/* Draw one block of workers [first, last) at x, w columns wide; the
 * ruler goes on row ruler_y, the replay cursor under it. */
static void
draw_block(const struct pane_ctx *c, const struct view *v, const struct tl_shape *t,
    int first, int last, int y, int x, int w, int ruler_y)
{
	int namew = 0, cols;

	for (int i = first; i < last; i++) {
		int nw = text_width(v->w[i].name);

		namew = nw > namew ? nw : namew;
	}
	namew += t->per_row == 2 ? 3 : 0;	/* "thread-10,11" */
	/* room for the ruler's scale ("2.5 ms/col") */
	namew = namew > NAME_MAX_COLS ? NAME_MAX_COLS : namew < 10 ? 10 : namew;
	cols = w - namew - 1;
	if (cols < 1)
		return;
	for (int i = first; i < last; i += t->per_row, y += t->mult) {
		int pair = t->per_row == 2 && i + 1 < last;
		char name[64];

		if (pair)
			pair_name(v, i, name, sizeof name);
		term_put_clip(y, x, namew, name_role(&v->w[i]), pair ? name : v->w[i].name);
		for (int col = 0; col < cols; col++) {
			enum wstate s = cell(v, i, col, cols);

			for (int k = 0; k < t->mult; k++) {
				if (pair)
					term_put_halves(y + k, x + namew + 1 + col, s,
					    cell(v, i + 1, col, cols));
				else if (s != WS_IDLE)
					term_put(y + k, x + namew + 1 + col, 1,
					    term_state_role(s), term_state_glyph(s));
			}
		}
	}
	draw_ruler(v, ruler_y, x, namew, cols);
	if (cursor_col(c, v, cols) >= 0)
		term_put(ruler_y, x + namew + 1 + cursor_col(c, v, cols), 1, COLOR_KEY,
		    term_glyph(G_CURSOR));
}

static void
pane_timeline_draw(const struct pane_ctx *c, struct rect r)
{
	const struct view *v = tl_view(c);
	struct tl_shape t;
	int nleg, per_block, bw, used;

	if (v == NULL) {
		pane_empty(r, "Press Space to run the demo.");
		return;
	}
	nleg = legend_rows(v, 0, 0, r.w, 0);
	tl_shape(v, r.h - 1 - nleg, r.w, &t);
	per_block = t.rows * t.per_row;
	bw = (r.w - (t.blocks - 1)) / t.blocks;
	/* the rows used, then the ruler and the legend right under them */
	used = t.per_row == 1 ? t.rows * t.mult - (t.mult - 1) * (v->ntotal > v->nworkers) :
	    t.rows;
	if (used > r.h - 1 - nleg)
		used = r.h - 1 - nleg;
	for (int b = 0; b < t.blocks; b++) {
		int first = b * per_block, last = first + per_block;

		if (last > t.shown)
			last = t.shown;
		if (first >= last)
			break;
		draw_block(c, v, &t, first, last, r.y, r.x + b * (bw + 1), bw, r.y + used);
	}
	if (t.shown < v->ntotal)
		term_printf(r.y + used - 1, r.x, r.w, COLOR_DIM,
		    "+%d more worker%s not shown", v->ntotal - t.shown,
		    v->ntotal - t.shown == 1 ? "" : "s");
	legend_rows(v, r.y + used + 1, r.x, r.w, 1);
}

const struct pane_class pane_timeline = {
	.title = "timeline",
	.height = pane_timeline_height,
	.min = pane_timeline_min,
	.draw = pane_timeline_draw,
};
