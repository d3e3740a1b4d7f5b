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
	return layout_timeline_fewest(v->nworkers, v->ntotal, legend_rows(v, 0, 0, w, 0), w);
}

int
pane_timeline_min_crowd(const struct pane_ctx *c, int w)
{
	const struct view *v = c->v;
	int n = v != NULL && v->nworkers < LAYOUT_TL_CROWD ? v->nworkers : LAYOUT_TL_CROWD;

	if (v == NULL)
		return 4;
	return layout_timeline_fewest(n, n + 1, legend_rows(v, 0, 0, w - 4, 0), w - 4) + 2;
}

/* Most rows it can use well: strips of time, two rows a worker, and each
 * worker's time by state. */
static int
pane_timeline_most(const struct pane_ctx *c, int w)
{
	const struct view *v = tl_view(c);

	if (v == NULL)
		return 2;
	return layout_timeline_most(v->nworkers, v->ntotal, legend_rows(v, 0, 0, w, 0), w);
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

/*
 * Where the time goes across the pane: cols columns a strip, strips of
 * them one under the other (when rows are plenty), read like lines of
 * text.  Live, the run fills them from the left; once they are full, one
 * strip scrolls (the newest column at its right edge) and several move up
 * a strip at a time.  Ended, the whole run is spread over all of them.
 */
struct tl_span {
	int cols, strips;
	int64_t base;		/* live: absolute column of the first shown */
};

static void
span_init(const struct view *v, int cols, int strips, struct tl_span *sp)
{
	int64_t total = (int64_t)cols * strips;

	*sp = (struct tl_span){ cols, strips, 0 };
	if (v->end != 0 || v->col < total)
		return;
	sp->base = strips == 1 ? v->col - total + 1 :
	    (v->col / cols - strips + 1) * (int64_t)cols;
}

/* What worker i shows in display column k of the span (strip k / cols). */
static enum wstate
cell(const struct view *v, const struct tl_span *sp, int i, int k)
{
	int total = sp->cols * sp->strips;
	enum wstate s, before;

	if (v->end != 0) {
		s = view_fit(v, i, k, total);
		before = k > 0 ? view_fit(v, i, k - 1, total) : WS_IDLE;
	} else {
		int64_t ago = v->col - (sp->base + k);

		if (ago < 0 || ago >= VIEW_TL_COLS)
			return WS_IDLE;
		s = view_tl(v, i, (int)ago);
		before = view_tl(v, i, (int)ago + 1);
	}
	/* finished: a mark where it ended, then nothing (a deadlock stands) */
	if ((s == WS_DONE || s == WS_STOPPED) && s == before)
		return WS_IDLE;
	return s;
}

/* When display column k of the span starts, ns into the run. */
static uint64_t
cell_time(const struct view *v, const struct tl_span *sp, int k)
{
	int64_t ago;

	if (v->end != 0)
		return view_fit_time(v, k, sp->cols * sp->strips);
	ago = v->col - (sp->base + k);
	return ago >= VIEW_TL_COLS ? UINT64_MAX : view_tl_time(v, (int)ago);
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

/* The ruler under strip s: round times, and what a column is worth. */
static void
draw_ruler(const struct view *v, const struct tl_span *sp, int s, int y, int x,
    int namew)
{
	uint64_t start[VIEW_TL_COLS];
	char out[VIEW_TL_COLS + 1], scale[32], ms[24];
	int cols = sp->cols < VIEW_TL_COLS ? sp->cols : VIEW_TL_COLS;

	for (int col = 0; col < cols; col++)
		start[col] = cell_time(v, sp, s * sp->cols + col);
	view_ruler(start, cols, out, sizeof out);
	/* the name column says what a column is worth */
	xsnprintf(scale, sizeof scale, "%s/col", text_ms(v->end != 0 ?
	    (double)(v->end - v->t0) / 1e6 / (sp->cols * sp->strips) :
	    (double)v->col_ns / 1e6, ms, sizeof ms));
	term_put(y, x, namew, COLOR_DIM, text_width(scale) <= namew ? scale :
	    v->end != 0 ? "all" : "time");
	term_put(y, x + namew + 1, cols, COLOR_DIM, out);
}

/* The name column's width for workers [first, last). */
static int
name_cols(const struct view *v, const struct layout_tl *t, int first, int last)
{
	int namew = 0;

	for (int i = first; i < last; i++) {
		int nw = text_width(v->w[i].name);

		namew = nw > namew ? nw : namew;
	}
	namew += t->per_row == 2 ? 3 : 0;	/* "thread-10,11" */
	/* room for the ruler's scale ("2.5 ms/col") */
	return namew > PANE_TL_NAME_MAX ? PANE_TL_NAME_MAX : namew < 10 ? 10 : namew;
}

/* Replay: the display column of the span the time cursor is in, or -1.
 * The whole run: where the cursor falls; the view's own columns: the
 * newest, which is the cursor's instant. */
static int
cursor_k(const struct pane_ctx *c, const struct view *v, const struct tl_span *sp)
{
	int total = sp->cols * sp->strips;
	uint64_t len = v->end > v->t0 ? v->end - v->t0 : 0;
	int64_t k;

	if (!c->replay || total < 1)
		return -1;
	if (v->end == 0)
		k = v->col - sp->base;
	else
		k = len > 0 ? (int64_t)(c->cursor * (uint64_t)total / len) : 0;
	return k < 0 ? -1 : k >= total ? total - 1 : (int)k;
}

/* Draw one block of workers [first, last) at x, w columns wide, strip s of
 * the span; the ruler goes on row ruler_y, the replay cursor (display
 * column cursor, -1: none) under it. */
static void
draw_block(const struct view *v, const struct layout_tl *t, const struct tl_span *sp,
    int s, int first, int last, int y, int x, int ruler_y, int cursor)
{
	int namew = name_cols(v, t, first, last);

	for (int i = first; i < last; i += t->per_row, y += t->mult) {
		int pair = t->per_row == 2 && i + 1 < last;
		char name[64];

		if (pair)
			pair_name(v, i, name, sizeof name);
		term_put_clip(y, x, namew, name_role(&v->w[i]), pair ? name : v->w[i].name);
		for (int col = 0; col < sp->cols; col++) {
			int k = s * sp->cols + col;
			enum wstate st = cell(v, sp, i, k);

			for (int m = 0; m < t->mult; m++) {
				if (pair)
					term_put_halves(y + m, x + namew + 1 + col, st,
					    cell(v, sp, i + 1, k));
				else if (st != WS_IDLE)
					term_put(y + m, x + namew + 1 + col, 1,
					    term_state_role(st), term_state_glyph(st));
			}
		}
	}
	draw_ruler(v, sp, s, ruler_y, x, namew);
	if (cursor >= 0 && cursor / sp->cols == s)
		term_put(ruler_y, x + namew + 1 + cursor % sp->cols, 1, COLOR_KEY,
		    term_glyph(G_CURSOR));
}

/* Under the legend when rows are left: where each worker's time went,
 * state by state (the legend's glyphs), longest first. */
static void
draw_times(const struct view *v, int y, struct rect r)
{
	int namew = name_cols(v, &(struct layout_tl){ .per_row = 1 }, 0, v->nworkers);

	term_put(y++, r.x, r.w, COLOR_DIM, v->end != 0 ? "time in each state:" :
	    "time in each state so far:");
	for (int i = 0; i < v->nworkers && y < r.y + r.h; i++, y++) {
		uint64_t ns[WS__MAX];
		int x = r.x + namew + 1, end = r.x + r.w;

		term_put_clip(y, r.x, namew, name_role(&v->w[i]), v->w[i].name);
		for (int s = 0; s < WS__MAX; s++)
			ns[s] = s == WS_IDLE || view_state_final(s) ? 0 :
			    view_time_in(v, i, (enum wstate)s);
		for (;;) {
			char ms[24];
			int best = 0, need;

			for (int s = 1; s < WS__MAX; s++)
				best = ns[s] > ns[best] ? s : best;
			if (ns[best] < 50000)	/* nothing shows as 0.0 ms */
				break;
			text_ms((double)ns[best] / 1e6, ms, sizeof ms);
			need = 2 + text_width(ms) + 2;
			if (x + need > end) {	/* the shortest left off, said so */
				term_put(y, x, end - x, COLOR_DIM, term_glyph(G_ELLIPSIS));
				break;
			}
			term_put(y, x, 1, term_state_role(best), term_state_glyph(best));
			term_put(y, x + 2, end - x - 2, COLOR_NORMAL, ms);
			x += need;
			ns[best] = 0;
		}
	}
}

/* The shape in r: t, the block width, the legend's rows. */
static void
tl_layout(const struct view *v, struct rect r, struct layout_tl *t, int *bw, int *nleg)
{
	*nleg = legend_rows(v, 0, 0, r.w, 0);
	layout_timeline(t, v->nworkers, v->ntotal, *nleg, r.h, r.w);
	*bw = (r.w - (t->blocks - 1)) / t->blocks;
}

int
pane_timeline_rows(const struct view *v, struct rect r)
{
	struct layout_tl t;
	int bw, nleg;

	if (v == NULL || r.h < 3 || r.w < 5)
		return r.h;
	r = (struct rect){ r.y + 1, r.x + 2, r.h - 2, r.w - 4 };	/* the box */
	tl_layout(v, r, &t, &bw, &nleg);
	return t.used + 2;
}

int
pane_timeline_span(const struct view *v, struct rect r)
{
	struct layout_tl t;
	int bw, nleg, last;

	r = (struct rect){ r.y + 1, r.x + 2, r.h - 2, r.w - 4 };	/* the box */
	if (v == NULL || r.h < 1 || r.w < 1)
		return 0;
	tl_layout(v, r, &t, &bw, &nleg);
	last = t.rows * t.per_row < t.shown ? t.rows * t.per_row : t.shown;
	return (bw - name_cols(v, &t, 0, last) - 1) * t.strips;
}

static void
pane_timeline_draw(const struct pane_ctx *c, struct rect r)
{
	const struct view *v = tl_view(c);
	struct layout_tl t;
	int nleg, per_block, bw, used, pitch;

	if (v == NULL) {
		pane_empty(r, "Press Space to run the demo.");
		return;
	}
	tl_layout(v, r, &t, &bw, &nleg);
	per_block = t.rows * t.per_row;
	pitch = t.strip_h + t.gap;	/* a strip and the gap under it */
	used = t.strips * pitch - t.gap - 1;	/* the last ruler's row */
	for (int b = 0; b < t.blocks; b++) {
		int first = b * per_block, last = first + per_block, namew;
		struct tl_span sp;

		if (last > t.shown)
			last = t.shown;
		if (first >= last)
			break;
		namew = name_cols(v, &t, first, last);
		if (bw - namew - 1 < 1)
			return;
		span_init(v, bw - namew - 1, t.strips, &sp);
		for (int s = 0; s < t.strips; s++)
			draw_block(v, &t, &sp, s, first, last, r.y + s * pitch,
			    r.x + b * (bw + 1), r.y + s * pitch + t.strip_h - 1,
			    cursor_k(c, v, &sp));
	}
	if (t.shown < v->ntotal) {
		char full[48], brief[16];

		/* in the first block's last row: the others draw beside it */
		xsnprintf(full, sizeof full, "+%d more worker%s not shown", v->ntotal - t.shown,
		    v->ntotal - t.shown == 1 ? "" : "s");
		xsnprintf(brief, sizeof brief, "+%d more", v->ntotal - t.shown);
		pane_put_fit(r.y + used - 1, r.x, t.blocks > 1 ? bw : r.w, COLOR_DIM, full,
		    brief, NULL);
	}
	legend_rows(v, r.y + used + 1, r.x, r.w, 1);
	if (t.times)
		draw_times(v, r.y + used + 1 + nleg, r);
}

const struct pane_class pane_timeline = {
	.title = "timeline",
	.height = pane_timeline_height,
	.min = pane_timeline_min,
	.most = pane_timeline_most,
	.draw = pane_timeline_draw,
};
