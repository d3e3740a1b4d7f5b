/*
 * screen-lesson.c — the lesson player: a step's prose and code on one side,
 * its live panes on the other (stacked below when the terminal is narrow),
 * the knob bar and the status line; step mode ("be the scheduler") in
 * place of the prose.
 *
 * Keys go through keymap_step (in step mode) then keymap_lesson(), and the
 * command found runs from lesson_cmds[], a table indexed by command.
 * CMD_KNOB turns a knob (knob-edit.h decides which and how); when a run is
 * going it restarts with the new knobs, otherwise the next Space uses them.  The demo itself runs in
 * a struct live (live.h), which never blocks this thread.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bigtext.h"
#include "engine.h"
#include "knob-edit.h"
#include "layout.h"
#include "live.h"
#include "notes.h"
#include "ops.h"
#include "pane.h"
#include "prose.h"
#include "replay.h"
#include "syntax.h"
#include "term.h"
#include "text.h"
#include "trace-read.h"
#include "ui.h"
#include "util.h"

#define CLOCK_REDRAW_NS 100000000u	/* the running clock: 10 updates a second */
#define PRESENT_PACE 2			/* lockstep present: slow motion 2x */

struct player {
	const struct lesson *l;
	int step;
	struct live live;
	struct replay rp;		/* the time cursor in the kept run */
	struct knob_edit kn;		/* the knobs the next run uses */
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
	int quiz_offered;		/* the last step's n offered the quiz */
	int model_menu;			/* m was pressed: a digit picks a model */
	int follow_code;		/* a run began: keep its markers in view */
	const struct view *shown;	/* the view the panes draw this frame (the
					 * live one, or one rebuilt at an instant) */
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

/* --- progress ---------------------------------------------------------- */

static void
note_progress(struct ui *ui, struct player *p)
{
	struct progress_entry *e;

	if (ui->replay != NULL)
		return;		/* a recording, not a lesson of the course */
	e = progress_at(&ui->prog, p->l->id, p->step);
	xsnprintf(ui->prog.last, sizeof ui->prog.last, "%s", p->l->id);
	if (e != NULL && p->step == p->l->nsteps - 1)
		e->done = 1;
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

/* The knobs of the step's @demo line, at the player's pace. */
static void
knobs_from_step(struct player *p)
{
	const struct lesson_step *st = cur_step(p);
	struct knobs none = { 0 };
	char err[256];

	knob_edit_init(&p->kn, cur_demo(p), st->demo != NULL ? &st->demo->knobs : &none);
	(void)knob_edit_set(&p->kn, KNOB_PACE, player_pace(p), err, sizeof err);
	p->knob_gen++;
}

static void
step_enter(struct ui *ui, struct player *p, int step)
{
	if (step < 0)
		step = 0;
	if (step >= p->l->nsteps)
		step = p->l->nsteps - 1;
	p->step = step;
	replay_leave(&p->rp);
	live_reset(&p->live);
	live_set_names(&p->live, cur_step(p)->demo != NULL ?
	    &cur_step(p)->demo->names : NULL);
	knobs_from_step(p);
	p->scroll = 0;
	p->pick = 0;
	note_progress(ui, p);
	ui_present_step(ui, p->l, p->step);
}

/* lockstep replay: the recorded run is the last run, its knobs and pace
 * the player's, the cursor at its end. */
static void
show_recorded(struct ui *ui, struct player *p, const struct trace_file *tf)
{
	char err[256];

	live_show_recorded(&p->live, tf);
	if (knobs_isset(&tf->knobs, KNOB_PACE))
		p->pace = tf->knobs.v[KNOB_PACE];
	for (int id = 0; id < KNOB__MAX; id++)
		if (knobs_isset(&tf->knobs, id))
			(void)knob_edit_set(&p->kn, id, tf->knobs.v[id], err, sizeof err);
	p->knob_gen++;
	ui_notice(ui, COLOR_NOTICE, 0, "A recorded run %s Home, then Space plays it",
	    term_glyph(G_SEP));
}

static void
lesson_enter(struct ui *ui)
{
	struct player *p = xcalloc(1, sizeof *p);

	ui->player = p;
	p->l = ui->open_lesson;
	p->pace = ui->present ? PRESENT_PACE : 1;
	p->zoom = ui->present ? ZOOM_PANES : ZOOM_BOTH;
	p->prose_step = -1;
	live_init(&p->live, ui->ncores);
	replay_init(&p->rp);
	step_enter(ui, p, ui->open_step);
	if (ui->replay != NULL)
		show_recorded(ui, p, ui->replay);
}

static void
lesson_leave(struct ui *ui)
{
	struct player *p = ui->player;

	if (p == NULL)
		return;
	live_free(&p->live);
	replay_free(&p->rp);
	prose_free(&p->prose);
	free(p);
	ui->player = NULL;
}

/* --- running ----------------------------------------------------------- */

/* Is the step about GIL turns (its binding's scale=, else the gil pane)? */
static int
step_gil_turns(const struct lesson_step *st)
{
	if (st->demo->scale != LESSON_SCALE_AUTO)
		return st->demo->scale == LESSON_SCALE_GIL;
	return (st->panes & PANE_BIT(PANE_GIL)) != 0;
}

/* Columns of time the timeline shows as laid out now (all its strips), or
 * a guess before there is a view. */
static int
timeline_cols(const struct player *p)
{
	int n = pane_timeline_span(p->live.have_view ? &p->live.view : NULL,
	    p->lay.pane[PANE_TIMELINE]);

	return n > 0 ? n : 60;
}

/* Run the step's demo: once (runs 0), or a series of runs (R). */
static enum ui_action
start_runs(struct ui *ui, struct player *p, int runs)
{
	const struct lesson_step *st = cur_step(p);
	int rc;

	if (st->demo == NULL) {
		ui_notice(ui, COLOR_NOTICE, 3, "This step has no demo: n goes on.");
		return UI_REDRAW;
	}
	replay_leave(&p->rp);	/* a new run: the panes follow it */
	live_set_timeline(&p->live, step_gil_turns(st), timeline_cols(p), ui->frame_ns);
	rc = runs > 0 ? live_start_series(&p->live, st->demo->demo, &p->kn.set, runs) :
	    live_start(&p->live, st->demo->demo, &p->kn.set, st->demo->baseline);
	if (rc != 0) {
		ui_notice(ui, COLOR_WARN, 5, "cannot run: %s", p->live.error);
		return UI_REDRAW;
	}
	p->follow_code = st->nmarks > 0;	/* keep its markers in view */
	if (runs > 0)
		ui_notice(ui, COLOR_NOTICE, 3, "%d runs, one after another: Space or R "
		    "stops them", runs);
	return UI_REDRAW;
}

static enum ui_action
start_run(struct ui *ui, struct player *p)
{
	return start_runs(ui, p, 0);
}

/* Knobs changed: restart a running demo with them. */
static enum ui_action
knobs_changed(struct ui *ui, struct player *p, const char *what)
{
	p->knob_gen++;
	replay_leave(&p->rp);
	/* a series restarts whole: its runs so far had the old knobs */
	if (live_running(&p->live) && histo_going(&p->live.series))
		return start_runs(ui, p, p->kn.now.v[KNOB_RUNS]);
	if (live_running(&p->live))
		return start_run(ui, p);
	ui_notice(ui, COLOR_NOTICE, 3, "%s: Space runs it", what);
	return UI_REDRAW;
}

static enum ui_action
cmd_pace(struct ui *ui, struct player *p, int dir)
{
	char err[256];
	int i = 0;

	while (i + 1 < (int)nitems(paces) && paces[i] < p->pace)
		i++;
	i += dir;
	if (i < 0 || i >= (int)nitems(paces))
		return UI_NONE;
	p->pace = paces[i];
	(void)knob_edit_set(&p->kn, KNOB_PACE, player_pace(p), err, sizeof err);
	live_set_pace(&p->live, player_pace(p), ui->frame_ns);
	replay_set_pace(&p->rp, now_ns(), player_pace(p));
	ui_notice(ui, COLOR_NOTICE, 2, p->pace == 1 ? "full speed" :
	    "slow motion: %d%s slower", p->pace, term_glyph(G_TIMES));
	p->knob_gen++;
	return UI_REDRAW;
}

/* --- the commands ------------------------------------------------------ */

typedef enum ui_action (*lesson_cmd_fn)(struct ui *, struct player *, int key);

static enum ui_action
do_quiz(struct ui *ui, struct player *p, int key)
{
	if (p->l->nquestions == 0) {
		ui_notice(ui, COLOR_NOTICE, 3, "This lesson has no quiz.");
		return UI_REDRAW;
	}
	memset(&ui->quiz_opts, 0, sizeof ui->quiz_opts);
	ui->quiz_one[0] = p->l;
	ui->quiz_opts.lessons = ui->quiz_one;
	ui->quiz_opts.nlessons = 1;
	return UI_QUIZ;
}

static enum ui_action
do_next(struct ui *ui, struct player *p, int key)
{
	if (p->step + 1 >= p->l->nsteps) {
		if (p->l->nquestions > 0) {
			p->quiz_offered = 1;
			ui_notice(ui, COLOR_GOOD, 0, "Lesson done. Its quiz: %d question%s "
			    "%s Enter to start, q to skip.", p->l->nquestions,
			    p->l->nquestions > 1 ? "s" : "", term_glyph(G_SEP));
		} else
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

/* Replay: Space plays from the cursor at the pace chosen now (the run's
 * own pace plays it in real time), or stops playing. */
static enum ui_action
replay_toggle_play(struct ui *ui, struct player *p)
{
	int rec_pace = p->live.knobs.v[KNOB_PACE];

	/* now, not the last frame's time: the interface may have been idle */
	replay_play(&p->rp, now_ns(), !p->rp.playing, rec_pace, player_pace(p));
	return UI_REDRAW;
}

static enum ui_action
do_run(struct ui *ui, struct player *p, int key)
{
	if (p->rp.on)
		return replay_toggle_play(ui, p);
	if (live_running(&p->live)) {
		live_stop(&p->live);
		return UI_REDRAW;
	}
	return start_run(ui, p);
}

/*
 * R: run the step's demo again and again, the runs knob's count of times,
 * and count its outcomes (the histogram pane); R or Space stops a series
 * going, which keeps the runs that finished.
 */
static enum ui_action
do_series(struct ui *ui, struct player *p, int key)
{
	const struct demo *d = cur_demo(p);

	replay_leave(&p->rp);	/* runs anew: the panes follow them */
	if (live_running(&p->live))
		return do_run(ui, p, key);
	if (d == NULL) {
		ui_notice(ui, COLOR_NOTICE, 3, "This step has no demo: n goes on.");
		return UI_REDRAW;
	}
	if (d->outcome == NULL) {
		ui_notice(ui, COLOR_NOTICE, 4, "This demo comes out the same every run: "
		    "R has nothing to count.");
		return UI_REDRAW;
	}
	return start_runs(ui, p, p->kn.now.v[KNOB_RUNS]);
}

/*
 * m opens a small model menu on the status line: a digit picks that model
 * (1 sequential, 2 thread, 3 process, 4 coroutine, whatever the demo's
 * current one), m again goes on to the next, as a cycle.
 */
static enum ui_action
model_menu_open(struct ui *ui, struct player *p)
{
	char menu[160], name[32];
	size_t off = 0;

	for (int m = 0; m < MODEL__MAX; m++)
		if (p->kn.demo->models & MODEL_BIT(m))
			off += xsnprintf(menu + off, sizeof menu - off, "%s%d %s",
			    off ? " " : "", m + 1, knob_format(KNOB_MODEL, m, name,
			    sizeof name));
	p->model_menu = 1;
	ui_notice(ui, COLOR_NOTICE, 0, "Model? %s", menu);
	return UI_REDRAW;
}

/* A digit after m: turn the model until it is that one. */
static enum ui_action
model_menu_pick(struct ui *ui, struct player *p, int model)
{
	char msg[256];
	int id;

	if (!(p->kn.demo->models & MODEL_BIT(model))) {
		ui_notice(ui, COLOR_WARN, 3, "This step's demo cannot run the %s model.",
		    knob_table[KNOB_MODEL].choices[model]);
		return UI_REDRAW;
	}
	if (p->kn.now.v[KNOB_MODEL] == model) {
		ui_notice(ui, COLOR_NOTICE, 3, "model %s already", knob_table[KNOB_MODEL].choices[model]);
		return UI_REDRAW;
	}
	for (int i = 0; i < MODEL__MAX && p->kn.now.v[KNOB_MODEL] != model; i++)
		if (knob_edit_turn(&p->kn, knob_table[KNOB_MODEL].key, &id, msg,
		    sizeof msg) != TURN_CHANGED) {
			ui_notice(ui, COLOR_WARN, 4, "%s", msg);
			return UI_REDRAW;
		}
	return knobs_changed(ui, p, msg);
}

/* A knob key: turn the knob it names for this demo. */
static enum ui_action
do_knob(struct ui *ui, struct player *p, int key)
{
	char msg[256];
	int id;

	if (key == knob_table[KNOB_MODEL].key && !p->model_menu &&
	    knob_edit_has(p->kn.demo, KNOB_MODEL))
		return model_menu_open(ui, p);
	p->model_menu = 0;

	switch (knob_edit_turn(&p->kn, key, &id, msg, sizeof msg)) {
	case TURN_CHANGED:
		return knobs_changed(ui, p, msg);
	case TURN_REFUSED:
		ui_notice(ui, COLOR_WARN, 4, "%s", msg);
		break;
	default:
		ui_notice(ui, COLOR_NOTICE, 3, "%s", msg);
		break;
	}
	return UI_REDRAW;
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
	replay_leave(&p->rp);	/* resumed or paused: the run as it stands */
	live_pause(&p->live, !p->live.paused);
	if (p->live.paused)
		ui_notice(ui, COLOR_NOTICE, 0, "Paused %s z resumes", term_glyph(G_SEP));
	else
		ui_notice(ui, COLOR_NOTICE, 2, "Resumed.");
	return UI_REDRAW;
}

static enum ui_action
do_step(struct ui *ui, struct player *p, int key)
{
	replay_leave(&p->rp);
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
	/* slow motion too: the step as the lesson wrote it */
	p->pace = 1;
	live_set_pace(&p->live, p->pace, ui->frame_ns);
	knobs_from_step(p);
	return knobs_changed(ui, p, "Knobs and speed back to the lesson's");
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

	p->follow_code = 0;	/* the learner reads elsewhere: leave it there */
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
	return ui->present || ui->replay != NULL ? UI_QUIT : UI_MENU;
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

/* --- time travel in the kept run (replay.h) ----------------------------- */

/* The kept run can be travelled: after a run, or while it is paused (a
 * run going is paused first); never during a baseline. */
static int
replay_ready(struct ui *ui, struct player *p)
{
	if (!record_kept(&p->live.rec) || record_length(&p->live.rec) == 0 ||
	    p->live.phase == LIVE_BASELINE || p->live.phase == LIVE_STOPPING ||
	    p->live.phase == LIVE_IDLE)
		return 0;
	if (live_running(&p->live) && !p->live.paused) {
		live_pause(&p->live, 1);
		ui_notice(ui, COLOR_NOTICE, 3, "Paused to travel in time %s z resumes",
		    term_glyph(G_SEP));
	}
	return 1;
}

/* [ ] and the wheel: move the cursor; the wheel scrolls the text when
 * there is no run to travel in. */
static enum ui_action
time_move(struct ui *ui, struct player *p, int key, int dir)
{
	int wheel = key == KEYMAP_WHEEL_UP || key == KEYMAP_WHEEL_DOWN;

	if (dir > 0 && !p->rp.on)
		return wheel ? scroll_by(p, 3) : UI_NONE;	/* at the end already */
	if (!replay_ready(ui, p)) {
		if (wheel)
			return scroll_by(p, 3 * dir);
		ui_notice(ui, COLOR_NOTICE, 3, "Nothing to rewind yet: Space runs the demo.");
		return UI_REDRAW;
	}
	replay_step(&p->rp, &p->live.rec, dir);
	return UI_REDRAW;
}

static enum ui_action
do_time_back(struct ui *ui, struct player *p, int key)
{
	return time_move(ui, p, key, -1);
}

static enum ui_action
do_time_fwd(struct ui *ui, struct player *p, int key)
{
	return time_move(ui, p, key, +1);
}

static enum ui_action
do_time_start(struct ui *ui, struct player *p, int key)
{
	if (!replay_ready(ui, p))
		return UI_NONE;
	p->rp.playing = 0;
	replay_seek(&p->rp, &p->live.rec, 0);
	ui_notice(ui, COLOR_NOTICE, 4, "%s %s Space plays, ] steps, End leaves",
	    record_start(&p->live.rec) > 0 ? "The start of what was kept" : "The run's start",
	    term_glyph(G_SEP));
	return UI_REDRAW;
}

static enum ui_action
do_time_end(struct ui *ui, struct player *p, int key)
{
	if (!p->rp.on)
		return UI_NONE;
	replay_leave(&p->rp);
	return UI_REDRAW;
}

static const lesson_cmd_fn lesson_cmds[CMD__MAX] = {
	[CMD_NEXT] = do_next, [CMD_PREV] = do_prev, [CMD_RUN] = do_run,
	[CMD_KNOB] = do_knob, [CMD_SLOWER] = do_slower, [CMD_FASTER] = do_faster,
	[CMD_PAUSE] = do_pause, [CMD_STEP] = do_step, [CMD_RESET] = do_reset,
	[CMD_HINTS] = do_hints, [CMD_SCROLL_UP] = do_scroll_up,
	[CMD_SCROLL_DOWN] = do_scroll_down, [CMD_PAGE_UP] = do_page_up,
	[CMD_PAGE_DOWN] = do_page_down, [CMD_ZOOM] = do_zoom, [CMD_HELP] = do_help,
	[CMD_BACK] = do_back, [CMD_PICK] = do_pick, [CMD_PICK_UP] = do_pick_up,
	[CMD_PICK_DOWN] = do_pick_down, [CMD_RELEASE] = do_release,
	[CMD_QUIZ] = do_quiz, [CMD_SERIES] = do_series,
	[CMD_TIME_BACK] = do_time_back, [CMD_TIME_FWD] = do_time_fwd,
	[CMD_TIME_START] = do_time_start, [CMD_TIME_END] = do_time_end,
};

static enum ui_action
lesson_key(struct ui *ui, int key)
{
	struct player *p = ui->player;
	const struct keymap_entry *e = NULL;

	/* the quiz offered at the lesson's end: Enter takes it */
	if (p->quiz_offered && key == KEYMAP_ENTER && !p->live.stepping)
		return do_quiz(ui, p, key);
	if (p->quiz_offered) {
		p->quiz_offered = 0;
		ui->notice[0] = '\0';
	}
	if (p->model_menu && key >= '1' && key < '1' + MODEL__MAX && !p->live.stepping) {
		p->model_menu = 0;
		return model_menu_pick(ui, p, key - '1');
	}
	if (p->model_menu && key != knob_table[KNOB_MODEL].key) {
		p->model_menu = 0;
		ui->notice[0] = '\0';
	}
	if (p->live.stepping)
		e = keymap_find(keymap_step, key);
	if (e == NULL)
		e = keymap_find(keymap_lesson(), key);
	if (e == NULL || lesson_cmds[e->cmd] == NULL)
		return UI_NONE;
	return lesson_cmds[e->cmd](ui, p, key);
}

static void
lesson_keys(struct ui *ui, const struct keymap_entry *t[3], const char *titles[3])
{
	t[0] = keymap_lesson();
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

	if (replay_frame(&p->rp, &p->live.rec, now))
		changed = 1;	/* playing from the cursor */

	if (ui->notes_srv != NULL)
		notes_server_poll(ui->notes_srv);	/* a notes window may come */
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
	return live_busy(&ui->player->live) || ui->notes_srv != NULL ||
	    ui->player->rp.playing;
}

/* --- drawing ----------------------------------------------------------- */

static void
pane_context(struct player *p, struct pane_ctx *c, uint64_t now)
{
	pane_ctx_live(c, &p->live, cur_demo(p), &p->kn.now, now);
	if (p->rp.on) {
		/* replay: every pane draws the view at the cursor */
		c->replay = 1;
		c->cursor = p->rp.cursor;
		c->elapsed_ms = (double)p->rp.cursor / 1e6;
		c->now = p->rp.v->now;	/* the instant's clock, going */
		c->paused = 0;
		c->v = p->rp.v;
		c->whole = p->live.view.end != 0 ? &p->live.view : NULL;
	}
}

static void
draw_title(struct ui *ui, struct player *p)
{
	struct rect r = p->lay.title;
	char left[256], right[64];
	int rw;

	term_fill(r, COLOR_TITLE);
	/* the step counter always shows; a long lesson title gives way */
	xsnprintf(right, sizeof right, "step %d of %d ", p->step + 1, p->l->nsteps);
	rw = text_width(right);
	xsnprintf(left, sizeof left, "lockstep %s %s", term_glyph(G_POINTER), p->l->title);
	term_put_clip(r.y, 1, r.w - rw - 3, COLOR_TITLE, left);
	term_put(r.y, r.w - rw, rw, COLOR_TITLE, right);
	(void)ui;
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
	*value = p->kn.now.v[id];
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

/* --- code markers ------------------------------------------------------ */

/*
 * Where each worker stands in the step's code (its @line marks): a marker
 * in the gutter of the line, and after the code "▶0 ▶2", one per worker
 * in the colour of its timeline row now, or "▶×3" when they do not fit.
 * The code itself is never drawn over, so it reads (and copies) as written.
 */
struct markers {
	const struct view *v;		/* the view they come from */
	int n;				/* workers with a line */
	int line[VIEW_MAX_WORKERS];	/* code line of worker i, 0: none */
};

/* The markers of the view the panes show, so they agree with the panes
 * (at whatever instant those show). */
static void
markers_get(const struct player *p, struct markers *m)
{
	m->v = p->shown;
	m->n = 0;
	if (m->v == NULL || cur_step(p)->nmarks == 0)
		return;
	m->n = op_markers(cur_step(p), m->v, m->line, m->v->nworkers);
}

/* The number of a numbered name ("2" of "thread-2"), or NULL. */
static const char *
name_number(const char *name)
{
	const char *dash = strrchr(name, '-');

	return dash != NULL && dash[1] != '\0' && strspn(dash + 1, "0123456789") ==
	    strlen(dash + 1) ? dash + 1 : NULL;
}

/* A worker's short label: the number of "thread-2"; with its initial when
 * another role has the same number ("p0" and "c0" for producer-0 and
 * consumer-0); a short name as it is; else its initial. */
static void
marker_label(const struct view *v, int i, char *buf, size_t len)
{
	const char *name = pane_worker_name(v, i), *num = name_number(name);

	if (num != NULL) {
		for (int k = 0; k < v->nworkers; k++) {
			const char *other = name_number(pane_worker_name(v, k));

			if (k != i && other != NULL && strcmp(other, num) == 0) {
				xsnprintf(buf, len, "%c%s", name[0], num);
				return;
			}
		}
		xsnprintf(buf, len, "%s", num);
	} else if (text_width(name) <= 3) {
		xsnprintf(buf, len, "%s", name);
	} else {
		xsnprintf(buf, len, "%c", name[0]);	/* "h" for heartbeat */
	}
}

static enum color_role
marker_role(const struct view *v, int i)
{
	return v->w[i].holding != 0 ? COLOR_HOLDER : term_state_role(v->w[i].state);
}

/* The markers of code line l (drawn at y, its text from x, cols wide). */
static void
draw_markers(const struct player *p, const struct markers *m,
    const struct prose_line *l, int y, int x, int cols)
{
	const struct view *v = m->v;
	int on[VIEW_MAX_WORKERS], k = 0, need = 0, at;
	char label[LESSON_NAME_LEN], buf[32];
	enum color_role role;

	if (l->kind != PROSE_CODE || l->code_line == 0 || m->n == 0)
		return;
	for (int i = 0; i < v->nworkers; i++)
		if (m->line[i] == l->code_line) {
			on[k++] = i;
			marker_label(v, i, label, sizeof label);
			need += (k > 1) + text_width(term_glyph(G_MARKER)) + text_width(label);
		}
	if (k == 0)
		return;
	role = marker_role(v, on[0]);
	term_put(y, x, 1, role, term_glyph(G_MARKER));
	/* two columns after the code, one when short of room */
	at = x + l->indent + text_width(l->s) + 2;
	if (at + need > x + cols)
		at--;
	if (at + need <= x + cols) {
		for (int j = 0; j < k; j++) {
			marker_label(v, on[j], label, sizeof label);
			xsnprintf(buf, sizeof buf, "%s%s", term_glyph(G_MARKER), label);
			at += term_put(y, at, x + cols - at, marker_role(v, on[j]), buf) + 1;
		}
		return;
	}
	xsnprintf(buf, sizeof buf, "%s%s%d", term_glyph(G_MARKER), term_glyph(G_TIMES), k);
	for (int j = 1; j < k; j++)
		if (marker_role(v, on[j]) != marker_role(v, on[0]))
			role = COLOR_KEY;	/* in several states: no one colour */
	if (at + text_width(buf) <= x + cols)
		term_put(y, at, x + cols - at, role, buf);
}

/* The prose lines [*first, *last] that show the step's marked code lines;
 * 0, or -1 when the step marks none. */
static int
marked_span(const struct player *p, int *first, int *last)
{
	const struct lesson_step *st = cur_step(p);
	int lo = 0, hi = 0;

	for (int i = 0; i < st->nmarks; i++) {
		if (lo == 0 || st->marks[i].code_line < lo)
			lo = st->marks[i].code_line;
		if (st->marks[i].code_line > hi)
			hi = st->marks[i].code_line;
	}
	*first = *last = -1;
	for (int i = 0; i < p->prose.n; i++) {
		int cl = p->prose.v[i].code_line;

		if (cl >= lo && cl <= hi && cl > 0) {
			if (*first < 0)
				*first = i;
			*last = i;
		}
	}
	return *first >= 0 ? 0 : -1;
}

/*
 * The first prose line of a window of rows lines over the marked code:
 * all of it when it fits (and a line above when there is room), else
 * centred on the line the first worker with a marker stands on (pick,
 * when it has one).  -1 when the step marks no code.
 */
static int
code_window(const struct player *p, const struct markers *m, int pick, int rows)
{
	int first, last, at = -1, start;

	if (rows < 1 || marked_span(p, &first, &last) != 0)
		return -1;
	if (last - first + 1 <= rows)
		return first > 0 && last - first + 1 < rows &&
		    p->prose.v[first - 1].kind == PROSE_CODE ? first - 1 : first;
	for (int i = 0; m->n > 0 && i < m->v->nworkers; i++)
		if (m->line[i] > 0 && (at < 0 || i == pick)) {
			for (int k = first; k <= last; k++)
				if (p->prose.v[k].code_line == m->line[i])
					at = k;
			if (i == pick)
				break;
		}
	if (at < 0)
		return first;
	start = at - rows / 2;
	if (start > last - rows + 1)
		start = last - rows + 1;
	return start < first ? first : start;
}

/* While a run goes (until the learner scrolls), keep the workers' lines in
 * view: scroll only when one of them is out of it. */
static void
follow_code(struct player *p, const struct markers *m, int rows)
{
	int first, last, out = 0, start;

	if (rows < 1 || marked_span(p, &first, &last) != 0)
		return;
	for (int k = first; k <= last; k++)
		for (int i = 0; m->n > 0 && i < m->v->nworkers; i++)
			if (m->line[i] == p->prose.v[k].code_line &&
			    (k < p->scroll || k >= p->scroll + rows))
				out = 1;
	if (!out && m->n > 0)
		return;
	if (m->n == 0 && first >= p->scroll && last < p->scroll + rows)
		return;
	if ((start = code_window(p, m, -1, rows)) >= 0)
		p->scroll = start;
}

/* The workers whose lines are below prose line from, at the end of the
 * "more lines" row: "▶b below" (when it fits in cols). */
static void
markers_below(const struct player *p, const struct markers *m, int from, int y,
    int x, int cols)
{
	char label[LESSON_NAME_LEN], buf[32];
	int need = 0, n = 0, at = x;

	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; m->n > 0 && i < m->v->nworkers; i++) {
			int below = 0;

			for (int k = from; k < p->prose.n && m->line[i] > 0; k++)
				below |= p->prose.v[k].code_line == m->line[i];
			if (!below)
				continue;
			marker_label(m->v, i, label, sizeof label);
			xsnprintf(buf, sizeof buf, "%s%s", term_glyph(G_MARKER), label);
			if (pass == 0) {
				need += text_width(buf) + 1;
				n++;
			} else {
				at += term_put(y, at, x + cols - at, marker_role(m->v, i), buf) + 1;
			}
		}
		if (pass == 0 && (n == 0 || need + 5 > cols))
			return;	/* none below, or no room: say nothing */
	}
	term_put(y, at, x + cols - at, COLOR_DIM, "below");
}

static void
draw_prose(struct player *p, struct rect r)
{
	int width = r.w - 2, more, rows;
	struct markers m;

	prose_update(p, width);
	markers_get(p, &m);
	if (p->follow_code)
		follow_code(p, &m, r.h - 1);
	if (p->scroll > p->prose.n - r.h)
		p->scroll = p->prose.n - r.h;
	if (p->scroll < 0)
		p->scroll = 0;
	more = p->prose.n - p->scroll - r.h;
	/* the last row says how much is below, when something is */
	rows = more > 0 ? r.h - 1 : r.h;
	for (int i = 0; i < rows && p->scroll + i < p->prose.n; i++) {
		draw_prose_line(&p->prose.v[p->scroll + i], r.y + i, r.x + 1, width);
		/* markers may use the column's right margin too */
		draw_markers(p, &m, &p->prose.v[p->scroll + i], r.y + i, r.x + 1, width + 1);
	}
	if (more > 0) {
		int tries = 0, used;

		/* the "Try this" prompts below, when they are, are named */
		for (int i = p->scroll + rows; i < p->prose.n; i++)
			tries += p->prose.v[i].kind == PROSE_TRY && p->prose.v[i].key[0] != '\0';
		if (tries > 0)
			used = term_printf(r.y + r.h - 1, r.x + 1, width, COLOR_NOTICE,
			    "%s %d thing%s to try below (%d more line%s): j or PgDn",
			    term_glyph(G_ARROW), tries, tries == 1 ? "" : "s", more + 1,
			    more + 1 > 1 ? "s" : "");
		else
			used = term_printf(r.y + r.h - 1, r.x + 1, width, COLOR_DIM,
			    "%s %d more line%s: j or PgDn", term_glyph(G_ARROW), more + 1,
			    more + 1 > 1 ? "s" : "");
		markers_below(p, &m, p->scroll + rows, r.y + r.h - 1, r.x + 1 + used + 2,
		    width - used - 2);
	}
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

/* Code line n (from 1) of the step's code block, without its indentation
 * and trailing comment, into buf; "" when there is none. */
static void
code_line_text(const struct lesson_step *st, int n, char *buf, size_t len)
{
	const struct lesson_block *b = lesson_step_code(st);
	const char *s = b != NULL ? b->text : NULL, *end, *hash;

	buf[0] = '\0';
	for (int i = 1; s != NULL && *s != '\0'; i++) {
		end = s + strcspn(s, "\n");
		if (i == n) {
			s += strspn(s, " ");
			/* "  # read": the comment says what the footer says */
			for (hash = s; hash + 2 < end && memcmp(hash, "  #", 3) != 0; hash++)
				;
			if (hash + 2 < end)
				end = hash;
			while (end > s && end[-1] == ' ')
				end--;
			xsnprintf(buf, len, "%.*s", (int)(end - s), s);
			return;
		}
		s = *end != '\0' ? end + 1 : end;
	}
}

/* What parked worker i is about to do, in the lesson's code when a line is
 * marked for it: "thread-1: counter = value + 1 (writes 41)". */
static void
step_footer(const struct player *p, int i, int kind, int obj, char *buf, size_t len)
{
	const struct view *v = &p->live.view;
	const struct view_worker *w = &v->w[i];
	const struct view_obj *o = obj >= 0 && obj < v->nobjs ? &v->obj[obj] : NULL;
	int op = op_next(kind, w->has_read);
	char code[128], what[96], num[32];

	code_line_text(cur_step(p), lesson_op_line(cur_step(p), op, o != NULL &&
	    op != OP_WRITE && op != OP_COMPUTE ? o->name : NULL, w->name), code,
	    sizeof code);
	what[0] = '\0';
	if (code[0] == '\0' && kind == EV_GIL_REQUEST) {
		/* what comes next is not in the events: say what it is back from */
		code_line_text(cur_step(p), lesson_op_line(cur_step(p), w->op, NULL,
		    w->name), code, sizeof code);
		if (code[0] != '\0') {
			xsnprintf(buf, len, "%s: back from %s, takes the GIL back",
			    pane_worker_name(v, i), code);
			return;
		}
	}
	if (code[0] == '\0')
		op_text(p, kind, obj, code, sizeof code);
	if (op == OP_WRITE && v->has_value && v->value > w->read)
		xsnprintf(what, sizeof what, " (writes %s over %lld: lost)",
		    text_num((double)(w->read + 1), num, sizeof num), (long long)v->value);
	else if (op == OP_WRITE)
		xsnprintf(what, sizeof what, " (writes %s)",
		    text_num((double)(w->read + 1), num, sizeof num));
	else if (op == OP_ACQUIRE && o != NULL && o->kind == 'L' && o->holder >= 0)
		xsnprintf(what, sizeof what, " (%s is held by %s: it waits)", o->name,
		    pane_worker_name(v, o->holder));
	else if (op == OP_ACQUIRE && o != NULL && o->kind == 'L')
		xsnprintf(what, sizeof what, " (%s is free)", o->name);
	else if ((op == OP_PUT || op == OP_GET) && o != NULL)
		xsnprintf(what, sizeof what, " (%s holds %d of %d)", o->name, o->depth, o->size);
	xsnprintf(buf, len, "%s: %s%s", pane_worker_name(v, i), code, what);
}

/*
 * Step mode in the text column: the workers and what each waits to do,
 * the step's marked code with a marker where each stands, and what the
 * chosen one is about to do.  Short of rows the code goes before the list
 * (the markers say who is where; the help line says which key is whose).
 */
static void
draw_step_mode(struct player *p, struct rect r)
{
	struct parked pk;
	struct markers m;
	const struct view *v = &p->live.view;
	int y = r.y, x = r.x + 1, w = r.w - 2, end = r.y + r.h, nw, avail;
	int first = -1, last = -1, ncode = 0, nlist, hint;
	char doing[128], foot[256];
	enum color_role foot_role = COLOR_NORMAL;

	parked_get(p, &pk);
	nw = p->live.have_view ? v->nworkers : 0;
	if (nw > 9)
		nw = 9;
	if (p->pick >= nw)
		p->pick = nw > 0 ? nw - 1 : 0;
	prose_update(p, w);
	markers_get(p, &m);
	/* the footer: a deadlock, the end, or what the chosen one does next */
	foot[0] = '\0';
	if (p->live.have_view && v->deadlocked) {
		xsnprintf(foot, sizeof foot, " Deadlock! See the lock pane. ");
		foot_role = COLOR_WARN;
	} else if (!live_running(&p->live)) {
		xsnprintf(foot, sizeof foot, "The run has ended: Space runs it again.");
		foot_role = COLOR_DIM;
	} else {
		for (int k = 0; k < pk.n; k++)
			if (pk.idx[k] == p->pick)
				step_footer(p, p->pick, pk.kind[k], pk.obj[k], foot, sizeof foot);
	}
	/* rows: title and help always, the footer, the code, the list, a hint */
	avail = r.h - 2 - (foot[0] != '\0');
	if (avail > 0 && marked_span(p, &first, &last) == 0) {
		int bfirst = first, blast = last;

		/* the whole block when it fits beside the list, else the
		 * marked lines around the chosen worker */
		while (bfirst > 0 && p->prose.v[bfirst - 1].kind == PROSE_CODE)
			bfirst--;
		while (blast + 1 < p->prose.n && p->prose.v[blast + 1].kind == PROSE_CODE)
			blast++;
		if (blast - bfirst + 1 + nw <= avail) {
			first = bfirst;
			ncode = blast - bfirst + 1;
		} else {
			ncode = last - first + 2 < avail ? last - first + 2 : avail;
			first = code_window(p, &m, p->pick, ncode);
			if (first + ncode > last + 1)
				ncode = last + 1 - first;	/* no context line below */
		}
		avail -= ncode;
	}
	nlist = nw < avail ? nw : avail;
	avail -= nlist;
	hint = avail > 0;
	term_put(y++, x, w, COLOR_HEADING, "Step mode: you are the scheduler");
	if (hint)
		term_put(y++, x, w, COLOR_DIM, "Each stops before a lock, queue or GIL step.");
	for (int i = 0; i < nlist && y < end; i++, y++) {
		int cx = x, parked;

		worker_doing(p, &pk, i, doing, sizeof doing, &parked);
		cx += term_printf(y, cx, 2, parked ? COLOR_KEY : COLOR_DIM, "%d ", i + 1);
		cx += term_put(y, cx, 2, COLOR_KEY, i == p->pick ? term_glyph(G_POINTER) : " ");
		cx += term_put(y, cx, 1, COLOR_NORMAL, " ");
		term_put(y, cx, 10, parked ? COLOR_PARKED : COLOR_NORMAL, pane_worker_name(v, i));
		cx += 11;
		term_put(y, cx, x + w - cx, parked ? COLOR_NORMAL : COLOR_DIM, doing);
	}
	for (int i = 0; i < ncode && y < end; i++, y++) {
		draw_prose_line(&p->prose.v[first + i], y, x, w);
		draw_markers(p, &m, &p->prose.v[first + i], y, x, w + 1);
	}
	if (foot[0] != '\0' && y < end)
		term_put_clip(y++, x, w, foot_role, foot);
	if (y < end && nlist < nw && nw > 0)
		term_printf(y++, x, w, COLOR_DIM, "1-%d: %s..%s; Enter: %s; s leaves.",
		    nw, pane_worker_name(v, 0), pane_worker_name(v, nw - 1),
		    pane_worker_name(v, p->pick));
	else if (y < end)
		term_put(y++, x, w, COLOR_DIM, "1-9 or Enter lets one go; s leaves step mode.");
}

/* The knob bar: every key, squeezed (layout_bar) rather than dropped. */
struct bar {
	struct bar_key k[KNOB__MAX + 6];
	char text[KNOB__MAX + 6][48], brief[KNOB__MAX + 6][32], key[KNOB__MAX + 6][8];
	int n;
};

static void
bar_add(struct bar *b, const char *key, const char *text, const char *brief)
{
	int i = b->n++;

	xsnprintf(b->key[i], sizeof b->key[i], "%s", key);
	xsnprintf(b->text[i], sizeof b->text[i], "%s", text);
	xsnprintf(b->brief[i], sizeof b->brief[i], "%s", brief != NULL ? brief : text);
	b->k[i] = (struct bar_key){ b->key[i], b->text[i], b->brief[i] };
}

/* A knob on the bar: its keys, its label and value (the value alone when
 * short of room). */
static void
bar_knob(struct player *p, struct bar *b, int id)
{
	char keys[8], buf[64], val[32];
	int down = knob_down_key(id);
	const char *label = knob_table[id].label;

	knob_format(id, p->kn.now.v[id], val, sizeof val);
	if (down != 0)
		xsnprintf(keys, sizeof keys, "%c%c", knob_table[id].key, down);
	else
		xsnprintf(keys, sizeof keys, "%c", knob_table[id].key);
	if (label != NULL)
		xsnprintf(buf, sizeof buf, "%s %s", label, val);
	else
		xsnprintf(buf, sizeof buf, "%s", val);
	bar_add(b, keys, buf, val);
}

static void
draw_knobs(struct player *p, struct rect r)
{
	const struct demo *d = cur_demo(p);
	struct bar b = { .n = 0 };
	char buf[64];
	int x = 1, id, level;

	term_fill(r, COLOR_NORMAL);
	if (d == NULL) {
		term_put(r.y, 1, r.w - 2, COLOR_DIM, "No demo in this step.");
		return;
	}
	bar_add(&b, "Space", p->rp.on ? (p->rp.playing ? "pause" : "play") :
	    live_running(&p->live) ? "stop" : "run", NULL);
	/* a run kept (ended, or paused): time travel is on offer */
	if (p->rp.on || (record_kept(&p->live.rec) && p->live.have_view &&
	    (p->live.phase == LIVE_DONE || p->live.paused)))
		bar_add(&b, "[]", p->rp.on ? "time" : "rewind", NULL);
	if (d->outcome != NULL) {
		xsnprintf(buf, sizeof buf, "%d runs", p->kn.now.v[KNOB_RUNS]);
		bar_add(&b, "R", buf, NULL);
	}
	if ((id = knob_edit_count(d)) >= 0)
		bar_knob(p, &b, id);
	for (id = 0; id < KNOB__MAX; id++)
		if (knob_edit_on_bar(&p->kn, id))
			bar_knob(p, &b, id);
	xsnprintf(buf, sizeof buf, "%d%s", player_pace(p), term_glyph(G_TIMES));
	bar_add(&b, "<>", buf, NULL);
	bar_add(&b, "s", p->live.stepping ? "stepping" : "step", NULL);
	bar_add(&b, "z", p->live.paused ? "paused" : "pause", NULL);
	level = layout_bar(b.k, b.n, r.w - 2);
	for (int i = 0; i < b.n; i++) {
		const char *t = level >= 3 ? "" : level == 2 ? b.k[i].brief : b.k[i].text;

		if (i > 0)
			x += level == 0 ? 2 : 1;
		x += term_put(r.y, x, r.w - x, COLOR_KEY, b.k[i].key);
		if (t[0] != '\0') {
			x += term_put(r.y, x, r.w - x, COLOR_NORMAL, " ");
			x += term_put(r.y, x, r.w - x, COLOR_NORMAL, t);
		}
	}
}

/* The cost of watching after the run's state, from column x on the status
 * line, ending before column end (issue 12: what the watching costs, said
 * while it is paid): events/s, drops in the warning colour, the UI's CPU.
 * Returns the column after it (x when it does not fit). */
static int
draw_cost(struct player *p, struct rect r, int x, int end)
{
	struct overhead_text t;

	if (overhead_format(&p->live.cost, end - x - 2, &t) != 0)
		return x;
	x += 2;
	x += term_put(r.y, x, end - x, COLOR_DIM, t.rate);
	if (t.drops[0] != '\0') {
		x += t.gap;
		x += term_put(r.y, x, end - x, COLOR_WARN, t.drops);
	}
	x += t.gap;
	return x + term_put(r.y, x, end - x, COLOR_DIM, t.cpu);
}

static void
draw_status(struct ui *ui, struct player *p, struct rect r, uint64_t now)
{
	char buf[128], ms[32], series[32] = "";
	const char *right = ui->present ? "n p step  ? help  q quit" : "? help  q menu";
	int run;
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
		if (live_series_going(&p->live, &run))
			xsnprintf(series, sizeof series, "run %d of %d ", run,
			    p->live.series.want);
		xsnprintf(buf, sizeof buf, "%s%s %s", series, p->live.paused ? "paused" :
		    p->live.stepping ? "stepping" : "running",
		    text_ms(live_elapsed_ms(&p->live, now), ms, sizeof ms));
		role = p->live.paused || p->live.stepping ? COLOR_PARKED : COLOR_RUNNING;
		break;
	case LIVE_STOPPING:
		xsnprintf(buf, sizeof buf, "stopping");
		break;
	case LIVE_DONE:
		/* a series: how many of its runs finished */
		if (p->live.series.demo != NULL) {
			if (p->live.series.stopped)
				xsnprintf(buf, sizeof buf, "series stopped: %d of %d runs "
				    "done", p->live.series.n, p->live.series.want);
			else
				xsnprintf(buf, sizeof buf, "%d runs done, the last in %s",
				    p->live.series.n, text_ms(live_elapsed_ms(&p->live, now),
				    ms, sizeof ms));
			role = p->live.series.stopped ? COLOR_WARN : COLOR_GOOD;
			break;
		}
		/* how it ended: only a run that finished is "done" */
		if (p->live.have_res && p->live.res.end != RUN_DONE) {
			xsnprintf(buf, sizeof buf, "%s after %s",
			    run_end_name(p->live.res.end),
			    text_ms(live_elapsed_ms(&p->live, now), ms, sizeof ms));
			role = COLOR_WARN;
			break;
		}
		xsnprintf(buf, sizeof buf, "%s in %s", p->live.stopped ? "stopped" : "done",
		    text_ms(live_elapsed_ms(&p->live, now), ms, sizeof ms));
		role = COLOR_GOOD;
		break;
	case LIVE_FAILED:
		xsnprintf(buf, sizeof buf, "failed");
		role = COLOR_WARN;
		break;
	}
	if (p->rp.on) {
		char of[32], from[48] = "", kept[32];

		/* time travel: where the cursor is in the kept run, and where
		 * that begins when its oldest part was dropped (record.h) */
		if (record_start(&p->live.rec) > 0)
			xsnprintf(from, sizeof from, " (kept from %s)",
			    text_ms((double)record_start(&p->live.rec) / 1e6, kept, sizeof kept));
		xsnprintf(buf, sizeof buf, "replay at %s of %s%s%s",
		    text_ms((double)p->rp.cursor / 1e6, ms, sizeof ms),
		    text_ms((double)record_length(&p->live.rec) / 1e6, of, sizeof of), from,
		    p->rp.playing ? ", playing" : "");
		role = COLOR_KEY;
	}
	term_fill(r, COLOR_NORMAL);
	x += term_put(r.y, x, r.w - rw - 3, role, buf);
	if (live_running(&p->live) && !p->rp.on)
		x = draw_cost(p, r, x, r.w - rw - 3 -
		    (ui->notice[0] != '\0' ? text_width(ui->notice) + 2 : 0));
	if (ui->notice[0] != '\0')
		term_put(r.y, x + 2, r.w - x - rw - 4, ui->notice_role, ui->notice);
	term_put(r.y, r.w - rw - 1, rw, COLOR_DIM, right);
}

/* The widest code line of a step, in columns. */
static int
code_width(const struct lesson_step *st)
{
	int w = 0;

	for (int i = 0; i < st->nblocks; i++) {
		const char *s = st->blocks[i].text;

		if (st->blocks[i].kind != BLOCK_CODE || s == NULL)
			continue;
		while (*s != '\0') {
			size_t n = strcspn(s, "\n");
			int lw = text_width_n(s, n);

			w = lw > w ? lw : w;
			s += n + (s[n] == '\n');
		}
	}
	return w;
}

/* --- present: the player for a projector --------------------------------- */

/* The key readouts in block digits, from row y (drawn if draw is set);
 * returns the rows they take. */
static int
present_readouts(struct ui *ui, struct player *p, int y, uint64_t now, int draw)
{
	struct readout r[BIGTEXT_MAX_READOUTS];
	int done = live_has_results(&p->live);
	int n = readouts_collect(player_metric, p, done, live_running(&p->live),
	    live_elapsed_ms(&p->live, now), r, BIGTEXT_MAX_READOUTS);
	int half = ui->rows < 40, w[BIGTEXT_MAX_READOUTS], total = 0, x;
	char buf[512];

	for (int i = 0; i < n; i++) {
		int bw = bigtext_width(r[i].value, half), lw = text_width(r[i].label);

		w[i] = (bw > lw ? bw : lw) + 4;
		if (total + w[i] > ui->cols) {
			n = i;
			break;
		}
		total += w[i];
	}
	/* the band keeps its rows when empty, so the panes never jump */
	if (!draw || n == 0)
		return 1 + bigtext_rows(half) + 1;
	x = (ui->cols - total) / 2;
	for (int i = 0; i < n; i++) {
		term_put(y, x + 2, w[i] - 4, COLOR_HEADING, r[i].label);
		for (int row = 0; row < bigtext_rows(half); row++) {
			bigtext_row(r[i].value, half, term_ascii(), row, buf, sizeof buf);
			term_put(y + 1 + row, x + 2, w[i] - 4,
			    i == 0 && !done ? COLOR_RUNNING : COLOR_NORMAL, buf);
		}
		x += w[i];
	}
	return 1 + bigtext_rows(half) + 1;
}

static void
present_draw(struct ui *ui, struct player *p, struct pane_ctx *c)
{
	const struct lesson_step *st = cur_step(p);
	struct rect title = { 0, 0, 1, ui->cols };
	struct rect knobs = { ui->rows - 2, 0, 1, ui->cols };
	struct rect status = { ui->rows - 1, 0, 1, ui->cols };
	char left[256], right[32];
	int y = 1;

	term_fill(title, COLOR_TITLE);
	xsnprintf(left, sizeof left, "%s %s %s", p->l->title, term_glyph(G_SEP), st->title);
	xsnprintf(right, sizeof right, "%d/%d ", p->step + 1, p->l->nsteps);
	term_put_clip(0, 1, ui->cols - text_width(right) - 3, COLOR_TITLE, left);
	term_put(0, ui->cols - text_width(right), text_width(right), COLOR_TITLE, right);
	if (st->demo == NULL) {
		/* no demo: the step's title, large, is all the room sees */
		term_put_clip(ui->rows / 2 - 1, 4, ui->cols - 8, COLOR_HEADING, st->title);
		term_put(ui->rows / 2 + 1, 4, ui->cols - 8, COLOR_DIM, "n next step, p previous");
	} else {
		/* readouts and panes as one block, centred in the rows there are */
		int want[PANE__MAX] = { 0 }, band, used = 0, room = ui->rows - 3;

		band = present_readouts(ui, p, 0, ui->frame_ns, 0);
		for (int i = 0; i < PANE__MAX; i++)
			if (st->panes & PANE_BIT(i))
				want[i] = pane_height(i, c, ui->cols);
		layout_panes(&p->lay, (struct rect){ 0, 0, room - band, ui->cols },
		    st->panes, want);
		for (int i = 0; i < PANE__MAX; i++)
			if (p->lay.pane[i].h > 0 && p->lay.pane[i].y + p->lay.pane[i].h > used)
				used = p->lay.pane[i].y + p->lay.pane[i].h;
		y += (room - band - used) / 2;
		present_readouts(ui, p, y + 1, ui->frame_ns, 1);
		y += band;
		for (int i = 0; i < PANE__MAX; i++)
			if (p->lay.pane[i].h > 0) {
				p->lay.pane[i].y += y;
				pane_draw(i, c, p->lay.pane[i]);
			}
	}
	draw_knobs(p, knobs);
	draw_status(ui, p, status, ui->frame_ns);
	p->drawn_at = ui->frame_ns;
}

static void
lesson_draw(struct ui *ui)
{
	struct player *p = ui->player;
	const struct lesson_step *st = cur_step(p);
	struct layout_ask a = { .mask = st->demo != NULL ? st->panes : 0, .zoom = p->zoom };
	struct pane_ctx c;
	uint64_t now = ui->frame_ns;

	/* R on a step that does not show the runs: they show while it lasts */
	if (p->live.series.demo != NULL)
		a.mask |= PANE_BIT(PANE_HISTOGRAM);

	pane_context(p, &c, now);
	p->shown = c.v;
	a.text_w = code_width(st) > 0 ? layout_code_cols(code_width(st)) : 0;
	for (int i = 0; i < PANE__MAX; i++) {
		/* the timeline spans the pane area; others may share a row */
		int w = p->lay.wide ? ui->cols - p->lay.text.w : ui->cols;

		if (!(a.mask & PANE_BIT(i)))
			continue;
		a.want[i] = pane_height(i, &c, w);
		a.min[i] = pane_min_height(i, &c, w);
		a.max[i] = pane_most_height(i, &c, w);
		/* beside other panes, a crowd (more than a course step's 8)
		 * asks for rows for 8, and takes more only when they are spare,
		 * rather than squeeze the others: Tab shows it whole */
		if (i == PANE_TIMELINE && p->zoom == ZOOM_BOTH && c.v != NULL &&
		    c.v->nworkers > LAYOUT_TL_CROWD && a.mask != PANE_BIT(PANE_TIMELINE))
			a.want[i] = a.min[i] = pane_timeline_min_crowd(&c, w);
	}
	a.min_text = p->live.stepping ?
	    3 + (p->live.view.nworkers < 9 ? p->live.view.nworkers : 9) : LAYOUT_MIN_TEXT;
	if (ui->present && p->zoom == ZOOM_PANES) {
		present_draw(ui, p, &c);
		return;
	}
	layout_lesson(&p->lay, ui->cols, ui->rows, &a);
	if ((a.mask & PANE_BIT(PANE_TIMELINE)) && c.v != NULL) {
		/* rows the timeline's whole strips leave go to the other panes */
		int used = pane_timeline_rows(c.replay && c.whole != NULL ? c.whole : c.v,
		    p->lay.pane[PANE_TIMELINE]);

		if (used < p->lay.pane[PANE_TIMELINE].h && used >= a.want[PANE_TIMELINE]) {
			a.max[PANE_TIMELINE] = used;
			layout_lesson(&p->lay, ui->cols, ui->rows, &a);
		}
	}
	if (st->demo != NULL && (a.mask & PANE_BIT(PANE_TIMELINE)))
		live_set_timeline(&p->live, step_gil_turns(st), timeline_cols(p), now);
	draw_title(ui, p);
	if (p->lay.text.h > 0) {
		if (p->live.stepping)
			draw_step_mode(p, p->lay.text);
		else
			draw_prose(p, p->lay.text);
	}
	for (int i = 0; i < PANE__MAX; i++)
		if (a.mask & PANE_BIT(i) && p->lay.pane[i].h > 0)
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
