/*
 * pane-results.c — the numbers the lesson text refers to: the wall time
 * (counting while the demo runs), then CPU time, speedup against the
 * sequential baseline when there is one, the cores used, and the demo's
 * own metrics, the telling ones coloured (final short of expected, lost
 * or duplicated items, a deadlock).
 */
#include "config.h"

#include <string.h>

#include "bigtext.h"
#include "pane.h"
#include "term.h"
#include "text.h"
#include "util.h"

/* The role of a demo metric's value: bad news in the warning role. */
static enum color_role
metric_role(const struct result *res, const char *name, double v)
{
	double e;

	if (strcmp(name, "lost") == 0 || strcmp(name, "duplicated") == 0 ||
	    strcmp(name, "deadlocked") == 0)
		return v > 0 ? COLOR_WAITING : COLOR_GOOD;
	if (strcmp(name, "final") == 0 && result_metric(res, "expected", &e) == 0)
		return v == e ? COLOR_GOOD : COLOR_WAITING;
	return COLOR_NORMAL;
}

static int
ndemo_metrics(const struct pane_ctx *c)
{
	int n = 0;

	for (int i = 0; c->demo != NULL && c->demo->metrics[i] != NULL; i++)
		n++;
	return n;
}

/* Two metrics to a row when the longest name and value fit half a row. */
static int
metrics_per_row(const struct pane_ctx *c, int w)
{
	int longest = 0;

	for (int i = 0; c->demo != NULL && c->demo->metrics[i] != NULL; i++) {
		char num[32];
		double v = 0;
		int vw = 8;	/* before the run: room for a typical value */

		if (c->res != NULL && result_metric(c->res, c->demo->metrics[i], &v) == 0)
			vw = text_width(text_num(v, num, sizeof num));
		if ((int)strlen(c->demo->metrics[i]) + 1 + vw + 1 > longest)
			longest = (int)strlen(c->demo->metrics[i]) + 1 + vw + 1;
	}
	return longest <= w / 2 ? 2 : 1;
}

/*
 * A start-up cost step (the demo's cost model says its point is how short
 * the start-up is): the run is over before the eye arrives, so its result
 * is shown large instead, the measured cost of starting each worker.
 * Fills the value in the big font's characters; 0 when there is none.
 */
static int
startup_value(const struct pane_ctx *c, char *buf, size_t len)
{
	int startup = 0;
	double us;

	if (c->demo == NULL || c->knobs == NULL || c->res == NULL ||
	    c->phase != LIVE_DONE || !run_end_has_results(c->res->end) ||
	    result_metric(c->res, "per_worker_us", &us) != 0)
		return 0;
	(void)demo_cost(c->demo, c->knobs, 0, 1, &startup);
	if (!startup)
		return 0;
	xsnprintf(buf, len, us < 10 ? "%.2f" : us < 100 ? "%.1f" : "%.0f", us);
	return 1;
}

/* Rows the start-up headline takes at width w (half size when narrow). */
static int
headline_rows(const struct pane_ctx *c, int w, int *half)
{
	char big[24];

	if (!startup_value(c, big, sizeof big))
		return 0;
	*half = bigtext_width(big, 0) > w;
	return bigtext_rows(*half) + 1;
}

static void
draw_headline(const struct pane_ctx *c, struct rect r, int half)
{
	char big[24], row[256], label[64];
	const char *model = model_name(c->knobs->v[KNOB_MODEL]);

	(void)startup_value(c, big, sizeof big);
	for (int i = 0; i < bigtext_rows(half); i++) {
		bigtext_row(big, half, term_ascii(), i, row, sizeof row);
		term_put(r.y + i, r.x, r.w, COLOR_HEADING, row);
	}
	xsnprintf(label, sizeof label, "µs to start each %s (per_worker_us)", model);
	pane_put_fit(r.y + bigtext_rows(half), r.x, r.w, COLOR_DIM, label,
	    "µs per worker", NULL);
}

static int
pane_results_height(const struct pane_ctx *c, int w)
{
	int per_row = metrics_per_row(c, w), half;

	return 3 + headline_rows(c, w, &half) +
	    (c->baseline_ms >= 0 || c->phase == LIVE_BASELINE) +
	    (c->res != NULL && c->res->broken[0] != '\0') +
	    (ndemo_metrics(c) + per_row - 1) / per_row;
}

static int
row(int y, struct rect r, const char *label, enum color_role role, const char *value)
{
	term_put(y, r.x, 10, COLOR_DIM, label);
	return term_put_clip(y, r.x + 10, r.w - 10, role, value);
}

/* A labelled row whose value has a long and a brief form. */
static void
row_fit(int y, struct rect r, const char *label, enum color_role role, const char *full,
    const char *brief)
{
	term_put(y, r.x, 10, COLOR_DIM, label);
	pane_put_fit(y, r.x + 10, r.w - 10, role, full, brief, NULL);
}

/* The CPUs a run used as ranges: "0-3 6". */
static void
cpu_ranges(uint64_t seen, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int k = 0; k < 64; k++) {
		int e = k;

		if (!(seen & (1ull << k)))
			continue;
		while (e + 1 < 64 && (seen & (1ull << (e + 1))))
			e++;
		off += xsnprintf(buf + off, len - off, e > k + 1 ? "%s%d-%d" : e == k + 1 ?
		    "%s%d %d" : "%s%d", off > 0 ? " " : "", k, e);
		k = e;
	}
}

/* The demo's shared value, live (the counter), and in step mode the value
 * each worker read and has not written back yet. */
static void
draw_value(const struct pane_ctx *c, struct rect r)
{
	const struct view *v = c->v;
	char num[32], buf[96];
	int y = r.y + 2, x;

	if (v == NULL || !v->has_value || y >= r.y + r.h)
		return;
	row(y++, r, "counter", COLOR_HEADING, text_num((double)v->value, num, sizeof num));
	if (!c->stepping)
		return;
	/* one at a time, every write is seen in order: a stale one is a
	 * lost update, and the learner made it */
	if (v->lost > 0 && v->lost_by >= 0 && y < r.y + r.h) {
		xsnprintf(buf, sizeof buf, "%lld: %s wrote %s over %lld", (long long)v->lost,
		    pane_worker_name(v, v->lost_by), text_num((double)v->value, num,
		    sizeof num), (long long)v->lost_over);
		row(y++, r, "lost", COLOR_WAITING, buf);
	}
	for (int i = 0, col = 0; i < v->nworkers && y < r.y + r.h; i++) {
		if (!v->w[i].has_read)
			continue;
		xsnprintf(buf, sizeof buf, ": %s", text_num((double)v->w[i].read, num,
		    sizeof num));
		x = r.x + (col % 2) * (r.w / 2);
		/* the value whole; the name gives way */
		x += term_put_clip(y, x, r.w / 2 - 1 - text_width(buf), COLOR_PARKED,
		    v->w[i].name);
		term_put(y, x, text_width(buf), COLOR_PARKED, buf);
		if (++col % 2 == 0)
			y++;
	}
}

static void
draw_running(const struct pane_ctx *c, struct rect r)
{
	char ms[32];

	row(r.y, r, "wall", COLOR_RUNNING, text_ms(c->elapsed_ms, ms, sizeof ms));
	if (r.h < 2)
		return;
	if (c->replay)
		term_put(r.y + 1, r.x, r.w, COLOR_KEY, "replay: End shows the end");
	else if (c->phase == LIVE_BASELINE)
		term_put(r.y + 1, r.x, r.w, COLOR_DIM, "sequential baseline first");
	else if (c->phase == LIVE_STOPPING)
		term_put(r.y + 1, r.x, r.w, COLOR_DIM, "stopping…");
	else if (c->paused)
		term_put(r.y + 1, r.x, r.w, COLOR_PARKED, " paused: z resumes ");
	else if (c->stepping && c->v != NULL && c->v->has_value)
		term_put(r.y + 1, r.x, r.w, COLOR_PARKED, " step mode: each worker read ");
	else if (c->stepping)
		term_put(r.y + 1, r.x, r.w, COLOR_PARKED, " step mode ");
	else if (c->baseline_ms >= 0)
		term_printf(r.y + 1, r.x, r.w, COLOR_DIM, "baseline took %s",
		    text_ms(c->baseline_ms, ms, sizeof ms));
	else
		term_put(r.y + 1, r.x, r.w, COLOR_DIM, "running… Space stops it");
	draw_value(c, r);
}

static void
pane_results_draw(const struct pane_ctx *c, struct rect r)
{
	const struct result *res = c->res;
	char ms[32], buf[96], num[32];
	double wall = 0, cpu = 0, v;
	int y = r.y, end = r.y + r.h, per_row, colw;

	/* replay: the time and the counter at the cursor, as while it ran */
	if (c->replay || c->phase == LIVE_BASELINE || c->phase == LIVE_RUNNING ||
	    c->phase == LIVE_STOPPING) {
		draw_running(c, r);
		return;
	}
	if (c->phase == LIVE_FAILED && c->error[0] != '\0') {
		term_put(y, r.x, r.w, COLOR_WARN, " failed ");
		if (r.h > 1)
			term_put(y + 1, r.x, r.w, COLOR_WAITING, c->error);
		return;
	}
	if (res == NULL) {
		pane_empty(r, "Press Space to run the demo.");
		return;
	}
	{
		int half, hr = headline_rows(c, r.w, &half);

		if (hr > 0 && hr + 1 > r.h && !half) {	/* short of rows: half size */
			half = 1;
			hr = bigtext_rows(1) + 1;
		}
		if (hr > 0 && hr < r.h) {
			draw_headline(c, r, half);
			y += hr;
		}
	}
	(void)result_metric(res, "wall_ms", &wall);
	(void)result_metric(res, "cpu_ms", &cpu);
	text_ms(wall, ms, sizeof ms);
	/* A stopped run says so, and claims none of the figures it never
	 * reached: no speedup, no metric (DESIGN rule 7). */
	xsnprintf(buf, sizeof buf, "%s%s", res->end == RUN_STOPPED ? "stopped after " :
	    res->end == RUN_FAILED ? "failed after " : "", ms);
	row(y++, r, "wall", res->end == RUN_STOPPED ? COLOR_WARN : COLOR_HEADING, buf);
	if (y >= end)
		return;
	if (res->broken[0] != '\0') {
		xsnprintf(buf, sizeof buf, "stood %s, then stopped",
		    text_ms(res->stood_ms, num, sizeof num));
		row_fit(y++, r, "deadlock", COLOR_WAITING, buf, num);
		if (y >= end)
			return;
	}
	if (c->baseline_ms >= 0 && wall > 0 && res->end == RUN_DONE) {
		char brief[32];

		xsnprintf(buf, sizeof buf, "%.2f%s  (sequential %s)", c->baseline_ms / wall,
		    term_glyph(G_TIMES), text_ms(c->baseline_ms, num, sizeof num));
		xsnprintf(brief, sizeof brief, "%.2f%s", c->baseline_ms / wall,
		    term_glyph(G_TIMES));
		row_fit(y++, r, "speedup", c->baseline_ms / wall >= 1.5 ? COLOR_GOOD :
		    COLOR_NORMAL, buf, brief);
		if (y >= end)
			return;
	}
	xsnprintf(buf, sizeof buf, "%s", text_ms(cpu, ms, sizeof ms));
	if (wall > 0)
		xsnprintf(buf + strlen(buf), sizeof buf - strlen(buf),
		    "  (%.1f cores' worth)", cpu / wall);
	row_fit(y++, r, "CPU", COLOR_NORMAL, buf, ms);
	if (y >= end)
		return;
	cpu_ranges(res->cpus_seen, buf, sizeof buf);
	row(y++, r, "cores", COLOR_NORMAL, buf[0] != '\0' ? buf : "-");
	per_row = metrics_per_row(c, r.w);
	colw = r.w / per_row;
	for (int i = 0; c->demo != NULL && c->demo->metrics[i] != NULL && y < end; i++) {
		const char *name = c->demo->metrics[i];
		int x = r.x + (i % per_row) * colw, w;

		w = term_put(y, x, colw, COLOR_DIM, name);
		w += term_put(y, x + w, colw - w, COLOR_DIM, " ");
		if (!run_end_has_results(res->end))
			term_put(y, x + w, colw - w, COLOR_DIM, "—");
		else if (result_metric(res, name, &v) != 0)
			term_put(y, x + w, colw - w, COLOR_DIM, "-");
		else if (strcmp(name, "deadlocked") == 0)
			term_put(y, x + w, colw - w, metric_role(res, name, v), v > 0 ? "yes" : "no");
		else
			term_put(y, x + w, colw - w, metric_role(res, name, v),
			    text_num(v, num, sizeof num));
		if (i % per_row == per_row - 1)
			y++;
	}
}

const struct pane_class pane_results = {
	.title = "results",
	.height = pane_results_height,
	.draw = pane_results_draw,
};
