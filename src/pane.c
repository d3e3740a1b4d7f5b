/*
 * pane.c — the pane table and what the panes share: the box around each,
 * lists of worker names, meters.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "pane.h"
#include "term.h"
#include "text.h"
#include "util.h"

/* The table (tests that link only some panes make their own). */
#ifndef PANE_NO_TABLE
const struct pane_class *const pane_classes[PANE__MAX] = {
#define PANE(ID, name) [PANE_##ID] = &pane_##name,
#include "panes.def"
#undef PANE
};
#endif

void
pane_draw(enum lesson_pane p, const struct pane_ctx *c, struct rect r)
{
	struct rect in = { r.y + 1, r.x + 2, r.h - 2, r.w - 4 };

	if (r.h < 3 || r.w < 8)
		return;
	term_box(r, pane_classes[p]->title, COLOR_BORDER);
	pane_classes[p]->draw(c, in);
}

void
pane_ctx_live(struct pane_ctx *c, const struct live *l, const struct demo *d,
    const struct knobs *k, uint64_t now)
{
	memset(c, 0, sizeof *c);
	c->v = l->have_view ? &l->view : NULL;
	c->res = l->have_res ? &l->res : NULL;
	c->demo = d;
	c->knobs = k;
	c->phase = l->phase;
	c->paused = l->paused;
	c->stepping = l->stepping;
	c->stopped = l->stopped;
	c->elapsed_ms = live_elapsed_ms(l, now);
	c->baseline_ms = l->baseline_ms;
	c->error = l->error;
	c->histo = &l->series;
	if (!live_series_going(l, &c->series_run))
		c->series_run = 0;
	c->now = now;
}

void
pane_area(const struct pane_ctx *c, unsigned mask, struct rect area,
    struct layout *lay)
{
	int want[PANE__MAX] = { 0 };

	for (int i = 0; i < PANE__MAX; i++)
		if (mask & PANE_BIT(i))
			want[i] = pane_height(i, c, area.w);
	layout_panes(lay, area, mask, want);
	for (int i = 0; i < PANE__MAX; i++)
		if (lay->pane[i].h > 0)
			pane_draw(i, c, lay->pane[i]);
}

int
pane_height(enum lesson_pane p, const struct pane_ctx *c, int w)
{
	return pane_classes[p]->height(c, w - 4) + 2;
}

int
pane_min_height(enum lesson_pane p, const struct pane_ctx *c, int w)
{
	if (pane_classes[p]->min == NULL)
		return pane_height(p, c, w);
	return pane_classes[p]->min(c, w - 4) + 2;
}

int
pane_most_height(enum lesson_pane p, const struct pane_ctx *c, int w)
{
	if (pane_classes[p]->most == NULL)
		return pane_height(p, c, w);
	return pane_classes[p]->most(c, w - 4) + 2;
}

const char *
pane_worker_name(const struct view *v, int i)
{
	if (v == NULL || i < 0 || i >= v->nworkers)
		return "?";
	return v->w[i].name;
}

int
pane_names(const struct view *v, const int *idx, int n, int y, int x, int cols,
    int role)
{
	int used = 0;

	if (n == 0)
		return term_put(y, x, cols, COLOR_DIM, "none");
	for (int k = 0; k < n && used < cols; k++) {
		if (k > 0)
			used += term_put(y, x + used, cols - used, COLOR_NORMAL, " ");
		/* leave room to say how many did not fit */
		if (used + text_width(pane_worker_name(v, idx[k])) >
		    cols - (k < n - 1 ? 4 : 0)) {
			used += term_printf(y, x + used, cols - used, COLOR_DIM, "+%d", n - k);
			break;
		}
		used += term_put(y, x + used, cols - used, role, pane_worker_name(v, idx[k]));
	}
	return used;
}

int
pane_metric(const struct pane_ctx *c, const char *name, double *x)
{
	for (int i = 0; c->res != NULL && i < c->res->nmetrics; i++)
		if (strcmp(c->res->m[i].name, name) == 0) {
			*x = c->res->m[i].value;
			return 1;
		}
	return 0;
}

void
pane_meter(int y, int x, int cols, double frac, int role)
{
	int full = (int)(frac * cols + 0.5);

	if (frac < 0)
		full = 0;
	if (full > cols)
		full = cols;
	for (int i = 0; i < cols; i++)
		term_put(y, x + i, 1, i < full ? role : COLOR_DIM,
		    term_glyph(i < full ? G_BAR_FULL : G_BAR_EMPTY));
}

void
pane_empty(struct rect r, const char *msg)
{
	struct text_lines tl = { 0 };

	/* wrapped: a narrow pane still says it whole */
	text_wrap(msg, r.w, 0, &tl);
	for (int i = 0; i < tl.n && i < r.h; i++) {
		char line[256];

		xsnprintf(line, sizeof line, "%.*s", (int)tl.v[i].len, msg + tl.v[i].off);
		term_put(r.y + i, r.x, r.w, COLOR_DIM, line);
	}
	text_lines_free(&tl);
}

int
pane_put_fit(int y, int x, int cols, int role, ...)
{
	const char *s, *last = "";
	va_list ap;

	va_start(ap, role);
	while ((s = va_arg(ap, const char *)) != NULL) {
		last = s;
		if (text_width(s) <= cols)
			break;
	}
	va_end(ap);
	return term_put_clip(y, x, cols, role, s != NULL ? s : last);
}
