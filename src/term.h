/*
 * term.h — the one place that touches the terminal: curses set-up and
 * tear-down, colour roles with their monochrome fallback, the glyph table
 * (UTF-8 or ASCII), the signal self-pipe, and the few drawing primitives
 * every screen and pane uses.  Only the UI thread calls anything here.
 *
 * Signals (INT, TERM, HUP, WINCH, TSTP) only write their number to a pipe;
 * the main loop reads it (term_signal_fd) and acts: restore the terminal and
 * quit, re-lay out, or suspend.  term_done() is idempotent and is also
 * the fatal hook (fatal_hook_set), so fatal() never prints into a curses
 * screen; another thread's fatal error arrives on the pipe as TERM_FATAL.
 */
#ifndef LOCKSTEP_TERM_H
#define LOCKSTEP_TERM_H

#include "layout.h"
#include "view.h"

/* Colour roles: what a thing is, never which colour it has. */
enum color_role {
	COLOR_NORMAL,
	COLOR_TITLE,		/* title bar */
	COLOR_HEADING,		/* step titles, pane titles */
	COLOR_BORDER,
	COLOR_DIM,		/* secondary text */
	COLOR_KEY,		/* a hotkey in a bar or prompt */
	COLOR_SELECT,		/* the menu's cursor line */
	COLOR_RUNNING,		/* runs, holding the GIL if there is one */
	COLOR_PARALLEL,		/* runs with no GIL to share */
	COLOR_READY,
	COLOR_HOLDER,		/* holds a lock */
	COLOR_WAITING,		/* waits for a lock or semaphore */
	COLOR_GIL,		/* waits for the GIL */
	COLOR_QUEUE,		/* blocked on a queue */
	COLOR_SLEEP,		/* sleeping / I/O */
	COLOR_AWAIT,		/* a suspended coroutine */
	COLOR_BLOCKING,		/* a coroutine blocking the event loop */
	COLOR_PARKED,		/* step mode */
	COLOR_DEADLOCK,		/* in a deadlock's cycle */
	COLOR_STOPPED,		/* stopped before the end */
	COLOR_DONE,
	COLOR_WARN,		/* deadlock, a blocked loop, errors */
	COLOR_GOOD,		/* right answers, exact counts */
	COLOR_NOTICE,		/* one-line notices */
	COLOR_CODE,		/* code block text */
	COLOR_KEYWORD,
	COLOR_STRING,
	COLOR_COMMENT,
	COLOR_NUMBER,
	COLOR_BUILTIN,
	COLOR__MAX
};

/* Glyphs that differ between UTF-8 and ASCII. */
enum glyph {
	G_HLINE, G_VLINE, G_TL, G_TR, G_BL, G_BR, G_ARROW, G_ELLIPSIS, G_CHECK,
	G_BAR_FULL, G_BAR_EMPTY, G_BULLET, G_TIMES, G_SLOT_FULL, G_SLOT_EMPTY,
	G_SEP, G_POINTER,
	G_MARKER,		/* where a worker stands in the lesson's code */
	G_CURSOR,		/* replay: the time cursor under the timeline */
	G__MAX
};

struct term_opts {
	int ascii;		/* --ascii */
	int no_color;		/* --no-color, NO_COLOR */
	int contrast;		/* lockstep present: high contrast, any background */
};

/* Enter curses (locale, modes, colours, signals).  0, or -1 with a message
 * printed if the terminal cannot be used. */
int term_init(const struct term_opts *o);
/* Draw on a cols × rows screen of no terminal, in UTF-8 (tests): 0, or -1
 * when curses cannot. */
int term_offscreen(int cols, int rows);
/* Leave term_offscreen's screen. */
void term_offscreen_done(void);
/* Strings term_put and friends cut short to fit since the last call (the
 * "…" of term_put_clip is not a cut: it says so). */
int term_cuts(void);
/* Leave curses and restore the terminal; safe to call twice, from fatal(). */
void term_done(void);
/* The read end of the signal self-pipe (for poll). */
int term_signal_fd(void);
/* The next signal the handlers saw, or 0 when none is pending. */
int term_signal_next(void);
/* What term_signal_next() returns when another thread failed fatally. */
#define TERM_FATAL 0xff
/* Stop the process for SIGTSTP (terminal restored), and come back. */
void term_suspend(void);
/* Take the terminal's new size after SIGWINCH. */
void term_resize(void);
/* The screen size now. */
void term_size(int *cols, int *rows);
/* The next key (a keymap code) if one is waiting, else 0. */
int term_key(void);
/* True when drawing ASCII only. */
int term_ascii(void);

/* How the timeline draws a worker state: the one table of them. */
struct term_state_look {
	const char *utf8, *ascii;	/* one column each */
	enum color_role role;
	const char *label;		/* the legend's words */
};
extern const struct term_state_look term_state_looks[WS__MAX];

/* The glyph g; the timeline glyph, role and legend label of a state. */
const char *term_glyph(enum glyph g);
const char *term_state_glyph(enum wstate s);
enum color_role term_state_role(enum wstate s);
const char *term_state_label(enum wstate s);
/* One cell showing two workers' states, top and bottom halves (half
 * blocks coloured by state; by shape alone without colours). */
void term_put_halves(int y, int x, enum wstate top, enum wstate bottom);

/* Drawing (on the whole screen, clipped to it). */
void term_erase(void);
/* Write s at y, x in role, clipped to cols columns; returns columns used. */
int term_put(int y, int x, int cols, enum color_role role, const char *s);
/* Like term_put, ending in "…" when s does not fit. */
int term_put_clip(int y, int x, int cols, enum color_role role, const char *s);
/* Same with attributes added (A_BOLD, A_REVERSE ...). */
int term_put_attr(int y, int x, int cols, enum color_role role, int attrs,
    const char *s);
/* printf then term_put. */
int term_printf(int y, int x, int cols, enum color_role role, const char *fmt,
    ...) __attribute__((format(printf, 5, 6)));
/* Fill a rectangle with spaces in role. */
void term_fill(struct rect r, enum color_role role);
/* A box around r with a title in its top border. */
void term_box(struct rect r, const char *title, enum color_role role);
/* Push the frame to the terminal (one doupdate). */
void term_flush(void);

#endif
