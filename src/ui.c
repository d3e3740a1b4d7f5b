/*
 * ui.c — the interface's state and its one loop (see ui.h).
 *
 * Each turn of the loop: wait in poll() for a key, a signal byte or the
 * next frame; act on signals (INT, TERM, HUP: leave and exit 128 + the
 * signal; WINCH: take the new size; TSTP: restore the terminal and stop);
 * feed every waiting key to the screen and do what it returns; once per
 * frame let the screen tick; draw only if something changed.
 *
 * Demo workers run niced (run_set_worker_nice; LOCKSTEP_WORKER_NICE
 * overrides the niceness, for make bench) so that this thread stays
 * responsive when they saturate every core.  With LOCKSTEP_FRAME_LOG set,
 * the loop writes one line per drawn frame (time, interval, latency from a
 * key to its frame) to that file, for make bench.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "layout.h"
#include "notes.h"
#include "paths.h"
#include "term.h"
#include "text.h"
#include "ui.h"
#include "util.h"

#define FRAME_NS 33333333u		/* 30 frames a second */
#define WORKER_NICE 10

void
ui_notice(struct ui *ui, enum color_role role, int secs, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->notice, sizeof ui->notice, fmt, ap);
	va_end(ap);
	ui->notice_role = role;
	ui->notice_until = secs > 0 ? now_ns() + (uint64_t)secs * 1000000000u : 0;
	ui->dirty = 1;
}

void
ui_save_progress(struct ui *ui)
{
	char err[256];

	if (ui->state_dir == NULL)
		return;
	switch (progress_save(&ui->prog, ui->state_dir, err, sizeof err)) {
	case 0:
		break;
	case 1:		/* saved, after setting an unusable file aside */
		ui_notice(ui, COLOR_WARN, 6, "%s", err);
		break;
	default:
		ui_notice(ui, COLOR_WARN, 6, "progress not saved: %s", err);
		break;
	}
}

static void
ui_switch(struct ui *ui, const struct screen *s)
{
	if (ui->screen != NULL && ui->screen->leave != NULL)
		ui->screen->leave(ui);
	ui->screen = s;
	ui->help = 0;
	s->enter(ui);
	ui->dirty = 1;
}

static void
draw_too_small(struct ui *ui)
{
	char need[64], now[64];
	int y = ui->rows / 2 - 1;

	xsnprintf(need, sizeof need, "terminal too small (need %d%s%d)", LAYOUT_MIN_COLS,
	    term_glyph(G_TIMES), LAYOUT_MIN_ROWS);
	xsnprintf(now, sizeof now, "now %d%s%d; q quits", ui->cols, term_glyph(G_TIMES),
	    ui->rows);
	for (int pass = 0; pass < 2; pass++) {
		const char *s = pass == 0 ? need : now;
		int w = text_width(s), x = (ui->cols - w) / 2;

		if (y + pass < 0 || y + pass >= ui->rows)
			continue;
		term_put(y + pass, x < 0 ? 0 : x, ui->cols, pass == 0 ? COLOR_WARN : COLOR_DIM, s);
	}
}

static void
ui_draw(struct ui *ui)
{
	term_erase();
	if (!layout_fits(ui->cols, ui->rows))
		draw_too_small(ui);
	else {
		ui->screen->draw(ui);
		if (ui->help)
			screen_help_draw(ui);
	}
	term_flush();
	ui->dirty = 0;
}

/* Do what a key handler asked; returns 1 when the loop should end. */
static int
ui_do(struct ui *ui, enum ui_action a)
{
	switch (a) {
	case UI_NONE:
		break;
	case UI_REDRAW:
		ui->dirty = 1;
		break;
	case UI_OPEN:
		ui_switch(ui, &screen_lesson);
		break;
	case UI_MENU:
		ui_switch(ui, &screen_menu);
		break;
	case UI_HELP:
		ui->help = 1;
		ui->dirty = 1;
		break;
	case UI_QUIZ:
		ui_switch(ui, &screen_quiz);
		break;
	case UI_QUIT:
		return 1;
	}
	return 0;
}

static enum ui_action
ui_key(struct ui *ui, int key)
{
	if (key == KEYMAP_RESIZE) {
		term_size(&ui->cols, &ui->rows);
		return UI_REDRAW;
	}
	if (key < 0)
		return UI_NONE;
	if (!layout_fits(ui->cols, ui->rows))
		return key == 'q' ? (ui->screen == &screen_lesson ? UI_MENU : UI_QUIT) :
		    UI_NONE;
	if (ui->help) {
		ui->help = 0;
		return UI_REDRAW;
	}
	return ui->screen->key(ui, key);
}

/* Act on the pending signals; returns 1 when lockstep should exit. */
static int
ui_signals(struct ui *ui)
{
	int sig;

	while ((sig = term_signal_next()) != 0) {
		switch (sig) {
		case SIGWINCH:
			term_resize();
			term_size(&ui->cols, &ui->rows);
			ui->dirty = 1;
			break;
		case SIGTSTP:
			term_suspend();
			term_size(&ui->cols, &ui->rows);
			ui->dirty = 1;
			break;
		case TERM_FATAL:
			fatal_pending();	/* does not return */
			break;
		default:
			ui->exit_status = 128 + sig;
			return 1;
		}
	}
	return 0;
}

/* --- the work calibration ------------------------------------------------ */

static void *
calibrate_body(void *arg)
{
	(void)arg;
	(void)work_units_per_ms();
	return NULL;
}

/* Calibrate the demos' work loop (about 0.1 s of spinning) on another
 * thread while the first frame is drawn, rather than before it or at the
 * first Space; a run started meanwhile waits for it (pthread_once). */
static void
calibrate_behind(void)
{
	pthread_t th;

	if (pthread_create(&th, NULL, calibrate_body, NULL) == 0)
		pthread_detach(th);
	else
		(void)work_units_per_ms();
}

/* --- frame log (make bench) --------------------------------------------- */

static FILE *frame_log;

static void
frame_log_open(void)
{
	const char *path = getenv("LOCKSTEP_FRAME_LOG");

	if (path != NULL && *path != '\0' && (frame_log = fopen(path, "w")) != NULL)
		setvbuf(frame_log, NULL, _IOLBF, 0);	/* the bench counts lines live */
}

static void
frame_log_note(uint64_t t, uint64_t last, uint64_t key_at)
{
	if (frame_log == NULL)
		return;
	fprintf(frame_log, "%llu %llu %llu\n", (unsigned long long)t,
	    (unsigned long long)(last ? t - last : 0),
	    (unsigned long long)(key_at ? t - key_at : 0));
}

/* --- the loop ------------------------------------------------------------ */

static int
poll_timeout(struct ui *ui, uint64_t now, uint64_t next_frame)
{
	uint64_t until = 0;

	if (ui->dirty)
		return 0;
	if (ui->screen->busy(ui))
		until = next_frame;
	if (ui->notice_until != 0 && (until == 0 || ui->notice_until < until))
		until = ui->notice_until;
	if (until == 0)
		return -1;
	return until <= now ? 0 : (int)((until - now) / 1000000u) + 1;
}

static void
ui_loop(struct ui *ui)
{
	struct pollfd pfd[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = term_signal_fd(), .events = POLLIN },
	};
	uint64_t now = now_ns(), next_frame = now, last_draw = 0, key_at = 0;
	int key, quit = 0;

	while (!quit) {
		int rc = poll(pfd, 2, poll_timeout(ui, now_ns(), next_frame));

		if (rc < 0 && errno != EINTR)
			fatal("poll");
		if (ui_signals(ui))
			break;
		while (!quit && (key = term_key()) != 0) {
			if (key_at == 0)
				key_at = now_ns();
			quit = ui_do(ui, ui_key(ui, key));
		}
		if (quit)
			break;
		now = ui->frame_ns = now_ns();
		if (now >= next_frame) {
			if (ui->screen->tick(ui, now))
				ui->dirty = 1;
			next_frame = now + FRAME_NS;
		}
		if (ui->notice_until != 0 && now >= ui->notice_until) {
			ui->notice[0] = '\0';
			ui->notice_until = 0;
			ui->dirty = 1;
		}
		if (ui->dirty) {
			ui_draw(ui);
			frame_log_note(now_ns(), last_draw, key_at);
			last_draw = now_ns();
			key_at = 0;
		}
	}
}

static void
ui_load_progress(struct ui *ui)
{
	char msg[512];

	ui->state_dir = paths_state_dir();
	switch (progress_load(&ui->prog, ui->state_dir, msg, sizeof msg)) {
	case PROGRESS_OK:
		break;
	case PROGRESS_SET_ASIDE: {
		/* the message names full paths: the status line has room for
		 * what was wrong and the file name the old progress went to */
		const char *as = strstr(msg, "/progress ");

		ui_notice(ui, COLOR_WARN, 0, "progress file%s", as != NULL ?
		    as + strlen("/progress") : msg);
		break;
	}
	case PROGRESS_ERROR:
		ui_notice(ui, COLOR_WARN, 0, "progress not read: %s", msg);
		break;
	}
}

/* How the interface starts: which screen, for what. */
struct ui_start_as {
	const struct lesson *lesson;	/* the player on it, else the menu */
	const struct ui_quiz_opts *quiz;	/* the quiz */
	int present;			/* the player for a projector */
	struct notes_server *srv;
	const char *why_not;		/* present without srv: why */
	int notes;			/* the notes window */
	const struct trace_file *replay;	/* lockstep replay */
};

static int ui_start(struct lesson_catalogue *cat, int nbad,
    const struct ui_start_as *as, const struct term_opts *to);

int
ui_run(struct lesson_catalogue *cat, int nbad, const struct lesson *l,
    const struct term_opts *to)
{
	struct ui_start_as as = { .lesson = l };

	return ui_start(cat, nbad, &as, to);
}

int
ui_run_quiz(struct lesson_catalogue *cat, int nbad, const struct ui_quiz_opts *q,
    const struct term_opts *to)
{
	struct ui_start_as as = { .quiz = q };

	return ui_start(cat, nbad, &as, to);
}

int
ui_run_present(struct lesson_catalogue *cat, int nbad, const struct lesson *l,
    struct notes_server *srv, const char *why_not, const struct term_opts *to)
{
	struct ui_start_as as = { .lesson = l, .present = 1, .srv = srv,
		.why_not = why_not };

	return ui_start(cat, nbad, &as, to);
}

int
ui_run_replay(struct lesson_catalogue *cat, const struct lesson *l,
    const struct trace_file *tf, const struct term_opts *to)
{
	struct ui_start_as as = { .lesson = l, .replay = tf };

	return ui_start(cat, 0, &as, to);
}

int
ui_run_notes(struct lesson_catalogue *cat, int nbad, const struct term_opts *to)
{
	struct ui_start_as as = { .notes = 1 };

	return ui_start(cat, nbad, &as, to);
}

void
ui_present_step(struct ui *ui, const struct lesson *l, int step)
{
	if (ui->notes_srv != NULL && step >= 0 && step < l->nsteps)
		notes_server_send(ui->notes_srv, l->id, l->steps[step].id);
}

static int
ui_start(struct lesson_catalogue *cat, int nbad, const struct ui_start_as *as,
    const struct term_opts *to)
{
	const struct lesson *l = as->lesson;
	struct ui ui;
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(&ui, 0, sizeof ui);
	ui.cat = *cat;
	ui.nbad = nbad;
	ui.ncores = n < 1 ? 1 : n > VIEW_MAX_CORES ? VIEW_MAX_CORES : (int)n;
	ui_load_progress(&ui);
	if (nbad > 0 && ui.notice[0] == '\0')
		ui_notice(&ui, COLOR_WARN, 0, "%d lesson file%s ha%s errors: run lockstep check",
		    nbad, nbad > 1 ? "s" : "", nbad > 1 ? "ve" : "s");
	{
		/* LOCKSTEP_WORKER_NICE overrides, for make bench's comparison */
		const char *nice = getenv("LOCKSTEP_WORKER_NICE");
		long nv = WORKER_NICE;

		if (nice != NULL && parse_int(nice, 0, 19, &nv) != 0)
			nv = WORKER_NICE;
		run_set_worker_nice((int)nv);
	}
	calibrate_behind();
	if (term_init(to) != 0) {
		progress_free(&ui.prog);
		free(ui.state_dir);
		return EXIT_FAILURE;
	}
	frame_log_open();
	term_size(&ui.cols, &ui.rows);
	ui.present = as->present;
	ui.replay = as->replay;
	ui.notes_srv = as->srv;
	if (as->present && as->srv == NULL && as->why_not != NULL)
		ui_notice(&ui, COLOR_WARN, 0, "speaker notes cannot follow: %s", as->why_not);
	if (as->notes) {
		ui_switch(&ui, &screen_notes);
	} else if (as->quiz != NULL) {
		ui.quiz_opts = *as->quiz;
		ui_switch(&ui, &screen_quiz);
	} else if (l != NULL) {
		struct progress_entry *e = progress_get(&ui.prog, l->id, 0);

		ui.open_lesson = l;
		ui.open_step = !as->present && !as->replay && e != NULL && !e->done &&
		    e->step < l->nsteps ? e->step : 0;
		ui_switch(&ui, &screen_lesson);
	} else {
		ui_switch(&ui, &screen_menu);
	}
	ui_loop(&ui);
	/* The terminal first: stopping a demo may take a moment. */
	term_done();
	if (ui.screen->leave != NULL)
		ui.screen->leave(&ui);
	if (frame_log != NULL)
		fclose(frame_log);
	progress_free(&ui.prog);
	free(ui.state_dir);
	return ui.exit_status;
}
