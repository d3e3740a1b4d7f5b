/*
 * pane-cores.c — a meter per CPU core, like htop's: how busy the demo's
 * workers kept it over the last quarter second, and which worker runs on
 * it now.  Under the GIL only its holder counts as running.  Once the
 * run has ended, each meter shows the run's average instead, labelled so,
 * and scaled to the CPU time the run measured: on a loaded machine a
 * worker "running" on a core got only part of it, and the meters must not
 * say 100 % beside a result of 0.5 cores' worth.
 */
#include "config.h"

#include "pane.h"
#include "term.h"
#include "util.h"

static int
pane_cores_height(const struct pane_ctx *c, int w)
{
	(void)w;
	return c->v != NULL ? c->v->ncores + 1 : 2;
}

/* After the run: the share of the cores' busy time that was CPU the
 * workers really got (the result's cpu_ms), at most 1. */
static double
cpu_share(const struct pane_ctx *c)
{
	const struct view *v = c->v;
	double cpu, busy = 0;

	if (v->end == 0 || !pane_metric(c, "cpu_ms", &cpu))
		return 1;
	for (int k = 0; k < v->ncores; k++)
		busy += view_core_average(v, k) * (double)(v->end - v->t0) / 1e6;
	return busy > 0 && cpu < busy ? cpu / busy : 1;
}

static void
pane_cores_draw(const struct pane_ctx *c, struct rect r)
{
	const struct view *v = c->v;
	int rows = r.h, shown, namew = 12, barw;
	double share;

	if (v == NULL) {
		pane_empty(r, "No run yet.");
		return;
	}
	share = cpu_share(c);
	shown = v->ncores < rows ? v->ncores : rows - (rows > 1);
	barw = r.w - 6 - 5 - 1 - namew;
	if (barw < 4) {
		namew -= 4 - barw;
		barw = 4;
	}
	for (int k = 0; k < shown; k++) {
		const struct view_core *core = &v->core[k];
		int y = r.y + k, x = r.x;
		double util = v->end != 0 ? view_core_average(v, k) * share : core->util;

		x += term_printf(y, x, 6, COLOR_HEADING, "cpu%-2d ", k);
		pane_meter(y, x, barw, util, COLOR_RUNNING);
		x += barw;
		x += term_printf(y, x, 5, COLOR_NORMAL, "%4.0f%%", util * 100);
		x++;
		if (v->end != 0)
			term_put(y, x, namew, COLOR_DIM, "average");
		else if (core->worker >= 0)
			term_put_clip(y, x, namew, COLOR_RUNNING, pane_worker_name(v, core->worker));
		else
			term_put(y, x, namew, COLOR_DIM, "idle");
	}
	if (shown < rows) {
		int on = 0;

		for (int k = 0; k < v->ncores; k++)
			on += v->core[k].worker >= 0;
		if (shown < v->ncores)
			term_printf(r.y + shown, r.x, r.w, COLOR_DIM, "+%d more core%s",
			    v->ncores - shown, v->ncores - shown == 1 ? "" : "s");
		else if (v->end != 0 && share < 0.9)
			/* the machine was busy with more than this run */
			pane_put_fit(r.y + shown, r.x, r.w, COLOR_DIM,
			    "run average (CPU it got; the machine was busy)",
			    "run average (CPU it got)", "run average", NULL);
		else if (v->end != 0)
			term_printf(r.y + shown, r.x, r.w, COLOR_DIM,
			    "run average, %d core%s", v->ncores,
			    v->ncores == 1 ? "" : "s");
		else {
			char full[64], brief[32];

			xsnprintf(full, sizeof full, "%d of %d core%s busy now%s", on,
			    v->ncores, v->ncores == 1 ? "" : "s",
			    v->gil ? ": GIL, one at a time" : "");
			xsnprintf(brief, sizeof brief, "%d of %d busy%s", on, v->ncores,
			    v->gil ? ", one GIL" : "");
			pane_put_fit(r.y + shown, r.x, r.w, COLOR_DIM, full, brief, NULL);
		}
	}
}

const struct pane_class pane_cores = {
	.title = "cores",
	.height = pane_cores_height,
	.draw = pane_cores_draw,
};
