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
#include "util.h"

#define LOOP_WARN_NS 100000000u

static int
pane_loop_height(const struct pane_ctx *c, int w)
{
	(void)w;
	/* running, ready, awaiting, two for the warning; and how many of a
	 * crowd the lists count */
	return 5 + (c->v != NULL && c->v->ntotal > c->v->nworkers);
}

/* Is a coroutine in state s suspended at an await (not running, ready,
 * not started or finished)? */
static int
coro_suspended(enum wstate s)
{
	switch (s) {
	case WS_AWAIT:
	case WS_SLEEP:
	case WS_LOCK_WAIT:
	case WS_SEM_WAIT:
	case WS_QUEUE_FULL:
	case WS_QUEUE_EMPTY:
	case WS_DEADLOCK:
		return 1;
	default:
		return 0;
	}
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

		const char *name = pane_worker_name(v, v->loop_running);
		char full[48], brief[32];
		int room = r.x + r.w - x;

		xsnprintf(full, sizeof full, " for %s%s", text_ms((double)held / 1e6, ms,
		    sizeof ms), v->loop_blocking ? ", blocking" : "");
		xsnprintf(brief, sizeof brief, " %s", ms);
		/* the name, clipped if need be, and how long in as many words as fit */
		x += term_put_clip(y, x, room - text_width(text_width(name) +
		    text_width(full) <= room ? full : brief), COLOR_RUNNING, name);
		pane_put_fit(y, x, r.x + r.w - x, COLOR_DIM, full, brief, NULL);
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
	/* every coroutine suspended at an await: a sleep, a lock, a queue,
	 * a semaphore, or a deadlock's cycle */
	for (int i = 0; i < v->nworkers; i++)
		if (coro_suspended(v->w[i].state) && i != v->loop_running)
			who[n++] = i;
	x = r.x + term_put(y, r.x, r.w, COLOR_NORMAL, "awaiting: ");
	pane_names(v, who, n, y, x, r.x + r.w - x, COLOR_AWAIT);
	if (++y >= end)
		return;
	if (v->ntotal > v->nworkers) {
		char full[80], brief[48];

		/* the lists count only the coroutines the view follows */
		xsnprintf(full, sizeof full, "(counting the first %d of %d coroutines)",
		    v->nworkers, v->ntotal);
		xsnprintf(brief, sizeof brief, "(first %d of %d)", v->nworkers, v->ntotal);
		pane_put_fit(y, r.x, r.w, COLOR_DIM, full, brief, NULL);
		if (++y >= end)
			return;
	}
	if (v->loop_running >= 0 && !c->paused && c->now > v->loop_since &&
	    c->now - v->loop_since > LOOP_WARN_NS) {
		char full[96], brief[64];
		const char *name = pane_worker_name(v, v->loop_running);

		text_ms((double)(c->now - v->loop_since) / 1e6, ms, sizeof ms);
		xsnprintf(full, sizeof full, " %s has held the loop %s ", name, ms);
		xsnprintf(brief, sizeof brief, " loop held %s ", ms);
		pane_put_fit(y, r.x, r.w, COLOR_WARN, full, brief, NULL);
		if (y + 1 < end)
			pane_put_fit(y + 1, r.x, r.w, COLOR_WAITING,
			    "nothing else runs: no await in sight", "nothing else runs", NULL);
	} else {
		char full[64], brief[48];
		int blocked = v->loop_longest_ns > LOOP_WARN_NS;

		text_ms((double)v->loop_longest_ns / 1e6, ms, sizeof ms);
		xsnprintf(full, sizeof full, "longest hold %s%s", ms,
		    blocked ? ": the loop was blocked" : "");
		xsnprintf(brief, sizeof brief, "longest hold %s%s", ms, blocked ? ", blocked" : "");
		pane_put_fit(y, r.x, r.w, blocked ? COLOR_WAITING : COLOR_DIM, full, brief, NULL);
	}
	if (v->end != 0 && pane_metric(c, "max_lag_ms", &lag) && y + 1 < end) {
		char full[64], brief[48];

		text_ms(lag, ms, sizeof ms);
		xsnprintf(full, sizeof full, "the heartbeat was up to %s late", ms);
		xsnprintf(brief, sizeof brief, "heartbeat up to %s late", ms);
		pane_put_fit(y + 1, r.x, r.w, lag > 100 ? COLOR_WAITING : COLOR_DIM, full,
		    brief, NULL);
	}
}

const struct pane_class pane_loop = {
	.title = "event loop",
	.height = pane_loop_height,
	.draw = pane_loop_draw,
};
