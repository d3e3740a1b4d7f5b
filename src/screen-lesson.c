/*
 * screen-lesson.c — the lesson player: a step's prose and code on one side,
 * its live panes on the other (stacked below when the terminal is narrow),
 * the knob bar and the status line; step mode ("be the scheduler") in
 * place of the prose.
 *
 * Keys go through keymap_step (in step mode) then keymap_lesson, and the
 * command found runs from lesson_cmds[], a table indexed by command.
 * Knob commands change the player's knobs; when a run is going it restarts
 * with them, otherwise the next Space uses them.  The demo itself runs in
 * a struct live (live.h), which never blocks this thread.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "layout.h"
#include "live.h"
#include "pane.h"
#include "prose.h"
#include "syntax.h"
#include "term.h"
#include "text.h"
#include "ui.h"
#include "util.h"

#define CLOCK_REDRAW_NS 100000000u	/* the running clock: 10 updates a second */

struct player {
	const struct lesson *l;
	int step;
	struct live live;
	struct knobs knobs;		/* the knobs the next run uses */
	int pace;
	int hints;
	int scroll;
	enum layout_zoom zoom;
	int pick;			/* step mode: the chosen parked worker */
	struct layout lay;
	/* prose cache, rebuilt when its key changes */
	struct prose prose;
	int prose_step, prose_width, prose_hints;
	unsigned prose_gen;
	unsigned knob_gen;
	/* what the last frame showed */
	uint64_t drawn_at;
	unsigned parked_sig;
};

/* The knob +/- changes: the first of these the demo takes. */
static const int count_knobs[] = {
	KNOB_WORKERS, KNOB_CPU_THREADS, KNOB_LIMIT, KNOB_CONSUMERS, KNOB_TASKS,
	KNOB_COUNT,
};

/* Slow-motion factors < and > step through. */
static const int paces[] = { 1, 2, 3, 5, 10, 20, 50 };

static const struct lesson_step *
cur_step(const struct player *p)
{
	return &p->l->steps[p->step];
}

static const struct demo *
cur_demo(const struct player *p)
{
	const struct lesson_step *st = cur_step(p);

	return st->demo != NULL ? st->demo->demo : NULL;
}

static int
count_knob(const struct demo *d)
{
	for (size_t i = 0; d != NULL && i < nitems(count_knobs); i++)
		if (demo_takes_knob(d, count_knobs[i]))
			return count_knobs[i];
	return -1;
}

/* --- progress ---------------------------------------------------------- */

static void
note_progress(struct ui *ui, struct player *p)
{
	struct progress_entry *e = progress_get(&ui->prog, p->l->id, 1);

	xsnprintf(ui->prog.last, sizeof ui->prog.last, "%s", p->l->id);
	if (e != NULL) {
		e->step = p->step;
		if (p->step == p->l->nsteps - 1)
			e->done = 1;
	}
	ui_save_progress(ui);
}

/* --- steps ------------------------------------------------------------- */

/* The pace a run goes at: the learner's slow motion times the step's own
 * (a binding's pace= stretches a demo too quick to watch; demo-cost.c). */
static int
player_pace(const struct player *p)
{
	const struct lesson_step *st = cur_step(p);
	int pace = p->pace;

	if (st->demo != NULL && knobs_isset(&st->demo->knobs, KNOB_PACE))
		pace *= st->demo->knobs.v[KNOB_PACE];
	return pace < knob_table[KNOB_PACE].max ? pace : knob_table[KNOB_PACE].max;
}

static void
step_enter(struct ui *ui, struct player *p, int step)
{
	const struct lesson_step *st;

	if (step < 0)
		step = 0;
	if (step >= p->l->nsteps)
		step = p->l->nsteps - 1;
	p->step = step;
	st = cur_step(p);
	live_reset(&p->live);
	memset(&p->knobs, 0, sizeof p->knobs);
	if (st->demo != NULL)
		p->knobs = st->demo->knobs;
	knobs_set(&p->knobs, KNOB_PACE, player_pace(p));
	p->knob_gen++;
	p->scroll = 0;
	p->pick = 0;
	note_progress(ui, p);
}

static void
lesson_enter(struct ui *ui)
{
	struct player *p = xcalloc(1, sizeof *p);

	ui->player = p;
	p->l = ui->open_lesson;
	p->pace = 1;
	p->prose_step = -1;
	live_init(&p->live, ui->ncores);
	step_enter(ui, p, ui->open_step);
}

static void
lesson_leave(struct ui *ui)
{
	struct player *p = ui->player;

	if (p == NULL)
		return;
	live_free(&p->live);
	prose_free(&p->prose);
	free(p);
	ui->player = NULL;
}

/* --- running ----------------------------------------------------------- */

static enum ui_action
start_run(struct ui *ui, struct player *p)
{
	const struct lesson_step *st = cur_step(p);

	if (st->demo == NULL) {
		ui_notice(ui, COLOR_NOTICE, 3, "This step has no demo: n goes on.");
		return UI_REDRAW;
	}
	if (live_start(&p->live, st->demo->demo, &p->knobs, st->demo->baseline) != 0)
		ui_notice(ui, COLOR_WARN, 5, "cannot run: %s", p->live.error);
	return UI_REDRAW;
}

/* Knobs changed: restart a running demo with them. */
static enum ui_action
knobs_changed(struct ui *ui, struct player *p, int id)
{
	char buf[32];

	p->knob_gen++;
	if (live_running(&p->live))
		return start_run(ui, p);
	ui_notice(ui, COLOR_NOTICE, 3, "%s %s: Space runs it", knob_table[id].name,
	    knob_format(id, p->knobs.v[id], buf, sizeof buf));
	return UI_REDRAW;
}

/* Set knob id to v if the demo accepts the whole set; else say why. */
static int
try_knob(struct ui *ui, struct player *p, int id, int v)
{
	struct knobs k = p->knobs;
	char err[256];

	knobs_set(&k, id, v);
	if (id == KNOB_MODEL && demo_takes_knob(cur_demo(p), KNOB_EXECUTOR) &&
	    (v == MODEL_THREAD || v == MODEL_PROCESS))
		knobs_set(&k, KNOB_EXECUTOR, v == MODEL_THREAD ? EXECUTOR_THREAD :
		    EXECUTOR_PROCESS);
	if (id == KNOB_MODEL && knobs_isset(&k, KNOB_WORKERS) &&
	    k.v[KNOB_WORKERS] > model_max_workers(v))
		knobs_set(&k, KNOB_WORKERS, model_max_workers(v));
	if (demo_resolve_knobs(cur_demo(p), &k, err, sizeof err) != 0) {
		ui_notice(ui, COLOR_WARN, 4, "%s", err);
		return -1;
	}
	p->knobs = k;
	return 0;
}

static int
knob_value(const struct player *p, int id)
{
	struct knobs k = p->knobs;
	char err[256];

	if (demo_resolve_knobs(cur_demo(p), &k, err, sizeof err) != 0)
		return p->knobs.v[id];
	return k.v[id];
}

static int
count_step(int v)
{
	return v < 10 ? 1 : v < 50 ? 5 : v < 200 ? 25 : 100;
}

static enum ui_action
cmd_count(struct ui *ui, struct player *p, int dir)
{
	int id = count_knob(cur_demo(p)), v, nv;

	if (id < 0) {
		ui_notice(ui, COLOR_NOTICE, 3, "This step's demo has no count to change.");
		return UI_REDRAW;
	}
	v = knob_value(p, id);
	nv = dir > 0 ? v + count_step(v) : v - count_step(v - 1);
	if (nv < knob_table[id].min)
		nv = knob_table[id].min;
	if (nv > knob_table[id].max)
		nv = knob_table[id].max;
	if (id == KNOB_WORKERS && nv > model_max_workers(knob_value(p, KNOB_MODEL)))
		nv = model_max_workers(knob_value(p, KNOB_MODEL));
	if (nv == v) {
		ui_notice(ui, COLOR_NOTICE, 3, "%s is at its %s (%d)", knob_table[id].name,
		    dir > 0 ? "maximum" : "minimum", v);
		return UI_REDRAW;
	}
	if (try_knob(ui, p, id, nv) != 0)
		return UI_REDRAW;
	return knobs_changed(ui, p, id);
}

/* Toggle or cycle a choice knob; models only among the demo's. */
static enum ui_action
cmd_choice(struct ui *ui, struct player *p, int id)
{
	const struct demo *d = cur_demo(p);
	int n = 0, v;

	if (d == NULL || !demo_takes_knob(d, id) ||
	    (id == KNOB_MODEL && __builtin_popcount(d->models) < 2)) {
		ui_notice(ui, COLOR_NOTICE, 3, "This step's demo has no %s knob.",
		    knob_table[id].name);
		return UI_REDRAW;
	}
	while (knob_table[id].choices[n] != NULL)
		n++;
	v = knob_value(p, id);
	for (int tries = 0; tries < n; tries++) {
		v = (v + 1) % n;
		if (id == KNOB_MODEL && !(d->models & MODEL_BIT(v)))
			continue;
		if (try_knob(ui, p, id, v) == 0)
			return knobs_changed(ui, p, id);
		break;
	}
	return UI_REDRAW;
}

static enum ui_action
cmd_pace(struct ui *ui, struct player *p, int dir)
{
	int i = 0;

	while (i + 1 < (int)nitems(paces) && paces[i] < p->pace)
		i++;
	i += dir;
	if (i < 0 || i >= (int)nitems(paces))
		return UI_NONE;
	p->pace = paces[i];
	knobs_set(&p->knobs, KNOB_PACE, player_pace(p));
	if (p->live.run != NULL)
		run_set_pace(p->live.run, player_pace(p));
	ui_notice(ui, COLOR_NOTICE, 2, p->pace == 1 ? "full speed" :
	    "slow motion: %d%s slower", p->pace, term_glyph(G_TIMES));
	p->knob_gen++;
	return UI_REDRAW;
}

/* --- the commands ------------------------------------------------------ */

typedef enum ui_action (*lesson_cmd_fn)(struct ui *, struct player *, int key);

static enum ui_action
do_next(struct ui *ui, struct player *p, int key)
{
	if (p->step + 1 >= p->l->nsteps) {
		ui_notice(ui, COLOR_GOOD, 4, "Lesson done. q goes back to the menu.");
		return UI_REDRAW;
	}
	step_enter(ui, p, p->step + 1);
	return UI_REDRAW;
}

static enum ui_action
do_prev(struct ui *ui, struct player *p, int key)
{
	if (p->step == 0)
		return UI_NONE;
	step_enter(ui, p, p->step - 1);
	return UI_REDRAW;
}

static enum ui_action
do_run(struct ui *ui, struct player *p, int key)
{
	if (live_running(&p->live)) {
		live_stop(&p->live);
		return UI_REDRAW;
	}
	return start_run(ui, p);
}

static enum ui_action
do_more(struct ui *ui, struct player *p, int key)
{
	return cmd_count(ui, p, +1);
}

static enum ui_action
do_fewer(struct ui *ui, struct player *p, int key)
{
	return cmd_count(ui, p, -1);
}

static enum ui_action
do_lock(struct ui *ui, struct player *p, int key)
{
	return cmd_choice(ui, p, KNOB_LOCK);
}

static enum ui_action
do_gil(struct ui *ui, struct player *p, int key)
{
	return cmd_choice(ui, p, KNOB_GIL);
}

static enum ui_action
do_model(struct ui *ui, struct player *p, int key)
{
	return cmd_choice(ui, p, KNOB_MODEL);
}

static enum ui_action
do_order(struct ui *ui, struct player *p, int key)
{
	return cmd_choice(ui, p, KNOB_ORDER);
}

static enum ui_action
do_style(struct ui *ui, struct player *p, int key)
{
	return cmd_choice(ui, p, KNOB_STYLE);
}

static enum ui_action
do_slower(struct ui *ui, struct player *p, int key)
{
	return cmd_pace(ui, p, +1);
}

static enum ui_action
do_faster(struct ui *ui, struct player *p, int key)
{
	return cmd_pace(ui, p, -1);
}

static enum ui_action
do_pause(struct ui *ui, struct player *p, int key)
{
	if (!live_running(&p->live)) {
		ui_notice(ui, COLOR_NOTICE, 3, "Nothing is running: Space starts the demo.");
		return UI_REDRAW;
	}
	live_pause(&p->live, !p->live.paused);
	if (p->live.paused)
		ui_notice(ui, COLOR_NOTICE, 0, "Paused: workers stop at their next lock, "
		    "queue or semaphore operation. z resumes.");
	else
		ui_notice(ui, COLOR_NOTICE, 2, "Resumed.");
	return UI_REDRAW;
}

static enum ui_action
do_step(struct ui *ui, struct player *p, int key)
{
	if (p->live.stepping) {
		live_step_mode(&p->live, 0);
		ui_notice(ui, COLOR_NOTICE, 3, "Step mode off: the run goes on.");
		return UI_REDRAW;
	}
	if (cur_step(p)->demo == NULL)
		return start_run(ui, p);
	if (!live_running(&p->live) && start_run(ui, p) != UI_NONE &&
	    !live_running(&p->live))
		return UI_REDRAW;
	live_pause(&p->live, 0);
	live_step_mode(&p->live, 1);
	p->pick = 0;
	ui_notice(ui, COLOR_NOTICE, 3, "Step mode: press a worker's number.");
	return UI_REDRAW;
}

static enum ui_action
do_reset(struct ui *ui, struct player *p, int key)
{
	const struct lesson_step *st = cur_step(p);

	if (st->demo == NULL)
		return UI_NONE;
	p->knobs = st->demo->knobs;
	knobs_set(&p->knobs, KNOB_PACE, player_pace(p));
	ui_notice(ui, COLOR_NOTICE, 3, "Knobs back to the lesson's.");
	return knobs_changed(ui, p, KNOB_MODEL);
}

static enum ui_action
do_hints(struct ui *ui, struct player *p, int key)
{
	p->hints = !p->hints;
	return UI_REDRAW;
}

static enum ui_action
scroll_by(struct player *p, int n)
{
	int old = p->scroll;

	p->scroll += n;
	if (p->scroll > p->prose.n - p->lay.text.h)
		p->scroll = p->prose.n - p->lay.text.h;
	if (p->scroll < 0)
		p->scroll = 0;
	return p->scroll != old ? UI_REDRAW : UI_NONE;
}

static enum ui_action
do_scroll_up(struct ui *ui, struct player *p, int key)
{
	return scroll_by(p, -1);
}

static enum ui_action
do_scroll_down(struct ui *ui, struct player *p, int key)
{
	return scroll_by(p, 1);
}

static enum ui_action
do_page_up(struct ui *ui, struct player *p, int key)
{
	return scroll_by(p, -(p->lay.text.h - 1));
}

static enum ui_action
do_page_down(struct ui *ui, struct player *p, int key)
{
	return scroll_by(p, p->lay.text.h - 1);
}

static enum ui_action
do_zoom(struct ui *ui, struct player *p, int key)
{
	static const char *const names[ZOOM__MAX] = {
		[ZOOM_BOTH] = "text and panes", [ZOOM_PANES] = "panes only",
		[ZOOM_TEXT] = "text only",
	};

	p->zoom = (p->zoom + 1) % ZOOM__MAX;
	ui_notice(ui, COLOR_NOTICE, 2, "Layout: %s (Tab)", names[p->zoom]);
	return UI_REDRAW;
}

static enum ui_action
do_help(struct ui *ui, struct player *p, int key)
{
	return UI_HELP;
}

static enum ui_action
do_back(struct ui *ui, struct player *p, int key)
{
	return UI_MENU;
}

/* Step mode: the parked workers now. */
struct parked {
	int n, idx[9], kind[9], obj[9];
};

static void
parked_get(struct player *p, struct parked *pk)
{
	pk->n = live_parked(&p->live, pk->idx, pk->kind, pk->obj, 9);
}

/* Let worker i do its next operation. */
static enum ui_action
release(struct ui *ui, struct player *p, int i)
{
	if (live_release(&p->live, i) != 0)
		ui_notice(ui, COLOR_NOTICE, 2, "Worker %d is not waiting for you.", i + 1);
	else
		p->pick = i;
	return UI_REDRAW;
}

static enum ui_action
do_pick(struct ui *ui, struct player *p, int key)
{
	return release(ui, p, key - '1');
}

static enum ui_action
do_pick_up(struct ui *ui, struct player *p, int key)
{
	if (p->pick > 0)
		p->pick--;
	return UI_REDRAW;
}

static enum ui_action
do_pick_down(struct ui *ui, struct player *p, int key)
{
	p->pick++;
	return UI_REDRAW;
}

static enum ui_action
do_release(struct ui *ui, struct player *p, int key)
{
	return release(ui, p, p->pick);
}

static const lesson_cmd_fn lesson_cmds[CMD__MAX] = {
	[CMD_NEXT] = do_next, [CMD_PREV] = do_prev, [CMD_RUN] = do_run,
	[CMD_MORE] = do_more, [CMD_FEWER] = do_fewer, [CMD_LOCK] = do_lock,
	[CMD_GIL] = do_gil, [CMD_MODEL] = do_model, [CMD_ORDER] = do_order,
	[CMD_STYLE] = do_style, [CMD_SLOWER] = do_slower, [CMD_FASTER] = do_faster,
	[CMD_PAUSE] = do_pause, [CMD_STEP] = do_step, [CMD_RESET] = do_reset,
	[CMD_HINTS] = do_hints, [CMD_SCROLL_UP] = do_scroll_up,
	[CMD_SCROLL_DOWN] = do_scroll_down, [CMD_PAGE_UP] = do_page_up,
	[CMD_PAGE_DOWN] = do_page_down, [CMD_ZOOM] = do_zoom, [CMD_HELP] = do_help,
	[CMD_BACK] = do_back, [CMD_PICK] = do_pick, [CMD_PICK_UP] = do_pick_up,
	[CMD_PICK_DOWN] = do_pick_down, [CMD_RELEASE] = do_release,
};

static enum ui_action
lesson_key(struct ui *ui, int key)
{
	struct player *p = ui->player;
	const struct keymap_entry *e = NULL;

	if (p->live.stepping)
		e = keymap_find(keymap_step, key);
	if (e == NULL)
		e = keymap_find(keymap_lesson, key);
	if (e == NULL || lesson_cmds[e->cmd] == NULL)
		return UI_NONE;
	return lesson_cmds[e->cmd](ui, p, key);
}

static void
lesson_keys(struct ui *ui, const struct keymap_entry *t[3], const char *titles[3])
{
	t[0] = keymap_lesson;
	titles[0] = "Lesson player";
	t[1] = keymap_step;
	titles[1] = "Step mode (s)";
	t[2] = NULL;
}

/* --- frames ------------------------------------------------------------ */

static unsigned
parked_signature(struct player *p)
{
	struct parked pk;
	unsigned sig = 0;

	if (!p->live.stepping)
		return 0;
	parked_get(p, &pk);
	for (int i = 0; i < pk.n; i++)
		sig = sig * 31 + (unsigned)pk.idx[i] * 7 + (unsigned)pk.kind[i];
	return sig + (unsigned)pk.n;
}

static int
lesson_tick(struct ui *ui, uint64_t now)
{
	struct player *p = ui->player;
	int changed = live_frame(&p->live, now);
	unsigned sig = parked_signature(p);

	if (sig != p->parked_sig) {
		p->parked_sig = sig;
		changed = 1;
	}
	/* the running clock and the loop's hold time move on their own */
	if (live_running(&p->live) && !p->live.paused && now - p->drawn_at >= CLOCK_REDRAW_NS)
		changed = 1;
	return changed;
}

static int
lesson_busy(struct ui *ui)
{
	return live_busy(&ui->player->live);
}

/* --- drawing ----------------------------------------------------------- */

static void
pane_context(struct player *p, struct pane_ctx *c, uint64_t now, struct knobs *k)
{
	const struct live *l = &p->live;
	char err[256];

	memset(c, 0, sizeof *c);
	*k = p->knobs;
	if (cur_demo(p) != NULL)
		(void)demo_resolve_knobs(cur_demo(p), k, err, sizeof err);
	c->v = l->have_view ? &l->view : NULL;
	c->res = l->have_res ? &l->res : NULL;
	c->demo = cur_demo(p);
	c->knobs = k;
	c->phase = l->phase;
	c->paused = l->paused;
	c->stepping = l->stepping;
	c->stopped = l->stopped;
	c->elapsed_ms = live_elapsed_ms(l, now);
	c->baseline_ms = l->baseline_ms;
	c->error = l->error;
	c->now = now;
}

static void
draw_title(struct ui *ui, struct player *p)
{
	struct rect r = p->lay.title;
	int w;

	term_fill(r, COLOR_TITLE);
	w = term_printf(r.y, 1, r.w - 2, COLOR_TITLE, "lockstep %s %s",
	    term_glyph(G_POINTER), p->l->title);
	{
		char right[64];
		int rw;

		xsnprintf(right, sizeof right, "step %d of %d ", p->step + 1, p->l->nsteps);
		rw = text_width(right);
		if (w + 2 + rw < r.w)
			term_put(r.y, r.w - rw, rw, COLOR_TITLE, right);
	}
}

static enum color_role
cls_role(const struct prose_line *l, unsigned char cls)
{
	static const enum color_role syn[SYN__MAX] = {
		[SYN_PLAIN] = COLOR_CODE, [SYN_KEYWORD] = COLOR_KEYWORD,
		[SYN_STRING] = COLOR_STRING, [SYN_COMMENT] = COLOR_COMMENT,
		[SYN_NUMBER] = COLOR_NUMBER, [SYN_BUILTIN] = COLOR_BUILTIN,
	};

	if (l->kind == PROSE_CODE)
		return cls < SYN__MAX ? syn[cls] : COLOR_CODE;
	if (cls == PROSE_CLS_CODE)
		return COLOR_BUILTIN;
	switch (l->kind) {
	case PROSE_HEADING:
		return COLOR_HEADING;
	case PROSE_HINT:
		return COLOR_NOTICE;
	case PROSE_HINT_OFF:
	case PROSE_LABEL:
		return COLOR_DIM;
	default:
		return COLOR_NORMAL;
	}
}

/* Draw a line's text in runs of one class. */
static void
draw_prose_line(const struct prose_line *l, int y, int x, int cols)
{
	size_t n = strlen(l->s), i = 0;
	int used = 0;

	if (l->key[0] != '\0') {
		enum color_role kr = l->kind == PROSE_TRY ? COLOR_KEY :
		    l->kind == PROSE_HINT ? COLOR_NOTICE : COLOR_DIM;

		term_put(y, x, l->indent, kr, l->key);
	}
	x += l->indent;
	cols -= l->indent;
	while (i < n && used < cols) {
		size_t j = i;
		char save;
		char *s = l->s;

		while (j < n && l->cls[j] == l->cls[i])
			j++;
		save = s[j];
		s[j] = '\0';
		used += term_put(y, x + used, cols - used, cls_role(l, l->cls[i]), s + i);
		s[j] = save;
		i = j;
	}
}

/*
 * The values the step's prose shows: the run's (live_metric), and before
 * any run of this step the knobs the next run will use.
 */
static int
player_metric(void *ctx, int run, const char *name, double *value)
{
	struct player *p = ctx;
	int id;

	if (live_metric(&p->live, run, name, value) == 0)
		return 0;
	if (live_running(&p->live) || p->live.have_res ||
	    (id = knob_find(name)) < 0 || !demo_takes_knob(cur_demo(p), id))
		return -1;
	*value = knob_value(p, id);
	return 0;
}

static void
prose_update(struct player *p, int width)
{
	if (p->prose_step == p->step && p->prose_width == width &&
	    p->prose_hints == p->hints && p->prose_gen == p->knob_gen + p->live.gen)
		return;
	prose_free(&p->prose);
	prose_build(&p->prose, cur_step(p), width, p->hints, player_metric, p);
	p->prose_step = p->step;
	p->prose_width = width;
	p->prose_hints = p->hints;
	p->prose_gen = p->knob_gen + p->live.gen;
}

static void
draw_prose(struct player *p, struct rect r)
{
	int width = r.w - 2, more, rows;

	prose_update(p, width);
	if (p->scroll > p->prose.n - r.h)
		p->scroll = p->prose.n - r.h;
	if (p->scroll < 0)
		p->scroll = 0;
	more = p->prose.n - p->scroll - r.h;
	/* the last row says how much is below, when something is */
	rows = more > 0 ? r.h - 1 : r.h;
	for (int i = 0; i < rows && p->scroll + i < p->prose.n; i++)
		draw_prose_line(&p->prose.v[p->scroll + i], r.y + i, r.x + 1, width);
	if (more > 0)
		term_printf(r.y + r.h - 1, r.x + 1, width, COLOR_DIM,
		    "%s %d more line%s: j or PgDn", term_glyph(G_ARROW), more + 1,
		    more + 1 > 1 ? "s" : "");
}

static const char *
op_text(const struct player *p, int kind, int obj, char *buf, size_t len)
{
	const char *name = p->live.have_view && obj >= 0 && obj < p->live.view.nobjs ?
	    p->live.view.obj[obj].name : "?";

	switch (kind) {
	case EV_LOCK_REQUEST:
		xsnprintf(buf, len, "acquire %s", name);
		break;
	case EV_SEM_REQUEST:
		xsnprintf(buf, len, "enter %s", name);
		break;
	case EV_QUEUE_PUT:
		xsnprintf(buf, len, "put an item into %s", name);
		break;
	case EV_QUEUE_GET:
		xsnprintf(buf, len, "get an item from %s", name);
		break;
	case EV_GIL_REQUEST:
		xsnprintf(buf, len, "take the GIL back");
		break;
	case EV_CORO_RESUME:
		xsnprintf(buf, len, "run next on the event loop");
		break;
	default:
		xsnprintf(buf, len, "%s %s", trace_kind_name(kind), name);
	}
	return buf;
}

/* What worker i is doing, for the step-mode list. */
static void
worker_doing(const struct player *p, const struct parked *pk, int i, char *buf,
    size_t len, int *is_parked)
{
	const struct view *v = &p->live.view;
	const struct view_worker *w = &v->w[i];

	*is_parked = 0;
	for (int k = 0; k < pk->n; k++)
		if (pk->idx[k] == i) {
			char op[96];

			*is_parked = 1;
			xsnprintf(buf, len, "%s %s", term_glyph(G_ARROW),
			    op_text(p, pk->kind[k], pk->obj[k], op, sizeof op));
			return;
		}
	if (w->waiting_on >= 0 && w->waiting_on < v->nobjs &&
	    v->obj[w->waiting_on].holder >= 0)
		xsnprintf(buf, len, "waits for %s (held by %s)", v->obj[w->waiting_on].name,
		    pane_worker_name(v, v->obj[w->waiting_on].holder));
	else
		xsnprintf(buf, len, "%s", view_state_name(w->state));
}

static void
draw_step_mode(struct player *p, struct rect r)
{
	struct parked pk;
	const struct view *v = &p->live.view;
	int y = r.y, x = r.x + 1, w = r.w - 2, end = r.y + r.h, nw;
	char doing[128];

	parked_get(p, &pk);
	nw = p->live.have_view ? v->nworkers : 0;
	if (nw > 9)
		nw = 9;
	if (p->pick >= nw)
		p->pick = nw > 0 ? nw - 1 : 0;
	term_put(y++, x, w, COLOR_HEADING, "Step mode: you are the scheduler");
	if (y < end)
		term_put(y++, x, w, COLOR_DIM, "Each stops before a lock, queue or GIL step.");
	for (int i = 0; i < nw && y < end - 1; i++, y++) {
		int cx = x, parked;

		worker_doing(p, &pk, i, doing, sizeof doing, &parked);
		cx += term_printf(y, cx, 2, parked ? COLOR_KEY : COLOR_DIM, "%d ", i + 1);
		cx += term_put(y, cx, 2, COLOR_KEY, i == p->pick ? term_glyph(G_POINTER) : " ");
		cx += term_put(y, cx, 1, COLOR_NORMAL, " ");
		term_put(y, cx, 10, parked ? COLOR_PARKED : COLOR_NORMAL, pane_worker_name(v, i));
		cx += 11;
		term_put(y, cx, x + w - cx, parked ? COLOR_NORMAL : COLOR_DIM, doing);
	}
	if (p->live.have_view && v->deadlocked && y < end)
		term_put(y++, x, w, COLOR_WARN, " Deadlock! See the lock pane. ");
	else if (!live_running(&p->live) && y < end)
		term_put(y++, x, w, COLOR_DIM, "The run has ended: Space runs it again.");
	if (y < end)
		term_put(y++, x, w, COLOR_DIM, "1-9 or Enter lets one go; s leaves step mode.");
}

/* One knob bar item: a hotkey and its text; drawn while they fit. */
static int
bar_item(int y, int x, int cols, const char *key, const char *text)
{
	int used = 0;

	if (text_width(key) + text_width(text) + 3 > cols)
		return -1;
	used += term_put(y, x, cols, COLOR_KEY, key);
	used += term_put(y, x + used, cols - used, COLOR_NORMAL, " ");
	used += term_put(y, x + used, cols - used, COLOR_NORMAL, text);
	return used + 2;
}

static const struct {
	int knob;
	const char *key, *label;
} bar_knobs[] = {
	{ KNOB_LOCK, "l", "lock" }, { KNOB_GIL, "g", "GIL" }, { KNOB_MODEL, "m", NULL },
	{ KNOB_ORDER, "o", "order" }, { KNOB_STYLE, "w", NULL },
};

static void
draw_knobs(struct player *p, struct rect r)
{
	const struct demo *d = cur_demo(p);
	char buf[64], val[32];
	int x = 1, n, id;

	term_fill(r, COLOR_NORMAL);
	if (d == NULL) {
		term_put(r.y, 1, r.w - 2, COLOR_DIM, "No demo in this step.");
		return;
	}
	n = bar_item(r.y, x, r.w - x, "Space", live_running(&p->live) ? "stop" : "run");
	x += n;
	if ((id = count_knob(d)) >= 0) {
		xsnprintf(buf, sizeof buf, "%s %d", knob_table[id].name, knob_value(p, id));
		if ((n = bar_item(r.y, x, r.w - x, "+-", buf)) > 0)
			x += n;
	}
	for (size_t i = 0; i < nitems(bar_knobs); i++) {
		id = bar_knobs[i].knob;
		if (!demo_takes_knob(d, id) ||
		    (id == KNOB_MODEL && __builtin_popcount(d->models) < 2))
			continue;
		knob_format(id, knob_value(p, id), val, sizeof val);
		if (bar_knobs[i].label != NULL)
			xsnprintf(buf, sizeof buf, "%s %s", bar_knobs[i].label, val);
		else
			xsnprintf(buf, sizeof buf, "%s", val);
		if ((n = bar_item(r.y, x, r.w - x, bar_knobs[i].key, buf)) < 0)
			break;
		x += n;
	}
	xsnprintf(buf, sizeof buf, "%d%s", player_pace(p), term_glyph(G_TIMES));
	if ((n = bar_item(r.y, x, r.w - x, "<>", buf)) > 0)
		x += n;
	if ((n = bar_item(r.y, x, r.w - x, "s", p->live.stepping ? "stepping" : "step")) > 0)
		x += n;
	if ((n = bar_item(r.y, x, r.w - x, "z", p->live.paused ? "paused" : "pause")) > 0)
		x += n;
}

static void
draw_status(struct ui *ui, struct player *p, struct rect r, uint64_t now)
{
	char buf[128], ms[32];
	const char *right = "? help  q menu";
	int rw = text_width(right), x = 1;
	enum color_role role = COLOR_DIM;

	switch (p->live.phase) {
	case LIVE_IDLE:
		xsnprintf(buf, sizeof buf, "ready");
		break;
	case LIVE_BASELINE:
		xsnprintf(buf, sizeof buf, "baseline %s",
		    text_ms(live_elapsed_ms(&p->live, now), ms, sizeof ms));
		role = COLOR_RUNNING;
		break;
	case LIVE_RUNNING:
		xsnprintf(buf, sizeof buf, "%s %s", p->live.paused ? "paused" :
		    p->live.stepping ? "stepping" : "running",
		    text_ms(live_elapsed_ms(&p->live, now), ms, sizeof ms));
		role = p->live.paused || p->live.stepping ? COLOR_PARKED : COLOR_RUNNING;
		break;
	case LIVE_STOPPING:
		xsnprintf(buf, sizeof buf, "stopping");
		break;
	case LIVE_DONE:
		xsnprintf(buf, sizeof buf, "%s in %s", p->live.stopped ? "stopped" : "done",
		    text_ms(live_elapsed_ms(&p->live, now), ms, sizeof ms));
		role = COLOR_GOOD;
		break;
	case LIVE_FAILED:
		xsnprintf(buf, sizeof buf, "failed");
		role = COLOR_WARN;
		break;
	}
	term_fill(r, COLOR_NORMAL);
	x += term_put(r.y, x, r.w - rw - 3, role, buf);
	if (ui->notice[0] != '\0')
		term_put(r.y, x + 2, r.w - x - rw - 4, ui->notice_role, ui->notice);
	term_put(r.y, r.w - rw - 1, rw, COLOR_DIM, right);
}

static void
lesson_draw(struct ui *ui)
{
	struct player *p = ui->player;
	const struct lesson_step *st = cur_step(p);
	unsigned mask = st->demo != NULL ? st->panes : 0;
	struct pane_ctx c;
	struct knobs k;
	int want[PANE__MAX] = { 0 };
	uint64_t now = ui->frame_ns;

	pane_context(p, &c, now, &k);
	for (int i = 0; i < PANE__MAX; i++)
		if (mask & PANE_BIT(i))
			want[i] = pane_height(i, &c, p->lay.wide ? ui->cols * 3 / 5 : ui->cols / 2);
	layout_player(&p->lay, ui->cols, ui->rows, mask, want, p->zoom,
	    p->live.stepping ? 3 + (p->live.view.nworkers < 9 ? p->live.view.nworkers : 9) :
	    LAYOUT_MIN_TEXT);
	draw_title(ui, p);
	if (p->lay.text.h > 0) {
		if (p->live.stepping)
			draw_step_mode(p, p->lay.text);
		else
			draw_prose(p, p->lay.text);
	}
	for (int i = 0; i < PANE__MAX; i++)
		if (p->lay.pane[i].h > 0)
			pane_draw(i, &c, p->lay.pane[i]);
	draw_knobs(p, p->lay.knobs);
	draw_status(ui, p, p->lay.status, now);
	p->drawn_at = now;
}

const struct screen screen_lesson = {
	.name = "lesson",
	.enter = lesson_enter,
	.leave = lesson_leave,
	.draw = lesson_draw,
	.key = lesson_key,
	.tick = lesson_tick,
	.busy = lesson_busy,
	.keys = lesson_keys,
};
