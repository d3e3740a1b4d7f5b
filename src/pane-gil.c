/*
 * pane-gil.c — the GIL model: who holds it, who waits for it, how often it
 * changed hands and how often a waiter had to force a drop.  Says so
 * plainly when there is no GIL (free-threaded, or one per process).
 */
#include "config.h"

#include "pane.h"
#include "term.h"
#include "text.h"
#include "util.h"

static int
pane_gil_height(const struct pane_ctx *c, int w)
{
	(void)c;
	(void)w;
	return 3;
}

static void
pane_gil_draw(const struct pane_ctx *c, struct rect r)
{
	const struct view *v = c->v;
	int who[VIEW_MAX_WORKERS], n, x, y = r.y;

	if (v == NULL) {
		if (c->knobs != NULL && c->demo != NULL && demo_takes_knob(c->demo, KNOB_GIL))
			pane_empty(r, c->knobs->v[KNOB_GIL] == ON ? "GIL on. No run yet." :
			    "GIL off (free-threaded). No run yet.");
		else
			pane_empty(r, "No run yet.");
		return;
	}
	if (!v->gil) {
		static const char *const what[MODEL__MAX][2] = {
			[MODEL_SEQUENTIAL] = { "Sequential: one GIL, one thread",
			    "each worker runs after the last" },
			[MODEL_THREAD] = { "GIL off (free-threaded)",
			    "threads run bytecode in parallel" },
			[MODEL_PROCESS] = { "One GIL per process",
			    "processes never wait for each other's" },
			[MODEL_COROUTINE] = { "One thread, one GIL",
			    "coroutines take turns on the event loop" },
		};
		int m = v->model >= 0 && v->model < MODEL__MAX ? v->model : MODEL_THREAD;

		term_put(y, r.x, r.w, COLOR_HEADING, what[m][0]);
		if (r.h > 1)
			term_put(y + 1, r.x, r.w, COLOR_DIM, what[m][1]);
		return;
	}
	x = r.x + term_put(y, r.x, r.w, COLOR_NORMAL, "holder:  ");
	if (v->gil_holder >= 0)
		term_put_clip(y, x, r.x + r.w - x, COLOR_HOLDER, pane_worker_name(v, v->gil_holder));
	else
		term_put(y, x, r.x + r.w - x, COLOR_DIM, "nobody");
	if (++y >= r.y + r.h)
		return;
	n = view_in_state(v, WS_GIL_WAIT, who, VIEW_MAX_WORKERS);
	x = r.x + term_put(y, r.x, r.w, COLOR_NORMAL, "waiting: ");
	pane_names(v, who, n, y, x, r.x + r.w - x, COLOR_GIL);
	if (++y >= r.y + r.h)
		return;
	{
		char full[64], brief[48];

		xsnprintf(full, sizeof full, "switches %lld  forced drops %lld",
		    (long long)v->gil_switches, (long long)v->gil_forced);
		xsnprintf(brief, sizeof brief, "%lld switches, %lld forced",
		    (long long)v->gil_switches, (long long)v->gil_forced);
		pane_put_fit(y, r.x, r.w, COLOR_DIM, full, brief, NULL);
	}
}

const struct pane_class pane_gil = {
	.title = "GIL",
	.height = pane_gil_height,
	.draw = pane_gil_draw,
};
