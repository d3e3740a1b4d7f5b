/*
 * pane-loop.c — the event loop: the coroutine it runs now and for how
 * long, the ready queue in order, the sleeping ones (timers), and a loud
 * warning when one coroutine has held the loop for more than 100 ms, which
 * is what a blocking call inside a coroutine looks like.
 */
#include "config.h"

#include "pane.h"
#include "term.h"
#include "text.h"

#define LOOP_WARN_NS 100000000u

static int
pane_loop_height(const struct pane_ctx *c, int w)
{
	(void)c;
	(void)w;
	return 5;	/* running, ready, sleeping, two for the warning */
}

static void
pane_loop_draw(const struct pane_ctx *c, struct rect r)
{
	const struct view *v = c->v;
	int who[VIEW_MAX_WORKERS], n = 0, x, y = r.y, end = r.y + r.h;
	char ms[32];
	double lag;

	if (v == NULL) {
		pane_empty(r, "No run yet.");
		return;
	}
	if (v->model != MODEL_COROUTINE) {
		pane_empty(r, "No event loop: this run does not use coroutines.");
		return;
	}
	x = r.x + term_put(y, r.x, r.w, COLOR_NORMAL, "running:  ");
	if (v->loop_running >= 0) {
		uint64_t held = c->now > v->loop_since && !c->paused ?
		    c->now - v->loop_since : 0;

		x += term_put(y, x, r.x + r.w - x, COLOR_RUNNING,
		    pane_worker_name(v, v->loop_running));
		term_printf(y, x, r.x + r.w - x, COLOR_DIM, " for %s%s",
		    text_ms((double)held / 1e6, ms, sizeof ms),
		    v->loop_blocking ? ", blocking" : "");
	} else {
		term_put(y, x, r.x + r.w - x, COLOR_DIM,
		    v->done == v->nworkers && v->nworkers > 0 ? "nothing: all done" :
		    "nothing (the loop waits)");
	}
	if (++y >= end)
		return;
	n = view_ready(v, who, VIEW_MAX_WORKERS);
	x = r.x + term_put(y, r.x, r.w, COLOR_NORMAL, "ready:    ");
	pane_names(v, who, n, y, x, r.x + r.w - x, COLOR_READY);
	if (++y >= end)
		return;
	n = 0;
	for (int i = 0; i < v->nworkers; i++)
		if ((v->w[i].state == WS_AWAIT || v->w[i].state == WS_SLEEP) &&
		    i != v->loop_running)
			who[n++] = i;
	x = r.x + term_put(y, r.x, r.w, COLOR_NORMAL, "awaiting: ");
	pane_names(v, who, n, y, x, r.x + r.w - x, COLOR_AWAIT);
	if (++y >= end)
		return;
	if (v->loop_running >= 0 && !c->paused && c->now > v->loop_since &&
	    c->now - v->loop_since > LOOP_WARN_NS) {
		term_printf(y, r.x, r.w, COLOR_WARN, " %s has held the loop %s ",
		    pane_worker_name(v, v->loop_running),
		    text_ms((double)(c->now - v->loop_since) / 1e6, ms, sizeof ms));
		if (y + 1 < end)
			term_put(y + 1, r.x, r.w, COLOR_WAITING,
			    "nothing else runs: no await in sight");
	}
	else if (v->loop_longest_ns > LOOP_WARN_NS)
		term_printf(y, r.x, r.w, COLOR_WAITING,
		    "longest hold %s: the loop was blocked",
		    text_ms((double)v->loop_longest_ns / 1e6, ms, sizeof ms));
	else
		term_printf(y, r.x, r.w, COLOR_DIM, "longest hold %s",
		    text_ms((double)v->loop_longest_ns / 1e6, ms, sizeof ms));
	if (v->end != 0 && pane_metric(c, "max_lag_ms", &lag) && y + 1 < end)
		term_printf(y + 1, r.x, r.w, lag > 100 ? COLOR_WAITING : COLOR_DIM,
		    "the heartbeat was up to %s late", text_ms(lag, ms, sizeof ms));
}

const struct pane_class pane_loop = {
	.title = "event loop",
	.height = pane_loop_height,
	.draw = pane_loop_draw,
};
