/*
 * pane-lock.c — each lock: who holds it, who waits for it in order, how
 * often it was taken and contended; each semaphore: how many are inside.
 * When the run deadlocks, the wait-for cycle as text
 * (thread-0 → lock-B → thread-1 → lock-A → thread-0), highlighted: from
 * the result when the run has ended, else followed in the view.
 */
#include "config.h"

#include <string.h>

#include "deadlock.h"
#include "engine.h"
#include "pane.h"
#include "term.h"
#include "text.h"
#include "util.h"

/* The view's wait-for cycle (deadlock.c, as the engine finds it): fills
 * the names (worker, lock, worker, lock...) and returns its length, or 0
 * when there is no cycle. */
static int
view_cycle(const struct view *v, const char **names, int max)
{
	int waiting[VIEW_MAX_WORKERS], holder[VIEW_MAX_OBJS], cycle[RUN_MAX_CYCLE];
	int nw = v->nworkers < VIEW_MAX_WORKERS ? v->nworkers : VIEW_MAX_WORKERS;
	int no = v->nobjs < VIEW_MAX_OBJS ? v->nobjs : VIEW_MAX_OBJS, n;

	for (int i = 0; i < nw; i++)
		waiting[i] = v->w[i].waiting_on;
	for (int i = 0; i < no; i++)
		holder[i] = v->obj[i].kind == 'L' ? v->obj[i].holder : -1;
	n = deadlock_cycle(waiting, nw, holder, no, cycle, max < RUN_MAX_CYCLE ? max :
	    RUN_MAX_CYCLE);
	for (int i = 0; i < n; i++)
		names[i] = i % 2 == 0 ? v->w[cycle[i]].name : v->obj[cycle[i]].name;
	return n;
}

static int
nlines(const struct pane_ctx *c)
{
	const struct view *v = c->v;
	int n = 0;

	for (int i = 0; v != NULL && i < v->nobjs; i++)
		n += v->obj[i].kind == 'L' ? 3 : v->obj[i].kind == 'S' ? 2 : 0;
	return n > 0 ? n : 1;
}

static int cycle_rows(const struct pane_ctx *c, int w);

static int
deadlocked(const struct pane_ctx *c)
{
	return c->v != NULL && (c->v->deadlocked || (c->res != NULL && c->res->ncycle > 0));
}

static int
pane_lock_height(const struct pane_ctx *c, int w)
{
	return nlines(c) + (deadlocked(c) ? cycle_rows(c, w) : 0);
}

static void
draw_cycle(const struct pane_ctx *c, int y, struct rect r)
{
	const char *names[RUN_MAX_CYCLE];
	char buf[RUN_MAX_CYCLE * 32];
	size_t off = 0;
	int n = 0;

	if (c->res != NULL && c->res->ncycle > 0) {
		for (int i = 0; i < c->res->ncycle && i < RUN_MAX_CYCLE; i++)
			names[n++] = c->res->cycle[i];
	} else {
		n = view_cycle(c->v, names, RUN_MAX_CYCLE);
	}
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		off += xsnprintf(buf + off, sizeof buf - off, "%s %s ", names[i],
		    term_glyph(G_ARROW));
	if (n > 0)
		xsnprintf(buf + off, sizeof buf - off, "%s", names[0]);
	term_put(y, r.x, r.w, COLOR_WARN, " DEADLOCK: each waits for the next ");
	if (n == 0)
		xsnprintf(buf, sizeof buf, "(a cycle formed; the run was stopped)");
	{
		struct text_lines tl = { 0 };

		text_wrap(buf, r.w, 0, &tl);
		for (int i = 0; i < tl.n && y + 1 + i < r.y + r.h; i++) {
			char line[512];

			xsnprintf(line, sizeof line, "%.*s", (int)tl.v[i].len, buf + tl.v[i].off);
			term_put(y + 1 + i, r.x, r.w, COLOR_WAITING, line);
		}
		text_lines_free(&tl);
	}
}

/* Rows the cycle takes at width w. */
static int
cycle_rows(const struct pane_ctx *c, int w)
{
	int len = 0;

	if (c->res != NULL && c->res->ncycle > 0)
		for (int i = 0; i < c->res->ncycle; i++)
			len += (int)strlen(c->res->cycle[i]) + 3;
	else
		len = 60;
	return 1 + (w > 0 ? (len + 10) / w + 1 : 1);
}

/* "waiting: a b c" under an object, in arrival order. */
static void
draw_waiters(const struct view *v, const struct view_obj *o, int y, struct rect r)
{
	int x = r.x + 2;

	x += term_put(y, x, r.w - 2, COLOR_NORMAL, "waiting: ");
	pane_names(v, o->waiters, o->nwaiters, y, x, r.x + r.w - x, COLOR_WAITING);
}

/* How often the lock was taken and how often after a wait, in as many
 * words as fit. */
static void
draw_counts(const struct view_obj *o, int y, struct rect r)
{
	char full[80], mid[64], brief[48];
	long long a = (long long)o->acquisitions, w = (long long)o->contended;

	xsnprintf(full, sizeof full, "acquired %lld time%s, %lld after a wait", a,
	    a == 1 ? "" : "s", w);
	xsnprintf(mid, sizeof mid, "acquired %lld%s, %lld after a wait", a,
	    term_glyph(G_TIMES), w);
	xsnprintf(brief, sizeof brief, "%lld taken, %lld waited", a, w);
	pane_put_fit(y, r.x + 2, r.w - 2, COLOR_DIM, full, mid, brief, NULL);
}

static void
pane_lock_draw(const struct pane_ctx *c, struct rect r)
{
	const struct view *v = c->v;
	int y = r.y, end = r.y + r.h;

	if (v == NULL) {
		pane_empty(r, "No run yet.");
		return;
	}
	if (deadlocked(c)) {
		draw_cycle(c, y, r);
		y += cycle_rows(c, r.w);
	}
	for (int i = 0; i < v->nobjs && y < end; i++) {
		const struct view_obj *o = &v->obj[i];
		int x = r.x;

		if (o->kind == 'L') {
			x += term_put_clip(y, x, r.w / 2, COLOR_HEADING, o->name);
			x += term_put(y, x, r.x + r.w - x, COLOR_NORMAL, "  held by ");
			if (o->holder >= 0)
				term_put_clip(y, x, r.x + r.w - x, COLOR_HOLDER,
				    pane_worker_name(v, o->holder));
			else
				pane_put_fit(y, x, r.x + r.w - x, COLOR_DIM, "nobody (free)",
				    "nobody", NULL);
			if (++y >= end)
				break;
			draw_waiters(v, o, y, r);
			if (++y >= end)
				break;
			draw_counts(o, y, r);
			y++;
		} else if (o->kind == 'S') {
			char in[48], brief[32];

			xsnprintf(in, sizeof in, "  %d of %d inside", o->holders, o->size);
			xsnprintf(brief, sizeof brief, "  %d/%d in", o->holders, o->size);
			x += term_put_clip(y, x, r.w - text_width(brief), COLOR_HEADING, o->name);
			pane_put_fit(y, x, r.x + r.w - x, COLOR_NORMAL, in, brief, NULL);
			if (++y >= end)
				break;
			draw_waiters(v, o, y, r);
			y++;
		}
	}
	if (y == r.y)
		pane_empty(r, "This demo uses no locks.");
}

const struct pane_class pane_lock = {
	.title = "locks",
	.height = pane_lock_height,
	.draw = pane_lock_draw,
};
