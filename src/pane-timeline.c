/*
 * pane-timeline.c — one row per worker, time flowing left to right, the
 * newest column at the right edge; a glyph and a colour per state so it
 * reads in monochrome too, and a legend of the states this run can show.
 * More workers than rows: the last row says how many are not shown.
 */
#include "config.h"

#include <string.h>

#include "pane.h"
#include "term.h"
#include "text.h"
#include "util.h"

#define NAME_MAX_COLS 12

/* Which legend entries this view can show. */
static int
legend_has(const struct pane_ctx *c, enum wstate s)
{
	const struct view *v = c->v;
	int kinds = 0;

	for (int i = 0; v != NULL && i < v->nobjs; i++)
		kinds |= v->obj[i].kind == 'L' ? 1 : v->obj[i].kind == 'Q' ? 2 : 4;
	switch (s) {
	case WS_RUNNING:
	case WS_DONE:
		return 1;
	case WS_SLEEP:
		return 1;
	case WS_READY:
		return v != NULL && (v->gil || v->model == MODEL_COROUTINE);
	case WS_GIL_WAIT:
		return v != NULL && v->gil;
	case WS_LOCK_WAIT:
	case WS_HOLDING:
		return kinds & 1;
	case WS_QUEUE_FULL:
	case WS_QUEUE_EMPTY:
		return kinds & 2;
	case WS_SEM_WAIT:
		return kinds & 4;
	case WS_PARKED:
		return c->stepping || c->paused;
	default:
		return 0;
	}
}

static const struct {
	enum wstate s;
	const char *label;
} legend[] = {
	{ WS_RUNNING, "running" }, { WS_HOLDING, "holds lock" }, { WS_READY, "ready" },
	{ WS_GIL_WAIT, "GIL wait" },
	{ WS_LOCK_WAIT, "lock wait" }, { WS_SEM_WAIT, "semaphore" },
	{ WS_QUEUE_FULL, "full" }, { WS_QUEUE_EMPTY, "empty" },
	{ WS_SLEEP, "I/O, sleep" }, { WS_PARKED, "parked" }, { WS_DONE, "done" },
};

static void
draw_legend(const struct pane_ctx *c, int y, int x, int cols)
{
	int used = 0;

	for (size_t i = 0; i < nitems(legend); i++) {
		int need;

		if (!legend_has(c, legend[i].s))
			continue;
		need = 2 + text_width(legend[i].label) + 2 +
		    (legend[i].s == WS_RUNNING && c->v != NULL && c->v->gil ? 12 : 0);
		if (used + need - 2 > cols)
			break;
		used += term_put(y, x + used, cols - used, term_state_role(legend[i].s),
		    term_state_glyph(legend[i].s));
		used += term_put(y, x + used, cols - used, COLOR_DIM, " ");
		used += term_put(y, x + used, cols - used, COLOR_DIM,
		    legend[i].s == WS_RUNNING && c->v != NULL && c->v->gil ?
		    "running (holds GIL)" : legend[i].label);
		used += term_put(y, x + used, cols - used, COLOR_DIM, "  ");
	}
}

int
pane_timeline_height(const struct pane_ctx *c, int w)
{
	(void)w;
	return (c->v != NULL ? c->v->nworkers + (c->v->ntotal > c->v->nworkers) : 2) + 1;
}

/* The role a worker's name takes: what it is doing now. */
static enum color_role
name_role(const struct view_worker *w)
{
	if (w->holding != 0)
		return COLOR_HOLDER;
	if (w->state == WS_RUNNING)
		return COLOR_NORMAL;
	return w->state == WS_DONE ? COLOR_DONE : term_state_role(w->state);
}

void
pane_timeline_draw(const struct pane_ctx *c, struct rect r)
{
	const struct view *v = c->v;
	int namew = 0, rows, cols, shown;

	if (v == NULL) {
		pane_empty(r, "Press Space to run the demo.");
		draw_legend(c, r.y + r.h - 1, r.x, r.w);
		return;
	}
	for (int i = 0; i < v->nworkers; i++) {
		int nw = text_width(v->w[i].name);

		if (nw > namew)
			namew = nw;
	}
	if (namew > NAME_MAX_COLS)
		namew = NAME_MAX_COLS;
	cols = r.w - namew - 1;
	rows = r.h - 1;		/* the legend takes the last row */
	shown = v->nworkers;
	if (v->ntotal > rows || shown > rows)
		shown = rows - 1;	/* one row says what is not shown */
	if (shown < 0)
		shown = 0;
	for (int i = 0; i < shown; i++) {
		const struct view_worker *w = &v->w[i];
		int y = r.y + i;

		term_put(y, r.x, namew, name_role(w), w->name);
		for (int col = 0; col < cols; col++) {
			int ago = cols - 1 - col;
			enum wstate s = view_tl(v, i, ago);

			/* done: a tick where it ended, then nothing */
			if (s == WS_DONE && view_tl(v, i, ago + 1) == WS_DONE)
				continue;
			if (s == WS_IDLE)
				continue;
			term_put(y, r.x + namew + 1 + col, 1, term_state_role(s),
			    term_state_glyph(s));
		}
	}
	if (shown < v->ntotal && rows > 0)
		term_printf(r.y + shown, r.x, r.w, COLOR_DIM, "+%d more workers not shown",
		    v->ntotal - shown);
	draw_legend(c, r.y + r.h - 1, r.x, r.w);
}
