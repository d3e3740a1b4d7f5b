/*
 * screen-quiz.c — the quiz: one question at a time on the whole screen.
 *
 * A question goes through phases: ASK (the question, its code, the
 * choices numbered; 1-9 pick, arrows and Space tick on a several-answers
 * question, Enter submits), then for a predict question RUN (its @run
 * demos run one after the other, live in the panes, each in a struct live
 * of its own so the metrics of every run stay known), then ANSWERED (right
 * or wrong or void, which choices held, each choice's @why with the run's
 * values filled in).  After the last question, END: the score, the time
 * taken, the questions missed with the step to revisit (Enter opens it),
 * and where the result file went.
 *
 * The grading is quiz.c's; this file only draws and takes keys.  A quiz
 * left with q before its end is not scored and writes nothing.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "live.h"
#include "pane.h"
#include "paths.h"
#include "prose.h"
#include "quiz.h"
#include "results.h"
#include "term.h"
#include "text.h"
#include "ui.h"
#include "util.h"

enum quiz_phase { QP_ASK, QP_RUN, QP_ANSWERED, QP_END };

struct quiz_screen {
	struct quiz qz;
	int cur;			/* the question now */
	enum quiz_phase phase;
	unsigned picked;		/* choice-index bits */
	int cursor;			/* screen position of the chosen choice */
	int hints;
	struct live runs[LESSON_MAX_RUNS];
	int run;			/* QP_RUN: the run going */
	int have_runs;
	time_t start, end;
	char name[RESULTS_MAX_NAME + 1];
	char saved[PATH_MAX];		/* QP_END: the result file, or "" */
	char save_err[300];
	int *missed, nmissed, end_sel;
	struct layout lay;
};

static struct quiz_item *
cur_item(struct quiz_screen *qs)
{
	return &qs->qz.items[qs->cur];
}

static int
several(const struct lesson_question *q)
{
	unsigned right = lesson_choice_answer(q);

	return q->kind == QUESTION_CHOICE && (right & (right - 1)) != 0;
}

/* --- the runs of a predict question ------------------------------------ */

/* A run that reached its results (not stopped, not failed): anything
 * else makes the predict question void. */
static int
run_done(const struct live *l)
{
	return live_has_results(l);
}

static int
quiz_metric(void *ctx, int run, const char *name, double *value)
{
	struct quiz_screen *qs = ctx;

	if (run < 0 || run >= cur_item(qs)->q->nruns || !run_done(&qs->runs[run]))
		return -1;
	return live_metric(&qs->runs[run], 0, name, value);
}

static void
runs_free(struct quiz_screen *qs)
{
	if (!qs->have_runs)
		return;
	for (int i = 0; i < LESSON_MAX_RUNS; i++)
		live_free(&qs->runs[i]);
	qs->have_runs = 0;
}

static void
grade_predict(struct quiz_screen *qs)
{
	struct quiz_item *it = cur_item(qs);
	int ok = 1;

	for (int i = 0; i < it->q->nruns; i++)
		ok &= run_done(&qs->runs[i]);
	quiz_grade_predict(it, qs->picked, ok, quiz_metric, qs);
	qs->phase = QP_ANSWERED;
}

static void
start_run(struct ui *ui, struct quiz_screen *qs, int i)
{
	const struct lesson_run *r = &cur_item(qs)->q->runs[i];

	qs->run = i;
	/* runs=N on the @run line: a series, graded on runs_correct & co */
	if (knobs_isset(&r->knobs, KNOB_RUNS) ?
	    live_start_series(&qs->runs[i], r->demo, &r->knobs, r->knobs.v[KNOB_RUNS]) != 0 :
	    live_start(&qs->runs[i], r->demo, &r->knobs, r->baseline) != 0)
		grade_predict(qs);	/* it failed to start: void */
	(void)ui;
}

static void
submit(struct ui *ui, struct quiz_screen *qs)
{
	struct quiz_item *it = cur_item(qs);

	if (it->q->kind == QUESTION_CHOICE) {
		quiz_grade_choice(it, qs->picked);
		qs->phase = QP_ANSWERED;
		return;
	}
	runs_free(qs);
	for (int i = 0; i < LESSON_MAX_RUNS; i++)
		live_init(&qs->runs[i], ui->ncores);
	qs->have_runs = 1;
	qs->phase = QP_RUN;
	start_run(ui, qs, 0);
}

/* --- the quiz ---------------------------------------------------------- */

static void
login_name(char *buf, size_t len)
{
	struct passwd *pw = getpwuid(getuid());
	const char *s = pw != NULL ? pw->pw_name : getenv("USER");

	xsnprintf(buf, len, "%s", s != NULL && *s != '\0' ? s : "student");
}

static void
question_enter(struct quiz_screen *qs, int i)
{
	qs->cur = i;
	qs->phase = QP_ASK;
	qs->picked = 0;
	qs->cursor = 0;
	qs->hints = 0;
}

/* Keep each lesson's best score in the progress file. */
static void
note_scores(struct ui *ui, struct quiz_screen *qs)
{
	const struct ui_quiz_opts *o = &ui->quiz_opts;

	for (int l = 0; l < o->nlessons; l++) {
		struct progress_entry *e;
		int right = 0, total = 0;

		for (int i = 0; i < qs->qz.n; i++) {
			const struct quiz_item *it = &qs->qz.items[i];

			if (it->lesson != o->lessons[l] || it->status == QUIZ_VOID)
				continue;
			right += it->status == QUIZ_RIGHT;
			total++;
		}
		if (total == 0 || (e = progress_get(&ui->prog, o->lessons[l]->id, 1)) == NULL)
			continue;
		if (e->quiz_total == 0 ||
		    (long)right * e->quiz_total > (long)e->quiz_right * total) {
			e->quiz_right = right;
			e->quiz_total = total;
		}
	}
	ui_save_progress(ui);
}

static void
save_results(struct ui *ui, struct quiz_screen *qs)
{
	const struct ui_quiz_opts *o = &ui->quiz_opts;
	struct results r;
	char host[RESULTS_MAX_HOST + 1] = "", *dir;

	if (gethostname(host, sizeof host - 1) != 0 || !results_valid_name(host))
		xsnprintf(host, sizeof host, "unknown");
	if (o->results_dir != NULL)
		dir = xstrdup(o->results_dir);
	else {
		char *state = paths_state_dir();

		xasprintf(&dir, "%s/results", state);
		free(state);
	}
	results_from_quiz(&r, &qs->qz, o->lessons, o->nlessons, qs->name, host,
	    qs->start, qs->end);
	if (paths_mkdirs(dir) != 0)
		xsnprintf(qs->save_err, sizeof qs->save_err, "%s: %s", dir, strerror(errno));
	else if (results_write(&r, dir, qs->saved, sizeof qs->saved, qs->save_err,
	    sizeof qs->save_err) != 0)
		qs->saved[0] = '\0';
	results_free(&r);
	free(dir);
}

static void
quiz_finish(struct ui *ui, struct quiz_screen *qs)
{
	runs_free(qs);
	qs->end = time(NULL);
	qs->phase = QP_END;
	qs->missed = xcalloc((size_t)qs->qz.n + 1, sizeof *qs->missed);
	for (int i = 0; i < qs->qz.n; i++)
		if (qs->qz.items[i].status == QUIZ_WRONG)
			qs->missed[qs->nmissed++] = i;
	note_scores(ui, qs);
	save_results(ui, qs);
}

static void
quiz_enter(struct ui *ui)
{
	struct quiz_screen *qs = xcalloc(1, sizeof *qs);
	struct ui_quiz_opts *o = &ui->quiz_opts;
	uint64_t seed = o->seed;

	ui->quiz = qs;
	if (!o->have_seed && getrandom(&seed, sizeof seed, 0) != (ssize_t)sizeof seed)
		seed = now_ns() ^ (uint64_t)getpid();
	/* seeds travel in JSON numbers: keep them exact in a double */
	seed &= (1ull << 53) - 1;
	quiz_build(&qs->qz, o->lessons, o->nlessons, seed);
	if (o->name != NULL)
		xsnprintf(qs->name, sizeof qs->name, "%s", o->name);
	else
		login_name(qs->name, sizeof qs->name);
	qs->start = time(NULL);
	question_enter(qs, 0);
	if (qs->qz.n == 0) {
		ui_notice(ui, COLOR_WARN, 0, "No questions here.");
		qs->phase = QP_END;
	}
}

static void
quiz_leave(struct ui *ui)
{
	struct quiz_screen *qs = ui->quiz;

	if (qs == NULL)
		return;
	runs_free(qs);
	quiz_free(&qs->qz);
	free(qs->missed);
	free(qs);
	ui->quiz = NULL;
}

/* --- keys -------------------------------------------------------------- */

static enum ui_action
key_ask(struct ui *ui, struct quiz_screen *qs, const struct keymap_entry *e, int key)
{
	struct quiz_item *it = cur_item(qs);
	int n = it->q->nchoices;

	switch (e->cmd) {
	case CMD_PICK:
		if (key - '1' >= n)
			return UI_NONE;
		qs->cursor = key - '1';
		if (several(it->q))
			qs->picked ^= 1u << it->order[qs->cursor];
		else
			qs->picked = 1u << it->order[qs->cursor];
		return UI_REDRAW;
	case CMD_UP:
		qs->cursor = qs->cursor > 0 ? qs->cursor - 1 : 0;
		return UI_REDRAW;
	case CMD_DOWN:
		qs->cursor = qs->cursor + 1 < n ? qs->cursor + 1 : n - 1;
		return UI_REDRAW;
	case CMD_TOGGLE:
		if (several(it->q))
			qs->picked ^= 1u << it->order[qs->cursor];
		else
			qs->picked = 1u << it->order[qs->cursor];
		return UI_REDRAW;
	case CMD_SUBMIT:
		if (qs->picked == 0) {
			ui_notice(ui, COLOR_NOTICE, 3, "Pick an answer first (1-%d).", n);
			return UI_REDRAW;
		}
		submit(ui, qs);
		return UI_REDRAW;
	case CMD_HINTS:
		qs->hints = !qs->hints;
		return UI_REDRAW;
	default:
		return UI_NONE;
	}
}

static enum ui_action
key_end(struct ui *ui, struct quiz_screen *qs, const struct keymap_entry *e)
{
	switch (e->cmd) {
	case CMD_UP:
		qs->end_sel = qs->end_sel > 0 ? qs->end_sel - 1 : 0;
		return UI_REDRAW;
	case CMD_DOWN:
		qs->end_sel = qs->end_sel + 1 < qs->nmissed ? qs->end_sel + 1 : qs->end_sel;
		return UI_REDRAW;
	case CMD_SUBMIT:
		if (qs->nmissed == 0)
			return ui->quiz_opts.standalone ? UI_QUIT : UI_MENU;
		ui->open_lesson = qs->qz.items[qs->missed[qs->end_sel]].lesson;
		ui->open_step = quiz_item_step(&qs->qz.items[qs->missed[qs->end_sel]]);
		return UI_OPEN;
	default:
		return UI_NONE;
	}
}

static enum ui_action
quiz_key(struct ui *ui, int key)
{
	struct quiz_screen *qs = ui->quiz;
	const struct keymap_entry *e = keymap_find(keymap_quiz, key);

	if (e == NULL)
		return UI_NONE;
	if (e->cmd == CMD_HELP)
		return UI_HELP;
	if (e->cmd == CMD_BACK) {
		if (qs->phase != QP_END && qs->qz.n > 0)
			runs_free(qs);	/* unfinished: not scored, no file */
		return ui->quiz_opts.standalone ? UI_QUIT : UI_MENU;
	}
	switch (qs->phase) {
	case QP_ASK:
		return key_ask(ui, qs, e, key);
	case QP_RUN:
		if (e->cmd == CMD_TOGGLE) {
			live_stop(&qs->runs[qs->run]);
			ui_notice(ui, COLOR_WARN, 4, "Run stopped: this question will not count.");
			return UI_REDRAW;
		}
		return UI_NONE;
	case QP_ANSWERED:
		if (e->cmd != CMD_SUBMIT)
			return UI_NONE;
		if (qs->cur + 1 < qs->qz.n)
			question_enter(qs, qs->cur + 1);
		else
			quiz_finish(ui, qs);
		return UI_REDRAW;
	case QP_END:
		return key_end(ui, qs, e);
	}
	return UI_NONE;
}

static void
quiz_keys(struct ui *ui, const struct keymap_entry *t[3], const char *titles[3])
{
	(void)ui;
	t[0] = keymap_quiz;
	titles[0] = "Quiz";
	t[1] = NULL;
}

/* --- frames ------------------------------------------------------------ */

static int
quiz_tick(struct ui *ui, uint64_t now)
{
	struct quiz_screen *qs = ui->quiz;
	int changed = 0;

	if (!qs->have_runs)
		return 0;
	for (int i = 0; i < LESSON_MAX_RUNS; i++)
		changed |= live_frame(&qs->runs[i], now);
	if (qs->phase == QP_RUN) {
		struct live *l = &qs->runs[qs->run];

		if (live_running(l) || l->phase == LIVE_STOPPING)
			return 1;	/* the clock moves */
		if (run_done(l) && qs->run + 1 < cur_item(qs)->q->nruns)
			start_run(ui, qs, qs->run + 1);
		else
			grade_predict(qs);
		changed = 1;
	}
	return changed;
}

static int
quiz_busy(struct ui *ui)
{
	struct quiz_screen *qs = ui->quiz;

	for (int i = 0; qs->have_runs && i < LESSON_MAX_RUNS; i++)
		if (live_busy(&qs->runs[i]))
			return 1;
	return 0;
}

/* --- drawing ----------------------------------------------------------- */

/* Wrap text in w columns from row y (at most until end) in role; returns
 * the next row. */
static int
draw_wrapped(const char *text, int y, int x, int w, int end, enum color_role role)
{
	struct text_lines tl = { 0 };

	text_wrap(text, w, 1, &tl);
	for (int i = 0; i < tl.n && y < end; i++, y++) {
		char *line = xstrndup(text + tl.v[i].off, tl.v[i].len);

		term_put(y, x, w, role, line);
		free(line);
	}
	text_lines_free(&tl);
	return y;
}

static void
draw_bar(struct rect r, enum color_role role, const char *left, const char *right)
{
	int rw = right != NULL ? text_width(right) : 0;

	term_fill(r, role);
	term_put(r.y, r.x + 1, r.w - rw - 3, role, left);
	if (right != NULL && rw + 2 < r.w)
		term_put(r.y, r.x + r.w - rw - 1, rw, role, right);
}

/* The question's prose (its text, code and hints) as the player lays it out. */
static int
draw_question(struct quiz_screen *qs, int y, int x, int w, int end)
{
	struct quiz_item *it = cur_item(qs);
	struct lesson_step st;
	struct prose p = { 0 };
	char title[160];

	memset(&st, 0, sizeof st);
	xsnprintf(title, sizeof title, "%s %s %s", it->lesson->title,
	    term_glyph(G_SEP), it->q->kind == QUESTION_PREDICT ?
	    "predict, then run" : several(it->q) ? "pick every right answer" :
	    "pick one");
	st.id = it->q->id;
	st.title = title;
	st.blocks = it->q->blocks;
	st.nblocks = it->q->nblocks;
	st.hints = it->q->hints;
	prose_build(&p, &st, w, qs->hints, quiz_metric, qs);
	for (int i = 0; i < p.n && y < end; i++, y++) {
		const struct prose_line *l = &p.v[i];
		enum color_role role = l->kind == PROSE_HEADING ? COLOR_HEADING :
		    l->kind == PROSE_CODE ? COLOR_CODE : l->kind == PROSE_HINT ?
		    COLOR_NOTICE : l->kind == PROSE_HINT_OFF ? COLOR_DIM : COLOR_NORMAL;

		if (l->key[0] != '\0')
			term_put(y, x, l->indent, role, l->key);
		term_put(y, x + l->indent, w - l->indent, role, l->s);
	}
	prose_free(&p);
	return y;
}

/* Rows text takes wrapped in w columns. */
static int
wrapped_rows(const char *text, int w)
{
	struct text_lines tl = { 0 };
	int n;

	text_wrap(text, w, 1, &tl);
	n = tl.n;
	text_lines_free(&tl);
	return n;
}

/* Rows the choices take (with their @why once answered), so that a long
 * question gives up rows before the choices do. */
static int
choices_rows(struct quiz_screen *qs, int w)
{
	struct quiz_item *it = cur_item(qs);
	int n = 0;

	for (int c = 0; c < it->q->nchoices; c++) {
		n += wrapped_rows(it->q->choices[c].text, w - 17);
		if (qs->phase == QP_ANSWERED && it->q->choices[c].why != NULL)
			n += wrapped_rows(it->q->choices[c].why, w - 19);
	}
	return n;
}

static int
draw_choices(struct quiz_screen *qs, int y, int x, int w, int end)
{
	struct quiz_item *it = cur_item(qs);
	int answered = qs->phase == QP_ANSWERED;

	for (int pos = 0; pos < it->q->nchoices && y < end; pos++) {
		int c = it->order[pos], picked = !!(qs->picked & (1u << c));
		int right = !!(it->right & (1u << c));
		const struct lesson_choice *ch = &it->q->choices[c];
		enum color_role role = COLOR_NORMAL;
		char mark[32];

		if (answered && it->status != QUIZ_VOID)
			role = right ? COLOR_GOOD : picked ? COLOR_WARN : COLOR_DIM;
		xsnprintf(mark, sizeof mark, "%s%d %s", !answered && pos == qs->cursor ?
		    term_glyph(G_POINTER) : " ", pos + 1,
		    several(it->q) ? (picked ? "[x]" : "[ ]") : (picked ? "(*)" : "( )"));
		term_put(y, x, 8, picked || pos == qs->cursor ? COLOR_KEY : COLOR_DIM, mark);
		if (answered && it->status != QUIZ_VOID)
			term_put(y, x + w - 7, 7, role, right ? "right" : picked ? "wrong" : "");
		y = draw_wrapped(ch->text, y, x + 9, w - 17, end, role);
		if (answered && ch->why != NULL && y < end) {
			char *why = lesson_render(ch->why, it->q->runs, it->q->nruns,
			    quiz_metric, qs, "—");

			y = draw_wrapped(why, y, x + 11, w - 19, end, COLOR_DIM);
			free(why);
		}
	}
	return y;
}

/* A measured value's name as the learner reads it: "procs" for
 * "procs.wall_ms", else the name. */
static void
measure_label(const char *name, char *buf, size_t len)
{
	const char *dot = strchr(name, '.');

	if (dot != NULL && strcmp(dot + 1, "wall_ms") == 0)
		xsnprintf(buf, len, "%.*s", (int)(dot - name), name);
	else
		xsnprintf(buf, len, "%s", name);
}

/*
 * "You said X.  Measured: procs 2.1 s, loop 3.9 s; procs was 1.9x faster"
 * for a graded prediction (the comparison when two runs' wall times
 * decided it).
 */
static void
measured_text(const struct quiz_item *it, unsigned picked, char *buf, size_t len)
{
	size_t n;

	n = xsnprintf(buf, len, "You said:");
	for (int c = 0; c < it->q->nchoices; c++)
		if (picked & (1u << c))
			n += xsnprintf(buf + n, len - n, " %s", it->q->choices[c].text);
	if (it->nmeasured > 0)
		n += xsnprintf(buf + n, len - n, "  Measured:");
	for (int m = 0; m < it->nmeasured; m++) {
		const char *name = it->measured[m].name;
		size_t nl = strlen(name);
		char v[32], label[QUIZ_MAX_NAME];

		if (nl > 3 && strcmp(name + nl - 3, "_ms") == 0)
			text_ms(it->measured[m].value, v, sizeof v);
		else
			text_num(it->measured[m].value, v, sizeof v);
		measure_label(name, label, sizeof label);
		n += xsnprintf(buf + n, len - n, "%s %s %s", m > 0 ? "," : "", label, v);
	}
	if (it->nmeasured == 2 && strstr(it->measured[0].name, ".wall_ms") != NULL &&
	    strstr(it->measured[1].name, ".wall_ms") != NULL &&
	    it->measured[0].value > 0 && it->measured[1].value > 0) {
		int fast = it->measured[0].value <= it->measured[1].value ? 0 : 1;
		char label[QUIZ_MAX_NAME];

		measure_label(it->measured[fast].name, label, sizeof label);
		xsnprintf(buf + n, len - n, " %s %s was %.1f%s faster", term_glyph(G_SEP),
		    label, it->measured[1 - fast].value / it->measured[fast].value,
		    term_glyph(G_TIMES));
	}
}

static void
draw_verdict(struct quiz_screen *qs, int y, int x, int w)
{
	struct quiz_item *it = cur_item(qs);
	char buf[512];

	switch (it->status) {
	case QUIZ_RIGHT:
		term_put(y, x, w, COLOR_GOOD, "Right!");
		break;
	case QUIZ_WRONG:
		term_put(y, x, w, COLOR_WARN, "Not quite: the right answers are marked.");
		break;
	case QUIZ_VOID:
		term_put(y, x, w, COLOR_WARN,
		    "Void: a run was stopped or failed, so nothing was measured. "
		    "This question does not count.");
		break;
	default:
		break;
	}
	if (it->q->kind == QUESTION_PREDICT && it->status != QUIZ_VOID) {
		measured_text(it, qs->picked, buf, sizeof buf);
		term_put_clip(y + 1, x, w, COLOR_NORMAL, buf);
	}
}

static void
draw_run(struct ui *ui, struct quiz_screen *qs, struct rect area, uint64_t now)
{
	struct quiz_item *it = cur_item(qs);
	const struct lesson_run *r = &it->q->runs[qs->run];
	struct live *l = &qs->runs[qs->run];
	unsigned mask = it->q->panes | PANE_BIT(PANE_TIMELINE) | PANE_BIT(PANE_RESULTS);
	struct pane_ctx c;
	char buf[512];
	int y = area.y;

	measured_text(it, qs->picked, buf, sizeof buf);
	term_put_clip(y++, 1, area.w - 2, COLOR_KEY, buf);
	xsnprintf(buf, sizeof buf, "Run %d of %d%s%s: %s  %s", qs->run + 1, it->q->nruns,
	    r->name != NULL ? " " : "", r->name != NULL ? r->name : "", r->demo->name,
	    l->phase == LIVE_BASELINE ? "(sequential baseline first)" : "");
	term_put_clip(y++, 1, area.w - 2, COLOR_HEADING, buf);
	pane_ctx_live(&c, l, r->demo, &r->knobs, now);
	if (l->series.demo != NULL)
		mask |= PANE_BIT(PANE_HISTOGRAM);	/* runs=N: a series */
	pane_area(&c, mask, (struct rect){ y, 0, area.y + area.h - y, area.w }, &qs->lay);
	(void)ui;
}

/* Under a graded prediction: the panes of its last run, as it ended. */
static void
draw_last_run(struct quiz_screen *qs, struct rect area, uint64_t now)
{
	struct quiz_item *it = cur_item(qs);
	const struct lesson_run *r = &it->q->runs[qs->run];
	struct pane_ctx c;

	pane_ctx_live(&c, &qs->runs[qs->run], r->demo, &r->knobs, now);
	pane_area(&c, it->q->panes | PANE_BIT(PANE_TIMELINE) | PANE_BIT(PANE_RESULTS) |
	    (qs->runs[qs->run].series.demo != NULL ? PANE_BIT(PANE_HISTOGRAM) : 0),
	    area, &qs->lay);
}

static void
draw_end(struct ui *ui, struct quiz_screen *qs, struct rect a)
{
	int right, total, y = a.y + 1, nvoid = 0;
	char buf[PATH_MAX + 64], ms[32];
	long secs;

	quiz_score(&qs->qz, &right, &total);
	for (int i = 0; i < qs->qz.n; i++)
		nvoid += qs->qz.items[i].status == QUIZ_VOID;
	secs = (long)(qs->end - qs->start);
	if (secs >= 60)
		xsnprintf(ms, sizeof ms, "%ld min %ld s", secs / 60, secs % 60);
	else
		xsnprintf(ms, sizeof ms, "%ld s", secs);
	xsnprintf(buf, sizeof buf, "%s: %d of %d right%s in %s", qs->name, right, total,
	    nvoid ? " (void questions not counted)" : "", ms);
	term_put(y++, 2, a.w - 4, COLOR_HEADING, buf);
	if (qs->saved[0] != '\0')
		term_printf(y++, 2, a.w - 4, COLOR_DIM, "Result saved: %s", qs->saved);
	else if (qs->save_err[0] != '\0')
		term_printf(y++, 2, a.w - 4, COLOR_WARN, "Result NOT saved: %s", qs->save_err);
	y++;
	if (qs->nmissed == 0) {
		term_put(y, 2, a.w - 4, COLOR_GOOD, total > 0 ? "Nothing missed." : "");
		return;
	}
	term_put(y++, 2, a.w - 4, COLOR_NORMAL, "Missed (Enter opens the step to revisit):");
	for (int k = 0; k < qs->nmissed && y < a.y + a.h; k++, y++) {
		const struct quiz_item *it = &qs->qz.items[qs->missed[k]];
		int s = quiz_item_step(it);

		xsnprintf(buf, sizeof buf, "%s %s %s step %d: %s  (question %s)",
		    k == qs->end_sel ? term_glyph(G_POINTER) : " ", it->lesson->title,
		    term_glyph(G_SEP), s + 1, it->lesson->steps[s].title, it->q->id);
		term_put_clip(y, 2, a.w - 4, k == qs->end_sel ? COLOR_SELECT : COLOR_NORMAL, buf);
	}
}

static void
quiz_draw(struct ui *ui)
{
	struct quiz_screen *qs = ui->quiz;
	struct rect title = { 0, 0, 1, ui->cols }, status = { ui->rows - 1, 0, 1, ui->cols };
	struct rect body = { 1, 0, ui->rows - 2, ui->cols };
	char left[160], right[64];
	const char *keys = "";
	int y, x = 2, w = ui->cols - 4, end = ui->rows - 1;

	if (qs->phase == QP_END || qs->qz.n == 0)
		xsnprintf(right, sizeof right, "done ");
	else
		xsnprintf(right, sizeof right, "question %d of %d ", qs->cur + 1, qs->qz.n);
	xsnprintf(left, sizeof left, "lockstep %s Quiz", term_glyph(G_POINTER));
	draw_bar(title, COLOR_TITLE, left, right);
	switch (qs->phase) {
	case QP_ASK:
	case QP_ANSWERED:
		y = end - choices_rows(qs, w) - 1 - (qs->phase == QP_ANSWERED ? 3 : 0);
		y = draw_question(qs, body.y + 1, x, w, y > body.y + 4 ? y : body.y + 4);
		if (qs->phase == QP_ANSWERED && y + 3 < end) {
			draw_verdict(qs, y + 1, x, w);
			y += 3;
		}
		y = draw_choices(qs, y + 1, x, w, end);
		/* the runs of an earlier predict question stay until reaped:
		 * only a predict question shows its own */
		if (qs->phase == QP_ANSWERED && qs->have_runs && end - y > 8 &&
		    cur_item(qs)->q->kind != QUESTION_CHOICE)
			draw_last_run(qs, (struct rect){ y + 1, 0, end - y - 1, ui->cols },
			    ui->frame_ns);
		keys = qs->phase == QP_ASK ? several(cur_item(qs)->q) ?
		    "1-9 tick  Enter submit  h hint  ? help  q leave" :
		    "1-9 pick  Enter submit  h hint  ? help  q leave" :
		    qs->cur + 1 < qs->qz.n ? "Enter next question  q leave" :
		    "Enter see the score  q leave";
		break;
	case QP_RUN:
		draw_run(ui, qs, body, ui->frame_ns);
		keys = "Space stop (voids the question)  q leave";
		break;
	case QP_END:
		draw_end(ui, qs, body);
		keys = qs->nmissed > 0 ? "↑↓ choose  Enter open the step  q quit" :
		    "Enter or q: done";
		break;
	}
	draw_bar(status, COLOR_NORMAL, ui->notice[0] != '\0' ? ui->notice : "", keys);
}

const struct screen screen_quiz = {
	.name = "quiz",
	.enter = quiz_enter,
	.leave = quiz_leave,
	.draw = quiz_draw,
	.key = quiz_key,
	.tick = quiz_tick,
	.busy = quiz_busy,
	.keys = quiz_keys,
};
