/*
 * ui.h — the full-screen interface: its state, its screens, and the loop
 * that drives them.
 *
 * Screens are states (ncdu's, htop's): each has _enter, _leave, _draw,
 * _key and _tick, and a key handler returns what should happen (an enum
 * ui_action) rather than doing it; ui_run()'s loop does it.  The loop
 * waits in one poll() on the keyboard and the signal self-pipe, with a
 * frame timeout (30 per second) while a screen has something moving, and
 * redraws only when something changed, pushing one doupdate() a frame.
 */
#ifndef LOCKSTEP_UI_H
#define LOCKSTEP_UI_H

#include <stdint.h>

#include "keymap.h"
#include "lesson.h"
#include "progress.h"
#include "term.h"

enum ui_action {
	UI_NONE,		/* nothing to do */
	UI_REDRAW,		/* the screen changed */
	UI_OPEN,		/* open ui->open_lesson (at ui->open_step) */
	UI_MENU,		/* back to the menu */
	UI_HELP,		/* show the help overlay */
	UI_QUIZ,		/* start the quiz of ui->quiz_opts */
	UI_QUIT			/* leave lockstep */
};

struct ui;

struct screen {
	const char *name;
	void (*enter)(struct ui *);
	void (*leave)(struct ui *);
	void (*draw)(struct ui *);
	enum ui_action (*key)(struct ui *, int key);
	/* Once per frame: 1 if something to draw changed. */
	int (*tick)(struct ui *, uint64_t now);
	/* True while the screen needs frames (something moves). */
	int (*busy)(struct ui *);
	/* The key tables the help overlay lists (NULL-ended, up to 3). */
	void (*keys)(struct ui *, const struct keymap_entry *tables[3],
	    const char *titles[3]);
};

extern const struct screen screen_menu;
extern const struct screen screen_lesson;
extern const struct screen screen_quiz;
extern const struct screen screen_notes;

/* What a quiz asks (lockstep quiz's options, or Q in a lesson). */
struct ui_quiz_opts {
	const struct lesson **lessons;	/* whose questions */
	int nlessons;
	uint64_t seed;
	int have_seed;			/* else a random one */
	const char *name;		/* the student; NULL: the login name */
	const char *results_dir;	/* NULL: $XDG_STATE_HOME/lockstep/results */
	int standalone;			/* lockstep quiz: q at the end quits */
};

struct quiz_screen;
struct notes_server;
struct notes_view;

struct ui_menu_state {
	int sel, top;
	char filter[64];
	int filtering;
};

struct player;
struct trace_file;

struct ui {
	struct lesson_catalogue cat;
	int nbad;			/* lesson files with errors */
	struct progress prog;
	char *state_dir;
	const struct screen *screen;
	int help;			/* the help overlay is up */
	int cols, rows;
	int dirty;
	char notice[200];		/* a one-line notice on the status line */
	enum color_role notice_role;
	uint64_t notice_until;		/* 0: until replaced */
	const struct lesson *open_lesson;	/* for UI_OPEN */
	int open_step;
	struct ui_menu_state menu;
	struct player *player;
	struct ui_quiz_opts quiz_opts;	/* for UI_QUIZ */
	const struct lesson *quiz_one[1];	/* quiz_opts.lessons of Q */
	struct quiz_screen *quiz;
	int present;			/* lockstep present: the player for a projector */
	struct notes_server *notes_srv;	/* present: the notes socket, or NULL */
	struct notes_view *notes;	/* present --notes: its screen's state */
	int ncores;
	uint64_t frame_ns;		/* this frame's time */
	int exit_status;
	const struct trace_file *replay;	/* lockstep replay: the recorded run */
};

/* Run the interface on lesson l (NULL: the menu) until the learner quits
 * or a signal ends it.  Returns the exit status. */
int ui_run(struct lesson_catalogue *cat, int nbad, const struct lesson *l,
    const struct term_opts *to);
/* Run the interface on a quiz (lockstep quiz); returns the exit status. */
int ui_run_quiz(struct lesson_catalogue *cat, int nbad,
    const struct ui_quiz_opts *q, const struct term_opts *to);
/* Run the player for a projector on lesson l (lockstep present), telling
 * a notes window where it is through srv (NULL: no notes socket, and
 * why_not says why on the status line). */
int ui_run_present(struct lesson_catalogue *cat, int nbad, const struct lesson *l,
    struct notes_server *srv, const char *why_not, const struct term_opts *to);
/* Run the player on lesson l (one step, made for it) showing the run
 * recorded in tf (lockstep replay). */
int ui_run_replay(struct lesson_catalogue *cat, const struct lesson *l,
    const struct trace_file *tf, const struct term_opts *to);
/* Run the speaker notes window (lockstep present --notes). */
int ui_run_notes(struct lesson_catalogue *cat, int nbad, const struct term_opts *to);
/* The presenter moved to step of lesson l: tell the notes window. */
void ui_present_step(struct ui *ui, const struct lesson *l, int step);
/* Show a one-line notice on the status line for secs seconds (0: until
 * the next one). */
void ui_notice(struct ui *ui, enum color_role role, int secs, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Save the progress file; a failure becomes a notice, never fatal. */
void ui_save_progress(struct ui *ui);
/* Draw the help overlay for the current screen. */
void screen_help_draw(struct ui *ui);
/* The lesson's progress as the menu shows it ("step 2 of 5", "done"). */
const char *ui_progress_text(struct ui *ui, const struct lesson *l, char *buf,
    int len);

#endif
