/*
 * pane-queue.c — each queue: its slots as boxes filled to the depth (a bar
 * when there are more slots than columns), the producers blocked on a full
 * queue, the consumers blocked on an empty one, puts and gets, and the
 * poison pills put in and taken out.
 */
#include "config.h"

#include "pane.h"
#include "term.h"
#include "text.h"
#include "util.h"

static int
pane_queue_height(const struct pane_ctx *c, int w)
{
	int n = 0;

	(void)w;
	for (int i = 0; c->v != NULL && i < c->v->nobjs; i++)
		n += c->v->obj[i].kind == 'Q' ? 4 : 0;
	return n > 0 ? n : 1;
}

/* Workers blocked on queue q in state s, in arrival order. */
static int
blocked(const struct view *v, int q, enum wstate s, int *out, int max)
{
	const struct view_obj *o = &v->obj[q];
	int n = 0;

	for (int k = 0; k < o->nwaiters && n < max; k++) {
		int i = o->waiters[k];

		if (i >= 0 && i < v->nworkers && v->w[i].state == s && v->w[i].waiting_on == q)
			out[n++] = i;
	}
	return n;
}

static void
draw_slots(const struct view_obj *o, int y, int x, int cols)
{
	int cap = o->size > 0 ? o->size : 1, used, nw;
	char count[32];

	/* the count keeps its room; the name gives way, then the slots */
	xsnprintf(count, sizeof count, " %d/%d", o->depth, cap);
	nw = text_width(count);
	used = term_put_clip(y, x, cols / 2 < cols - nw ? cols / 2 : cols - nw, COLOR_HEADING,
	    o->name);
	used += term_put(y, x + used, cols - used, COLOR_NORMAL, " ");
	if (cap <= cols - used - nw) {
		for (int s = 0; s < cap; s++)
			used += term_put(y, x + used, 1, s < o->depth ? COLOR_RUNNING : COLOR_DIM,
			    term_glyph(s < o->depth ? G_SLOT_FULL : G_SLOT_EMPTY));
	} else if (cols - used - nw > 2) {
		pane_meter(y, x + used, cols - used - nw, (double)o->depth / cap,
		    COLOR_RUNNING);
		used = cols - nw;
	}
	term_put(y, x + used, cols - used, o->depth >= cap ? COLOR_QUEUE : COLOR_NORMAL, count);
}

/* Items in and out (poison pills among them), in as many words as fit. */
static void
draw_counts(const struct view_obj *o, int y, struct rect r)
{
	char full[96], brief[64];

	if (o->pills_put > 0) {
		xsnprintf(full, sizeof full, "put %lld  got %lld  pills %d in, %d out",
		    (long long)o->puts, (long long)o->gets, o->pills_put, o->pills_got);
		xsnprintf(brief, sizeof brief, "put %lld got %lld, pills %d/%d",
		    (long long)o->puts, (long long)o->gets, o->pills_put, o->pills_got);
	} else {
		xsnprintf(full, sizeof full, "put %lld  got %lld", (long long)o->puts,
		    (long long)o->gets);
		xsnprintf(brief, sizeof brief, "put %lld got %lld", (long long)o->puts,
		    (long long)o->gets);
	}
	pane_put_fit(y, r.x, r.w, COLOR_DIM, full, brief, NULL);
}

static void
pane_queue_draw(const struct pane_ctx *c, struct rect r)
{
	const struct view *v = c->v;
	int y = r.y, end = r.y + r.h, who[VIEW_MAX_WORKERS], n, x;

	if (v == NULL) {
		pane_empty(r, "No run yet.");
		return;
	}
	for (int q = 0; q < v->nobjs && y < end; q++) {
		const struct view_obj *o = &v->obj[q];

		if (o->kind != 'Q')
			continue;
		draw_slots(o, y, r.x, r.w);
		if (++y >= end)
			break;
		n = blocked(v, q, WS_QUEUE_FULL, who, VIEW_MAX_WORKERS);
		x = r.x + term_put(y, r.x, r.w, COLOR_NORMAL, "full, waiting to put: ");
		pane_names(v, who, n, y, x, r.x + r.w - x, COLOR_QUEUE);
		if (++y >= end)
			break;
		n = blocked(v, q, WS_QUEUE_EMPTY, who, VIEW_MAX_WORKERS);
		x = r.x + term_put(y, r.x, r.w, COLOR_NORMAL, "empty, waiting to get: ");
		pane_names(v, who, n, y, x, r.x + r.w - x, COLOR_QUEUE);
		if (++y >= end)
			break;
		draw_counts(o, y, r);
		y++;
	}
	if (y == r.y)
		pane_empty(r, "This demo uses no queue.");
}

const struct pane_class pane_queue = {
	.title = "queue",
	.height = pane_queue_height,
	.draw = pane_queue_draw,
};
